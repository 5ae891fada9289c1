"""Page furniture of a PDF: running headers, footers and page numbers, marked apart from the body.

A line is furniture if it lies in the top or bottom band of its page and either recurs, digits
aside, on at least half the pages, or is a page number (with a word such as "Page" before it, the
words in schemas/layout_words.yaml).
"""
from __future__ import annotations

import re
from collections import Counter

from ..data_files import load_yaml
from .layout import FURNITURE_BAND, FURNITURE_MIN_PAGE_SHARE, Line, is_table

PAGE_WORDS = "|".join(re.escape(w) for w in load_yaml("layout_words.yaml")["page_number_words"])
PAGE_NUMBER_LINE = re.compile(rf"^\s*(?:(?:{PAGE_WORDS})\s*)?[-–—]?\s*\d{{1,4}}\s*(?:/\s*\d{{1,4}})?\s*[-–—]?\s*$", re.I)
DIGITS = re.compile(r"\d+")


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
        bands.append(band)
        counts.update({furniture_key(ln["text"]) for ln in band})
    n_pages = len(pages_lines)
    for band in bands:
        for line in band:
            repeated = n_pages >= 2 and counts[furniture_key(line["text"])] >= max(2, FURNITURE_MIN_PAGE_SHARE * n_pages)
            if repeated or PAGE_NUMBER_LINE.match(line["text"]):
                line["furniture"] = True
