"""Kind (target or actual), year and period of a figure (rule "kind, year" of clauses.py): its own
words (a clause, or a table column's header), else the innermost heading that says, else the plan
year. One rule for prose and goal tables alike."""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass, replace

import regex

from ..models import Quantity, Section, SegmentedDocument
from ..text.time import BARE_PERIOD, BARE_YEAR, HEADING_YEAR, PERIOD_IN_CLAUSE, SENTENCE_YEAR, YEAR_IN_CLAUSE
from .clauses import TextIndex, literal_words
from .headers import header_patterns
from .labels import CueGroup
from .lexicon import load_lexicon
from .spans import Tagged, TaggedList, inside


@dataclass(frozen=True)
class Timeframe:
    kind: str  # target or actual
    year: int | None = None
    period: str | None = None  # "2021-2025"


def with_plan_year(tf: Timeframe, plan_year: int | None, plan_period: str | None = None) -> Timeframe:
    """A figure of no year and no period is of the plan year when a target (of the plan's period
    when the plan is of several years: "2021-2025"), of the year before it (the year the plan
    reports on) when an actual."""
    if tf.year is not None or tf.period is not None or not plan_year:
        return tf
    if tf.kind == "target" and plan_period:
        return replace(tf, period=plan_period)
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


@dataclass(frozen=True)
class KindEvidence:
    """What the kind rule reads beyond the clause before the number."""
    post_end: int | None = None  # where the number's post-modifier ends ("so với cùng kỳ" after it)
    relative_to: str | None = None  # "plan": a percent of a plan


def plan_after_number(text: str, c: Tagged) -> bool:
    """Is the kind word a plan a figure is a percent of ("đạt 97% kế hoạch", "vượt 8,5% so với dự
    toán"), not a word of the clause's kind?"""
    return regex.search(rf"[\d%]\s*(?:(?:{relative_openers()})\s+)?$", text[max(0, c.start - 16):c.start]) is not None


@functools.lru_cache(maxsize=1)
def relative_openers() -> str:
    """The words that may stand between a percent and the plan it is of (cues.yaml relative_openers)."""
    return literal_words(list(load_lexicon().cues["relative_openers"]), True)


def clause_kind(cues: TaggedList, text: str, clause: int, q: Quantity) -> str | None:
    """The clause's last kind word before the number ("phấn đấu", "ước đạt"), not a plan that a
    figure before it is a percent of."""
    found = [c for c in inside(cues, clause, q.start) if c.label.group == CueGroup.KINDS
             and not plan_after_number(text, c)]
    return (found[-1].label.value or "target") if found else None


def right_after(cues: TaggedList, text: str, end: int) -> list[Tagged]:
    """The cue that starts right after the number ending at `end` (spaces between), if any: "so với
    cùng kỳ" after "tăng 6,9%", whose "với" ends the post-modifier."""
    i = bisect.bisect_left(cues.starts, end)
    return [cues[i]] if i < len(cues) and not text[end:cues[i].start].strip() else []


def kind_of(cues: TaggedList, clause: int, q: Quantity, seg: SegmentedDocument, headings: list[Section],
            evidence: KindEvidence = KindEvidence()) -> str:
    """The clause's last kind word ("phấn đấu", "ước đạt"), else an actual word after the number
    ("tăng 8,1% so với cùng kỳ": in its post-modifier or right after it), else actual for a percent
    of a plan ("đạt 97% kế hoạch": a result), else the innermost heading with a kind word (actual
    if it has an actual word), else target."""
    own = clause_kind(cues, seg.text, clause, q)
    if own:
        return own
    after = inside(cues, q.end, evidence.post_end) if evidence.post_end is not None else []
    after += right_after(cues, seg.text, q.end)
    if any(c.label.group == CueGroup.KINDS and c.label.value == "actual" for c in after):
        return "actual"
    if evidence.relative_to == "plan":
        return "actual"
    for s in headings:
        found = [c.label.value for c in inside(cues, *heading_title(seg, s))
                 if c.label.group in (CueGroup.HEADING_KINDS, CueGroup.KINDS)]
        if found:
            return "actual" if "actual" in found else "target"
    return "target"


def kind_by_time(kind: str, own_word: bool, year: int | None, seg: SegmentedDocument) -> str:
    """A figure for a year after the document's date is a target, whatever heading it sits under
    ("Đến năm 2030 ... đạt"); one for a year before the plan year (before the document's year
    without one) is a result unless its clause says it is planned."""
    doc_date, plan_year = seg.meta.doc_date, seg.meta.plan_year
    if year is None or doc_date is None:
        return kind
    if year > doc_date.year:
        return "target"
    if year < (plan_year or doc_date.year) and not own_word:
        return "actual"
    return kind


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
    facts = [title_period_year(title) for title in titles]
    if yearly:
        period = next((p for p, _ in facts if p), None)
        if period:
            return None, period
    for period, year in facts:
        if period:
            return None, period
        if year is not None:
            return year, None
    return None, None


@functools.lru_cache(maxsize=4096)
def title_period_year(title: str) -> tuple[str | None, int | None]:
    """A heading title's period and last year, each None if it names none (remembered: every
    quantity under a heading asks of its titles)."""
    years = list(HEADING_YEAR.finditer(title))
    return period_of(title), int(years[-1]["y"]) if years else None


def prose_timeframe(seg: SegmentedDocument, idx: TextIndex, cues: TaggedList, q: Quantity,
                    clause: int, evidence: KindEvidence = KindEvidence()) -> Timeframe:
    """Kind, year and period of a quantity from its clause, then its headings, then the plan year;
    the kind corrected by the year (`kind_by_time`)."""
    headings = list(reversed(seg.enclosing_sections(q.start)))
    kind = kind_of(cues, clause, q, seg, headings, evidence)
    period = period_of(idx.text[clause:q.start])
    year = clause_year(idx, clause, q)
    if year is None and period is None:
        titles = [seg.text[slice(*heading_title(seg, s))] for s in headings]
        year, period = heading_year_period(titles, q.per == "year")
    kind = kind_by_time(kind, clause_kind(cues, seg.text, clause, q) is not None, year, seg)
    return with_plan_year(Timeframe(kind, year, period), seg.meta.plan_year, seg.meta.plan_period)


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
