"""Extract: SegmentedDocument -> list[Target]. The orchestration of the targets stage; the rules
it applies, and the module each lives in, are listed at the top of clauses.py."""
from __future__ import annotations

import bisect

from ..models import Quantity, SegmentedDocument, Target
from .clauses import TextIndex, Windows, quantity_windows, sentence_of
from .direction import DirectionCues, direction_cues, read_direction
from .indicator import CURRENCIES, read_indicator
from .lexicon import load_lexicon
from .measure import is_changing, plan_comparator, prose_measure, reaches_level, relative_to_of
from .quantities import detect_decimal_mark, find_quantities
from .reading import Context, Reading
from .spans import document_spans, within_one
from .tables import goal_tables
from .timeframe import KindEvidence, Timeframe, prose_timeframe, with_role


def groups_holding(groups: list[tuple[int, int]], starts: list[int]) -> list[tuple[int, int]]:
    """The parenthesis groups (start, end) that hold a quantity start strictly inside, given the
    quantities' starts in text order: one binary search per group, not a scan of the quantities."""
    held = []
    for g0, g1 in groups:
        i = bisect.bisect_right(starts, g0)
        if i < len(starts) and starts[i] < g1:
            held.append((g0, g1))
    return held


def extract(seg: SegmentedDocument, doc_id: str) -> list[Target]:
    """Given a segmented document, return one Target per quantity in its body (goal-table cells
    included, after the others: parent_index values index the clause targets)."""
    idx = TextIndex(seg.text)
    decimal = detect_decimal_mark(seg.text)  # once: the prose and the tables read numbers alike
    found = find_quantities(seg.text, decimal)
    spans = document_spans(seg, found)
    table_targets, table_ranges = goal_tables(seg, doc_id, spans.indicators, spans.qualifiers, decimal)
    quantities = clause_quantities(seg, found, table_ranges, spans.indicators)
    groups = groups_holding(idx.groups, sorted(q.start for q in quantities))
    ctx = Context(seg, idx, load_lexicon(), spans, groups)
    dc = direction_cues(spans.cues)
    readings: list[Reading] = []
    targets: list[Target] = []
    prev_post_end = 0
    for qi, q in enumerate(quantities):
        next_start = quantities[qi + 1].start if qi + 1 < len(quantities) else len(seg.text)
        w = quantity_windows(idx, q, readings[-1].q if readings else None, next_start, groups)
        r = read_quantity(ctx, dc, q, readings, w, prev_post_end)
        readings.append(r)
        prev_post_end = w.post_end
        tf = with_role(prose_timeframe(seg, idx, spans.cues, q, w.clause, KindEvidence(w.post_end, r.relative_to)),
                       q.role)
        targets.append(target_of(ctx, doc_id, r, tf))
    for t in table_targets:  # a table part's parent (its total row's figure) comes after the clause targets
        t.parent_index = None if t.parent_index is None else t.parent_index + len(targets)
    return targets + table_targets


def clause_quantities(seg: SegmentedDocument, found: list[Quantity], table_ranges: list[tuple[int, int]],
                      indicators) -> list[Quantity]:
    """The quantities the clause rules read: those in the body and its annexes, outside goal tables,
    and not inside an indicator's name ("trẻ em dưới 5 tuổi suy dinh dưỡng": the number is part of
    the name)."""
    ranges = seg.reading_ranges()
    quantities = [q for q in found if any(a <= q.start < b for a, b in ranges)]
    quantities = [q for q in quantities if not any(a <= q.start < b for a, b in table_ranges)]
    return [q for q in quantities if not within_one(indicators, q.start, q.end)]


def read_quantity(ctx: Context, dc: DirectionCues, q: Quantity, readings: list[Reading], w: Windows,
                  prev_post_end: int) -> Reading:
    """Indicator and breakdown, then direction, then measure of one quantity."""
    r = Reading(q=q)
    source = read_indicator(ctx, r, readings, w)
    direction = read_direction(ctx, dc, r, readings, w, prev_post_end)
    r.direction = direction.direction
    if direction.cue is not None:
        r.changing = is_changing(direction.direction, direction.level, ctx.text, q.start)
    elif direction.inherited_from is not None:
        r.changing = direction.inherited_from.changing and not reaches_level(ctx.text, q.start)
    r.relative_to = relative_to_of(ctx.text, q.start, q.end, q.unit)
    r.measure = prose_measure(ctx, r, readings, source, r.changing, w)
    return r


def target_of(ctx: Context, doc_id: str, r: Reading, tf: Timeframe) -> Target:
    """The Target row of a read quantity."""
    seg, q = ctx.seg, r.q
    section = seg.enclosing_sections(q.start)
    info = ctx.lex.indicators.get(r.indicator) if r.indicator else None
    return Target(
        doc_id=doc_id, kind=tf.kind, year=tf.year, period=tf.period,
        section_path=section[-1].section_path if section else None,
        indicator=r.indicator, measure=r.measure, breakdown=r.breakdown, indicator_text=r.indicator_text,
        comparator=plan_comparator(ctx.text, q.start, r.relative_to, q.comparator),
        direction=r.direction, value=q.value, value_low=q.value_low,
        value_high=q.value_high, scale=q.scale, unit=q.unit,
        per=q.per or (info.per if info and q.unit in CURRENCIES else None),
        text=q.text, char_start=q.start, char_end=q.end, page=seg.norm.page_at(q.start),
        sentence=sentence_of(ctx.idx, q), parent_index=r.parent, relative_to=r.relative_to)
