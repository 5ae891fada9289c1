"""Ruled tables of a PDF page: found by pdfplumber's table finder on the pages that draw enough
rules (whichever engine read the text), and put into the page's lines as one pseudo-line each, at
the table's place, holding its cells and the text lines inside them."""
from __future__ import annotations

import io

from .layout import GRID_TOLERANCE, Line, Run, TableCell, words_to_lines

CellBox = tuple[float, float, float, float]  # (x0, top, x1, bottom)
MIN_CELLS = 4  # a "table" of fewer cells is a box, not a table


def find_tables(data: bytes, page_indexes: list[int]) -> dict[int, list[list[CellBox]]]:
    """Given a PDF and the pages that draw rules, return each page's ruled tables as their cells'
    boxes (x0, top, x1, bottom), found by pdfplumber's table finder (pages closed after use)."""
    import pdfplumber  # heavy (~0.15 s): imported only for a PDF that draws rules

    found: dict[int, list[list[CellBox]]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for i in page_indexes:
            page = pdf.pages[i]
            tables = [t.cells for t in page.find_tables() if len(t.cells) >= MIN_CELLS]
            if tables:
                found[i] = tables
            page.close()
    return found


def grid_index(values: list[float]) -> list[float]:
    """Distinct grid positions, positions within the tolerance taken as one."""
    grid: list[float] = []
    for v in sorted(values):
        if not grid or v - grid[-1] > GRID_TOLERANCE:
            grid.append(v)
    return grid


def position(grid: list[float], value: float) -> int:
    """The index of the grid position nearest the value."""
    return min(range(len(grid)), key=lambda k: abs(grid[k] - value))


def lines_with_tables(runs: list[Run], tables: list[list[CellBox]]) -> list[Line]:
    """Given a page's runs and its tables' cell boxes, return its lines in reading order with each
    table as one pseudo-line ("table": its cells, each with row, first and last grid column, and
    the lines of its text) at the table's place."""
    if not tables:
        return words_to_lines(runs)
    rest = list(runs)
    table_lines = []
    for cells in tables:
        line, rest = table_line(cells, rest)
        table_lines.append(line)
    # text lines by their row's centre (the columns of one row stay left to right, whatever their
    # tops: fonts of two sizes side by side), tables by their top
    return sorted(words_to_lines(rest) + table_lines, key=lambda ln: ln.get("row_centre", ln["top"]))


def table_line(cells: list[CellBox], runs: list[Run]) -> tuple[Line, list[Run]]:
    """One table's pseudo-line, its cells holding the runs whose centre is inside them, and the
    runs left outside the table."""
    cols = grid_index([c[0] for c in cells])
    rows = grid_index([c[1] for c in cells])
    items: list[TableCell] = []
    rest = runs
    for x0, top, x1, bottom in cells:
        inside = [r for r in rest if x0 <= (r["x0"] + r["x1"]) / 2 <= x1 and top <= (r["top"] + r["bottom"]) / 2 <= bottom]
        rest = [r for r in rest if r not in inside]
        last = max(k for k in range(len(cols)) if cols[k] < x1 - GRID_TOLERANCE)
        items.append({"row": position(rows, top), "first": position(cols, x0), "last": last,
                      "lines": words_to_lines(inside), "top": top})
    items.sort(key=lambda c: (c["row"], c["first"]))
    box = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
    line: Line = {"table": items, "columns": [round(c) for c in cols], "text": "", "x0": box[0],
                  "x1": box[2], "top": box[1], "bottom": box[3], "size": 0.0, "bold": False,
                  "furniture": False, "legacy_fonts": []}
    return line, rest
