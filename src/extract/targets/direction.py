"""The direction of a quantity (rule "direction" of clauses.py): the nearest direction verb before
the number in its comma-bounded clause ("tăng", "giảm còn", "đạt", "duy trì"), skipping verbs inside
indicator phrases and direction nouns ("tốc độ tăng trưởng"); else the coordinated previous
quantity's ("thêm 3 khu công nghiệp và 14 cụm công nghiệp"; "thêm 10 xã ..., 05 xã ..." of one
indicator and unit), else its total's."""
from __future__ import annotations

from dataclasses import dataclass

from .clauses import Windows
from .labels import CueGroup
from .reading import Context, Reading
from .spans import Tagged, TaggedList, inside, within_one


@dataclass(frozen=True)
class DirectionCues:
    """A document's cue words as the direction rule reads them."""
    level_ends: frozenset[int]  # where a "reduce to" verb ends ("giảm còn": a level, not a change)
    nouns: list[Tagged]  # direction nouns


def direction_cues(cues: TaggedList) -> DirectionCues:
    """Collect the level verbs' ends and the direction nouns of a document's cue words."""
    return DirectionCues(
        level_ends=frozenset(c.end for c in cues if c.label.group == CueGroup.LEVEL_DIRECTIONS),
        nouns=[c for c in cues if c.label.group == CueGroup.DIRECTION_NOUNS])


@dataclass(frozen=True)
class DirectionReading:
    """The direction a quantity takes and the verb that says it, if any."""
    direction: str | None
    cue: Tagged | None = None
    level: bool = False  # the verb says a level is reached ("giảm còn 1,5%")
    inherited_from: Reading | None = None  # the quantity whose verb it takes (its changing too)


def is_direction_verb(ctx: Context, dc: DirectionCues, c: Tagged) -> bool:
    """Is the cue a direction verb: not inside an indicator phrase nor a direction noun?"""
    return (c.label.group == CueGroup.DIRECTIONS and not within_one(ctx.spans.indicators, c.start, c.end)
            and not any(n.start <= c.start and c.end <= n.end for n in dc.nouns))


def nearest_verb(ctx: Context, dc: DirectionCues, start: int, end: int) -> Tagged | None:
    """The direction verb nearest to `end` in [start, end), outside closed parenthesis groups; of
    verbs ending together, the longest."""
    for a, b in reversed(ctx.idx.without_groups(start, end)):
        found = [c for c in inside(ctx.spans.cues, a, b) if is_direction_verb(ctx, dc, c)]
        if found:
            return max(found, key=lambda c: (c.end, c.end - c.start))
    return None


def coordinated(prev: Reading, r: Reading, w: Windows) -> bool:
    """Is r a figure listed after the previous one of its clause (";"-bounded), of the same indicator
    and unit, with no verb of its own: "Có thêm 10 xã đạt chuẩn nông thôn mới nâng cao, 05 xã đạt
    chuẩn nông thôn mới kiểu mẫu", "đạt 72,5%, trong đó có bằng cấp, chứng chỉ 31,5%"?"""
    return (prev.q.end > w.clause and prev.indicator is not None and prev.indicator == r.indicator
            and prev.q.unit == r.q.unit)


def read_direction(ctx: Context, dc: DirectionCues, r: Reading, readings: list[Reading], w: Windows,
                   prev_post_end: int) -> DirectionReading:
    """The direction of r: the nearest verb in its direction clause, after the previous quantity's
    post-modifier when that one is in the clause; else the previous quantity's in the comma clause,
    or in the ";" clause when it lists the same indicator in the same unit; else its parent's."""
    q = r.q
    prev = readings[-1] if readings else None
    start = max(w.local, prev_post_end) if prev and prev.q.end > w.local else w.local
    cue = nearest_verb(ctx, dc, start, q.start)
    if cue:
        return DirectionReading(cue.label.value, cue, cue.end in dc.level_ends)
    if prev and prev.q.end > w.local:
        return DirectionReading(prev.direction, inherited_from=prev)
    if prev and coordinated(prev, r, w):
        return DirectionReading(prev.direction, inherited_from=prev)
    if r.parent is not None:
        return DirectionReading(readings[r.parent].direction)
    return DirectionReading(None)
