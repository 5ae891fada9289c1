"""Syllables a PDF split after their marks, rejoined for reading metadata.

A PDF whose tone and vowel marks are glyphs of their own, each with an advance, gives a text layer
with a space after every marked letter: "Hư ng Yê n, ngà y 10 thá ng 12 nă m 2024", "HỘ I ĐỒ NG
NHÂ N DÂ N". The letterhead's words then match nothing. A document shows the split when words of its
first lines are no syllable alone ("ng", "n", "m") and make one with the marked word before them;
in such a document every word that ends in a marked letter is joined to the next when the two make
one syllable and the next cannot stand alone or is one vowel letter ("HỘ I", "ngà y"), and to a
colon or comma after it ("Số :"). The text keeps its length (the spaces taken out go to the end of
the paragraph), so paragraph offsets stay valid.
"""
from __future__ import annotations

import unicodedata

import regex

from ..models import Paragraph
from ..text.legacy import is_vietnamese_syllable
from ..text.vietnamese import OLD_TO_NEW

WORD = regex.compile(r"[\p{L}\p{M}]+")
TOKEN = regex.compile(r"[\p{L}\p{M}]+| |[^\p{L}\p{M} ]")
PAIR = regex.compile(r"([\p{L}\p{M}]+) ([\p{L}\p{M}]+|[:,;])")
CLOSED_OLD_TONE = regex.compile("(" + "|".join(map(regex.escape, OLD_TO_NEW)) + r")(?=[\p{L}])")
MIN_SPLITS = 2  # syllables split in the first lines before a document is read as split
FIRST_LINES = 12  # the lines read for the evidence: the letterhead's


def marked_end(word: str) -> bool:
    """Does the word hold a letter that carries a mark ("ư", "ê", "à", "ộ")? (The split follows a
    mark; the normaliser may have moved a tone back a letter: "hoạ ch" reads "họa ch".)"""
    return len(unicodedata.normalize("NFD", word)) > len(word)  # (NFD lengthens the word by its marks alone)


def retoned(word: str) -> str:
    """A joined syllable with its tone where a final consonant puts it: on the second vowel of
    oa, oe, uy ("họa" + "ch" is "hoạch")."""
    m = CLOSED_OLD_TONE.search(word)
    return word[:m.start()] + OLD_TO_NEW[m[1]] + word[m.end(1):] if m else word


def clear_split(left: str, right: str) -> bool:
    """Is "left right" one syllable split after its mark, the right part no syllable alone ("Yê n")?"""
    return (right.isalpha() and marked_end(left) and not is_vietnamese_syllable(right)
            and is_vietnamese_syllable(left + right))


def joins(left: str, right: str) -> bool:
    """In a split document, is the space between these two no word space: a clear split, a lone
    vowel letter that completes the syllable ("HỘ I", "ngà y"), or a colon or comma ("Số :")?"""
    if not marked_end(left):
        return False
    if right in ":,;":
        return True
    return clear_split(left, right) or len(right) == 1 and is_vietnamese_syllable(left + right)


def is_split(lines: list[str]) -> bool:
    """Do the first lines show syllables split after their marks?"""
    found = 0
    for line in lines[:FIRST_LINES]:
        found += sum(1 for m in PAIR.finditer(line, overlapped=True) if clear_split(m[1], m[2]))
        if found >= MIN_SPLITS:
            return True
    return False


def rejoin(line: str) -> str:
    """The line with every split syllable joined, the spaces taken out added at its end."""
    pieces = TOKEN.findall(line)
    out: list[str] = []
    word, removed = "", 0  # the word being built (its joined parts), the spaces taken out
    for i, piece in enumerate(pieces):
        nxt = pieces[i + 1] if i + 1 < len(pieces) else ""
        if piece == " " and word and (WORD.fullmatch(nxt) or nxt in (":", ",", ";")) and joins(word, nxt):
            removed += 1
            continue
        joined = bool(out) and WORD.fullmatch(piece) is not None and WORD.fullmatch(out[-1]) is not None
        word = word + piece if joined else (piece if WORD.fullmatch(piece) else "")
        if joined:
            out[-1] = retoned(out[-1] + piece)
        else:
            out.append(piece)
    return "".join(out) + " " * removed


def rejoined_text(text: str, paragraphs: list[Paragraph]) -> str:
    """The text with the split syllables of its paragraphs rejoined when its first paragraphs show
    the split (else the text itself); the same length, paragraph for paragraph."""
    if not is_split([text[p.start:p.end] for p in paragraphs[:FIRST_LINES]]):
        return text
    parts, pos = [], 0
    for p in paragraphs:
        parts.append(text[pos:p.start])
        parts.append("\n".join(rejoin(line) for line in text[p.start:p.end].split("\n")))
        pos = p.end
    parts.append(text[pos:])
    return "".join(parts)
