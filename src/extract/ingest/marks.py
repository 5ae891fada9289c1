"""Combining marks a PDF draws as glyphs of their own (reference §1.2), put back on their letters.

Text extractors put such marks out of order (tone before circumflex) or after a spurious space;
both PDF engines read a page that holds loose marks character by character and attach each mark
to its letter here, before the characters are joined into runs.
"""
from __future__ import annotations

import unicodedata
from typing import Literal

from ..text.vietnamese import MARK, compose_cluster
from .layout import Char


def has_loose_marks(text: str) -> bool:
    """Does the text hold a combining mark (a page whose marks may be separate glyphs)? Every
    character with a non-zero canonical combining class is a mark (\\p{M}): the search runs at C
    speed, and the few found are checked with unicodedata.combining."""
    return any(unicodedata.combining(m.group()) for m in MARK.finditer(text))


def is_mark(c: Char) -> bool:
    """Is this drawn character a combining mark (one or more, nothing else)?"""
    return bool(c["text"]) and all(unicodedata.combining(ch) for ch in c["text"])


def centre(c: Char) -> tuple[float, float]:
    """The centre of a character's box."""
    return (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2


def beside(base: Char, mark: Char) -> bool:
    """Is the mark's centre over the letter or within a quarter font size of its sides, on its line?"""
    x, y = centre(mark)
    size = float(base["size"])
    return base["x0"] - 0.25 * size <= x <= base["x1"] + 0.25 * size and abs(centre(base)[1] - y) < size


def nearest_letter(bases: list[Char], mark: Char) -> int | None:
    """The index of the letter on the mark's line whose box holds, or is nearest, the mark's
    centre; None if no letter is on its line."""
    x, y = centre(mark)
    line = [i for i, b in enumerate(bases) if b["text"].strip() and abs(centre(b)[1] - y) < float(b["size"])]
    if not line:
        return None
    return min(line, key=lambda i: (round(abs(centre(bases[i])[1] - y) / float(bases[i]["size"])),
                                    max(bases[i]["x0"] - x, x - bases[i]["x1"], 0.0)))


def attach_marks(chars: list[Char], boxes: Literal["ink", "advance"] = "ink") -> list[Char]:
    """Given a page's characters in drawing order, return them with every combining mark attached
    to its letter, the marks put in Vietnamese order (shape, then tone) and each letter composed
    (NFC); a mark with no letter near it is dropped.

    Where the mark's box is its ink (`boxes="ink"`, pdfium), the letter under it is the nearest
    letter. Where a mark's box is only its origin and zero advance (`boxes="advance"`, pdfminer),
    that box says little: the letter drawn just before the mark is taken if the mark is beside it
    (producers draw a letter's marks right after it), the nearest letter otherwise."""
    bases: list[Char] = []  # copies (pdfplumber's chars keep their other keys)
    attached: list[list[str]] = []  # the marks of each base
    for c in chars:
        if not is_mark(c):
            bases.append(c.copy())
            attached.append([])
            continue
        if boxes == "advance" and bases and bases[-1]["text"].strip() and beside(bases[-1], c):
            attached[-1].append(c["text"])
            continue
        nearest = nearest_letter(bases, c)
        if nearest is not None:
            attached[nearest].append(c["text"])
    for base, marks in zip(bases, attached):
        if marks:
            base["text"] = compose_cluster(base["text"] + "".join(marks))
    return bases
