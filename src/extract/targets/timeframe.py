"""Kind (target or actual), year and period of a figure (rule "kind, year" of clauses.py): its own
words (a clause, or a table column's header), else the innermost heading that says, else the plan
year. One rule for prose and goal tables alike."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..models import Quantity, Section, SegmentedDocument
from ..text.time import BARE_PERIOD, BARE_YEAR, HEADING_YEAR, PERIOD_IN_CLAUSE, SENTENCE_YEAR, YEAR_IN_CLAUSE
from .clauses import TextIndex
from .headers import header_patterns
from .labels import CueGroup
from .spans import TaggedList, inside


@dataclass(frozen=True)
class Timeframe:
    kind: str  # target or actual
    year: int | None = None
    period: str | None = None  # "2021-2025"


def with_plan_year(tf: Timeframe, plan_year: int | None) -> Timeframe:
    """A figure of no year and no period is of the plan year when a target, of the year before it
    (the year the plan reports on) when an actual."""
    if tf.year is not None or tf.period is not None or not plan_year:
        return tf
    return replace(tf, year=plan_year if tf.kind == "target" else plan_year - 1)


def with_role(tf: Timeframe, role: str | None) -> Timeframe:
    """An achieved/planned pair ("45.799/36.875 tỷ đồng") says its own kind (the year stays the
    one its clause gives)."""
    if not role:
        return tf
    return replace(tf, kind="actual" if role == "achieved" else "target")


def heading_title(seg: SegmentedDocument, s: Section) -> tuple[int, int]:
    """The span of a section's heading that names it: its label and title (not a run-in text)."""
    return s.char_start, min(s.heading_end, s.char_start + len(s.label) + 3 + len(s.title))


def kind_of(cues: TaggedList, clause: int, q: Quantity, seg: SegmentedDocument, headings: list[Section]) -> str:
    """The clause's last kind word ("phấn đấu", "ước đạt"), else the innermost heading with a kind
    word (actual if it has an actual word), else target."""
    clause_cues = [c for c in inside(cues, clause, q.start) if c.label.group == CueGroup.KINDS]
    if clause_cues:
        return clause_cues[-1].label.value or "target"
    for s in headings:
        found = [c.label.value for c in inside(cues, *heading_title(seg, s))
                 if c.label.group in (CueGroup.HEADING_KINDS, CueGroup.KINDS)]
        if found:
            return "actual" if "actual" in found else "target"
    return "target"


def period_of(text: str) -> str | None:
    """The period a text names ("giai đoạn 2021 - 2025"), as "2021-2025"."""
    m = PERIOD_IN_CLAUSE.search(text)
    return f"{m['a']}-{m['b']}" if m else None


def clause_year(idx: TextIndex, clause: int, q: Quantity) -> int | None:
    """The clause's last year (not a base year: "so với năm 2023"), else the year that opens its
    sentence ("Đến năm 2025, A đạt 70%; B đạt trên 95%": it scopes all of it)."""
    years = [int(m["y"]) for m in YEAR_IN_CLAUSE.finditer(idx.text[clause:q.start])]
    if years:
        return years[-1]
    opening = SENTENCE_YEAR.match(idx.text, idx.sentence_start(q.start), q.start)
    return int(opening["y"]) if opening else None


def heading_year_period(titles: list[str], yearly: bool) -> tuple[int | None, str | None]:
    """The innermost heading's period or year; a yearly average ("giảm bình quân 1,5 - 2%/năm")
    takes the period of any heading over it first."""
    if yearly:
        period = next((p for p in map(period_of, titles) if p), None)
        if period:
            return None, period
    for title in titles:
        period = period_of(title)
        if period:
            return None, period
        years = list(HEADING_YEAR.finditer(title))
        if years:
            return int(years[-1]["y"]), None
    return None, None


def prose_timeframe(seg: SegmentedDocument, idx: TextIndex, cues: TaggedList, q: Quantity,
                    clause: int) -> Timeframe:
    """Kind, year and period of a quantity from its clause, then its headings, then the plan year."""
    headings = list(reversed(seg.enclosing_sections(q.start)))
    kind = kind_of(cues, clause, q, seg, headings)
    period = period_of(idx.text[clause:q.start])
    year = clause_year(idx, clause, q)
    if year is None and period is None:
        titles = [seg.text[slice(*heading_title(seg, s))] for s in headings]
        year, period = heading_year_period(titles, q.per == "year")
    return with_plan_year(Timeframe(kind, year, period), seg.meta.plan_year)


def column_timeframe(header: str, plan_year: int | None) -> Timeframe | None:
    """Kind, year and period of a goal-table column from its header ("Thực hiện năm 2022", "Kế
    hoạch 2024", "Giai đoạn 2021 - 2025"), then the plan year; None if the header names no kind."""
    patterns = header_patterns()
    kind = "actual" if patterns.actual.search(header) else "target" if patterns.target.search(header) else None
    if kind is None:
        return None
    period = BARE_PERIOD.search(header)
    years = BARE_YEAR.findall(header)
    tf = Timeframe(kind, None if period else (int(years[-1]) if years else None),
                   f"{period[1]}-{period[2]}" if period else None)
    return with_plan_year(tf, plan_year)
