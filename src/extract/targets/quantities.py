"""The quantity grammar: numbers as Vietnamese resolutions write them, with scale words, units,
rates, ranges and comparators. Pure functions over normalised text; the spaCy component in
`extract.targets.nlp` puts what they find on `doc.spans`.

Conventions are in ../shared/reference/vietnamese-text.md §4: decimal comma and thousands dot
("13.593,9"), a dot with other than three digits after it is a decimal point ("7.5%"), leading
zeros ("05 xã"), scale words ("2,33 vạn" = 23 300), ranges ("(02 - 05) xã", "từ 7% đến 7,5%").
The words are data: units, scales and the grammar's own words in schemas/units.yaml, numbers in
words in schemas/number_words.yaml, comparators in schemas/cues.yaml (read by comparator.py).
"""
from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterator
from dataclasses import replace

import regex

from ..models import Quantity
from .clauses import literal_words
from .comparator import WORD_END, comparator_at, word_key
from .counted import counts_no_figure, misspelt_unit
from .lexicon import load_lexicon, load_number_words, load_words

# One number as written. Order matters: thousands groups first, so "1.100" is 1100, not 1.1.
NUMBER = r"""
    \d{1,3}(?:\.\d{3})+(?:,\d+)?   # 13.593,9  45.300  1.100      thousands dot, optional decimal comma
  | \d{1,3}(?:,\d{3}){2,}(?:\.\d+)?  # 1,234,567.5                  thousands comma (dot-decimal documents)
  | \d{1,3}(?:[\ \u202f]\d{3})+(?![\d.])(?:,\d+)?  # 13 593,9  1 500  thousands written with spaces
  | \d+,\d+                        # 6,46  2,33                   decimal comma
  | \d+\.\d+                       # 7.5  12.5                    a dot that cannot be thousands: decimal
  | \d+                            # 69  05
"""

# A number is not the start of a quantity when it is glued to a word or code before it:
# road codes "ĐT.379", "QL.5", "Covid-19", decrees "30/2020", and the second half of "7/2021".
NOT_AFTER = r"(?<![\p{L}\p{N}][-.]?)(?<![\p{N}][/,.])(?<!/)"
# ...or when a date or document-number part follows it: "7/2021", "22-06-2023", "01-NQ/TU".
NOT_BEFORE = r"(?![/]\d)(?!-\d{1,2}-\d)(?!\s*-\s*[A-ZĐ]{1,5}/)"
PARAGRAPH_LABEL = regex.compile(r"(?m)^\s*\d{1,2}(?:\.\d{1,2}){0,3}\s*[-.)]\s")
END = r"(?!\d)"  # a number ends where its digits end


def alternation(words) -> str:
    """Regex alternation of literal words, longest first, spaces matching any run of spaces."""
    return literal_words(list(words), any_spaces=True)


@functools.lru_cache(maxsize=1)
def grammar_words() -> dict[str, str]:
    """The grammar's own words (units.yaml grammar_words), each list as a regex alternation."""
    return {key: alternation(words) for key, words in load_words("units.yaml")["grammar_words"].items()}


@functools.lru_cache(maxsize=1)
def word_sequence() -> str:
    """A number in words: number words (reference §4.3-4.4) separated by spaces, whole words."""
    number_word = "(?:" + "|".join(sorted(load_number_words().all, key=len, reverse=True)) + ")"
    return rf"(?<![\p{{L}}\p{{M}}]){number_word}(?:\s+{number_word})*(?![\p{{L}}\p{{M}}])"


@functools.lru_cache(maxsize=1)
def quantity_pattern() -> regex.Pattern:
    """The quantity grammar as one verbose pattern, built from the units, scales and words of the data files."""
    lex = load_lexicon()
    units = alternation(f for forms in lex.units.values() for f in forms)
    pers = alternation(f for forms in lex.pers.values() for f in forms)
    scales = alternation(lex.scales)
    w = grammar_words()
    pattern = rf"""
    (?P<from>\b(?:{w["range_from"]})\s+)?                          # "từ 7% đến 7,5%"
    (?:
        \(\s*(?P<paren_low>{NUMBER}){END}\s*-\s*(?P<paren_high>{NUMBER}){END}\s*\)   # "(02 - 05) xã"
      | (?P<ratio_word>\b(?:{w["ratio"]})\s+)(?P<ratio>{NUMBER}){END}\s*(?P<times>{w["ratio_unit"]}){WORD_END}  # "gấp 1,2 lần"
      | {NOT_AFTER}(?P<achieved>{NUMBER}){END}(?:\s*(?P<pct0>%))?\s*/\s*             # "45.799/36.875 tỷ đồng"
        (?P<n1>{NUMBER}){END}(?![/]\d)(?:\s*(?P<pct1>%))?                          # "83,2%/50%"
      | {NOT_AFTER}(?P<n1>{NUMBER}){END}{NOT_BEFORE}
        (?:\s*(?P<pct1>%))?
        (?:\s*(?:-|{w["range_to"]})\s*(?P<n2>{NUMBER}){END}{NOT_BEFORE})?  # "7 - 7,5%", "từ 7% đến 7,5%"
      | (?P<words>{word_sequence()})                               # "mười lăm", "ba phẩy năm"
    )
    (?:\s*(?P<scale>{scales}){WORD_END}(?!\s+(?:{w["not_scale_before"]})(?![\p{{L}}\p{{M}}])))?  # "tỷ", "nghìn tỷ" (not "tỷ lệ")
    (?:\s*(?P<unit>%|(?:{units}){WORD_END}(?!\s+(?:{w["not_unit_before"]})(?![\p{{L}}\p{{M}}]))))?  # "đồng" (not "đồng chí")
    (?P<per>(?:\s*(?:/|\b(?:{w["per"]}))\s*(?:{pers}){WORD_END})*)       # "/người/năm", "trên 1 vạn dân"
    """
    return regex.compile(pattern, regex.VERBOSE | regex.IGNORECASE)


# Where a quantity can start: a digit, "(" of "(02 - 05)", or a word that opens one ("từ", "gấp", a
# number word). Trying the pattern only there gives what finditer gives (no match can start
# elsewhere) at a fraction of the cost: the regex engine's work per position dominates otherwise.
DIGIT_OR_PAREN = regex.compile(r"[\d(]")


@functools.lru_cache(maxsize=1)
def opening_words() -> tuple[str, ...]:
    """The words a quantity may start with: number words and the words opening a range or a ratio."""
    grammar = load_words("units.yaml")["grammar_words"]
    words = set(load_number_words().all) | set(grammar["range_from"]) | set(grammar["ratio"])
    return tuple(sorted(words, key=len, reverse=True))


def _is_letter(ch: str) -> bool:
    """Is `ch` a letter or a combining mark (part of a word)?"""
    return ch.isalpha() or unicodedata.combining(ch) > 0


def quantity_starts(text: str) -> list[int]:
    """Positions where a quantity may start, in order."""
    starts = {m.start() for m in DIGIT_OR_PAREN.finditer(text)}
    low = text.lower()
    if len(low) != len(text):  # "İ" lowers to two characters: lower letter by letter to keep offsets
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    n = len(low)
    for word in opening_words():
        size = len(word)
        i = low.find(word)
        while i >= 0:
            if (i == 0 or not _is_letter(low[i - 1])) and (i + size >= n or not _is_letter(low[i + size])):
                starts.add(i)
            i = low.find(word, i + 1)
    return sorted(starts)


def quantity_matches(text: str) -> Iterator[regex.Match]:
    """The matches of quantity_pattern() in text, leftmost and non-overlapping, as finditer."""
    pattern = quantity_pattern()
    end = 0
    for start in quantity_starts(text):
        if start < end:
            continue
        m = pattern.match(text, start)
        if m:
            yield m
            end = m.end()


@functools.lru_cache(maxsize=1)
def _surface_tables() -> tuple[dict[str, str], dict[str, str], dict[str, float]]:
    """Lower-case surface form -> canonical code, for units, denominators and scales."""
    lex = load_lexicon()
    unit_of = {f.lower(): code for code, forms in lex.units.items() for f in forms}
    per_of = {f.lower(): code for code, forms in lex.pers.items() for f in forms}
    scale_of = {k.lower(): v for k, v in lex.scales.items()}
    return unit_of, per_of, scale_of


@functools.lru_cache(maxsize=1)
def _percent_in_words() -> frozenset[str]:
    """The percent unit's forms in words ("phần trăm"): they make one number word a number."""
    return frozenset(word_key(f) for f in load_lexicon().units["percent"] if f != "%")


@functools.lru_cache(maxsize=1)
def _per_separator() -> regex.Pattern:
    """What separates the denominators of a per group: "/" or a per word."""
    return regex.compile(rf"/|\b(?:{grammar_words()['per']})\b")


THOUSANDS_SPACE = regex.compile(r"(?<=\d)[ \u202f](?=\d{3})")  # "13 593,9": spaces group thousands
THOUSANDS_GROUPS = {mark: regex.compile(rf"\d{{1,3}}(?:{regex.escape(mark)}\d{{3}})+") for mark in ".,"}


def parse_number(token: str, decimal: str = ",") -> float:
    """Given a number as written ("13.593,9", "7.5", "05") and the document's decimal mark,
    return its value. With a decimal comma a lone ".ddd" group is thousands ("45.799");
    with a decimal point the roles swap ("1,234.5")."""
    if token.isdecimal():  # digits alone: what every branch below gives them
        return float(token)
    thousands = "." if decimal == "," else ","
    if " " in token or "\u202f" in token:
        token = THOUSANDS_SPACE.sub("", token)
    if token.count(decimal) > 1:  # "1,234,567" can only be thousands, whatever the convention
        decimal, thousands = thousands, decimal
    if decimal in token:
        return float(token.replace(thousands, "").replace(decimal, "."))
    if THOUSANDS_GROUPS[thousands].fullmatch(token):
        return float(token.replace(thousands, ""))
    return float(token.replace(",", "."))


def _word_groups(words: list[str]) -> tuple[float, float, list[int] | None] | None:
    """Read number words left to right: (total of the scaled groups, the group being read, the
    decimals after the decimal point word); None if they are no number."""
    nw = load_number_words()
    total, small, pending = 0.0, 0.0, None
    last_scale, largest = 1.0, 1.0  # the last scale word; the largest one so far
    decimals: list[int] | None = None
    previous = None
    for w in words:
        if decimals is not None:
            if w not in nw.digits:
                return None
            decimals.append(nw.digits[w])
        elif w in nw.digits:
            d = nw.digits[w]
            if previous in nw.ten | nw.tens | nw.zero_tens:
                small += d
            elif pending is not None:
                return None  # two digits in a row: not a number
            else:
                pending = d
        elif w in nw.ten:
            small += 10
        elif w in nw.tens:
            small += (pending or 0) * 10
            pending = None
        elif w in nw.hundred:
            small += (pending if pending is not None else 1) * 100
            pending = None
        elif w in nw.scales:
            scale = nw.scales[w]
            group = small + (pending or 0)
            if scale > largest:
                total = (total + group) * scale
                largest = scale
            else:
                total += group * scale
            small, pending, last_scale = 0.0, None, scale
        elif w in nw.decimal_point:
            decimals = []
        elif w in nw.half:
            total += last_scale / 2 if last_scale > 1 else 0.5
        previous = w
    return total, small + (pending or 0), decimals


def parse_number_words(text: str) -> tuple[float, float] | None:
    """Given a number in words ("hai mươi mốt", "ba phẩy năm", "một triệu rưỡi"), return
    (value, scale): the value before the largest scale word and that scale's multiplier."""
    nw = load_number_words()
    words = text.lower().split()
    read = _word_groups(words)
    if read is None:
        return None
    total, group, decimals = read
    value = total + group
    if decimals:
        value += float("0." + "".join(map(str, decimals)))
    # The scale is the run of scale words that ends the number ("nghìn tỷ", "triệu" of "triệu rưỡi").
    scale, tail = 1.0, [w for w in words if w not in nw.half]
    while tail and tail[-1] in nw.scales:
        scale *= nw.scales[tail.pop()]
    return value / scale, scale


DECIMAL_COMMA = regex.compile(r"\d,(?:\d{1,2}|\d{4,})(?!\d)\s*(?:%|\p{L})")  # "6,46%": only a decimal
DOT_THOUSANDS = regex.compile(r"\d\.\d{3}\.\d{3}(?!\d)")  # "1.234.567": dots group thousands
DECIMAL_DOT = regex.compile(r"\d\.(?:\d{1,2}|\d{4,})(?!\d)\s*(?:%|\p{L})")  # "7.5%"
COMMA_THOUSANDS = regex.compile(r"\d,\d{3},\d{3}(?!\d)")  # "1,234,567"


def detect_decimal_mark(text: str) -> str:
    """The document's decimal mark: "," (the Vietnamese convention) unless the numbers that can
    only be decimals ("7.5%", "12.5%/năm") use a dot more often than a comma."""
    if "." not in text and "," not in text:  # every pattern below needs one
        return ","
    comma = len(DECIMAL_COMMA.findall(text)) + len(DOT_THOUSANDS.findall(text))
    dot = len(DECIMAL_DOT.findall(text)) + len(COMMA_THOUSANDS.findall(text))
    return "." if dot > comma else ","


def _percent_of_noun(m: regex.Match) -> bool:
    """Is the match a percent followed by the things it is of ("100% khu công nghiệp")?"""
    return bool(m.group("pct1") and m.group("unit") and m.group("unit") != "%")


def _is_word_number(m: regex.Match, unit_text: str | None) -> bool:
    """May a number in words be a quantity? Not when it opens with a word that only follows
    another, nor without a unit; one word alone ("năm", "một") is too often not a number: a
    scale word or a percent in words ("phần trăm") makes it one."""
    words = m.group("words").split()
    if words[0].lower() in load_number_words().never_first or not unit_text:
        return False
    return len(words) >= 2 or bool(m.group("scale")) or word_key(unit_text) in _percent_in_words()


def _start(m: regex.Match) -> int:
    """Where the quantity starts: at its first number ("(" of a parenthesised range, "từ" of a
    range it opens)."""
    start = m.start()
    for group in ("paren_low", "ratio", "achieved", "n1", "words"):
        if m.group(group) is not None:
            start = m.start(group) if group != "paren_low" else m.start()
            break
    if m.group("from") and (m.group("n2") or m.group("paren_low")):
        start = m.start()
    return start


def _end(m: regex.Match) -> int:
    """Where the quantity ends: after its per group, ratio word, unit, scale or percent sign."""
    if _percent_of_noun(m):
        return m.end("pct1")
    for group in ("per", "times", "unit", "scale"):
        if m.group(group):
            return m.end(group)
    return m.end("pct1")


def _unit_and_per(m: regex.Match, unit_text: str | None) -> tuple[str | None, str | None]:
    """The canonical unit and the canonical denominators ("person/year") of a match."""
    unit_of, per_of, _ = _surface_tables()
    unit: str | None
    if m.group("ratio"):
        unit = "times"
    elif unit_text:
        unit = "percent" if unit_text == "%" else unit_of.get(word_key(unit_text))
    else:
        unit = None
    per = None
    if m.group("per"):
        pers = [p.strip() for p in _per_separator().split(m.group("per")) if p.strip()]
        per = "/".join(per_of.get(word_key(p), p) for p in pers)
    return unit, per


def _values(m: regex.Match, decimal: str, scale: float) -> tuple[float | None, float | None, float | None, float] | None:
    """(value, low, high, scale) of a match: a range has low and high, a figure a value; a number
    in words may bring its own scale. None if the words are no number."""
    low = high = value = None
    if m.group("paren_low"):
        low, high = parse_number(m.group("paren_low"), decimal), parse_number(m.group("paren_high"), decimal)
    elif m.group("ratio"):
        value = parse_number(m.group("ratio"), decimal)
    elif m.group("words"):
        parsed = parse_number_words(m.group("words"))
        if parsed is None:
            return None
        value, word_scale = parsed
        if word_scale > 1:
            scale = word_scale * scale
    elif m.group("n2"):
        low, high = parse_number(m.group("n1"), decimal), parse_number(m.group("n2"), decimal)
    else:
        value = parse_number(m.group("n1"), decimal)
    return value, low, high, scale


class _LabelStarts:
    """Where a text's paragraph labels start, found on the first question (most texts ask none)."""

    def __init__(self, text: str):
        self.text = text
        self.starts: set[int] | None = None

    def any_in(self, start: int, end: int) -> bool:
        """Does a paragraph label start in [start, end)?"""
        if self.starts is None:
            self.starts = {m.start() for m in PARAGRAPH_LABEL.finditer(self.text)}
        return not self.starts.isdisjoint(range(start, end))


def _quantities_of(m: regex.Match, text: str, decimal: str, labels: _LabelStarts) -> list[Quantity]:
    """The quantities one match of the grammar gives: none (a bare number, a paragraph label, words
    that are no number), one (a part of a whole too: "412/530 trường"), or the two halves of an
    achieved/planned pair."""
    ratio, pct1, unit_group, scale_text, words = m.group("ratio", "pct1", "unit", "scale", "words")
    # The unit as written: "lần" of a ratio, "%" of a percent of things ("100% khu công nghiệp": a
    # percent of the things named after it, not a count of them), else the unit. The groups are
    # fetched at once: most matches are bare numbers, rejected below.
    unit_text = m.group("times") if ratio else "%" if pct1 and unit_group and unit_group != "%" else unit_group or pct1
    if words and not _is_word_number(m, unit_text):
        return []
    unit_at = m.start("unit") if unit_group else m.end()
    typo = None if ratio or pct1 else misspelt_unit(text, unit_at, unit_group)
    if not unit_text and not scale_text and not typo:
        return []
    start = _start(m)
    if not unit_text and not typo and labels.any_in(start - 4, start + 1):
        return []
    end = typo[1] if typo else _end(m)
    unit, per = (typo[0], None) if typo else _unit_and_per(m, unit_text)
    if counts_no_figure(text, start, unit_at, end, unit):  # "150 nghìn đảng viên", "350 đại biểu"
        return []
    unit_of, _, scale_of = _surface_tables()
    values = _values(m, decimal, scale_of[word_key(scale_text)] if scale_text else 1.0)
    if values is None:
        return []
    value, low, high, scale = values
    q = Quantity(start=start, end=end, text=text[start:end], value=value, value_low=low, value_high=high,
                 scale=scale, unit=unit, per=per,
                 comparator="range" if low is not None else comparator_at(text, start, end),
                 percent_of=unit_of.get(word_key(m.group("unit"))) if _percent_of_noun(m) else None)
    if m.group("achieved"):
        if unit in counted_in_wholes():  # "412/530 trường": 412 of the 530 schools, no plan
            return [replace(q, value=parse_number(m.group("achieved"), decimal))]
        return [replace(q, value=parse_number(m.group("achieved"), decimal), role="achieved"),
                replace(q, role="planned")]
    return [q]


@functools.lru_cache(maxsize=1)
def counted_in_wholes() -> frozenset[str]:
    """The units whose "a/b" is a part of a whole, not achieved/planned (units.yaml counted_in_wholes)."""
    return frozenset(load_words("units.yaml")["counted_in_wholes"])


def find_quantities(text: str, decimal: str | None = None) -> list[Quantity]:
    """Given normalised text, return every quantity in it: a number with a unit or a scale word.
    Bare numbers (years, counts of things we have no unit for, labels) are not quantities.
    An achieved/target pair ("45.799/36.875 tỷ đồng") gives two quantities, roles "achieved"
    and "planned", both spanning the pair."""
    decimal = decimal or detect_decimal_mark(text)
    labels = _LabelStarts(text)
    return [q for m in quantity_matches(text) for q in _quantities_of(m, text, decimal, labels)]


@functools.lru_cache(maxsize=8192)
def short_text_quantities(text: str) -> tuple[Quantity, ...]:
    """find_quantities(text) of a short text, remembered: a table's cells and unit cells repeat the
    same few texts ("%", "tỷ đồng", "7,5%"), and a Quantity is immutable."""
    return tuple(find_quantities(text))
