"""Page furniture of a PDF: running headers, footers and page numbers, marked apart from the body.

A line is furniture if it lies in the top or bottom band of its page and either recurs, digits
aside, on at least half the pages, or is a page number (with a word such as "Page" before it, the
words in schemas/layout_words.yaml). A letterhead is never furniture, however often it recurs (a
file of several resolutions opens a page with each one's): on a page whose top band holds a
national or Party motto line (schemas/document_parts.yaml), the lines from the motto's row down
are body; a running header above the letterhead stays furniture.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..data_files import load_yaml
from .layout import FURNITURE_BAND, FURNITURE_MIN_PAGE_SHARE, LINE_TOLERANCE, Line, is_table

PAGE_WORDS = "|".join(re.escape(w) for w in load_yaml("layout_words.yaml")["page_number_words"])
PAGE_NUMBER_LINE = re.compile(rf"^\s*(?:(?:{PAGE_WORDS})\s*)?[-–—]?\s*\d{{1,4}}\s*(?:/\s*\d{{1,4}})?\s*[-–—]?\s*$", re.I)
DIGITS = re.compile(r"\d+")
MOTTO_MIN_CHARS = 12  # a motto wrapped over two lines: its first line, if at least this long, counts


def fold_line(text: str) -> str:
    """A line's text for comparing with the mottos: NFC, lower case, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


MOTTOS = [fold_line(m) for m in load_yaml("document_parts.yaml")["mottos"]]


def is_motto(text: str) -> bool:
    """Is the line a letterhead's motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), or its first line when wrapped?"""
    line = fold_line(text)
    return any(line.startswith(m) or (len(line) >= MOTTO_MIN_CHARS and m.startswith(line)) for m in MOTTOS)


def letterhead_top(band: list[Line], height: float) -> float | None:
    """The top of the first motto line in a page's top band, or None when the band holds none."""
    tops = [ln["top"] for ln in band if ln["top"] < FURNITURE_BAND * height and is_motto(ln["text"])]
    return min(tops) if tops else None


def furniture_key(text: str) -> str:
    """What two running lines share, page after page: the text, lower-cased, any number as "#"."""
    return DIGITS.sub("#", text.strip().lower())


def in_band(line: Line, height: float) -> bool:
    """Is the line in the top or bottom band of a page this high?"""
    return line["top"] < FURNITURE_BAND * height or line["bottom"] > (1 - FURNITURE_BAND) * height


def mark_furniture(pages_lines: list[list[Line]], page_sizes: list[tuple[float, float]]) -> None:
    """Mark lines in the top and bottom bands that repeat across pages (digits ignored), and
    page-number lines there, as furniture."""
    bands = []
    counts: Counter[str] = Counter()
    for lines, (_, height) in zip(pages_lines, page_sizes):
        band = [ln for ln in lines if not is_table(ln) and in_band(ln, height)]
        keys = [furniture_key(ln["text"]) for ln in band]  # (each line's key found once)
        bands.append((band, keys))
        counts.update(set(keys))
    n_pages = len(pages_lines)
    for (band, keys), (_, height) in zip(bands, page_sizes):
        letterhead = letterhead_top(band, height)
        for line, key in zip(band, keys):
            repeated = n_pages >= 2 and counts[key] >= max(2, FURNITURE_MIN_PAGE_SHARE * n_pages)
            if letterhead is not None and line["top"] >= letterhead - LINE_TOLERANCE and line["top"] < FURNITURE_BAND * height:
                repeated = False  # the letterhead of a document that opens the page
            if repeated or PAGE_NUMBER_LINE.match(line["text"]):
                line["furniture"] = True
