"""Tables written as text, found by their structure and turned into table cells, so they are read
by the same goal-table code as DOCX and PDF tables (targets/tables.py).

Two layouts, as web conversions write them:
- markdown pipe tables: consecutive lines "| TT | Chỉ tiêu | ĐVT | Thực hiện 2023 | Kế hoạch 2024 |",
  the "|---|---|" rule under the header dropped;
- one cell per line: a header block of short lines that opens with the row-number header ("TT",
  "STT") and names the indicator column ("Nội dung", "Chỉ tiêu"), then the rows, each cell on its
  own line, a row opening with its number ("1", "I", "a"). A row of its number and name alone
  (a group row "I", "Chỉ tiêu kinh tế") ends where the next row number follows the name.

Each cell becomes a paragraph whose span is the cell's text inside the document text (the text is
not changed) and whose `cell` says (table, row, column, column). The header words are data:
schemas/table_headers.yaml (the row-number header: `row_number`).
"""
from __future__ import annotations

import bisect
import dataclasses
import functools
import re

import regex

from ..data_files import load_yaml
from ..models import NormalisedDocument, Paragraph
from ..text.time import words_alternation

PIPE_ROW = regex.compile(r"\s*\|.*\|\s*$")
PIPE_RULE = regex.compile(r"[\s|:\-–]+$")
MIN_PIPES = 3  # "| a | b |": a row of two cells at least
ROW_LABEL = regex.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5}|[A-ZĐ]|[a-zđ])[.)]?$")
HEADER_MAX_WORDS = 8  # a header cell is short
MIN_HEADER_CELLS = 3  # row number, indicator and one value column at least
MAX_HEADER_CELLS = 12


@functools.lru_cache(maxsize=1)
def header_words() -> tuple[regex.Pattern, regex.Pattern, re.Pattern]:
    """(row-number header, indicator header, any line that could open a text table) patterns from
    schemas/table_headers.yaml; the last one searched over the whole text first, in C."""
    words = load_yaml("table_headers.yaml")
    row_words = words_alternation(words["row_number"], any_spaces=True)
    row_number = regex.compile(rf"^(?:{row_words})$", regex.I)
    indicator = regex.compile(rf"^(?:{words_alternation(words['indicator'], any_spaces=True)})\b", regex.I)
    opening = re.compile(rf"^[^\S\n]*(?:\||(?:{row_words})[^\S\n]*$)", re.I | re.M)  # re: 4x faster here
    return row_number, indicator, opening


@dataclasses.dataclass(frozen=True, slots=True)
class Line:
    """One line of the text (a paragraph, or a piece of one a converter joined): its span, page
    and the index of the paragraph it is of."""
    start: int
    end: int
    page: int | None
    paragraph: int


def stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without the spaces at its ends."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def pipe_cells(text: str, line: Line) -> list[tuple[int, int]]:
    """The spans of a pipe row's cells (an empty cell an empty span)."""
    bars = [m.start() for m in regex.finditer(r"\|", text, pos=line.start, endpos=line.end)]
    return [stripped(text, a + 1, b) for a, b in zip(bars, bars[1:])]


def pipe_table(text: str, lines: list[Line], i: int, table: int) -> tuple[int, list[Paragraph]]:
    """The pipe table whose first row is lines[i]: (index after it, its cells); no cells if fewer
    than two rows."""
    j, cells, row = i, [], 0
    while j < len(lines) and PIPE_ROW.match(text, lines[j].start, lines[j].end) \
            and text.count("|", lines[j].start, lines[j].end) >= MIN_PIPES:
        if not PIPE_RULE.match(text, lines[j].start, lines[j].end):
            for col, (a, b) in enumerate(pipe_cells(text, lines[j])):
                if a < b:
                    cells.append(Paragraph(a, b, lines[j].page, cell=(table, row, col, col)))
            row += 1
        j += 1
    return j, cells if row >= 2 else []


def line_header(text: str, lines: list[Line], i: int) -> int:
    """The number of header cells of a one-cell-per-line table opening at lines[i] (0 if none):
    the row-number header, the indicator header right after it, then short lines up to the first
    row number."""
    row_number, indicator, _ = header_words()
    if not row_number.match(text[lines[i].start:lines[i].end]) or i + 1 >= len(lines) \
            or not indicator.match(text[lines[i + 1].start:lines[i + 1].end]):
        return 0
    n = 2
    while i + n < len(lines) and n < MAX_HEADER_CELLS:
        cell = text[lines[i + n].start:lines[i + n].end]
        if ROW_LABEL.match(cell) or len(cell.split()) > HEADER_MAX_WORDS:
            break
        n += 1
    return n if n >= MIN_HEADER_CELLS and i + n < len(lines) and ROW_LABEL.match(
        text[lines[i + n].start:lines[i + n].end]) else 0


def line_table(text: str, lines: list[Line], i: int, width: int, table: int) -> tuple[int, list[Paragraph]]:
    """The one-cell-per-line table whose header block of `width` cells opens at lines[i]: (index
    after it, its cells). A row opens with its number; it ends with its last column, or after its
    name when a row number follows (a group row); the table ends at a line that opens no row."""
    cells = [Paragraph(ln.start, ln.end, ln.page, cell=(table, 0, col, col))
             for col, ln in enumerate(lines[i:i + width])]
    j, row = i + width, 1
    while j < len(lines) and ROW_LABEL.match(text[lines[j].start:lines[j].end]):
        col = 0
        while j < len(lines) and col < width:
            cell = text[lines[j].start:lines[j].end]
            if col == 2 and ROW_LABEL.match(cell):
                break  # a group row: its number and name only
            if col > 0 and len(cell.split()) > 2 * HEADER_MAX_WORDS + 8:
                break  # prose after the table
            cells.append(Paragraph(lines[j].start, lines[j].end, lines[j].page, cell=(table, row, col, col)))
            col, j = col + 1, j + 1
        row += 1
    return j, cells


def paragraph_lines(norm: NormalisedDocument, index: int) -> list[Line]:
    """A paragraph's lines: the pieces of it that came from different raw blocks (a converter's
    lines that normalisation joined because the second opens in lower case, "triệu đồng" after an
    indicator's name)."""
    p = norm.paragraphs[index]
    starts = norm.block_starts
    if (not starts or p.end - p.start < 2 or bisect.bisect_right(starts, norm.offsets[p.start])
            == bisect.bisect_right(starts, norm.offsets[p.end - 1])):
        return [Line(p.start, p.end, p.page, index)]  # from one block (offsets never decrease)
    blocks = [bisect.bisect_right(starts, norm.offsets[k]) for k in range(p.start, p.end)]
    cuts = [p.start] + [k for k in range(p.start + 1, p.end) if blocks[k - p.start] != blocks[k - 1 - p.start]]
    spans = [stripped(norm.text, a, b) for a, b in zip(cuts, cuts[1:] + [p.end])]
    return [Line(a, b, p.page, index) for a, b in spans if a < b]


def candidate(text: str, p: Paragraph) -> bool:
    """Could this paragraph open a text table (a cheap test)?"""
    return text.startswith("|", p.start) or (p.end - p.start <= 8 and header_words()[0].match(
        text[p.start:p.end].strip()) is not None)


def find_text_tables(norm: NormalisedDocument) -> list[Paragraph] | None:
    """The document's paragraphs with its text tables as cells, or None when it has none. A
    paragraph none of whose lines is in a table stays as it is."""
    text, paragraphs = norm.text, norm.paragraphs
    if not header_words()[2].search(text):
        return None  # no line could open one (most documents: one search in C)
    first = next((k for k, p in enumerate(paragraphs) if p.cell is None and candidate(text, p)), None)
    if first is None:
        return None
    table = max((p.cell[0] for p in paragraphs if p.cell is not None), default=-1) + 1
    lines = [ln for k in range(first, len(paragraphs)) if paragraphs[k].cell is None
             for ln in paragraph_lines(norm, k)]
    cells: list[Paragraph] = []
    consumed: set[int] = set()  # lines in a table
    i = 0
    while i < len(lines):
        found: list[Paragraph] = []
        if text.startswith("|", lines[i].start):
            end, found = pipe_table(text, lines, i, table)
        elif width := line_header(text, lines, i):
            end, found = line_table(text, lines, i, width, table)
        if found:
            cells.extend(found)
            consumed.update(range(i, end))
            table, i = table + 1, end
        else:
            i += 1
    if not cells:
        return None
    in_table = {lines[k].paragraph for k in consumed}
    rest = [dataclasses.replace(paragraphs[ln.paragraph], start=ln.start, end=ln.end)
            for k, ln in enumerate(lines) if ln.paragraph in in_table and k not in consumed]
    kept = [p for k, p in enumerate(paragraphs) if k not in in_table]
    return sorted(kept + rest + cells, key=lambda p: (p.start, p.end))


def with_text_tables(norm: NormalisedDocument) -> NormalisedDocument:
    """The document with its text tables' cells as table-cell paragraphs (itself if it has none)."""
    found = find_text_tables(norm)
    return norm if found is None else dataclasses.replace(norm, paragraphs=found)
