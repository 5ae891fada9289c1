"""Extract: SegmentedDocument -> list[Target].

The spaCy pipeline (`extract.nlp`) finds quantities, indicator phrases, breakdown words and cue
words; this stage ties each quantity to its indicator and reads its measure, direction, kind and
year from the clause and the headings around it. The rules, in the order they are tried:

indicator  1. a phrase after the number, up to the next delimiter ("43 trường đạt chuẩn quốc gia"),
              else the nearest phrase before it in its clause ("thu ngân sách đạt 15.500 tỷ đồng");
              passed over: a phrase that cannot measure the quantity's unit (a count indicator for
              money, an amount indicator for things), and one after "trong" when another precedes
              it ("tỷ trọng kinh tế số trong GRDP": the whole);
           2. the quantity a parenthesis follows ("69 dự án (46 dự án trong nước, ...)");
           3. the previous quantity of the clause, when the units agree, this one is a percent or a
              ratio ("đạt 15.500 tỷ đồng, giảm 3,4%"), or that one is a percent of an indicator that
              fits this one ("tăng 8% ..., đạt 12.500 tỷ đồng");
           4. the head of a list ("Cơ cấu kinh tế: Nông nghiệp 9% - Công nghiệp 62% ..."), if it fits.
breakdown  a part name that names the indicator too ("thu nội địa"), else a qualifier of that
           indicator after the number, else before it ("46 dự án trong nước", "nông nghiệp 9%").
direction  the nearest direction verb before the number in its clause, skipping verbs inside
           indicator phrases and nouns ("tốc độ tăng trưởng"); parts in parentheses take their total's.
kind, year the clause's own words ("phấn đấu", "ước đạt", "năm 2021"; not a base year after "so
           với"), else the innermost heading that says ("TÌNH HÌNH THỰC HIỆN ... NĂM 2020", "MỤC TIÊU
           ... NĂM 2021"), else the plan year; a yearly average ("2%/năm") takes its headings' period.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from .lexicon import load_lexicon
from ..text.time import HEADING_YEAR, PERIOD_IN_CLAUSE, SENTENCE_YEAR, YEAR_IN_CLAUSE
from ..models import Quantity, SegmentedDocument, Target
from .nlp import lexicon_spans
from .quantities import find_quantities
from .tables import goal_tables

CURRENCIES = {"VND", "USD"}
SENTENCE_END = regex.compile(r"\n|[.!?](?=\s+[\p{Lu}\d\-\"“])|[.!?]$")
HARD = ";:"  # clause delimiters for indicator windows
SOFT = ",;:"  # clause delimiters for direction windows
POST_STOP = regex.compile(r"[,;:()\n]|\.(?=\s|$)|\s-\s|\svới\s|\strong đó\b")
# Words that open an attribute or a part list: a verb before them governs something else
# ("thu hút thêm 69 dự án với tổng vốn 13 nghìn tỷ đồng": "thêm" is not the capital's).
DIRECTION_BARRIER = regex.compile(r"\b(?:với|trong đó|trong số đó)\b", regex.I)
# (a heading's year, not a base year: a run-in item's title is its first sentence, "... tăng 6% so với năm 2022")


@dataclass
class Tagged:
    """A lexicon span reduced to character offsets and its label."""
    start: int
    end: int
    label: str
    text: str


@dataclass
class Reading:
    """What this stage decided about one quantity (kept to let later quantities inherit it)."""
    q: Quantity
    indicator: str | None = None
    indicator_text: str | None = None
    breakdown: str | None = None
    measure: str | None = None
    direction: str | None = None
    parent: int | None = None


class TextIndex:
    """Precomputed structure of a text: sentences and parenthesis groups."""

    def __init__(self, text: str):
        self.text = text
        self.stops: dict[str, list[int]] = {}
        self.sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
        # innermost open "(" before each position, and every closed group (start, end)
        # (the innermost open group changes only at "(", ")" and line breaks: fill between them)
        self.open_at = [-1] * (len(text) + 1)
        self.groups: list[tuple[int, int]] = []
        stack: list[int] = []
        pos = 0  # open_at is filled up to here
        for m in regex.finditer(r"[()\n]", text):
            i, ch = m.start(), m.group()
            if stack:
                self.open_at[pos:i + 1] = [stack[-1]] * (i + 1 - pos)
            pos = i + 1
            if ch == "(":
                stack.append(i)
            elif ch == ")" and stack:
                self.groups.append((stack.pop(), i + 1))
            elif ch == "\n":
                stack.clear()
        if stack:
            self.open_at[pos:] = [stack[-1]] * (len(text) + 1 - pos)
        self.groups.sort()

    def sentence_start(self, pos: int) -> int:
        return self.sentence_starts[bisect.bisect_right(self.sentence_starts, pos) - 1]

    def sentence_end(self, pos: int) -> int:
        i = bisect.bisect_right(self.sentence_starts, pos)
        return self.sentence_starts[i] if i < len(self.sentence_starts) else len(self.text)

    def clause_start(self, pos: int, delimiters: str) -> int:
        """Scan back from `pos` to the last delimiter, unmatched "(" or sentence start,
        stepping over closed parenthesis groups."""
        floor = self.sentence_start(pos)
        stops = self._stops(delimiters)
        depth = 0
        # only the characters that can stop the scan are visited (their positions, kept per set)
        for k in range(bisect.bisect_left(stops, pos) - 1, -1, -1):
            i = stops[k]
            if i < floor:
                break
            ch = self.text[i]
            if ch == ")":
                depth += 1
            elif ch == "(":
                if depth == 0:
                    return i + 1
                depth -= 1
            elif depth == 0 and not (ch in ",." and self._inside_number(i)):
                return i + 1
        return floor

    def _stops(self, delimiters: str) -> list[int]:
        """The positions of the parentheses and of the delimiters, in order (computed once per set)."""
        if delimiters not in self.stops:
            chars = regex.compile("[" + regex.escape("()" + delimiters) + "]")
            self.stops[delimiters] = [m.start() for m in chars.finditer(self.text)]
        return self.stops[delimiters]

    def _inside_number(self, i: int) -> bool:
        return 0 < i < len(self.text) - 1 and self.text[i - 1].isdigit() and self.text[i + 1].isdigit()

    def without_groups(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of [start, end) outside closed parenthesis groups that lie wholly inside it."""
        parts, pos = [], start
        for g0, g1 in self.groups:
            if g0 >= start and g1 <= end and g0 >= pos:
                parts.append((pos, g0))
                pos = g1
        parts.append((pos, end))
        return [(a, b) for a, b in parts if b > a]


def lines_to_tag(seg: SegmentedDocument, quantities: list[Quantity]) -> list[tuple[int, int]]:
    """The lines of the text whose lexicon phrases this stage reads, as (start, end) ranges in
    order: lines that hold a quantity (every window around a quantity stays inside its sentence,
    and a sentence inside its line), the heading lines of sections over a quantity (kind and year
    from headings; bullets are not headings there) and table cells (goal tables). Tagging only
    these gives the same spans there as tagging the whole text."""
    text = seg.text
    starts = [0] + [m.end() for m in regex.finditer(r"\n", text)]
    wanted: set[int] = set()

    def cover(a: int, b: int) -> None:
        first = bisect.bisect_right(starts, a) - 1
        last = bisect.bisect_right(starts, max(a, b - 1)) - 1
        wanted.update(range(first, last + 1))

    for q in quantities:
        cover(q.start, q.end)
    quantity_starts = [q.start for q in quantities]
    for s in seg.sections:  # the headings kind_and_year reads: those over a quantity, bullets aside
        i = bisect.bisect_left(quantity_starts, s.char_start)
        if s.kind != "bullet" and i < len(quantity_starts) and quantity_starts[i] < s.char_end:
            cover(s.char_start, s.heading_end)
    for p in seg.norm.paragraphs:
        if p.cell is not None:
            cover(p.start, p.end)
    ends = starts[1:] + [len(text) + 1]
    return [(starts[i], ends[i] - 1) for i in sorted(wanted)]


class TaggedList(list):
    """Lexicon spans in order of their start, with the starts kept for bisection."""

    def __init__(self, spans):
        super().__init__(sorted(spans, key=lambda s: s.start))
        self.starts = [s.start for s in self]


def within_one(spans: TaggedList, start: int, end: int) -> bool:
    """Does one of the spans (which do not overlap: indicator phrases) contain [start, end)?"""
    i = bisect.bisect_right(spans.starts, start) - 1
    return i >= 0 and spans[i].end >= end


def inside(spans: TaggedList, start: int, end: int) -> list[Tagged]:
    """The spans that lie wholly inside [start, end), in order."""
    lo, hi = bisect.bisect_left(spans.starts, start), bisect.bisect_left(spans.starts, end)
    return [s for s in spans[lo:hi] if s.end <= end]


def extract(seg: SegmentedDocument, doc_id: str) -> list[Target]:
    """Given a segmented document, return one Target per quantity in its body."""
    text = seg.text
    lex = load_lexicon()
    idx = TextIndex(text)
    found = find_quantities(text)
    spans = {key: TaggedList(Tagged(*span) for span in spans)
             for key, spans in lexicon_spans(text, lines_to_tag(seg, found)).items()}
    body_end = max((s.char_end for s in seg.sections), default=len(text))
    quantities = [q for q in found if seg.body_start <= q.start < body_end]
    indicators = spans["indicators"]
    qualifiers: dict[str, list[Tagged]] = {}  # by indicator code, in order
    for span in spans["qualifiers"]:
        qualifiers.setdefault(span.label.split(":")[0], []).append(span)
    table_targets, table_ranges = goal_tables(seg, doc_id, indicators, qualifiers)
    quantities = [q for q in quantities if not any(a <= q.start < b for a, b in table_ranges)]
    # A number inside an indicator's name is part of the name: "trẻ em dưới 5 tuổi suy dinh dưỡng".
    quantities = [q for q in quantities if not within_one(indicators, q.start, q.end)]
    cues = spans["cues"]
    level_direction_ends = {c.end for c in cues if c.label == "level_directions"}
    direction_nouns = [c for c in cues if c.label == "direction_nouns"]
    groups_with_quantities = [g for g in idx.groups if any(g[0] < q.start < g[1] for q in quantities)]

    readings: list[Reading] = []
    targets: list[Target] = []
    prev_post_end = 0
    for qi, q in enumerate(quantities):
        r = Reading(q=q)
        clause = idx.clause_start(q.start, HARD)
        window_start = clause
        prev = readings[-1] if readings else None
        if prev and prev.q.end > window_start and idx.open_at[prev.q.start] == idx.open_at[q.start]:
            window_start = prev.q.end
        for g0, g1 in groups_with_quantities:  # a closed group of other quantities ends the window
            if window_start <= g0 and g1 <= q.start:
                window_start = g1
        post_stop = POST_STOP.search(text, q.end)
        post_end = post_stop.start() if post_stop else len(text)
        nxt = quantities[qi + 1].start if qi + 1 < len(quantities) else len(text)
        post_end = min(post_end, nxt)

        # 1. the quantity's own indicator phrase
        after = [s for s in indicators if q.start <= s.start < post_end]
        before = inside(indicators, window_start, q.start)
        if q.unit == "percent" and len(after) > 1:
            # "100% khu công nghiệp ... xử lý nước thải tập trung": a percent is a rate's, if one is named
            rates = [s for s in after if lex.indicators[s.label.split(":")[0]].type == "rate"]
            after = rates or after
        if q.unit == "percent" and not q.percent_of and before:
            after = []  # "chiếm 20% GRDP": what follows a bare percent is the whole, not the indicator
        # "tổng vốn đầu tư ... thu hút đạt 4.700 triệu USD": an amount of money is not a count's
        # ("thu hút" names projects attracted), nor a count of things an amount's
        after = [s for s in after if fits(lex, s, q)] or after
        before = [s for s in before if fits(lex, s, q)] or before
        # "tỷ trọng kinh tế số trong GRDP đạt 12%": the phrase after "trong" is the whole, not the indicator
        before = [s for k, s in enumerate(before) if not (k and WITHIN_WHOLE.search(text, max(0, s.start - 12), s.start))] or before
        own = after[0] if after else (before[-1] if before else None)
        # parent: the quantity right before the "(" that opens this quantity's group
        g = idx.open_at[q.start]
        if g >= 0:
            for j in range(len(readings) - 1, -1, -1):
                if readings[j].q.end <= g and not text[readings[j].q.end:g].strip():
                    r.parent = j
                    break
        source: Reading | None = None
        head = list_head(idx, indicators, q.start) if not own else None
        if head and not fits(lex, head, q):  # "cơ cấu kinh tế: ...; sản lượng lương thực 1,6 triệu tấn"
            head = None
        if own:
            code, _, part = own.label.partition(":")
            r.indicator, r.indicator_text, r.breakdown = code, own.text, part or None
        elif head and g >= 0 and head.start > g:  # a list inside this parenthesis: "(Giá trị sản xuất: ...)"
            r.indicator, r.indicator_text = head.label.partition(":")[0], head.text
        elif r.parent is not None:
            source = readings[r.parent]
        elif prev and prev.q.end > clause and prev.indicator and (
                units_agree(prev.q, q) or prev.q.unit == "percent" and fits(lex, prev.indicator, q)):
            # (an amount after its own growth: "đạt từ 8 đến 8,5% ..., phấn đấu đạt tối thiểu 12.500 tỷ đồng")
            source = prev
        elif head:
            r.indicator, r.indicator_text = head.label.partition(":")[0], head.text
        if source:
            r.indicator, r.indicator_text = source.indicator, source.indicator_text
            if source is prev and r.parent is None and not qualifier_for(r.indicator, qualifiers, q, window_start, post_end):
                r.breakdown = source.breakdown
        if r.indicator and r.breakdown is None:
            found = qualifier_for(r.indicator, qualifiers, q, window_start, post_end)
            if found:
                r.breakdown = found
        if r.parent is None and r.breakdown and r.indicator:
            r.parent = total_before(readings, r, q, idx)
        if r.indicator is None:
            r.indicator_text = unknown_indicator_text(text, window_start, q.start, post_end, q)

        # direction: nearest direction verb in the comma-bounded clause, after the previous
        # quantity and its post-modifier, outside indicator phrases; else the coordinated
        # previous quantity's ("thêm 3 khu công nghiệp và 14 cụm công nghiệp"), else the total's
        local = idx.clause_start(q.start, SOFT)
        barrier = [m.end() for m in DIRECTION_BARRIER.finditer(text, local, q.start)]
        local = max([local] + barrier)
        direction_start = max(local, prev_post_end) if prev and prev.q.end > local else local
        direction_cue = None
        for a, b in reversed(idx.without_groups(direction_start, q.start)):
            found = [c for c in inside(cues, a, b) if c.label.startswith("directions:")
                     and not within_one(indicators, c.start, c.end)
                     and not any(n.start <= c.start and c.end <= n.end for n in direction_nouns)]
            if found:
                direction_cue = max(found, key=lambda c: (c.end, c.end - c.start))
                break
        level_direction = False
        if direction_cue:
            r.direction = direction_cue.label.split(":")[1]
            level_direction = direction_cue.end in level_direction_ends
        elif prev and prev.q.end > local:
            r.direction = prev.direction
        elif r.parent is not None:
            r.direction = readings[r.parent].direction

        # measure
        if r.parent is not None and r.indicator == readings[r.parent].indicator:
            r.measure = readings[r.parent].measure
        elif source is prev and source is not None and prev.q.unit == q.unit and prev.measure == "share":
            r.measure = "share"
        else:
            r.measure = measure_of(r, q, lex, cues, idx, window_start, local, direction_cue, level_direction)
        readings.append(r)
        prev_post_end = post_end

        kind, year, period = kind_and_year(seg, idx, cues, q, clause)
        if q.role:  # "45.799/36.875 tỷ đồng": achieved against planned
            kind = "actual" if q.role == "achieved" else "target"
        section = seg.enclosing_sections(q.start)
        s0 = idx.clause_start(q.start, ";")
        s1 = min([m for m in (text.find(";", q.end), idx.sentence_end(q.end)) if m >= 0] or [len(text)])
        indicator_info = lex.indicators.get(r.indicator) if r.indicator else None
        targets.append(Target(
            doc_id=doc_id, kind=kind, year=year, period=period,
            section_path=section[-1].section_path if section else None,
            indicator=r.indicator, measure=r.measure, breakdown=r.breakdown, indicator_text=r.indicator_text,
            comparator=q.comparator, direction=r.direction, value=q.value, value_low=q.value_low,
            value_high=q.value_high, scale=q.scale, unit=q.unit,
            per=q.per or (indicator_info.per if indicator_info and q.unit in CURRENCIES else None),
            text=q.text, char_start=q.start, char_end=q.end, page=seg.norm.page_at(q.start),
            sentence=text[s0:s1].strip(), parent_index=r.parent))
    return targets + table_targets  # appended: parent_index values index the clause targets


PART_LIST = regex.compile(r"\btrong\s+(?:số\s+)?đó\b", regex.I)
WITHIN_WHOLE = regex.compile(r"\btrong\s+(?:tổng\s+)?$", regex.I)  # "... trong GRDP", "trong tổng ..." 


def total_before(readings: list[Reading], r: Reading, q: Quantity, idx: TextIndex) -> int | None:
    """The total a part belongs to when the part follows "trong đó" in the same sentence:
    "thu ngân sách 53.125 tỷ đồng, trong đó thu nội địa 38.725 tỷ đồng, ..."."""
    sentence = idx.sentence_start(q.start)
    for j in range(len(readings) - 1, -1, -1):
        t = readings[j]
        if t.q.start < sentence or t.indicator != r.indicator:
            return None  # the parts list must follow its total, with nothing else between
        if t.breakdown is None and t.q.unit == q.unit and t.q.unit != "percent":
            return j if PART_LIST.search(idx.text, t.q.end, q.start) else None
    return None


def fits(lex, indicator: Tagged | str, q: Quantity) -> bool:
    """May the indicator (a tagged phrase or a code) measure `q`? Not a count indicator for an
    amount of money, nor an amount indicator for a number of things (projects, communes, people...)."""
    code = indicator if isinstance(indicator, str) else indicator.label.split(":")[0]
    kind = lex.indicators[code].type
    if q.unit in CURRENCIES:
        return kind != "count"
    if q.unit not in (None, "percent", "percentage_point", "times"):
        return kind != "amount"
    return True


def units_agree(a: Quantity, b: Quantity) -> bool:
    """May `b` inherit `a`'s indicator? Same unit, two currencies, or a percent change or a ratio
    ("gấp 1,2 lần") of an amount."""
    if a.unit == b.unit:
        return True
    if a.unit in CURRENCIES and b.unit in CURRENCIES:
        return True
    return b.unit in ("percent", "times")


def qualifier_for(code: str, qualifiers: dict[str, list[Tagged]], q: Quantity, window_start: int,
                  post_end: int) -> str | None:
    """The breakdown a qualifier word of `code` gives the quantity: the first after it in its
    post-modifier, else the best before it in its window. `qualifiers` are grouped by code."""
    mine = qualifiers.get(code, [])
    after = [s for s in mine if q.end <= s.start < post_end]
    if after:
        return after[0].label.split(":")[1]
    before = [s for s in mine if window_start <= s.start and s.end <= q.start]
    if before:
        # the longest phrase ending last: "công nghiệp, xây dựng" over its "xây dựng"
        best = max(before, key=lambda s: (s.end, s.end - s.start))
        return best.label.split(":")[1]
    return None


def list_head(idx: TextIndex, indicators: list[Tagged], pos: int) -> Tagged | None:
    """The indicator phrase right before the last ":" of the sentence (or group) before `pos`."""
    floor = max(idx.sentence_start(pos), idx.open_at[pos] + 1)
    colon = idx.text.rfind(":", floor, pos)
    if colon < 0:
        return None
    head_start = idx.clause_start(colon, ";")
    found = inside(indicators, head_start, colon + 1)
    return found[-1] if found else None


def unknown_indicator_text(text: str, start: int, qstart: int, post_end: int, q: Quantity) -> str | None:
    before = text[start:qstart].strip(" ,;:(-")
    after = text[q.end:post_end].strip(" ,;:)-")
    phrase = before if before else after
    return phrase[-120:] if phrase else None


def measure_of(r: Reading, q: Quantity, lex, cues, idx, window_start, local, direction_cue,
               level_direction) -> str:
    """The measure of a quantity: share, growth, change or level, from its unit, its indicator's
    type and the cue words before it (see corpus/GOLD_GUIDE.md)."""
    info = lex.indicators.get(r.indicator) if r.indicator else None
    window = inside(cues, window_start, q.start) + inside(cues, idx.clause_start(q.start, ":;"), q.start)
    share = any(c.label == "share_cues" for c in window) or (
        r.indicator_text is not None and any(w in r.indicator_text.lower() for w in lex.cues["share_cues"]))
    changing = direction_cue is not None and direction_cue.label in ("directions:increase", "directions:decrease") \
        and not level_direction
    if q.unit == "percentage_point":
        return "change"
    if q.unit == "times":  # "gấp 1,2 lần năm 2016": a ratio to the base, of an amount or a count
        return "level" if info is not None and info.type == "rate" else "growth"
    if q.percent_of:  # "100% xã đạt chuẩn": the rate of those things
        return "change" if changing else "level"
    if q.unit == "percent":
        if share and info is not None and info.type in ("amount", "count"):
            return "share"
        if info is None:
            return "growth" if changing else ("share" if share else "level")
        if info.type == "rate":
            return "change" if changing else "level"
        return "growth"
    added = any(c.label == "change_cues" for c in inside(cues, local, q.start))
    if changing or added:
        return "change"
    if info is not None and info.measure:
        return info.measure
    return "level"


def kind_and_year(seg: SegmentedDocument, idx: TextIndex, cues: list[Tagged], q: Quantity,
                  clause: int) -> tuple[str, int | None, str | None]:
    """Kind (target or actual), year and period of a quantity from its clause, then its headings."""
    text = seg.text
    kind = None
    clause_cues = [c for c in inside(cues, clause, q.start) if c.label.startswith("kinds:")]
    if clause_cues:
        kind = clause_cues[-1].label.split(":")[1]
    headings = list(reversed(seg.enclosing_sections(q.start)))
    if kind is None:
        for s in headings:
            head_end = min(s.heading_end, s.char_start + len(s.label) + 3 + len(s.title))
            found = [c.label.split(":")[1] for c in inside(cues, s.char_start, head_end)
                     if c.label.startswith(("heading_kinds:", "kinds:"))]
            if found:
                kind = "actual" if "actual" in found else "target"
                break
    kind = kind or "target"

    clause_text = text[clause:q.start]
    period = None
    m = PERIOD_IN_CLAUSE.search(clause_text)
    if m:
        period = f"{m['a']}-{m['b']}"
    years = [int(m["y"]) for m in YEAR_IN_CLAUSE.finditer(clause_text)]
    if not years:
        # "Đến năm 2025, A đạt 70%; B đạt trên 95%": a year opening the sentence scopes all of it
        opening = SENTENCE_YEAR.match(text, idx.sentence_start(q.start), q.start)
        years = [int(opening["y"])] if opening else []
    year = years[-1] if years else None
    if year is None and period is None:
        titles = [text[s.char_start:min(s.heading_end, s.char_start + len(s.label) + 3 + len(s.title))]
                  for s in headings]
        if q.per == "year":  # "giảm bình quân 1,5 - 2%/năm": a yearly average is the period's
            pm = next((m for m in map(PERIOD_IN_CLAUSE.search, titles) if m), None)
            if pm:
                period = f"{pm['a']}-{pm['b']}"
        for title in titles if period is None else ():
            pm = PERIOD_IN_CLAUSE.search(title)
            if pm:
                period = f"{pm['a']}-{pm['b']}"
                break
            hm = list(HEADING_YEAR.finditer(title))
            if hm:
                year = int(hm[-1]["y"])
                break
    if year is None and period is None and seg.meta.plan_year:
        year = seg.meta.plan_year if kind == "target" else seg.meta.plan_year - 1
    return kind, year, period
