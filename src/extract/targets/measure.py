"""The measure of a figure: share, growth, change or level (corpus/GOLD_GUIDE.md). One rule, read
by prose quantities and goal-table cells alike; they differ only in the evidence they bring (a
table cell has no cue words around it)."""
from __future__ import annotations

from dataclasses import dataclass

from .clauses import LIST, Windows
from .labels import CueGroup
from .lexicon import Indicator, Lexicon
from .reading import Context, Reading
from .spans import Tagged, inside


@dataclass(frozen=True)
class MeasureEvidence:
    """What the measure rule reads about one figure."""
    unit: str | None
    percent_of: str | None  # "100% xã": the things a percent is of
    info: Indicator | None  # its indicator's taxonomy entry
    share: bool = False  # a share word in its window or its indicator's name ("cơ cấu", "tỷ trọng")
    changing: bool = False  # governed by "tăng"/"giảm" (not "giảm còn": a level)
    added: bool = False  # a word of things added ("thêm", "mới")
    index: bool = False  # an index against the year before = 100 (a goal table's index column): growth


def measure_of(e: MeasureEvidence) -> str:
    """The measure from the unit, the indicator's type and the cue words: an index (the year before =
    100) is growth; a point change is a
    change; a ratio of a rate is a level, of anything else growth; a percent of things is a level
    (a change when changing); a percent is a share of an amount or count with a share word, a level
    of a rate (a change when changing), growth of an amount, count or index, and without an
    indicator growth when changing, a share with a share word, else a level; any other unit is a
    change when changing or added, else the indicator's default measure, else a level."""
    info = e.info
    if e.index:
        return "growth"
    if e.unit == "percentage_point":
        return "change"
    if e.unit == "times":  # "gấp 1,2 lần năm 2016": a ratio to the base, of an amount or a count
        return "level" if info is not None and info.type == "rate" else "growth"
    if e.percent_of:
        return "change" if e.changing else "level"
    if e.unit == "percent":
        if e.share and info is not None and info.type in ("amount", "count"):
            return "share"
        if info is None:
            return "growth" if e.changing else ("share" if e.share else "level")
        if info.type == "rate":
            return "change" if e.changing else "level"
        return "growth"
    if e.changing or e.added:
        return "change"
    if info is not None and info.measure:
        return info.measure
    return "level"


def names_a_share(lex: Lexicon, indicator_text: str | None) -> bool:
    """Does an indicator's name hold a share word ("Tỷ trọng công nghiệp chế biến")?"""
    return indicator_text is not None and any(w in indicator_text.lower() for w in lex.cues[CueGroup.SHARE])


def table_measure(lex: Lexicon, unit: str | None, info: Indicator | None, indicator_text: str,
                  index: bool = False) -> str:
    """The measure of a goal-table cell: the rule above with what a row says (its unit and its
    indicator's name) and whether its column is an index (the year before = 100)."""
    return measure_of(MeasureEvidence(unit=unit, percent_of=None, info=info,
                                      share=names_a_share(lex, indicator_text), index=index))


def prose_evidence(ctx: Context, r: Reading, w: Windows, direction_cue: Tagged | None,
                   level_direction: bool) -> MeasureEvidence:
    """The evidence of a quantity in prose: share words in its window or its list clause, its
    direction verb, words of things added in its direction clause."""
    q, cues = r.q, ctx.spans.cues
    window = inside(cues, w.start, q.start) + inside(cues, ctx.idx.clause_start(q.start, LIST), q.start)
    share = any(c.label.group == CueGroup.SHARE for c in window) or names_a_share(ctx.lex, r.indicator_text)
    changing = (direction_cue is not None and direction_cue.label.value in ("increase", "decrease")
                and not level_direction)
    added = any(c.label.group == CueGroup.CHANGE for c in inside(cues, w.local, q.start))
    return MeasureEvidence(unit=q.unit, percent_of=q.percent_of,
                           info=ctx.lex.indicators.get(r.indicator) if r.indicator else None,
                           share=share, changing=changing, added=added)


def prose_measure(ctx: Context, r: Reading, readings: list[Reading], source: Reading | None,
                  direction_cue: Tagged | None, level_direction: bool, w: Windows) -> str:
    """The measure of a quantity in prose: its parent's when it names the same indicator, a share
    when inherited from the previous quantity of the same unit that is a share, else the rule."""
    q = r.q
    prev = readings[-1] if readings else None
    if r.parent is not None and r.indicator == readings[r.parent].indicator:
        inherited = readings[r.parent].measure
        assert inherited is not None  # every reading has its measure once read
        return inherited
    if source is not None and source is prev and prev.q.unit == q.unit and prev.measure == "share":
        return "share"
    return measure_of(prose_evidence(ctx, r, w, direction_cue, level_direction))
