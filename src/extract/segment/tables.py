"""The grid of a document's tables: the cells of each table, from the paragraphs that fill them,
and the header texts over each grid column (what the targets stage reads goal tables from)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..models import SegmentedDocument


@dataclass
class Cell:
    """One cell of a table: its row, the grid columns it spans, its text and where it is."""
    row: int
    first: int
    last: int
    start: int
    end: int
    text: str
    page: int | None


def document_tables(seg: SegmentedDocument) -> dict[int, list[Cell]]:
    """The cells of each table, from the paragraphs that fill them (a cell of several paragraphs
    is the span of all of them)."""
    cells: dict[tuple, Cell] = {}
    for p in seg.norm.paragraphs:
        if p.cell is None:
            continue
        table, row, first, last = p.cell
        key = (table, row, first)
        if key in cells:
            cells[key].end = p.end
            cells[key].text = seg.text[cells[key].start:p.end]
        else:
            cells[key] = Cell(row, first, last, p.start, p.end, seg.text[p.start:p.end], p.page)
    tables: dict[int, list[Cell]] = defaultdict(list)
    for (table, _, _), cell in cells.items():
        tables[table].append(cell)
    return tables


def column_headers(cells: list[Cell], header_rows: set[int]) -> dict[int, str]:
    """Per grid column, the texts of the header cells that cover it, top to bottom."""
    headers: dict[int, list[str]] = defaultdict(list)
    for cell in sorted(cells, key=lambda c: (c.row, c.first)):
        if cell.row in header_rows:
            for col in range(cell.first, cell.last + 1):
                headers[col].append(cell.text)
    return {col: " ".join(texts) for col, texts in headers.items()}


def cells_by_row(cells: list[Cell]) -> dict[int, dict[int, Cell]]:
    """Per row, the cell that covers each grid column."""
    by_row: dict[int, dict[int, Cell]] = defaultdict(dict)
    for c in cells:
        for col in range(c.first, c.last + 1):
            by_row[c.row][col] = c
    return by_row
