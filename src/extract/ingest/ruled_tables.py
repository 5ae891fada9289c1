"""Ruled tables of a PDF page: cells found from the page's rules, and each table put into the
page's lines as one pseudo-line at the table's place, holding its cells and the text lines inside
them.

The rules are the page's painted path pieces, classified as pdfminer classifies them (a single
segment is a line, a closed axis-aligned four-sided path a rectangle, anything else a curve) and
turned into edges as pdfplumber does (a rectangle's four sides, a curve's straight pieces). The
cells come from pdfplumber's table algorithms with its default settings (`pdfplumber.table`:
edges snapped and joined, their intersections, the smallest cell at each intersection, cells
grouped into tables); the two slow steps of those, the intersections and the cells, are done here
by the same rules in time proportional to what they find (tests/test_fast_paths.py checks them
against pdfplumber's own, and the tables against `pdfplumber.Page.find_tables` on every corpus
table). So the pdfium engine finds a page's tables from the path objects it already has, without
parsing the page again with pdfminer.
"""
from __future__ import annotations

from typing import Any

from .layout import GRID_TOLERANCE, Line, Run, TableCell, words_to_lines

CellBox = tuple[float, float, float, float]  # (x0, top, x1, bottom)
MIN_CELLS = 4  # a "table" of fewer cells is a box, not a table
Point = tuple[float, float]
SubPath = tuple[str, list[Point]]  # pdfminer's shape ("m", "l", "c", "h" per operator), end points (top down)
# pdfplumber's default table settings (TableSettings): snap, join, intersection tolerances;
# edges shorter than EDGE_MIN_LENGTH_PREFILTER are dropped before merging, shorter than
# EDGE_MIN_LENGTH after
SNAP_TOLERANCE = JOIN_TOLERANCE = INTERSECTION_TOLERANCE = 3
EDGE_MIN_LENGTH_PREFILTER, EDGE_MIN_LENGTH = 1, 3


# One rule as pdfplumber's table finder reads it, a dict (pdfplumber's own type): x0, x1, top,
# bottom, width, height, doctop, orientation ("h", "v", or None: slanted, not a rule), object_type
Edge = dict[str, Any]

Tables = dict[int, list[list[CellBox]]]  # page (0-based) -> its tables' cells


# --- rules into edges ---------------------------------------------------------------------------

def subpath_edges(subpaths: list[SubPath]) -> list[Edge]:
    """The edges of a page's painted subpaths, in pdfplumber's order (lines', rectangles',
    curves')."""
    lines: list[Edge] = []
    rects: list[Edge] = []
    curves: list[Edge] = []
    for shape, pts in subpaths:
        kind = path_kind(shape, pts)
        if kind == "line":
            lines.append(line_edge(pts[0], pts[1]))
        elif kind == "rect":
            rects.extend(rect_edges(pts[0], pts[2]))
        elif kind == "curve":
            curves.extend(edge(p0, p1, "curve_edge") for p0, p1 in zip(pts, pts[1:]))
    return lines + rects + curves


def count_pieces(subpaths: list[SubPath]) -> int:
    """How many lines, rectangles and curves the subpaths are (pdfplumber's objects)."""
    return sum(1 for shape, pts in subpaths if path_kind(shape, pts))


def path_kind(shape: str, pts: list[Point]) -> str:
    """"line", "rect" or "curve", as pdfminer classifies a subpath; "" for none."""
    if shape[:1] != "m":
        return ""
    if shape in ("mlh", "ml"):
        return "line"
    if shape in ("mlllh", "mllll") and pts[0] == pts[4]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
        if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0):
            return "rect"
    return "curve"


def edge(p0: Point, p1: Point, kind: str) -> Edge:
    """The edge between two points: vertical if they share x, horizontal if they share y."""
    x0, x1 = min(p0[0], p1[0]), max(p0[0], p1[0])
    top, bottom = min(p0[1], p1[1]), max(p0[1], p1[1])
    orientation = "v" if p0[0] == p1[0] else ("h" if p0[1] == p1[1] else None)
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "doctop": top, "orientation": orientation, "object_type": kind}


def line_edge(p0: Point, p1: Point) -> Edge:
    """A line's edge: horizontal if level, else vertical (pdfplumber's line_to_edge)."""
    e = edge(p0, p1, "line")
    e["orientation"] = "h" if e["top"] == e["bottom"] else "v"
    return e


def rect_edges(p0: Point, p2: Point) -> list[Edge]:
    """A rectangle's four sides: top, bottom, left, right (pdfplumber's rect_to_edges)."""
    x0, x1 = min(p0[0], p2[0]), max(p0[0], p2[0])
    top, bottom = min(p0[1], p2[1]), max(p0[1], p2[1])
    return [edge((x0, top), (x1, top), "rect_edge"), edge((x0, bottom), (x1, bottom), "rect_edge"),
            edge((x0, top), (x0, bottom), "rect_edge"), edge((x1, top), (x1, bottom), "rect_edge")]


# --- edges into tables --------------------------------------------------------------------------

def edges_to_tables(edges: list[Edge]) -> list[list[CellBox]]:
    """The tables (each its cells, as pdfplumber's TableFinder orders them) that the edges draw;
    tables of fewer than MIN_CELLS cells left out. A page without both horizontal and vertical
    rules costs nothing more."""
    if not any(e["orientation"] == "h" for e in edges) or not any(e["orientation"] == "v" for e in edges):
        return []
    edges = (filter_edges(edges, "v", EDGE_MIN_LENGTH_PREFILTER) + filter_edges(edges, "h", EDGE_MIN_LENGTH_PREFILTER))
    edges = filter_edges(merge_edges(edges, SNAP_TOLERANCE, JOIN_TOLERANCE), None, EDGE_MIN_LENGTH)
    cells = intersections_to_cells(edges_to_intersections(edges, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE))
    return [t for t in cells_to_tables(cells) if len(t) >= MIN_CELLS]


# pdfplumber's own steps, written out so that finding a table does not import pdfplumber (and
# pdfminer: 0.2 s); each is checked against pdfplumber's on random edges (tests/test_fast_paths.py)

def filter_edges(edges: list[Edge], orientation: str | None, min_length: float) -> list[Edge]:
    """The edges of this orientation (any if None) at least min_length long (pdfplumber's filter_edges)."""
    return [e for e in edges if (orientation is None or e["orientation"] == orientation)
            and e["height" if e["orientation"] == "v" else "width"] >= min_length]


def merge_edges(edges: list[Edge], snap: float, join: float) -> list[Edge]:
    """Edges snapped to their clusters' mean position, then those along one line joined where they
    meet or overlap within the tolerance (pdfplumber's merge_edges, equal tolerances)."""
    if snap > 0:
        edges = (snap_edges([e for e in edges if e["orientation"] == "v"], "x0", snap)
                 + snap_edges([e for e in edges if e["orientation"] == "h"], "top", snap))
    groups: dict[tuple[str, float], list[Edge]] = {}
    for e in sorted(edges, key=lambda e: ("h", e["top"]) if e["orientation"] == "h" else ("v", e["x0"])):
        groups.setdefault(("h", e["top"]) if e["orientation"] == "h" else ("v", e["x0"]), []).append(e)
    return [joined for (kind, _), group in groups.items() for joined in join_edge_group(group, kind, join)]


def snap_edges(edges: list[Edge], attr: str, tolerance: float) -> list[Edge]:
    """The edges moved to the mean `attr` of their cluster (values within the tolerance of the
    next, chained), cluster by cluster (pdfplumber's snap_objects)."""
    values = sorted(set(e[attr] for e in edges))
    cluster: dict[float, int] = {}
    for k, v in enumerate(values):
        cluster[v] = cluster[values[k - 1]] + (v > values[k - 1] + tolerance) if k else 0
    groups: dict[int, list[Edge]] = {}
    for e in sorted(edges, key=lambda e: cluster[e[attr]]):
        groups.setdefault(cluster[e[attr]], []).append(e)
    moved = []
    keys = ("x0", "x1") if attr == "x0" else ("top", "bottom", "doctop")
    for group in groups.values():
        mean = sum(e[attr] for e in group) / len(group)
        moved += [{**e, **{key: e[key] + (mean - e[attr]) for key in keys}} for e in group]
    return moved


def join_edge_group(edges: list[Edge], orientation: str, tolerance: float) -> list[Edge]:
    """Edges along one line joined where one starts within the tolerance of the last's end
    (pdfplumber's join_edge_group)."""
    start, end, size = ("x0", "x1", "width") if orientation == "h" else ("top", "bottom", "height")
    ordered = sorted(edges, key=lambda e: e[start])
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if e[start] <= last[end] + tolerance:
            if e[end] > last[end]:
                grown = e[end] - last[start] if orientation == "h" else last[size] + (e[end] - last[end])
                joined[-1] = {**last, end: e[end], size: grown}
        else:
            joined.append(e)
    return joined


def cells_to_tables(cells: list[CellBox]) -> list[list[CellBox]]:
    """Cells grouped into tables of cells sharing corners, top-left first; single cells left out
    (pdfplumber's cells_to_tables)."""
    remaining = list(cells)
    corners: set[Point] = set()
    current: list[CellBox] = []
    tables = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            x0, top, x1, bottom = cell
            own = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or any(c in corners for c in own):
                corners.update(own)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(list(current))
            corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    return [t for t in sorted(tables, key=lambda t: min((c[1], c[0]) for c in t)) if len(t) > 1]


Intersections = dict[Point, tuple[set[CellBox], set[CellBox]]]  # point -> boxes of its v and h edges


def edges_to_intersections(edges: list[Any], x_tolerance: float, y_tolerance: float) -> Intersections:
    """The points where a vertical and a horizontal edge meet within the tolerances, each with the
    boxes of the vertical and the horizontal edges meeting there (pdfplumber's
    edges_to_intersections, the edges kept as their boxes)."""
    found: Intersections = {}
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    for v in vertical:
        vbox = (v["x0"], v["top"], v["x1"], v["bottom"])
        for h in horizontal:
            if v["top"] <= h["top"] + y_tolerance and v["bottom"] >= h["top"] - y_tolerance \
                    and h["x0"] - x_tolerance <= v["x0"] <= h["x1"] + x_tolerance:
                at = found.setdefault((v["x0"], h["top"]), (set(), set()))
                at[0].add(vbox)
                at[1].add((h["x0"], h["top"], h["x1"], h["bottom"]))
    return found


def intersections_to_cells(intersections: Intersections) -> list[CellBox]:
    """The cells the intersections describe: for each point in sorted order, the first point below
    it joined by a shared vertical edge and the first to its right joined by a shared horizontal
    edge whose bottom-right corner exists and is joined to both (pdfplumber's
    intersections_to_cells, with the points below and to the right looked up, not searched)."""
    points = sorted(intersections)
    column: dict[float, list[Point]] = {}
    row: dict[float, list[Point]] = {}
    place: dict[Point, tuple[int, int]] = {}
    for p in points:  # (sorted: each column top to bottom, each row left to right)
        same_x, same_y = column.setdefault(p[0], []), row.setdefault(p[1], [])
        place[p] = (len(same_x), len(same_y))
        same_x.append(p)
        same_y.append(p)

    def joined(a: Point, b: Point, side: int) -> bool:
        return not intersections[a][side].isdisjoint(intersections[b][side])

    cells: list[CellBox] = []
    for pt in points[:-1]:
        down, across = place[pt]
        cell = None
        for below in column[pt[0]][down + 1:]:
            if not joined(pt, below, 0):
                continue
            for right in row[pt[1]][across + 1:]:
                corner = (right[0], below[1])
                if joined(pt, right, 1) and corner in intersections \
                        and joined(corner, right, 0) and joined(corner, below, 1):
                    cell = (pt[0], pt[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


def find_tables_pdfplumber(page: Any) -> list[list[CellBox]]:
    """A pdfplumber page's ruled tables by its own table finder (the pdfplumber engine's way)."""
    return [t.cells for t in page.find_tables() if len(t.cells) >= MIN_CELLS]


# --- tables into lines --------------------------------------------------------------------------

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


def last_before(grid: list[float], value: float) -> int:
    """The index of the last grid position more than the tolerance left of the value."""
    return max(k for k in range(len(grid)) if grid[k] < value - GRID_TOLERANCE)


def cell_at(cells: list[CellBox], x: float, y: float) -> int | None:
    """The index of the first cell holding the point, None if none does."""
    for k, (x0, top, x1, bottom) in enumerate(cells):
        if x0 <= x <= x1 and top <= y <= bottom:
            return k
    return None


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
    """One table's pseudo-line, each cell holding the runs whose centre is inside it (the first
    such cell, in the cells' order), and the runs left outside the table."""
    cols = grid_index([c[0] for c in cells])
    rows = grid_index([c[1] for c in cells])
    box = (min([c[0] for c in cells]), min([c[1] for c in cells]), max([c[2] for c in cells]), max([c[3] for c in cells]))
    left, top_edge, right, bottom_edge = box
    inside: list[list[Run]] = [[] for _ in cells]
    rest: list[Run] = []
    for r in runs:
        x, y = (r["x0"] + r["x1"]) / 2, (r["top"] + r["bottom"]) / 2
        cell = cell_at(cells, x, y) if left <= x <= right and top_edge <= y <= bottom_edge else None
        (rest if cell is None else inside[cell]).append(r)
    items: list[TableCell] = []
    # the cells share a few edges: each one's grid index found once
    row_of: dict[float, int] = {}
    first_of: dict[float, int] = {}
    last_of: dict[float, int] = {}
    for (x0, top, x1, _bottom), held in zip(cells, inside):
        last = last_of[x1] if x1 in last_of else last_of.setdefault(x1, last_before(cols, x1))
        row = row_of[top] if top in row_of else row_of.setdefault(top, position(rows, top))
        first = first_of[x0] if x0 in first_of else first_of.setdefault(x0, position(cols, x0))
        items.append({"row": row, "first": first, "last": last, "lines": words_to_lines(held), "top": top})
    items.sort(key=lambda c: (c["row"], c["first"]))
    line: Line = {"table": items, "columns": [round(c) for c in cols], "text": "", "x0": box[0],
                  "x1": box[2], "top": box[1], "bottom": box[3], "size": 0.0, "bold": False,
                  "furniture": False, "legacy_fonts": []}
    return line, rest
