"""Each year's target set against the result reported for that year: `extract compare`.

Rows. One row per province, indicator, measure, breakdown and year (and unit and denominator: a
figure in VND is never set against one in USD, nor "per person" against a total) for which the
dataset holds a target (kind `target`) and/or a reported result (kind `actual`) of that year.
Figures without a year (multi-year periods), without an indicator code or a measure, of failed
documents, or relative to a plan ("105% dự toán", a `relative_to` column when the store has it) are
left out. Values are in base units (value x scale: "14,1 nghìn tỷ đồng" is 1.41e13 VND). Growth is
compared with growth, levels with levels, shares with shares, changes with changes: the measure is
part of the row's key. The province is the document's: two provinces' figures never meet.

Competing figures (`choose_target`, `choose_actual`); every figure not chosen stays reachable in
the row's `alternatives` (with `target_candidates`, `actual_candidates` counting them all):
1. Within one document, the first figure in the body (lowest page, then character position): an
   annex or goal table repeating the prose gives the same figure again.
2. Renditions of one resolution (DOCX and PDF of the same text: the store's `rendition_key`, else the
   same issuer, number and date) count as one document; the rendition read from a text layer
   (not OCR) is preferred, then the lowest doc_id, so the choice is stable.
3. The target: the one set by the latest document (by date) that sets a target for that year, e.g. the
   annual resolution over the five-year plan.
4. The result: the one reported by the latest document that reports on that year and was issued after
   the chosen target's document (a final figure reported a year later over the estimate "ước"
   of the year's own December resolution). A result from the target's own document or an earlier
   one is never paired with it.

Status (`status_of`): `met`, `missed`, or `unknown` (no target, no result yet, or not comparable: a
value missing, or a relative figure). The comparator and direction decide:
- "up" targets (the default: "đạt 75 triệu đồng", "tăng 7%", "duy trì 52,5%") are met at or above the
  target; "down" targets (a level or share with direction `decrease`: "giảm còn 1,5%"; comparators
  `le`/`lt`: "dưới 4%") at or below it.
- `ge` ("từ 95% trở lên", "tối thiểu", "không dưới") is met from the value up; `gt` ("trên 95%")
  needs more than it; `le` at most it; `lt` ("dưới") less than it.
- `range` ("7 - 7,5%") is met from its low bound for an up target, at or below its high bound for a
  down one.
- `approx` ("khoảng", "trên dưới") is met within APPROX_TOLERANCE (5%) of the target on the
  wrong side, or anywhere on the right side.
- A decrease stated as an amount of change ("giảm 1 - 1,5%" of a rate, measure change or growth with
  direction `decrease`) is read as a reduction: the target and the reported reduction are compared
  as positive amounts of reduction, an up target ("giảm 1,3%" meets "giảm 1 - 1,5%"); a result
  reported as an increase counts as a negative reduction.
- Values equal within a relative 1e-9 count as equal (base units are products of decimals).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .search import (
    DOCUMENT_COLUMNS,
    dataset_files,
    document_path,
    fold,
    indicator_labels,
    read_columns,
)

APPROX_TOLERANCE = 0.05  # "khoảng 7%" is met by 6.65% and up
EQUAL_TOLERANCE = 1e-9  # relative: values this close are equal
FLOW_MEASURES = frozenset({"growth", "change"})  # a decrease of these is an amount of reduction
LEVEL_MEASURES = frozenset({"level", "share"})

OUTPUT_FIELDS = ("province", "indicator", "indicator_label", "measure", "breakdown", "year", "unit", "per",
                 "target_value", "target_low", "target_high", "target_comparator", "target_direction", "target_text",
                 "target_doc", "target_page", "actual_value", "actual_direction", "actual_text", "actual_doc",
                 "actual_page", "status", "reason", "target_candidates", "actual_candidates", "alternatives")


@dataclass(frozen=True)
class Document:
    """What the comparison needs of a document."""
    doc_id: str
    province: str | None
    date: dt.date | None
    path: str
    group: str  # renditions of one resolution share it
    ocr: bool


@dataclass(slots=True)
class Figure:
    """One target or result, its values in base units."""
    doc: Document
    kind: str
    year: int
    indicator: str
    measure: str
    breakdown: str | None
    unit: str | None
    per: str | None
    comparator: str | None
    direction: str | None
    value: float | None
    low: float | None
    high: float | None
    text: str | None
    page: int | None
    char_start: int

    def key(self) -> tuple:
        """The row this figure belongs to."""
        return (self.doc.province, self.indicator, self.measure, self.breakdown, self.year, self.unit, self.per)


@dataclass(frozen=True)
class CompareFilters:
    """What narrows a comparison (None: any)."""
    province: str | None = None
    indicator: str | None = None
    year: int | None = None


@dataclass
class Row:
    """One comparison row: the chosen figures and every candidate."""
    targets: list[Figure] = field(default_factory=list)
    actuals: list[Figure] = field(default_factory=list)


def rendition_group(doc: dict[str, Any]) -> str:
    """Which resolution a document is a rendition of: the store's rendition_key, else its issuer,
    number and date when all three are known, else the document alone."""
    if doc.get("rendition_key"):
        return str(doc["rendition_key"])
    parts = (doc.get("province"), doc.get("issuer"), doc.get("doc_number"), doc.get("doc_date"))
    if all(parts[1:]):
        return "|".join(str(p) for p in parts)
    return str(doc["doc_id"])


def province_spellings(path: Path, province: str) -> list[str]:
    """The province names the documents table holds that fold to the same as `province` ('Ha Tinh'
    finds "Hà Tĩnh"): read from the one column, each distinct name folded once."""
    wanted = fold(province)
    names = pc.unique(pq.read_table(path, columns=["province"])["province"]).to_pylist()
    return [name for name in names if name is not None and fold(name) == wanted]


def load_documents(path: Path, province: str | None) -> dict[str, Document]:
    """The documents read without failure, of the province when one is given (folded comparison);
    the province and status are pushed into the Parquet reader, so only those rows become Python."""
    filters: list[tuple] = [("status", "=", "ok")]
    if province:
        spellings = province_spellings(path, province)
        if not spellings:
            return {}
        filters.append(("province", "in", spellings))
    docs = {}
    for d in read_columns(path, DOCUMENT_COLUMNS, filters=filters):
        docs[d["doc_id"]] = Document(d["doc_id"], d.get("province"), d.get("doc_date"), document_path(d),
                                     rendition_group(d), bool(d.get("ocr_pages")))
    return docs


# The targets columns a comparison reads (the store's extensions when present).
COMPARE_COLUMNS = ("doc_id", "kind", "year", "indicator", "measure", "breakdown", "comparator", "direction", "value",
                   "value_low", "value_high", "scale", "unit", "per", "text", "char_start", "page",
                   "value_base", "value_low_base", "value_high_base", "relative_to")


def parquet_filters(filters: CompareFilters, doc_ids: Iterable[str] | None) -> list[tuple]:
    """Row filters pushed into the Parquet reader: only figures a comparison can use, of the
    selected documents (`doc_ids`, when the province narrows them) and the filters' indicator and year."""
    conditions: list[tuple] = [("year", "!=", -1), ("indicator", "!=", ""), ("measure", "!=", ""),
                               ("kind", "in", ["target", "actual"])]
    if doc_ids is not None:
        conditions.append(("doc_id", "in", sorted(doc_ids)))
    if filters.indicator:
        conditions.append(("indicator", "=", filters.indicator))
    if filters.year is not None:
        conditions.append(("year", "=", filters.year))
    return conditions


def base_columns(table: pa.Table) -> dict[str, list]:
    """The value, low and high columns in base units, as lists: the store's `*_base` columns when
    present, else value x scale (computed in Arrow; figures are cleaned of binary noise when output)."""
    scale = pc.fill_null(table["scale"], 1.0)
    out = {}
    for column in ("value", "value_low", "value_high"):
        if f"{column}_base" in table.column_names:
            out[column] = table[f"{column}_base"].to_pylist()
        else:
            out[column] = pc.multiply(table[column], scale).to_pylist()
    return out


def table_figures(table: pa.Table, docs: dict[str, Document]) -> list[Figure]:
    """The figures of a table of targets rows (already narrowed to usable ones) whose document is selected."""
    if "relative_to" in table.column_names:
        table = table.filter(pc.is_null(table["relative_to"]))
    base = base_columns(table)
    columns = [table[c].to_pylist() for c in ("doc_id", "kind", "year", "indicator", "measure", "breakdown", "unit", "per",
                                              "comparator", "direction", "text", "page", "char_start")]
    figures = []
    for (doc_id, kind, year, indicator, measure, breakdown, unit, per, comparator, direction, text, page, start), \
            value, low, high in zip(zip(*columns), base["value"], base["value_low"], base["value_high"]):
        doc = docs.get(doc_id)
        if doc is not None:
            figures.append(Figure(doc, kind, year, indicator, measure, breakdown, unit, per, comparator, direction,
                                  value, low, high, text, page, start or 0))
    return figures


def load_figures(out: Path, filters: CompareFilters) -> list[Figure]:
    """Every usable figure of the dataset in `out` that the filters select."""
    targets_path, documents_path = dataset_files(out)
    docs = load_documents(documents_path, filters.province)
    if not docs:
        return []
    selected = docs.keys() if filters.province else None
    names = set(pq.read_schema(targets_path).names)
    table = pq.read_table(targets_path, columns=[c for c in COMPARE_COLUMNS if c in names],
                          filters=parquet_filters(filters, selected))
    return table_figures(table, docs)


def body_order(f: Figure) -> tuple:
    """Where a figure stands in its document: page, then character."""
    return (f.page or 0, f.char_start)


def date_order(doc: Document) -> tuple:
    """A document's place in time (undated documents first, as the earliest)."""
    return (doc.date is not None, doc.date or dt.date.min)


def one_per_resolution(candidates: list[Figure]) -> list[Figure]:
    """Rules 1 and 2: each resolution's first figure in the body, from its preferred rendition
    (text layer over OCR, then the lowest doc_id)."""
    best: dict[str, Figure] = {}
    for f in candidates:
        rank = (f.doc.ocr, f.doc.doc_id, body_order(f))
        current = best.get(f.doc.group)
        if current is None or rank < (current.doc.ocr, current.doc.doc_id, body_order(current)):
            best[f.doc.group] = f
    return list(best.values())


def choose_target(candidates: list[Figure]) -> Figure | None:
    """Rule 3: the target set by the latest document that sets one for the year."""
    firsts = one_per_resolution(candidates)
    return max(firsts, key=lambda f: (date_order(f.doc), f.doc.group), default=None)


def issued_after(doc: Document, other: Document) -> bool:
    """Whether `doc` was issued after `other` (another resolution, later by date when both are dated)."""
    if doc.group == other.group:
        return False
    if doc.date is not None and other.date is not None:
        return doc.date > other.date
    return True


def choose_actual(candidates: list[Figure], target: Figure | None) -> Figure | None:
    """Rule 4: the result reported by the latest document on that year issued after the target's."""
    firsts = [f for f in one_per_resolution(candidates) if target is None or issued_after(f.doc, target.doc)]
    return max(firsts, key=lambda f: (date_order(f.doc), f.doc.group), default=None)


def is_reduction(target: Figure) -> bool:
    """Whether the target is an amount of reduction ("giảm 1 - 1,5%" of a rate, growth or change)."""
    return target.measure in FLOW_MEASURES and target.direction == "decrease"


def actual_on_target_axis(target: Figure, actual: Figure) -> float | None:
    """The result on the target's scale: as an amount of reduction when the target is one (a
    reported increase is a negative reduction), else signed (a reported decrease of a flow is negative)."""
    if actual.value is None:
        return None
    decreased = actual.measure in FLOW_MEASURES and actual.direction == "decrease"
    if is_reduction(target):
        return actual.value if decreased else -actual.value
    return -actual.value if decreased else actual.value


def target_sense(target: Figure) -> str:
    """Whether more ("up") or less ("down") meets the target: the comparator when it says, else a
    level or share with direction decrease is "down", everything else (reductions included) "up"."""
    if target.comparator in ("ge", "gt"):
        return "up"
    if target.comparator in ("le", "lt"):
        return "down"
    if target.measure in LEVEL_MEASURES and target.direction == "decrease":
        return "down"
    return "up"


def at_least(a: float, t: float) -> bool:
    """a >= t, with values within the equality tolerance counted as equal."""
    return a >= t - EQUAL_TOLERANCE * max(1.0, abs(t))


def at_most(a: float, t: float) -> bool:
    """a <= t, with values within the equality tolerance counted as equal."""
    return a <= t + EQUAL_TOLERANCE * max(1.0, abs(t))


def meets(target: Figure, a: float) -> bool | None:
    """Whether the result `a` (on the target's axis) meets the target; None when the target has no value."""
    up = target_sense(target) == "up"
    if target.comparator == "range":
        bound = target.low if up else target.high
        if bound is None:
            return None
        return at_least(a, bound) if up else at_most(a, bound)
    t = target.value
    if t is None:
        return None
    if target.comparator == "gt":
        return a > t and not at_most(a, t)
    if target.comparator == "lt":
        return a < t and not at_least(a, t)
    if target.comparator == "approx":
        slack = APPROX_TOLERANCE * abs(t)
        return at_least(a, t - slack) if up else at_most(a, t + slack)
    return at_least(a, t) if up else at_most(a, t)


def status_of(target: Figure | None, actual: Figure | None) -> tuple[str, str]:
    """The row's status and why: met or missed when a target and a later result of the same key
    exist and both have values, else unknown."""
    if target is None:
        return "unknown", "no target for this year in the dataset"
    if actual is None:
        return "unknown", "no result reported for this year by a later document"
    a = actual_on_target_axis(target, actual)
    verdict = meets(target, a) if a is not None else None
    if verdict is None:
        return "unknown", "not comparable: a value is missing"
    return ("met", "") if verdict else ("missed", "")


def group_rows(figures: Iterable[Figure]) -> dict[tuple, Row]:
    """The figures by row key, targets apart from results."""
    rows: dict[tuple, Row] = defaultdict(Row)
    for f in figures:
        (rows[f.key()].targets if f.kind == "target" else rows[f.key()].actuals).append(f)
    return rows


def clean(value: float | None) -> float | None:
    """A base value without binary noise (14.1 x 1e12 is 14100000000000, not ...0.002)."""
    return None if value is None else float(f"{value:.15g}")


def alternative(f: Figure) -> dict[str, Any]:
    """A figure not chosen, as the row lists it."""
    return {"kind": f.kind, "value": clean(f.value), "low": clean(f.low), "high": clean(f.high), "comparator": f.comparator,
            "direction": f.direction, "text": f.text, "doc": f.doc.path, "page": f.page}


def row_record(key: tuple, row: Row) -> dict[str, Any]:
    """One output row (OUTPUT_FIELDS) of a key's figures."""
    target = choose_target(row.targets)
    actual = choose_actual(row.actuals, target)
    status, reason = status_of(target, actual)
    province, indicator, measure, breakdown, year, unit, per = key
    return {
        "province": province, "indicator": indicator, "indicator_label": indicator_labels().get(indicator),
        "measure": measure, "breakdown": breakdown, "year": year, "unit": unit, "per": per,
        "target_value": clean(target.value) if target else None, "target_low": clean(target.low) if target else None,
        "target_high": clean(target.high) if target else None, "target_comparator": target and target.comparator,
        "target_direction": target and target.direction, "target_text": target and target.text,
        "target_doc": target and target.doc.path, "target_page": target and target.page,
        "actual_value": clean(actual.value) if actual else None, "actual_direction": actual and actual.direction,
        "actual_text": actual and actual.text, "actual_doc": actual and actual.doc.path,
        "actual_page": actual and actual.page, "status": status, "reason": reason,
        "target_candidates": len(row.targets), "actual_candidates": len(row.actuals),
        "alternatives": [alternative(f) for f in row.targets + row.actuals if f is not target and f is not actual],
    }


def sort_key(key: tuple) -> tuple:
    """Rows in order of province, indicator, measure, breakdown, year (nulls first)."""
    return tuple((v is not None, v if v is not None else "") for v in key)


def compare(out: Path, filters: CompareFilters = CompareFilters()) -> list[dict[str, Any]]:
    """Given a dataset folder, return its comparison rows (OUTPUT_FIELDS), sorted by key."""
    rows = group_rows(load_figures(out, filters))
    return [row_record(key, rows[key]) for key in sorted(rows, key=sort_key)]
