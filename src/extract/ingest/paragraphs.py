"""PDF lines into blocks: text lines grouped into paragraphs, ruled tables into one block per cell,
furniture kept apart, and the paragraphs and tables that carry on over a page break told so."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..models import Block
from .layout import FULL_LINE_TOLERANCE, GRID_TOLERANCE, INDENT_TOLERANCE, PARAGRAPH_GAP_FACTOR, LegacySpan, Line, is_table

DEFAULT_PITCH = 14.0  # the line pitch (points) of a document with no two consecutive text lines
HEADER_ROWS = 2  # the rows of a table that a page break may repeat at the top of the next page


@dataclass(slots=True)
class BodyGeometry:
    """The body text's margins and line pitch, measured on the whole document."""

    left: float  # the left margin: the leftmost start that a tenth of the lines share
    right: float  # the right margin: where 95% of the lines end or before
    width: float  # the text width between them (at least 1 point)
    pitch: float  # the line pitch inside a paragraph

    def is_full(self, line: Line) -> bool:
        """Does the line run to the right margin (the paragraph may go on)?"""
        return line["x1"] >= self.right - FULL_LINE_TOLERANCE * self.width

    def is_indented(self, line: Line) -> bool:
        """Does the line start right of the left margin?"""
        return line["x0"] > self.left + INDENT_TOLERANCE

    def starts_paragraph(self, line: Line, prev: Line) -> bool:
        """Does the line start a new paragraph after the previous line of the page: a wide vertical
        gap, a first-line indent after a full line, a short previous line, a change of boldness?"""
        full = self.is_full(prev)
        return (
            line["top"] - prev["top"] > PARAGRAPH_GAP_FACTOR * self.pitch
            or self.is_indented(line) and full  # first-line indent of the next paragraph
            or not full  # the previous line ended short: the paragraph ended
            or line["bold"] != prev["bold"]
            or abs(line["x0"] - prev["x0"]) > INDENT_TOLERANCE and not full
        )

    def carries_on(self, last: Line | None, line: Line) -> bool:
        """Does the first text line of a page carry on the paragraph that ended the previous page:
        that paragraph's last line is full, this one is not indented and as bold as it?"""
        return bool(last is not None and self.is_full(last)
                    and not self.is_indented(line) and line["bold"] == last["bold"])


def text_lines(lines: list[Line]) -> list[Line]:
    """The lines that are body text: no furniture, no table."""
    return [x for x in lines if not x["furniture"] and not is_table(x)]


def body_geometry(pages_lines: list[list[Line]]) -> BodyGeometry | None:
    """The body's margins and line pitch; None for a document with no body line at all."""
    pages_text = [text_lines(lines) for lines in pages_lines]
    body = [ln for lines in pages_text for ln in lines]
    if not body:
        body = [ln for lines in pages_lines for ln in lines if not ln["furniture"]]
    if not body:
        return None
    # most lines start at the left margin, but a list of indented items can outnumber them, so
    # take the leftmost start that a tenth of the lines share
    starts = Counter([round(ln["x0"]) for ln in body])
    left = min(x for x, n in starts.items() if n >= 0.1 * len(body))
    right = sorted([ln["x1"] for ln in body])[int(0.95 * (len(body) - 1))]
    pitches = [b["top"] - a["top"] for lines in pages_text
               for a, b in zip(lines, lines[1:])
               if 0 < b["top"] - a["top"] < 3 * a["size"]]
    # the lower quartile, as one-line items and headings make paragraph gaps common
    pitch = sorted(pitches)[len(pitches) // 4] if pitches else DEFAULT_PITCH
    return BodyGeometry(left=left, right=right, width=max(right - left, 1.0), pitch=pitch)


def joined_fonts(lines: list[Line]) -> tuple[LegacySpan, ...]:
    """The legacy-font spans of lines joined by newlines, in the joined text's positions."""
    fonts: list[LegacySpan] = []
    pos = 0
    for ln in lines:
        spans = ln.get("legacy_fonts")
        if spans:  # most lines have none
            fonts.extend([(a + pos, b + pos, f) for a, b, f in spans])
        pos += len(ln["text"]) + 1
    return tuple(fonts)


@dataclass(slots=True)
class TableState:
    """The table that closed the text so far: the next page's table may carry it on."""

    number: int  # the table's number in the document (Block.cell[0]), from 1
    columns: list[int]  # its grid columns
    rows: int  # the rows emitted so far
    header: list[list[str]]  # the texts of its first rows' cells (repeated after a page break)


@dataclass(slots=True)
class Flow:
    """What the reading carries from one page to the next."""

    blocks: list[Block] = field(default_factory=list)
    last_body_line: Line | None = None  # the text line a paragraph on the next page may carry on
    table: TableState | None = None
    tables: int = 0  # the highest table number of a block so far (0: none)


def lines_to_blocks(pages_lines: list[list[Line]]) -> list[Block]:
    """Given the lines of every page, return paragraph blocks: lines are grouped by vertical gap,
    first-line indent and a short previous line; a paragraph whose first line on a new page
    carries on from a full last line of the previous page is marked `continues`."""
    geometry = body_geometry(pages_lines)
    if geometry is None:
        return []
    flow = Flow()
    for page_no, lines in enumerate(pages_lines, start=1):
        read_page(lines, page_no, geometry, flow)
    return flow.blocks


def read_page(lines: list[Line], page_no: int, geometry: BodyGeometry, flow: Flow) -> None:
    """Append one page's blocks to the flow: its furniture, paragraphs and table cells in order."""
    blocks = flow.blocks
    current: list[Line] = []  # the paragraph being read
    continues = False  # does it carry on the previous page's last paragraph?
    body_on_page = False
    for line in lines:
        if line["furniture"]:
            blocks.append(Block(text=line["text"], page=page_no, role="furniture"))
            continue
        if is_table(line):
            append_paragraph(blocks, current, page_no, continues)
            current, continues = [], False
            flow.table = emit_table(line, page_no, flow, flow.table, first_on_page=not body_on_page)
            flow.last_body_line, body_on_page = None, True  # nothing after a table continues it as text
            continue
        body_on_page, flow.table = True, None  # text between: the next table is a new one
        if not current:
            continues = geometry.carries_on(flow.last_body_line, line)
            current = [line]
        elif geometry.starts_paragraph(line, current[-1]):
            append_paragraph(blocks, current, page_no, continues)
            current, continues = [line], False
        else:
            current.append(line)
        flow.last_body_line = line
    append_paragraph(blocks, current, page_no, continues)


def append_paragraph(blocks: list[Block], lines: list[Line], page_no: int, continues: bool) -> None:
    """Append the paragraph of these lines (if any) as one block."""
    if lines:
        blocks.append(Block(text="\n".join([ln["text"] for ln in lines]), page=page_no,
                            bold=all([ln["bold"] for ln in lines]), continues=continues,
                            fonts=joined_fonts(lines)))


def carries_table_on(previous: TableState | None, line: Line, first_on_page: bool) -> bool:
    """Is this table the previous one carried over a page break: it opens the page, after that
    table closed the page before, with the same grid columns?"""
    return (previous is not None and first_on_page
            and len(previous.columns) == len(line["columns"])
            and all(abs(a - b) <= GRID_TOLERANCE for a, b in zip(previous.columns, line["columns"])))


def emit_table(line: Line, page_no: int, flow: Flow, previous: TableState | None,
               first_on_page: bool) -> TableState:
    """Append one block per table cell (cell = (table, row, first column, last column)). A table
    that opens a page with the columns of the table that closed the page before is that table
    carried over: it keeps its number, its rows go on counting, and header rows repeated at the
    top of the new page are dropped."""
    blocks = flow.blocks
    cells = line["table"]
    rows: dict[int, list[str]] = {}
    for c in cells:
        rows.setdefault(c["row"], []).append(" ".join([ln["text"] for ln in c["lines"]]))
    if previous is not None and carries_table_on(previous, line, first_on_page):
        number, offset, header = previous.number, previous.rows, previous.header
        skip = 0
        while skip < len(header) and rows.get(skip) == header[skip]:
            skip += 1
    else:
        number = 1 + flow.tables
        offset, skip = 0, 0
        header = [rows[r] for r in sorted(rows)[:HEADER_ROWS]]
    for c in cells:
        text = "\n".join([ln["text"] for ln in c["lines"]])
        if c["row"] >= skip and text.strip():
            blocks.append(Block(text=text, page=page_no, bold=all([ln["bold"] for ln in c["lines"]]),
                                fonts=joined_fonts(c["lines"]), cell=(number, offset + c["row"] - skip, c["first"], c["last"])))
            flow.tables = max(flow.tables, number)
    kept_rows = sum(1 for r in rows if r >= skip)
    return TableState(number=number, columns=line["columns"], rows=offset + kept_rows, header=header)
