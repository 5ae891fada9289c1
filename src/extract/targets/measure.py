"""The measure of a figure: share, growth, change or level, and what a percent is relative to
(corpus/GOLD_GUIDE.md, ../shared/DESIGN.md "Measure, kind and year"). One rule (`measure_of`), read
by prose quantities and goal-table cells alike; they differ only in the evidence they bring (a
table cell has no cue words around it). The words read around the number are data
(schemas/cues.yaml: share_wholes, plan_references, relative_openers, index_bases, plan_excess,
level_markers, rate_nouns, growth_nouns).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .clauses import LIST, Windows, literal_words
from .labels import CueGroup
from .lexicon import Indicator, Lexicon, load_lexicon
from .reading import Context, Reading
from .spans import inside, within_one
from .timeframe import prose_timeframe

LOOK_BEFORE = 40  # characters read before a number for the words that end right before it


@dataclass(frozen=True)
class MeasureEvidence:
    """What the measure rule reads about one figure."""
    unit: str | None
    percent_of: str | None  # "100% xã": the things a percent is of
    info: Indicator | None  # its indicator's taxonomy entry
    share: bool = False  # a share word in its window or its indicator's name ("cơ cấu", "tỷ trọng", "chiếm")
    changing: bool = False  # governed by "tăng"/"giảm" (not "giảm còn", "tăng lên": a level reached)
    added: bool = False  # a word of things added ("thêm", "mới")
    index: bool = False  # an index against the year before = 100 (a goal table's index column): growth
    whole_after: bool = False  # a whole right after the percent ("27% GRDP", "35% tổng thu"): a share
    relative_to: str | None = None  # "plan": a percent of a plan or budget estimate ("103,4% dự toán")
    excess: bool = False  # the percent by which the plan is exceeded or missed ("vượt 8,5% so với dự toán")
    rate_noun: bool = False  # a rate noun before it ("tỷ lệ xã đạt chuẩn ... đạt 100%")
    growth_noun: bool = False  # a growth noun before it ("tốc độ tăng trưởng ... đạt 8%")


def measure_of(e: MeasureEvidence) -> str:
    """The measure of a figure, in this order: an index (the year before = 100) is growth; a
    percent of a plan is a level, the percent by which it is exceeded or missed growth; a point
    change is a change; a ratio ("gấp 1,2 lần") of a rate is a level, of anything else growth; a
    percent of things ("100% xã") is a level (a change when changing); a percent by
    `percent_measure`; any other unit is a change when changing or added ("thêm 11 xã"), except
    for an indicator that is itself a flow (new jobs, new enterprises, projects attracted: its
    count is its level), else the indicator's default measure, else a level."""
    info = e.info
    if e.index:
        return "growth"
    if e.relative_to == "plan":
        return "growth" if e.excess else "level"
    if e.unit == "percentage_point":
        return "change"
    if e.unit == "times":  # "gấp 1,2 lần năm 2016": a ratio to the base, of an amount or a count
        return "level" if info is not None and info.type == "rate" else "growth"
    if e.percent_of:
        return "change" if e.changing else "level"
    if e.unit == "percent":
        return percent_measure(e)
    if (e.changing or e.added) and not (info is not None and info.flow):
        return "change"
    if info is not None and info.measure:
        return info.measure
    return "level"


def percent_measure(e: MeasureEvidence) -> str:
    """The measure of a percent: a share with a share word or a whole after it ("tỷ trọng ... đạt
    27% GRDP", "chiếm 35% tổng thu"), whatever the indicator (a rate's share that is changing is a
    change); a level of a rate, or of a count or no indicator after a rate noun ("tỷ lệ xã đạt
    chuẩn ... đạt 100%"), a change when changing; growth after a growth noun; without an indicator
    growth when changing, else a level; growth of an amount, a count or an index."""
    info = e.info
    rate = info is not None and info.type == "rate" or e.rate_noun and (info is None or info.type == "count")
    if e.share or e.whole_after:
        if info is not None and info.type in ("amount", "count", "index") or not e.changing:
            return "share"
        return "change" if rate else "growth"
    if rate:
        return "change" if e.changing else "level"
    if e.growth_noun or info is not None:
        return "growth"
    return "growth" if e.changing else "level"


@dataclass(frozen=True)
class MeasureWords:
    """The patterns of the words the measure rule reads around a number."""
    whole_after: regex.Pattern  # matched at the number's end
    plan_after: regex.Pattern  # matched at the number's end
    index_after: regex.Pattern  # matched at the number's end: "so với cùng kỳ", "so với năm 2023"
    excess_before: regex.Pattern  # searched in the text right before the number
    level_before: regex.Pattern  # searched in the text right before the number
    rate_noun: regex.Pattern
    growth_noun: regex.Pattern


@functools.lru_cache(maxsize=1)
def measure_words() -> MeasureWords:
    """Build the measure rule's patterns from schemas/cues.yaml."""
    cues = load_lexicon().cues
    comparators = literal_words([w for words in cues["comparators"].values() for w in words]
                                + list(cues["comparator_fillers"]), True)

    def words(key: str) -> str:
        return literal_words(list(cues[key]), True)

    end = r"(?![\p{L}\p{M}\p{N}])"
    before_number = rf"(?:\s+(?:{comparators}))*\s*$"
    return MeasureWords(
        whole_after=regex.compile(rf"\s*(?:{words('share_wholes')}){end}", regex.I),
        plan_after=regex.compile(rf"\s*(?:(?:{words('relative_openers')})\s+)?(?:{words('plan_references')}){end}",
                                 regex.I),
        index_after=regex.compile(rf"\s*(?:{words('relative_openers')})\s+(?:(?P<previous>{words('index_bases')})"
                                  rf"|năm\s+(?P<year>\d{{4}})){end}", regex.I),
        excess_before=regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{words('plan_excess')}){before_number}", regex.I),
        level_before=regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{words('level_markers')}){before_number}", regex.I),
        rate_noun=regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{words('rate_nouns')}){end}", regex.I),
        growth_noun=regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{words('growth_nouns')}){end}", regex.I))


def relative_to_of(text: str, start: int, end: int, unit: str | None) -> str | None:
    """What the percent text[start:end] is relative to: "plan" when a plan or budget estimate
    follows it ("đạt 103,4% dự toán", "vượt 8,5% so với dự toán", "bằng 99,2% kế hoạch"), else None."""
    if unit != "percent":
        return None
    return "plan" if measure_words().plan_after.match(text, end) else None


def index_base(text: str, end: int) -> str | int | None:
    """The base a comparison after the number at `end` names: "previous" for the same period or
    the year before ("so với cùng kỳ", "so với năm trước"), a year ("so với năm 2023"), else None."""
    m = measure_words().index_after.match(text, end)
    if m is None:
        return None
    return "previous" if m["previous"] else int(m["year"])


def index_relative_to(ctx: Context, r: Reading, changing: bool, w: Windows) -> str | None:
    """`previous_year` for a percent that is an index against the year before, as a goal table's
    "năm trước = 100" column: no change verb governs it (reached or equalled: "bằng 106,9% so với
    cùng kỳ", "đạt 104,5% so với năm trước"; "tăng 6,9% so với cùng kỳ" is the growth itself), near
    100 (at least cues.yaml index_floor: "đạt 8,5% so với năm 2021" is growth), and its base is the
    same period or the year before the figure's ("so với năm 2023" in 2024); else the relative_to
    already read (a plan's)."""
    q = r.q
    if r.relative_to or q.unit != "percent" or q.percent_of or changing or r.direction not in ("reach", None):
        return r.relative_to
    value = q.value if q.value is not None else q.value_low
    if value is None or value < float(load_lexicon().cues["index_floor"]):  # "đạt 8,5% so với năm 2021": growth
        return None
    base = index_base(ctx.text, q.end)
    if base is None:
        return None
    if base == "previous":
        return "previous_year"
    year = prose_timeframe(ctx.seg, ctx.idx, ctx.spans.cues, q, w.clause).year
    return "previous_year" if year is not None and base == year - 1 else None


def plan_comparator(text: str, start: int, relative_to: str | None, comparator: str) -> str:
    """The comparator of a percent of a plan: "vượt 8,5% so với dự toán" says by how much the plan is
    exceeded (eq), its "vượt" is the verb, not a bound; any other comparator as read."""
    if relative_to != "plan" or comparator in ("eq", "range"):
        return comparator
    excess = regex.search(rf"(?<![\p{{L}}\p{{M}}])(?:{literal_words(list(load_lexicon().cues['plan_excess']), True)})\s*$",
                          text[max(0, start - LOOK_BEFORE):start], regex.I)
    return "eq" if excess else comparator


def reaches_level(text: str, start: int) -> bool:
    """Does a level marker end right before the number at `start` ("tăng lên 40%", "nâng ... lên
    90%", "còn 7,5%"): the level reached, not the change?"""
    return measure_words().level_before.search(text, max(0, start - LOOK_BEFORE), start) is not None


def names_a_share(lex: Lexicon, indicator_text: str | None) -> bool:
    """Does an indicator's name hold a share word ("Tỷ trọng công nghiệp chế biến")?"""
    return indicator_text is not None and any(w in indicator_text.lower() for w in lex.cues[CueGroup.SHARE])


def names_a_change(lex: Lexicon, indicator_text: str | None, info: Indicator | None) -> bool:
    """Does a row's name hold a word of things added outside its indicator's own names ("Số xã đạt
    chuẩn nông thôn mới tăng thêm": "tăng thêm", not the "mới" of "nông thôn mới")?"""
    if indicator_text is None:
        return False
    text = indicator_text
    for name in name_patterns(info.names if info else ()):
        text = name.sub(" ", text)
    return change_words_pattern(tuple(lex.cues[CueGroup.CHANGE])).search(text) is not None


@functools.lru_cache(maxsize=1024)
def name_patterns(names: tuple[str, ...]) -> tuple[regex.Pattern, ...]:
    """An indicator's names as literal case-blind patterns, longest first (names_a_change blanks them
    out in this order); compiled once per indicator."""
    return tuple(regex.compile(regex.escape(name), regex.I) for name in sorted(names, key=len, reverse=True))


@functools.lru_cache(maxsize=4)
def change_words_pattern(words: tuple[str, ...]) -> regex.Pattern:
    """Any of the words of things added, as a whole word, case-blind: one search for what a search
    per word finds (the alternation backtracks into the next word where one fails)."""
    alternatives = "|".join(regex.escape(w) for w in words) or r"(?!)"
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{alternatives})(?![\p{{L}}\p{{M}}])", regex.I)


def table_measure(lex: Lexicon, unit: str | None, info: Indicator | None, indicator_text: str,
                  index: bool = False) -> str:
    """The measure of a goal-table cell: the rule above with what a row says (its unit, its
    indicator's name: share words, words of things added) and whether its column is an index
    (the year before = 100)."""
    return measure_of(MeasureEvidence(unit=unit, percent_of=None, info=info, share=names_a_share(lex, indicator_text),
                                      added=names_a_change(lex, indicator_text, info), index=index,
                                      rate_noun=measure_words().rate_noun.search(indicator_text) is not None))


def prose_evidence(ctx: Context, r: Reading, w: Windows, changing: bool) -> MeasureEvidence:
    """The evidence of a quantity in prose: share words in its window or its list clause, whether
    its direction changes it, words of things added in its direction clause (not inside an
    indicator's name: "nông thôn mới"; none when a level is reached: "nâng tổng số ... lên 120 xã"),
    the words right before and after it."""
    q, cues, text, words = r.q, ctx.spans.cues, ctx.text, measure_words()
    window = inside(cues, w.start, q.start) + inside(cues, ctx.idx.clause_start(q.start, LIST), q.start)
    share = any(c.label.group == CueGroup.SHARE for c in window) or names_a_share(ctx.lex, r.indicator_text)
    added = not reaches_level(text, q.start) and any(
        c.label.group == CueGroup.CHANGE and not within_one(ctx.spans.indicators, c.start, c.end)
        for c in inside(cues, w.local, q.start))
    before = text[w.start:q.start]
    return MeasureEvidence(
        unit=q.unit, percent_of=q.percent_of, info=ctx.lex.indicators.get(r.indicator) if r.indicator else None,
        share=share, changing=changing, added=added, whole_after=words.whole_after.match(text, q.end) is not None,
        relative_to=r.relative_to, index=r.relative_to == "previous_year",
        excess=words.excess_before.search(text, max(w.local, q.start - LOOK_BEFORE), q.start) is not None,
        rate_noun=words.rate_noun.search(before) is not None, growth_noun=words.growth_noun.search(before) is not None)


def prose_measure(ctx: Context, r: Reading, readings: list[Reading], source: Reading | None,
                  changing: bool, w: Windows) -> str:
    """The measure of a quantity in prose: its parent's when it names the same indicator, a share
    when inherited from the previous quantity of the same unit that is a share, else the rule. An
    index against the year before is found first (it sets r.relative_to: `index_relative_to`)."""
    q = r.q
    r.relative_to = index_relative_to(ctx, r, changing, w)
    prev = readings[-1] if readings else None
    if r.parent is not None and r.indicator == readings[r.parent].indicator and r.relative_to is None:
        inherited = readings[r.parent].measure
        assert inherited is not None  # every reading has its measure once read
        return inherited
    if source is not None and source is prev and prev.q.unit == q.unit and prev.measure == "share":
        return "share"
    return measure_of(prose_evidence(ctx, r, w, changing))


def is_changing(direction: str | None, level: bool, text: str, start: int) -> bool:
    """Does the figure's direction change it ("tăng 7%", "giảm 1,5%"), rather than say the level it
    reaches ("giảm còn 1,5%", "tăng lên 40%")?"""
    return direction in ("increase", "decrease") and not level and not reaches_level(text, start)

