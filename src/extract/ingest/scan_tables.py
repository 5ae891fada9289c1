"""Ruled tables of a scanned page: the rules found in the page image, the cells found from them by
the text-layer path's table algorithm, and each cell's ink laid out for OCR on its own.

A rule is a straight run of dark pixels longer than any glyph's stroke (MIN_RULE_POINTS), found
row by row (horizontal rules) and column by column (vertical rules) with numpy: the page is first
sampled every quarter of that length, so a page without rules costs a few small array
operations, and only the rows and columns a rule may cross are scanned in full. Each run becomes
an edge as a drawn line does in a PDF (ruled_tables.py), and the same steps turn the edges into
cells and tables (snapped and joined edges, intersections, smallest cells, tables of at least
MIN_CELLS cells). So a scanned table's cells are those its text-layer PDF gives.

OCR of a table's page as one image misreads a lone figure in a cell ("1" as "Ị", "%" as "R": the
rules and the empty space around it mislead Tesseract's layout analysis), so the table is taken
out of the page image and its cells' ink, rules cleared, is stacked on a strip, one cell under
the other (`cell_strips`), which Tesseract reads as one block; each word is moved back to its
place on the page and so to its cell (`Slot.place`).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any

from .ruled_tables import CellBox, Edge, edge, edges_to_tables

RULE_DARK = 160  # a pixel darker than this (of 255) may be part of a rule (the ink of a grey scan too)
MIN_RULE_POINTS = 24.0  # a rule is at least a third of an inch long: longer than a glyph's stroke
SAMPLES = 4  # the page is sampled this many times over a rule's least length (see rule_runs)
RULE_SHARE = 0.5  # a row or column of a cell's border more dark than this is its rule, cleared
CELL_MARGIN = 2  # pixels cleared inside a cell's rules (their soft edge)
STRIP_GAP = 30  # pixels of white above, below and left of each cell's ink on the strip
STRIP_MAX_HEIGHT = 16000  # pixels: a taller table's cells go on several strips (Tesseract's limit is 32767)
MIN_INK = 8  # dark pixels: a cell with less ink than this is empty (a speck)


def dark_runs(mask: Any, min_length: int) -> tuple[Any, Any, Any]:
    """The runs of True along each row of a 2-D boolean array at least `min_length` long: their
    rows, starts and ends (exclusive), as arrays."""
    import numpy as np

    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    steps = np.diff(padded, axis=1)
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)  # (row-major: the k-th end closes the k-th start)
    keep = ends - starts >= min_length
    return rows[keep], starts[keep], ends[keep]


def rule_runs(gray: Any, min_length: int) -> tuple[Any, Any, Any]:
    """The horizontal runs of dark pixels of a page image (2-D uint8) at least `min_length` long:
    rows, starts, ends. A pixel counts as dark if it or the one below it is (a rule one pixel
    thick that a scan left a hair off level steps from one row to the next). Only the rows where
    SAMPLES - 1 consecutive samples, taken every min_length // SAMPLES pixels along the row, are
    dark are scanned in full (every run of that length covers so many samples)."""
    import numpy as np

    step = max(1, min_length // SAMPLES)
    below = gray[:, ::step] < RULE_DARK
    sampled = below[:-1] | below[1:]
    together = sampled[:, :-2] & sampled[:, 1:-1] & sampled[:, 2:]
    candidates = np.nonzero(together.any(axis=1))[0]
    if not len(candidates):
        return candidates, candidates, candidates
    rows, starts, ends = dark_runs((gray[candidates] < RULE_DARK) | (gray[candidates + 1] < RULE_DARK), min_length)
    return candidates[rows], starts, ends


def page_rules(gray: Any, scale: float) -> list[Edge]:
    """The rules of a page image (2-D uint8, `scale` pixels per point) as edges in points: one per
    pixel row or column of a run (a rule some pixels thick is snapped into one edge later)."""
    import numpy as np

    min_length = int(MIN_RULE_POINTS * scale)
    columns = rule_runs(np.ascontiguousarray(gray.T), min_length)
    if not len(columns[0]):  # no vertical rule: no table (and the rows need no scan)
        return []
    rows = rule_runs(gray, min_length)
    edges = [edge((s / scale, y / scale), (e / scale, y / scale), "line") for y, s, e in zip(*map(list, rows))]
    edges += [edge((x / scale, s / scale), (x / scale, e / scale), "line") for x, s, e in zip(*map(list, columns))]
    return edges


def page_tables(image: Any, scale: float) -> list[list[CellBox]]:
    """The ruled tables of a page image (PIL, level, `scale` pixels per point): each its cells'
    boxes in points, as the text-layer path finds them."""
    import numpy as np

    gray = np.asarray(image if image.mode == "L" else image.convert("L"))
    edges = page_rules(gray, scale)
    return edges_to_tables(edges) if edges else []


def without_tables(image: Any, tables: list[list[CellBox]], scale: float) -> Any:
    """The page image with every table's box painted white (its text is read from the strips)."""
    from PIL import ImageDraw

    image = image.copy()
    draw = ImageDraw.Draw(image)
    for cells in tables:
        x0, top = min(c[0] for c in cells), min(c[1] for c in cells)
        x1, bottom = max(c[2] for c in cells), max(c[3] for c in cells)
        draw.rectangle([x0 * scale - 4, top * scale - 4, x1 * scale + 4, bottom * scale + 4], fill=255)
    return image


def cell_ink(gray: Any, clean: Any, box: CellBox, scale: float) -> tuple[int, int, Any] | None:
    """The ink of one cell (a 2-D uint8 crop of the page image `gray`) with the left and top pixel
    it starts at: the cell's box less its rules (border rows and columns mostly dark, and
    CELL_MARGIN more), trimmed to the dark pixels of `clean` (the same image with its specks
    taken out); None if the cell is empty."""
    import numpy as np

    x0, top = max(0, int(box[0] * scale)), max(0, int(box[1] * scale))
    x1, bottom = min(gray.shape[1], int(box[2] * scale) + 1), min(gray.shape[0], int(box[3] * scale) + 1)
    dark = gray[top:bottom, x0:x1] < RULE_DARK
    if dark.size == 0:
        return None
    rows, cols = dark.mean(axis=1) > RULE_SHARE, dark.mean(axis=0) > RULE_SHARE
    top += border(rows) + CELL_MARGIN
    bottom -= border(rows[::-1]) + CELL_MARGIN
    x0 += border(cols) + CELL_MARGIN
    x1 -= border(cols[::-1]) + CELL_MARGIN
    ink = clean[top:bottom, x0:x1] < RULE_DARK
    if ink.sum() < MIN_INK:
        return None
    ys, xs = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
    top, x0 = top + int(ys[0]), x0 + int(xs[0])
    return x0, top, gray[top:top + int(ys[-1] - ys[0]) + 1, x0:x0 + int(xs[-1] - xs[0]) + 1]


def border(flags: Any) -> int:
    """How many of the first entries are True, counting only from the first few (a rule is at the
    cell's edge: rows of ink further in are text)."""
    count = 0
    for flag in flags[:len(flags) // 4]:
        if not flag:
            break
        count += 1
    return count


@dataclass(frozen=True)
class Slot:
    """Where one cell's ink lies on a strip: its rows there, and how far the strip is from the page."""
    top: int  # first row on the strip (pixels)
    bottom: int  # last row + 1
    dx: int  # page pixel = strip pixel + (dx, dy)
    dy: int

    def place(self, box: list[float], scale: float) -> list[float]:
        """A word's box on the strip (points) as a box on the page (points)."""
        dx, dy = self.dx / scale, self.dy / scale
        return [box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy]


def cell_strips(gray: Any, clean: Any, tables: list[list[CellBox]], scale: float) -> list[tuple[Any, list[Slot]]]:
    """Every non-empty cell's ink (see cell_ink) stacked on white strips (each at most
    STRIP_MAX_HEIGHT pixels tall), STRIP_GAP apart, with where each cell's ink lies (Slot)."""
    import numpy as np

    inks = [ink for cells in tables for box in cells if (ink := cell_ink(gray, clean, box, scale)) is not None]
    groups: list[list[tuple[int, int, Any]]] = []
    height = 0
    for ink in inks:
        if not groups or height + ink[2].shape[0] + STRIP_GAP > STRIP_MAX_HEIGHT:
            groups.append([])
            height = STRIP_GAP
        groups[-1].append(ink)
        height += ink[2].shape[0] + STRIP_GAP
    strips = []
    for group in groups:
        width = max(crop.shape[1] for _, _, crop in group) + 2 * STRIP_GAP
        strip = np.full((STRIP_GAP + sum(crop.shape[0] + STRIP_GAP for _, _, crop in group), width), 255, np.uint8)
        slots, y = [], STRIP_GAP
        for left, top, crop in group:
            strip[y:y + crop.shape[0], STRIP_GAP:STRIP_GAP + crop.shape[1]] = crop
            slots.append(Slot(y, y + crop.shape[0], left - STRIP_GAP, top - y))
            y += crop.shape[0] + STRIP_GAP
        strips.append((strip, slots))
    return strips


def slot_of(slots: list[Slot], y: float) -> Slot | None:
    """The slot (of a strip's, top to bottom) whose rows, with half the gap around them, hold row
    y of the strip."""
    k = bisect.bisect_right([s.top - STRIP_GAP / 2 for s in slots], y) - 1
    return slots[k] if k >= 0 and y < slots[k].bottom + STRIP_GAP / 2 else None
