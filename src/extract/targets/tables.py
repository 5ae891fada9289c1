"""Goals laid out as tables.

A goal table has a column naming the indicator ("Chỉ tiêu"), usually a unit column ("Đơn vị
tính") and value columns whose headers say the kind and year ("Thực hiện năm 2022", "Ước thực
hiện 2023", "Kế hoạch năm 2024"); header cells may be merged over two rows ("Năm 2024" over
"Kế hoạch" | "Ước thực hiện"). Every cell that holds a figure becomes a Target: indicator from the
row, unit and scale from the unit column, kind and year from the column header (timeframe.py),
measure by the rule of prose (measure.py), the kind corrected by the year as in prose (a year
after the document's is a target), the span the cell's number in the document text. A cell's own
words win over its column's: a label ("KH 2023: 6,8%", "ước 7,8%": kind, and year if it names
one), a comparator ("≥ 60"), a unit and scale after the number ("2.450 tỷ đồng"); each figure of a
cell with a label of its own is a row of its own ("KH: 7,5%; ước 7,8%"). An index column ("năm
trước = 100") holds growth against the year before, in percent. Tables written as text come here
as cells too (segment/text_tables.py). The header words are data: schemas/table_headers.yaml.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import regex

from ..models import SegmentedDocument, Target
from ..segment.tables import Cell, cells_by_row, column_headers, document_tables
from .comparator import cell_comparator, cell_comparator_pattern
from .headers import header_patterns
from .indicator import CURRENCIES, jurisdiction_indicator
from .lexicon import Indicator, load_lexicon
from .measure import table_measure
from .quantities import NUMBER, detect_decimal_mark, parse_number, short_text_quantities
from .spans import Tagged, TaggedList
from .timeframe import Timeframe, column_timeframe, kind_by_time, with_plan_year


@functools.lru_cache(maxsize=1)
def value_pattern() -> regex.Pattern:
    """A cell's figure: an optional comparator word or sign, a number, an optional second one of a range."""
    return regex.compile(rf"(?P<cmp>{cell_comparator_pattern()})?\s*(?P<a>{NUMBER})(?:\s*-\s*(?P<b>{NUMBER}))?",
                         regex.VERBOSE | regex.I)


def unit_reading(unit_text: str) -> tuple[float, str | None, str | None]:
    """(scale, unit, per) of a unit cell ("tỷ đồng", "%", "USD/người"), read by the quantity grammar."""
    found = short_text_quantities(f"1 {unit_text.strip()}")
    if found and found[0].start == 0:
        q = found[0]
        return q.scale, q.unit, q.per
    return 1.0, None, None


@dataclass
class GoalTable:
    """A table read as goals: its header rows, columns and the timeframe of each value column."""
    cells: list[Cell]
    header_rows: set[int]
    indicator_col: int
    unit_col: int | None
    headers: dict[int, str]
    value_cols: dict[int, Timeframe]
    index_cols: frozenset[int] = frozenset()  # columns of an index, the year before = 100


def header_rows_of(cells: list[Cell], header_row: int, indicator_col: int) -> set[int]:
    """The indicator header's row and the rows under it where the indicator column holds no cell
    of its own (it is merged down from the header, as "Chỉ tiêu" over two rows)."""
    rows = sorted({c.row for c in cells})
    header_rows = {header_row}
    for r in rows:
        if r == max(header_rows) + 1 and not any(c.row == r and c.first <= indicator_col <= c.last for c in cells):
            header_rows.add(r)
    return header_rows


def goal_table(cells: list[Cell], plan_year: int | None) -> GoalTable | None:
    """Read a table as goals: None unless a header cell names the indicator column and some column
    header says a kind of figure (columns of comparisons, notes or row numbers hold none)."""
    patterns = header_patterns()
    header_row = next((c.row for c in sorted(cells, key=lambda c: c.row) if patterns.indicator.search(c.text)), None)
    if header_row is None:
        return None
    indicator_col = next(c.first for c in cells if c.row == header_row and patterns.indicator.search(c.text))
    header_rows = header_rows_of(cells, header_row, indicator_col)
    headers = column_headers(cells, header_rows)
    unit_col = next((col for col, h in headers.items() if patterns.unit.search(h)), None)
    value_cols: dict[int, Timeframe] = {}
    index_cols = set()
    for col, h in sorted(headers.items()):
        if col in (indicator_col, unit_col):
            continue
        if patterns.index.search(h):  # its kind and year its own, else those of the column before
            tf = column_timeframe(h, plan_year) or next((value_cols[c] for c in sorted(value_cols, reverse=True)), None)
            if tf is not None:
                value_cols[col] = tf
                index_cols.add(col)
            continue
        if patterns.not_a_value.search(h):
            continue
        tf = column_timeframe(h, plan_year)
        if tf is not None:
            value_cols[col] = tf
    if not value_cols:
        return None
    return GoalTable(cells, header_rows, indicator_col, unit_col, headers, value_cols, frozenset(index_cols))


def row_indicator(name: Cell, indicator_spans: TaggedList, qualifier_spans: dict[str, list[Tagged]]
                  ) -> tuple[str | None, str | None]:
    """The indicator code and breakdown of a row: the first indicator phrase in its name cell, the
    part it names, else the longest qualifier of that indicator in the name ("Số xã đạt chuẩn
    nông thôn mới nâng cao")."""
    spans = [s for s in indicator_spans if name.start <= s.start and s.end <= name.end]
    if not spans:
        return None, None
    code, part = spans[0].label.group, spans[0].label.value
    if not part:
        named = [q for q in qualifier_spans.get(code, []) if name.start <= q.start and q.end <= name.end]
        if named:
            part = max(named, key=lambda q: (q.end - q.start, q.end)).label.value
    return code, part


@dataclass
class Row:
    """What a goal table's row says about every figure in it."""
    name: Cell
    unit_cell: Cell | None
    code: str | None
    part: str | None
    info: Indicator | None
    scale: float
    unit: str | None
    per: str | None
    measure: str


CELL_LABEL = regex.compile(r"^\s*(?P<label>[^\d:|]*\p{L}[^:|]*?)\s*:\s*")  # "KH 2023: 6,8%"
# What may part a cell's figure from the next figure's label: "7,5%; ước 7,8%", "6,8% - ƯTH: 7,1%"
FIGURE_SEPARATOR = regex.compile(r"[\s;,.()\[\]\-–—/]*")
LABEL_MAX_CHARS = 40  # a label longer than this is prose, not a label


@dataclass(frozen=True)
class CellReading:
    """What a value cell says of one of its figures, over what its column and row say."""
    match: regex.Match  # the figure (comparator, number, second number of a range) in the cell's text
    offset: int  # where the cell's text after the figure's label starts in the cell
    timeframe: Timeframe
    scale: float
    unit: str | None
    per: str | None
    measure: str
    own_end: int | None = None  # the end (in the cell) of the figure with its own unit ("2.450 tỷ đồng")


def label_timeframe(label: str, column: Timeframe, plan_year: int | None) -> Timeframe | None:
    """The kind a figure's own label says ("KH", "ước", "ƯTH 2024"), with the label's year or
    period, else the column's; None if the label names no kind."""
    own = column_timeframe(label, None)
    if own is None:
        return None
    if own.year is None and own.period is None:
        own = replace(own, year=column.year, period=column.period)
    return with_plan_year(own, plan_year)


def names_kind_first(words: str) -> bool:
    """Does the text open with a kind word of goal-table headers ("ước", "KH", "thực hiện")?"""
    patterns = header_patterns()
    return bool(patterns.actual.match(words) or patterns.target.match(words))


def leading_label(text: str, start: int, column: Timeframe, plan_year: int | None, first: bool
                  ) -> tuple[Timeframe, int] | None:
    """The label opening text[start:] before its figure, if it names a kind: words before a colon
    ("KH 2024: 6,8%"; after a cell's first figure they must open with the kind word), or a kind
    word right before the number ("ước 7,8%"); its timeframe and where the text after it starts."""
    head = FIGURE_SEPARATOR.match(text, start).end()
    label = CELL_LABEL.match(text[head:head + LABEL_MAX_CHARS + 2])
    if label and (first or names_kind_first(label["label"])):
        own = label_timeframe(label["label"], column, plan_year)
        if own is not None:
            return own, head + label.end()
    figure = value_pattern().search(text, head)
    if figure is None or figure.start() - head > LABEL_MAX_CHARS or not names_kind_first(text[head:figure.start()]):
        return None
    own = label_timeframe(text[head:figure.start()], column, plan_year)
    return (own, head) if own is not None else None


def read_figure(cell: Cell, table: GoalTable, row: Row, col: int, m: regex.Match, offset: int,
                tf: Timeframe) -> CellReading:
    """One figure of a value cell, with its own comparator, unit and scale where it has them; the
    measure by the one rule with the unit it ends up with."""
    scale, unit, per, measure = row.scale, row.unit, row.per, row.measure
    own_end = None
    if col in table.index_cols:
        scale, unit, per = 1.0, "percent", None
        measure = table_measure(load_lexicon(), unit, row.info, row.name.text, index=True)
    else:
        found = short_text_quantities(cell.text[m.start("a"):])
        if found and found[0].start == 0 and found[0].unit is not None:
            q = found[0]
            scale, unit, per = q.scale, q.unit, q.per
            own_end = m.start("a") + q.end
            if unit != row.unit:
                measure = table_measure(load_lexicon(), unit, row.info, row.name.text)
    return CellReading(m, offset, tf, scale, unit, per, measure, own_end)


def read_cell(cell: Cell, table: GoalTable, row: Row, col: int, plan_year: int | None) -> list[CellReading]:
    """The figures of a value cell: the first (after its own label, if it has one), then each
    further one that has a label of its own ("KH: 7,5%; ước 7,8%": a target and a result), each
    with the kind and year its label says over its column's."""
    readings: list[CellReading] = []
    column = table.value_cols[col]
    pos = 0
    while True:
        label = leading_label(cell.text, pos, column, plan_year, first=not readings)
        if label is None and readings:
            return readings  # a figure after the first without a label of its own is not another
        tf, offset = label or (column, pos)
        m = value_pattern().search(cell.text, offset)
        if not m:
            return readings
        read = read_figure(cell, table, row, col, m, offset, tf)
        readings.append(read)
        pos = read.own_end or m.end()


def cell_targets(seg: SegmentedDocument, doc_id: str, table: GoalTable, row: Row, col: int, cell: Cell,
                 decimal: str) -> list[Target]:
    """The Targets of one value cell, one per figure (none if it holds none); the kind corrected by
    the year as in prose (timeframe.kind_by_time: a year after the document's is a target)."""
    targets = []
    for read in read_cell(cell, table, row, col, seg.meta.plan_year):
        m = read.match
        a, b = parse_number(m["a"], decimal), parse_number(m["b"], decimal) if m["b"] else None
        start = cell.start + m.start("a")
        end = cell.start + (read.own_end or (m.end("b") if m["b"] else m.end("a")))
        tf, info = read.timeframe, row.info
        unit_text = row.unit_cell.text if row.unit_cell else ""
        targets.append(Target(
            doc_id=doc_id, kind=kind_by_time(tf.kind, True, tf.year, seg), year=tf.year, period=tf.period,
            section_path=_section_of(seg, cell.start), indicator=row.code, measure=read.measure,
            breakdown=row.part or None, indicator_text=row.name.text,
            comparator="range" if b is not None else cell_comparator(m["cmp"]),
            direction=None, value=None if b is not None else a, value_low=a if b is not None else None,
            value_high=b, scale=read.scale, unit=read.unit,
            per=read.per or (info.per if info and read.unit in CURRENCIES else None),
            text=seg.text[start:end], char_start=start, char_end=end, page=cell.page,
            sentence=f"{row.name.text} | {unit_text} | {table.headers.get(col, '')}: {cell.text}",
            relative_to="previous_year" if col in table.index_cols else None))
    return targets


def table_targets(seg: SegmentedDocument, doc_id: str, table: GoalTable, indicator_spans: TaggedList,
                  qualifier_spans: dict[str, list[Tagged]], decimal: str) -> list[Target]:
    """The targets of every value cell of a goal table, row by row, column by column."""
    lex = load_lexicon()
    by_row = cells_by_row(table.cells)
    targets: list[Target] = []
    # (value column, figure of the cell) -> index of the figure of the row the next parts are of
    parents: dict[tuple[int, int], int] = {}
    for r in sorted({c.row for c in table.cells}):
        if r in table.header_rows or table.indicator_col not in by_row[r]:
            continue
        name = by_row[r][table.indicator_col]
        child = is_part_row(by_row[r].get(table.indicator_col - 1), name)
        code, part = row_indicator(name, indicator_spans, qualifier_spans)
        unit_cell = by_row[r].get(table.unit_col) if table.unit_col is not None else None
        scale, unit, per = unit_reading(unit_cell.text) if unit_cell else (1.0, None, None)
        info = lex.indicators.get(code) if code else None
        code = jurisdiction_indicator(code, seg.meta.jurisdiction)  # a national table's GDP, as in prose
        row = Row(name, unit_cell, code, part, info, scale, unit, per, table_measure(lex, unit, info, name.text))
        for col in sorted(table.value_cols):
            cell = by_row[r].get(col)
            if cell is None or cell.first != col:
                continue
            for k, target in enumerate(cell_targets(seg, doc_id, table, row, col, cell, decimal)):
                parent = parents.get((col, k)) if child else None
                if parent is not None and targets[parent].indicator == target.indicator and target.indicator:
                    target.parent_index = parent
                elif not child:
                    parents[(col, k)] = len(targets)
                targets.append(target)
        if not child:  # a row with no figure in a column has no parts there
            parents = {key: k for key, k in parents.items() if targets and targets[k].char_start >= name.start}
    return targets


PART_LABEL = regex.compile(r"^\s*(?:[a-zđ][.)]?|[-+•*]|\d+\.\d+\.?)\s*$")  # "a", "b)", "-", "1.1"


def is_part_row(label: Cell | None, name: Cell) -> bool:
    """Is this row a part of the numbered row above it (a total and its parts): its number a letter,
    a dash or a sub-number ("a", "-", "1.1"), or its name opening with "trong đó"?"""
    return bool((label is not None and PART_LABEL.match(label.text)) or header_patterns().part_rows.match(name.text))


def goal_tables(seg: SegmentedDocument, doc_id: str, indicator_spans: TaggedList,
                qualifier_spans: dict[str, list[Tagged]] | None = None, decimal: str | None = None
                ) -> tuple[list[Target], list[tuple[int, int]]]:
    """Given a segmented document, its indicator spans and its qualifier spans grouped by indicator
    code (and its decimal mark, if known), return the targets of its goal tables and the text ranges
    those tables cover (the clause extractor leaves them alone)."""
    decimal = decimal or detect_decimal_mark(seg.text)
    targets: list[Target] = []
    covered: list[tuple[int, int]] = []
    for cells in document_tables(seg).values():
        table = goal_table(cells, seg.meta.plan_year)
        if table is None:
            continue
        covered.append((min(c.start for c in cells), max(c.end for c in cells)))
        found = table_targets(seg, doc_id, table, indicator_spans, qualifier_spans or {}, decimal)
        for t in found:  # a part's parent_index: into the list of all tables' targets
            t.parent_index = None if t.parent_index is None else t.parent_index + len(targets)
        targets += found
    return targets, covered


def _section_of(seg: SegmentedDocument, pos: int) -> str | None:
    """The path of the innermost section holding `pos`."""
    found = seg.enclosing_sections(pos)
    return found[-1].section_path if found else None
