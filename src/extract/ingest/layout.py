"""PDF page layout: the pieces the PDF engines and OCR produce (typed `Char`, `Run`, `Line`), the
tolerances that turn them into lines, columns and paragraphs, and the grouping of runs into lines.

Distances are PDF points (1/72 inch) with `top` measured down from the page's top edge, or
fractions of the page or of a font size where the name says so. The types are TypedDicts: plain
dicts at run time (pdfplumber's own words and characters are such dicts, with more keys), checked
by mypy.
"""
from __future__ import annotations

import statistics
from functools import lru_cache
from operator import itemgetter
from typing import NotRequired, TypedDict

from ..text.legacy import encoding_of_font
from ..text.vietnamese import SUBSET_PREFIX

# --- tolerances -------------------------------------------------------------------------------

FURNITURE_BAND = 0.10  # running headers and footers live in the top and bottom 10% of a page
FURNITURE_MIN_PAGE_SHARE = 0.5  # a line is a running header/footer if it recurs on half the pages
LINE_TOLERANCE = 3.0  # words whose tops differ by less than this are on one line
COLUMN_GAP_EM = 2.5  # a horizontal gap wider than this many font sizes splits a line into columns
INDENT_TOLERANCE = 4.0  # a line starting further right than the body margin by more than this is indented
FULL_LINE_TOLERANCE = 0.06  # a line ending within 6% of the text width from the right margin is full
PARAGRAPH_GAP_FACTOR = 1.45  # a vertical gap wider than this many line pitches starts a paragraph
SPACE_GAP_EM = 0.15  # runs closer than this many font sizes are one word split by a font change
# the same for ink boxes (pdfium), whose gaps include the glyphs' side bearings (up to ~0.13 em);
# a space is 0.25 em or more
INK_SPACE_GAP_EM = 0.2
TABLE_MIN_PATHS = 4  # a page drawing fewer rules than this holds no ruled table
GRID_TOLERANCE = 2.0  # points: cell edges closer than this are one grid line

# --- the pieces -------------------------------------------------------------------------------

LegacySpan = tuple[int, int, str]  # (start, end, font name) of text set in a legacy 8-bit font


class Char(TypedDict):
    """One drawn character (pdfium, pdfplumber), or a piece of text drawn in one font and size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    fontname: str


class Run(Char):
    """Characters of one line in one font and size, as an engine gives them (a pdfium text
    rectangle, a pdfplumber word). The space flags say whether the engine's text has a space
    right before or after the run; `space_gap_em` is the gap (in font sizes) that counts as a
    space between two runs when the flags do not say so (SPACE_GAP_EM if absent)."""

    space_before: NotRequired[bool]
    space_after: NotRequired[bool]
    space_gap_em: NotRequired[float]


class TableCell(TypedDict):
    """A cell of a ruled table: its grid row, first and last grid column, its text lines and top."""

    row: int
    first: int
    last: int
    lines: list[Line]
    top: float


class Line(TypedDict):
    """A line of text (one column of it, where a wide gap splits a line), or a whole ruled table as
    one pseudo-line at its place (then `table` and `columns` are set and `text` is empty)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    furniture: bool  # a running header, footer or page number (mark_furniture decides)
    legacy_fonts: NotRequired[list[LegacySpan]]  # absent: no legacy font
    row_centre: NotRequired[float]  # vertical centre of the row the line is part of (reading order)
    word_confidences: NotRequired[list[tuple[str, float]]]  # OCR: each word with its confidence
    table: NotRequired[list[TableCell]]  # a ruled table's cells, by row then column
    columns: NotRequired[list[int]]  # a ruled table's grid columns (x, rounded)


def is_table(line: Line) -> bool:
    """Is this line a ruled table's pseudo-line?"""
    return "table" in line


# --- runs into lines --------------------------------------------------------------------------

def words_to_lines(words: list[Run]) -> list[Line]:
    """Given a page's runs (or pdfplumber words), return text lines in reading order; a line with
    a wide gap (two columns side by side, as in a letterhead) becomes one line per column."""
    lines: list[Line] = []
    for centre, row in group_rows(words):
        if len(row) == 1:  # most rows are one run
            segments = [row]
        else:
            row.sort(key=by_x0)
            segments = split_at_column_gaps(row)
        for segment in segments:
            line = make_line(segment)
            line["row_centre"] = centre
            lines.append(line)
    return lines


by_x0 = itemgetter("x0")


def group_rows(words: list[Run]) -> list[tuple[float, list[Run]]]:
    """Runs grouped in rows, top to bottom, each with its first run's vertical centre. Grouped by
    centre: glyph boxes (pdfium) are tight, so a dash's top is far below a letter's; centres of one
    line stay within half a font size of each other."""
    rows: list[tuple[float, list[Run]]] = []
    for word in sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"])):
        centre = (word["top"] + word["bottom"]) / 2
        if rows and abs(rows[-1][0] - centre) <= max(LINE_TOLERANCE, 0.5 * float(word["size"])):
            rows[-1][1].append(word)
        else:
            rows.append((centre, [word]))
    return rows


def split_at_column_gaps(row: list[Run]) -> list[list[Run]]:
    """A row's runs (left to right) cut wherever a gap wider than COLUMN_GAP_EM font sizes parts them."""
    segments = [[row[0]]]
    for word in row[1:]:
        if word["x0"] - segments[-1][-1]["x1"] > COLUMN_GAP_EM * float(word["size"]):
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


@lru_cache(maxsize=4096)
def font_facts(fontname: str) -> tuple[str, bool, bool]:
    """A run's font name without its subset tag, and whether that is a legacy Vietnamese font and
    a bold one (cached: a document's runs share a few fonts)."""
    font = SUBSET_PREFIX.sub("", fontname)
    return font, bool(encoding_of_font(font)), "bold" in font.lower()


def make_line(words: list[Run]) -> Line:
    """Given the runs of one line (column) left to right, return the line: runs joined by a space
    where there is a gap, font spans of legacy fonts, box, size and boldness."""
    if len(words) == 1:  # most lines are one run
        w = words[0]
        font, legacy_font, bold = font_facts(w["fontname"])
        text = w["text"]
        return {"legacy_fonts": [(0, len(text), font)] if legacy_font else [], "text": text, "x0": w["x0"],
                "x1": w["x1"], "top": w["top"], "bottom": w["bottom"], "size": float(w["size"]), "bold": bold,
                "furniture": False}
    legacy: list[LegacySpan] = []
    text = ""
    bold = True
    prev: Run | None = None
    for word in words:
        font, legacy_font, bold_font = font_facts(word["fontname"])
        bold = bold and bold_font
        if prev is not None and (word["x0"] - prev["x1"] > word.get("space_gap_em", SPACE_GAP_EM) * float(word["size"])
                                 or prev.get("space_after") or word.get("space_before")):
            text += " "
        if legacy_font:
            legacy.append((len(text), len(text) + len(word["text"]), font))
        text += word["text"]
        prev = word
    return {"legacy_fonts": legacy, "text": text,
            "x0": min(w["x0"] for w in words), "x1": max(w["x1"] for w in words),
            "top": min(w["top"] for w in words), "bottom": max(w["bottom"] for w in words),
            "size": statistics.median(float(w["size"]) for w in words), "bold": bold, "furniture": False}


def order_lines(lines: list[Line]) -> list[Line]:
    """Given lines (OCR's), return them in the text reader's order: by rows top to bottom, the
    lines of one row (two columns of a letterhead) left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln["top"] + ln["bottom"]) / 2):
        centre = (line["top"] + line["bottom"]) / 2
        if rows and abs((rows[-1][0]["top"] + rows[-1][0]["bottom"]) / 2 - centre) <= 0.5 * line["size"]:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln["x0"])]
