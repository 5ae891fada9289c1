"""Goals laid out as tables (part of the extract stage).

A goal table has a column naming the indicator ("Chỉ tiêu"), usually a unit column ("Đơn vị
tính") and value columns whose headers say the kind and year ("Thực hiện năm 2022", "Ước thực
hiện 2023", "Kế hoạch năm 2024"); header cells may be merged over two rows ("Năm 2024" over
"Kế hoạch" | "Ước thực hiện"). Every cell that holds a figure becomes a Target: indicator from the
row, unit and scale from the unit column, kind and year from the column header, the span the cell's
number in the document text.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import regex

from .lexicon import load_lexicon
from ..text.time import BARE_PERIOD, BARE_YEAR
from ..models import SegmentedDocument, Target
from .quantities import NUMBER, detect_decimal_mark, find_quantities, parse_number

INDICATOR_HEADER = regex.compile(r"\bchỉ\s+tiêu\b|\bnội\s+dung\b|\btên\s+chỉ\s+tiêu\b", regex.I)
UNIT_HEADER = regex.compile(r"\bđơn\s+vị\b|\bĐVT\b", regex.I)
ACTUAL_HEADER = regex.compile(r"\bthực\s+hiện\b|\bước\b|\bTH\b|\bkết\s+quả\b", regex.I)
TARGET_HEADER = regex.compile(r"\bkế\s+hoạch\b|\bKH\b|\bmục\s+tiêu\b|\bdự\s+kiến\b|\bchỉ\s+tiêu\b", regex.I)
NOT_A_VALUE_HEADER = regex.compile(r"\bso\s+sánh\b|\bghi\s+chú\b|\bSTT\b|\bTT\b|\btăng,?\s*giảm\b|\bđạt\b", regex.I)
VALUE = regex.compile(rf"(?P<cmp>trên|dưới|>=|<=|≥|≤|>|<|khoảng)?\s*(?P<a>{NUMBER})(?:\s*-\s*(?P<b>{NUMBER}))?",
                      regex.VERBOSE | regex.I)
COMPARATORS = {"trên": "gt", ">": "gt", "dưới": "lt", "<": "lt", ">=": "ge", "≥": "ge", "<=": "le", "≤": "le",
               "khoảng": "approx"}


@dataclass
class Cell:
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


def unit_reading(unit_text: str) -> tuple[float, str | None, str | None]:
    """(scale, unit, per) of a unit cell ("tỷ đồng", "%", "USD/người"), read by the quantity grammar."""
    found = find_quantities(f"1 {unit_text.strip()}")
    if found and found[0].start == 0:
        q = found[0]
        return q.scale, q.unit, q.per
    return 1.0, None, None


def goal_tables(seg: SegmentedDocument, doc_id: str, indicator_spans, qualifier_spans=None
                ) -> tuple[list[Target], list[tuple[int, int]]]:
    """Given a segmented document, its indicator spans and its qualifier spans grouped by indicator
    code, return the targets of its goal tables and the text ranges those tables cover (the clause
    extractor leaves them alone). A row's breakdown is the part its indicator's name says, else a
    qualifier of that indicator in the name ("Số xã đạt chuẩn nông thôn mới nâng cao")."""
    qualifier_spans = qualifier_spans or {}
    lex = load_lexicon()
    decimal = detect_decimal_mark(seg.text)
    targets: list[Target] = []
    covered: list[tuple[int, int]] = []
    for cells in document_tables(seg).values():
        header_row = next((c.row for c in sorted(cells, key=lambda c: c.row) if INDICATOR_HEADER.search(c.text)), None)
        if header_row is None:
            continue
        indicator_col = next(c.first for c in cells if c.row == header_row and INDICATOR_HEADER.search(c.text))
        # Header rows: the indicator header's row and the rows under it where the indicator column
        # holds no cell of its own (it is merged down from the header, as "Chỉ tiêu" over two rows).
        rows = sorted({c.row for c in cells})
        header_rows = {header_row}
        for r in rows:
            if r == max(header_rows) + 1 and not any(c.row == r and c.first <= indicator_col <= c.last for c in cells):
                header_rows.add(r)
        headers = column_headers(cells, header_rows)
        unit_col = next((col for col, h in headers.items() if UNIT_HEADER.search(h)), None)
        value_cols = {}
        for col, h in headers.items():
            if col in (indicator_col, unit_col) or NOT_A_VALUE_HEADER.search(h):
                continue
            kind = "actual" if ACTUAL_HEADER.search(h) else "target" if TARGET_HEADER.search(h) else None
            if kind is None:
                continue
            period = BARE_PERIOD.search(h)
            years = BARE_YEAR.findall(h)
            value_cols[col] = (kind, None if period else (int(years[-1]) if years else None),
                               f"{period[1]}-{period[2]}" if period else None)
        if not value_cols:
            continue
        covered.append((min(c.start for c in cells), max(c.end for c in cells)))
        by_row: dict[int, dict[int, Cell]] = defaultdict(dict)
        for c in cells:
            for col in range(c.first, c.last + 1):
                by_row[c.row][col] = c
        for r in rows:
            if r in header_rows or indicator_col not in by_row[r]:
                continue
            name = by_row[r][indicator_col]
            spans = [s for s in indicator_spans if name.start <= s.start and s.end <= name.end]
            code, _, part = spans[0].label.partition(":") if spans else (None, "", "")
            if code and not part:
                named = [q for q in qualifier_spans.get(code, []) if name.start <= q.start and q.end <= name.end]
                if named:  # the longest, as in the clause extractor
                    part = max(named, key=lambda q: (q.end - q.start, q.end)).label.split(":")[1]
            unit_cell = by_row[r].get(unit_col) if unit_col is not None else None
            scale, unit, per = unit_reading(unit_cell.text) if unit_cell else (1.0, None, None)
            info = lex.indicators.get(code) if code else None
            for col, (kind, year, period) in sorted(value_cols.items()):
                cell = by_row[r].get(col)
                if cell is None or cell.first != col:
                    continue
                m = VALUE.search(cell.text)
                if not m:
                    continue
                a, b = parse_number(m["a"], decimal), parse_number(m["b"], decimal) if m["b"] else None
                start = cell.start + m.start("a")
                end = cell.start + (m.end("b") if m["b"] else m.end("a"))
                measure = "level"
                if unit == "percent" and info is not None and info.type in ("amount", "count", "index"):
                    measure = "growth"
                elif info is not None and info.measure:
                    measure = info.measure
                if year is None and period is None and seg.meta.plan_year:
                    year = seg.meta.plan_year if kind == "target" else seg.meta.plan_year - 1
                targets.append(Target(
                    doc_id=doc_id, kind=kind, year=year,
                    period=period, section_path=_section_of(seg, cell.start),
                    indicator=code, measure=measure, breakdown=part or None, indicator_text=name.text,
                    comparator="range" if b is not None else COMPARATORS.get((m["cmp"] or "").lower(), "eq"),
                    direction=None, value=None if b is not None else a, value_low=a if b is not None else None,
                    value_high=b, scale=scale, unit=unit, per=per or (info.per if info and unit in ("VND", "USD") else None),
                    text=seg.text[start:end], char_start=start, char_end=end, page=cell.page,
                    sentence=f"{name.text} | {unit_cell.text if unit_cell else ''} | {headers.get(col, '')}: {cell.text}"))
    return targets, covered


def _section_of(seg: SegmentedDocument, pos: int) -> str | None:
    found = seg.enclosing_sections(pos)
    return found[-1].section_path if found else None
