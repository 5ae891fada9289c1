"""The clause rules of the targets stage: the sentence, clause and window of text around each
quantity that the other rules read (the words are data: schemas/clauses.yaml).

The spaCy pipeline (`extract.targets.nlp`) finds quantities, indicator phrases, breakdown words and
cue words; this stage ties each quantity to its indicator and reads its measure, direction, kind
and year from the clause and the headings around it. The rules, in the order they are tried (each
in the module named):

indicator  1. a phrase after the number, up to the next delimiter ("43 trường đạt chuẩn quốc gia"),
(indicator.py) else the nearest phrase before it in its clause ("thu ngân sách đạt 15.500 tỷ đồng");
              passed over: a phrase that cannot measure the quantity's unit (a count indicator for
              money, an amount indicator for things), and one after "trong" when another precedes
              it ("tỷ trọng kinh tế số trong GRDP": the whole);
           2. the quantity a parenthesis follows ("69 dự án (46 dự án trong nước, ...)");
           3. the previous quantity of the clause, when the units agree, this one is a percent or a
              ratio ("đạt 15.500 tỷ đồng, giảm 3,4%"), or that one is a percent of an indicator that
              fits this one ("tăng 8% ..., đạt 12.500 tỷ đồng");
           4. the head of a list ("Cơ cấu kinh tế: Nông nghiệp 9% - Công nghiệp 62% ..."), if it fits.
breakdown  a part name that names the indicator too ("thu nội địa"), else a qualifier of that
(indicator.py) indicator after the number, else before it ("46 dự án trong nước", "nông nghiệp 9%").
direction  the nearest direction verb before the number in its clause, skipping verbs inside
(direction.py) indicator phrases and nouns ("tốc độ tăng trưởng"); parts in parentheses take their total's.
measure    share, growth, change or level from the unit, the indicator's type and the cue words
(measure.py) before the number; table rows by the same rule.
kind, year the clause's own words ("phấn đấu", "ước đạt", "năm 2021"; not a base year after "so
(timeframe.py) với"), else the innermost heading that says ("TÌNH HÌNH THỰC HIỆN ... NĂM 2020", "MỤC TIÊU
           ... NĂM 2021"), else the plan year; a yearly average ("2%/năm") takes its headings' period.

The windows, decided here:
- a sentence ends at a line break, or at ".", "!", "?" before a capital, a digit, a dash or a quote;
- a clause starts after the last delimiter before the number (";" and ":" for the indicator window,
  also "," for the direction window), or after an unclosed "(", or at the sentence start; closed
  parenthesis groups are stepped over, and a "," or "." between digits is part of a number;
- the indicator window starts at the clause, or after the previous quantity when it is in the
  clause and in the same parenthesis, or after a closed group of other quantities;
- the post-modifier runs from the number to the next ",;:()", line break, sentence dot, " - ", a
  post-modifier stop word ("với", "trong đó") or the next quantity;
- the direction window starts after the last direction barrier word ("với", "trong đó") of the
  comma-bounded clause, and after the previous quantity's post-modifier when that one is in it.
"""
from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

import regex

from ..models import Quantity
from ..text.time import words_alternation as literal_words
from .lexicon import load_words

SENTENCE_END = regex.compile(r"\n|[.!?](?=\s+[\p{Lu}\d\-\"“])|[.!?]$")
HARD = ";:"  # clause delimiters for indicator windows
SOFT = ",;:"  # clause delimiters for direction windows
LIST = ":;"  # clause delimiters for the measure's cue window


@dataclass(frozen=True)
class ClausePatterns:
    """The patterns built from schemas/clauses.yaml."""
    post_stop: regex.Pattern  # where a post-modifier ends
    direction_barrier: regex.Pattern  # words after which an earlier verb governs something else
    part_list: regex.Pattern  # "trong đó": the parts of the total before follow
    within_whole: regex.Pattern  # "trong" right before a phrase: the phrase is the whole


@functools.lru_cache(maxsize=1)
def clause_patterns() -> ClausePatterns:
    """Build the clause patterns from the word lists of schemas/clauses.yaml."""
    words = load_words("clauses.yaml")
    stops = literal_words(words["post_modifier_stops"])
    return ClausePatterns(
        post_stop=regex.compile(rf"[,;:()\n]|\.(?=\s|$)|\s-\s|\s(?:{stops})\b"),
        direction_barrier=regex.compile(rf"\b(?:{literal_words(words['direction_barriers'])})\b", regex.I),
        part_list=regex.compile(rf"\b(?:{literal_words(words['part_list_openers'], True)})\b", regex.I),
        within_whole=regex.compile(rf"\b(?:{literal_words(words['whole_markers'], True)})\s+$", regex.I))


class TextIndex:
    """Precomputed structure of a text: sentences and parenthesis groups."""

    def __init__(self, text: str):
        self.text = text
        self.stops: dict[str, list[int]] = {}
        self.sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
        self.open_at, self.groups = parenthesis_groups(text)

    def sentence_start(self, pos: int) -> int:
        """Where the sentence holding `pos` starts."""
        return self.sentence_starts[bisect.bisect_right(self.sentence_starts, pos) - 1]

    def sentence_end(self, pos: int) -> int:
        """Where the sentence holding `pos` ends (the next one's start, or the text's end)."""
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
            # each character found by str.find, then all sorted: a third of a regex scan's time
            text, found = self.text, []
            for ch in set("()" + delimiters):
                i = text.find(ch)
                while i >= 0:
                    found.append(i)
                    i = text.find(ch, i + 1)
            found.sort()
            self.stops[delimiters] = found
        return self.stops[delimiters]

    def _inside_number(self, i: int) -> bool:
        """Is the "," or "." at `i` between two digits (part of a number, not a delimiter)?"""
        return 0 < i < len(self.text) - 1 and self.text[i - 1].isdigit() and self.text[i + 1].isdigit()

    def without_groups(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of [start, end) outside closed parenthesis groups that lie wholly inside it."""
        parts, pos = [], start
        # groups are sorted by start: only those starting in [start, end) can lie inside it
        for k in range(bisect.bisect_left(self.groups, (start, -1)), len(self.groups)):
            g0, g1 = self.groups[k]
            if g0 >= end:
                break
            if g1 <= end and g0 >= pos:
                parts.append((pos, g0))
                pos = g1
        parts.append((pos, end))
        return [(a, b) for a, b in parts if b > a]


def parenthesis_groups(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """The innermost open "(" before each position (-1: none), and every closed group (start, end)
    in order. A line break closes every open group. (The innermost open group changes only at "(",
    ")" and line breaks: the positions between them are filled at once.)"""
    open_at = [-1] * (len(text) + 1)
    groups: list[tuple[int, int]] = []
    stack: list[int] = []
    pos = 0  # open_at is filled up to here
    for m in regex.finditer(r"[()\n]", text):
        i, ch = m.start(), m.group()
        if stack:
            open_at[pos:i + 1] = [stack[-1]] * (i + 1 - pos)
        pos = i + 1
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            groups.append((stack.pop(), i + 1))
        elif ch == "\n":
            stack.clear()
    if stack:
        open_at[pos:] = [stack[-1]] * (len(text) + 1 - pos)
    groups.sort()
    return open_at, groups


@dataclass(frozen=True)
class Windows:
    """The stretches of text the rules read for one quantity."""
    clause: int  # where its clause starts (";" and ":" bound it)
    start: int  # where its indicator window starts
    post_end: int  # where its post-modifier ends
    local: int  # where its direction window starts, before the previous quantity is considered


def indicator_window_start(idx: TextIndex, q: Quantity, clause: int, prev: Quantity | None,
                           groups_with_quantities: list[tuple[int, int]]) -> int:
    """The indicator window starts at the clause; after the previous quantity when that one is
    in the clause and in the same parenthesis; after a closed group of other quantities."""
    start = clause
    if prev and prev.end > start and idx.open_at[prev.start] == idx.open_at[q.start]:
        start = prev.end
    # sorted by start: only the groups starting between the window's start and the quantity count
    for k in range(bisect.bisect_left(groups_with_quantities, (start, -1)), len(groups_with_quantities)):
        g0, g1 = groups_with_quantities[k]
        if g0 >= q.start:
            break
        if start <= g0 and g1 <= q.start:
            start = g1
    return start


def post_modifier_end(text: str, q: Quantity, next_start: int) -> int:
    """The end of the words after a quantity that may name its indicator: the next clause
    delimiter, sentence dot, " - " or stop word, or the next quantity."""
    stop = clause_patterns().post_stop.search(text, q.end)
    return min(stop.start() if stop else len(text), next_start)


def direction_clause_start(idx: TextIndex, q: Quantity) -> int:
    """The start of the comma-bounded clause of a quantity, after its last direction barrier."""
    local = idx.clause_start(q.start, SOFT)
    barrier = [m.end() for m in clause_patterns().direction_barrier.finditer(idx.text, local, q.start)]
    return max([local] + barrier)


def quantity_windows(idx: TextIndex, q: Quantity, prev: Quantity | None, next_start: int,
                     groups_with_quantities: list[tuple[int, int]]) -> Windows:
    """The clause, indicator window, post-modifier and direction clause of a quantity."""
    clause = idx.clause_start(q.start, HARD)
    return Windows(clause=clause, start=indicator_window_start(idx, q, clause, prev, groups_with_quantities),
                   post_end=post_modifier_end(idx.text, q, next_start), local=direction_clause_start(idx, q))


def sentence_of(idx: TextIndex, q: Quantity) -> str:
    """The sentence a target quotes: from the clause's ";" (or the sentence start) to the next ";"
    or the sentence end."""
    text = idx.text
    s0 = idx.clause_start(q.start, ";")
    s1 = min([m for m in (text.find(";", q.end), idx.sentence_end(q.end)) if m >= 0] or [len(text)])
    return text[s0:s1].strip()


def is_part_list(idx: TextIndex, start: int, end: int) -> bool:
    """Does a part-list opener ("trong đó") lie between start and end?"""
    return clause_patterns().part_list.search(idx.text, start, end) is not None


def after_whole_marker(text: str, pos: int) -> bool:
    """Is the phrase at `pos` right after "trong" (the whole: "tỷ trọng kinh tế số trong GRDP")?"""
    return clause_patterns().within_whole.search(text, max(0, pos - 12), pos) is not None
