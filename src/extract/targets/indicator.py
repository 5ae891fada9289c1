"""Which indicator, breakdown and total a quantity belongs to (rules "indicator" and "breakdown"
of clauses.py): its own phrase, the quantity its parenthesis follows, the previous quantity of its
clause, the head of its list; the part name or qualifier word; the total before "trong đó"."""
from __future__ import annotations

import bisect
import functools

from ..data_files import load_yaml
from ..models import Quantity
from .clauses import TextIndex, Windows, after_whole_marker, is_part_list
from .counted import names_unit
from .lexicon import Lexicon
from .reading import Context, Reading
from .spans import Tagged, TaggedList, inside

CURRENCIES = {"VND", "USD"}


def fits(lex: Lexicon, indicator: Tagged | str, q: Quantity) -> bool:
    """May the indicator (a tagged phrase or a code) measure `q`? Not a count indicator for an
    amount of money, nor an amount indicator for a number of things (projects, communes, people...),
    nor a count indicator of other things than the units it counts in ("thu hút" projects for visits)."""
    code = indicator if isinstance(indicator, str) else indicator.label.group
    info = lex.indicators[code]
    if q.unit in CURRENCIES:
        return info.type != "count"
    if q.unit not in (None, "percent", "percentage_point", "times"):
        return info.type != "amount" and (not info.units or q.unit in info.units)
    return True


_UNIT_NAMERS: dict[int, tuple[Lexicon, tuple[tuple[str, tuple[str, ...]], ...]]] = {}


def unit_namers(lex: Lexicon) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(code, unit names) of the lexicon's indicators that have unit names, in taxonomy order;
    worked out once per lexicon (most indicators have none)."""
    known = _UNIT_NAMERS.get(id(lex))
    if known is None or known[0] is not lex:
        known = (lex, tuple((code, info.unit_names) for code, info in lex.indicators.items() if info.unit_names))
        _UNIT_NAMERS[id(lex)] = known
    return known[1]


def unit_named(lex: Lexicon, q: Quantity) -> str | None:
    """The indicator the quantity's own unit words name ("850 nghìn lượt khách": tourism arrivals;
    misspelt by a letter too: "3 triệu lượt khác"), if any."""
    return next((code for code, names in unit_namers(lex) if any(names_unit(q.text, name) for name in names)), None)


def units_agree(a: Quantity, b: Quantity) -> bool:
    """May `b` inherit `a`'s indicator? Same unit, two currencies, or a percent change or a ratio
    ("gấp 1,2 lần") of an amount."""
    if a.unit == b.unit:
        return True
    if a.unit in CURRENCIES and b.unit in CURRENCIES:
        return True
    return b.unit in ("percent", "times")


def phrases_after(indicators: TaggedList, start: int, end: int) -> list[Tagged]:
    """The indicator phrases that start in [start, end), in order."""
    lo, hi = bisect.bisect_left(indicators.starts, start), bisect.bisect_left(indicators.starts, end)
    return list(indicators[lo:hi])


def own_indicator(ctx: Context, q: Quantity, w: Windows) -> Tagged | None:
    """Rule 1: the phrase after the number in its post-modifier, else the nearest before it in its
    window. A percent with several phrases after it is a rate's, if one is named ("100% khu công
    nghiệp ... xử lý nước thải tập trung"); what follows a bare percent is the whole when a phrase
    precedes it ("chiếm 20% GRDP"); phrases that cannot measure the unit are passed over, and so is
    one after "trong" when another precedes it ("tỷ trọng kinh tế số trong GRDP": the whole)."""
    lex, indicators = ctx.lex, ctx.spans.indicators
    after = phrases_after(indicators, q.start, w.post_end)
    before = inside(indicators, w.start, q.start)
    if q.unit == "percent" and len(after) > 1:
        rates = [s for s in after if lex.indicators[s.label.group].type == "rate"]
        after = rates or after
    if q.unit == "percent" and not q.percent_of and before:
        after = []
    after = [s for s in after if fits(lex, s, q)] or after
    before = [s for s in before if fits(lex, s, q)] or before
    before = [s for k, s in enumerate(before) if not (k and after_whole_marker(ctx.text, s.start))] or before
    return after[0] if after else (before[-1] if before else None)


def parent_of(ctx: Context, readings: list[Reading], q: Quantity) -> int | None:
    """Rule 2: the quantity right before the "(" that opens this quantity's group, if any."""
    g = ctx.idx.open_at[q.start]
    if g < 0:
        return None
    for j in range(len(readings) - 1, -1, -1):
        if readings[j].q.end <= g and not ctx.text[readings[j].q.end:g].strip():
            return j
    return None


def list_head(idx: TextIndex, indicators: TaggedList, pos: int) -> Tagged | None:
    """Rule 4: the indicator phrase right before the last ":" of the sentence (or group) before `pos`."""
    floor = max(idx.sentence_start(pos), idx.open_at[pos] + 1)
    colon = idx.text.rfind(":", floor, pos)
    if colon < 0:
        return None
    head_start = idx.clause_start(colon, ";")
    found = inside(indicators, head_start, colon + 1)
    return found[-1] if found else None


def inherits_from_previous(ctx: Context, prev: Reading | None, q: Quantity, clause: int) -> bool:
    """Rule 3: may `q` take the previous quantity's indicator? That one must be in the clause and
    have an indicator, and the units agree, or it is a percent of an indicator that fits `q` (an
    amount after its own growth: "đạt từ 8 đến 8,5% ..., phấn đấu đạt tối thiểu 12.500 tỷ đồng")."""
    if not (prev and prev.q.end > clause and prev.indicator):
        return False
    return units_agree(prev.q, q) or prev.q.unit == "percent" and fits(ctx.lex, prev.indicator, q)


def assign_indicator(ctx: Context, r: Reading, readings: list[Reading], w: Windows) -> Reading | None:
    """Set r's indicator (and a part's breakdown) by rules 1-4, in order (a quantity whose unit words
    name an indicator takes it when no fitting phrase of its own does); return the reading it was
    inherited from (the parent's or the previous quantity's), if any."""
    q = r.q
    prev = readings[-1] if readings else None
    own = own_indicator(ctx, q, w)
    r.parent = parent_of(ctx, readings, q)
    named = unit_named(ctx.lex, q)
    if named and (own is None or not fits(ctx.lex, own, q)):  # "ngành du lịch đón 850 nghìn lượt khách"
        r.indicator, r.indicator_text = named, q.text
        return None
    head = list_head(ctx.idx, ctx.spans.indicators, q.start) if not own else None
    if head and not fits(ctx.lex, head, q):  # "cơ cấu kinh tế: ...; sản lượng lương thực 1,6 triệu tấn"
        head = None
    group = ctx.idx.open_at[q.start]
    source: Reading | None = None
    if own:
        r.indicator, r.indicator_text, r.breakdown = own.label.group, own.text, own.label.value
    elif head and group >= 0 and head.start > group:  # a list inside this parenthesis: "(Giá trị sản xuất: ...)"
        r.indicator, r.indicator_text = head.label.group, head.text
    elif r.parent is not None:
        source = readings[r.parent]
    elif inherits_from_previous(ctx, prev, q, w.clause):
        source = prev
    elif head:
        r.indicator, r.indicator_text = head.label.group, head.text
    if source:
        r.indicator, r.indicator_text = source.indicator, source.indicator_text
    return source


def qualifier_for(code: str, qualifiers: dict[str, list[Tagged]], q: Quantity, window_start: int,
                  post_end: int) -> str | None:
    """The breakdown a qualifier word of `code` gives the quantity: the first after it in its
    post-modifier, else the best before it in its window. `qualifiers` are grouped by code."""
    mine = qualifiers.get(code, [])
    after = [s for s in mine if q.end <= s.start < post_end]
    if after:
        return after[0].label.value
    before = [s for s in mine if window_start <= s.start and s.end <= q.start]
    if before:
        return longest_last(before).label.value
    return None


def longest_last(spans: list[Tagged]) -> Tagged:
    """The phrase ending last, the longest of those: "công nghiệp, xây dựng" over its "xây dựng"."""
    return max(spans, key=lambda s: (s.end, s.end - s.start))


def assign_breakdown(ctx: Context, r: Reading, source: Reading | None, prev: Reading | None, w: Windows) -> None:
    """Set r's breakdown when its phrase named none: the previous quantity's when inherited from
    it and no qualifier of its own says otherwise, else a qualifier word of its indicator."""
    if not r.indicator:
        return
    found = qualifier_for(r.indicator, ctx.spans.qualifiers, r.q, w.start, w.post_end)
    if source is not None and source is prev and r.parent is None and not found:
        r.breakdown = source.breakdown
    if r.breakdown is None and found:
        r.breakdown = found


def total_before(readings: list[Reading], r: Reading, q: Quantity, idx: TextIndex) -> int | None:
    """The total a part belongs to when the part follows "trong đó" in the same sentence:
    "thu ngân sách 53.125 tỷ đồng, trong đó thu nội địa 38.725 tỷ đồng, ..."."""
    sentence = idx.sentence_start(q.start)
    for j in range(len(readings) - 1, -1, -1):
        t = readings[j]
        if t.q.start < sentence or t.indicator != r.indicator:
            return None  # the parts list must follow its total, with nothing else between
        if t.breakdown is None and t.q.unit == q.unit and t.q.unit != "percent":
            return j if is_part_list(idx, t.q.end, q.start) else None
    return None


def unknown_indicator_text(text: str, start: int, qstart: int, post_end: int, q: Quantity) -> str | None:
    """The words that stand for an indicator the taxonomy does not know: those before the number
    in its window, else its post-modifier (at most 120 characters)."""
    before = text[start:qstart].strip(" ,;:(-")
    after = text[q.end:post_end].strip(" ,;:)-")
    phrase = before if before else after
    return phrase[-120:] if phrase else None


@functools.lru_cache(maxsize=1)
def national_counterparts() -> dict[str, str]:
    """Regional indicator code -> the national one its words name in a national document
    (indicators.yaml national_counterparts: grdp -> gdp)."""
    return dict(load_yaml("indicators.yaml").get("national_counterparts") or {})


def jurisdiction_indicator(code: str | None, jurisdiction: str | None) -> str | None:
    """The indicator a code stands for in a document of this jurisdiction: in a national one
    (Quốc hội, Chính phủ) "tổng sản phẩm trong nước (GDP)" is the country's GDP, not a province's
    GRDP; elsewhere the code itself."""
    if code is None or jurisdiction != "national":
        return code
    return national_counterparts().get(code, code)


def read_indicator(ctx: Context, r: Reading, readings: list[Reading], w: Windows) -> Reading | None:
    """Indicator, breakdown, parent (group or total) and indicator text of r, the indicator as the
    document's jurisdiction reads it (`jurisdiction_indicator`); return the reading the indicator
    was inherited from, if any."""
    prev = readings[-1] if readings else None
    source = assign_indicator(ctx, r, readings, w)
    assign_breakdown(ctx, r, source, prev, w)
    r.indicator = jurisdiction_indicator(r.indicator, ctx.seg.meta.jurisdiction)
    if r.parent is None and r.breakdown and r.indicator:
        r.parent = total_before(readings, r, r.q, ctx.idx)
    if r.indicator is None:
        r.indicator_text = unknown_indicator_text(ctx.text, w.start, r.q.start, w.post_end, r.q)
    return source

