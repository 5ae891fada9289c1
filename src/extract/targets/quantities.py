"""The quantity grammar: numbers as Vietnamese resolutions write them, with scale words, units,
rates, ranges and comparators. Pure functions over normalised text; the spaCy component in
`extract.nlp` puts what they find on `doc.spans`.

Conventions are in ../shared/reference/vietnamese-text.md §4: decimal comma and thousands dot
("13.593,9"), a dot with other than three digits after it is a decimal point ("7.5%"), leading
zeros ("05 xã"), scale words ("2,33 vạn" = 23 300), ranges ("(02 - 05) xã", "từ 7% đến 7,5%").
"""
from __future__ import annotations

import functools
import unicodedata
from typing import Iterator

import regex

from .lexicon import load_lexicon
from ..models import Quantity

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

WORD_END = r"(?![\p{L}\p{M}\p{N}])"
# "tỷ" (billion) is also the first syllable of "tỷ lệ" (rate) and "tỷ trọng" (share): "đến năm
# 2030 tỷ lệ đô thị hóa đạt 40%" holds no 2.030 billion.
NOT_A_WORD_OF_ITS_OWN = r"(?!\s+(?:lệ|trọng)(?![\p{L}\p{M}]))"
PARAGRAPH_LABEL = regex.compile(r"(?m)^\s*\d{1,2}(?:\.\d{1,2}){0,3}\s*[-.)]\s")


def alternation(words) -> str:
    """Regex alternation of literal words, longest first, spaces matching any run of spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in ordered)


# Numbers in words (reference §4.3-4.4): digits, tens, hundreds, scale words, "phẩy" (decimal
# comma), "rưỡi" (and a half), "linh"/"lẻ" (zero tens). Keep in sync with parse_number_words.
DIGIT_WORDS = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
               "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
SCALE_WORDS = {"nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
OTHER_WORDS = ["mười", "mươi", "trăm", "linh", "lẻ", "phẩy", "rưỡi"]
# A word number never starts with these (they only follow another number word): keeps "đầu tư"
# ("tư" = four) and the like out.
NOT_FIRST_WORDS = {"tư", "lăm", "nhăm", "mốt", "mươi", "linh", "lẻ", "phẩy", "rưỡi", "trăm"} | set(SCALE_WORDS)
NUMBER_WORD = "(?:" + "|".join(sorted(list(DIGIT_WORDS) + list(SCALE_WORDS) + OTHER_WORDS, key=len, reverse=True)) + ")"
WORD_SEQUENCE = rf"(?<![\p{{L}}\p{{M}}]){NUMBER_WORD}(?:\s+{NUMBER_WORD})*(?![\p{{L}}\p{{M}}])"
END = r"(?!\d)"  # a number ends where its digits end


@functools.lru_cache(maxsize=1)
def quantity_pattern() -> regex.Pattern:
    lex = load_lexicon()
    units = alternation(f for forms in lex.units.values() for f in forms)
    pers = alternation(f for forms in lex.pers.values() for f in forms)
    scales = alternation(lex.scales)
    pattern = rf"""
    (?P<from>\btừ\s+)?                                         # "từ 7% đến 7,5%"
    (?:
        \(\s*(?P<paren_low>{NUMBER}){END}\s*-\s*(?P<paren_high>{NUMBER}){END}\s*\)   # "(02 - 05) xã"
      | (?P<ratio_word>\bgấp\s+)(?P<ratio>{NUMBER}){END}\s*(?P<times>lần){WORD_END}      # "gấp 1,2 lần"
      | {NOT_AFTER}(?P<achieved>{NUMBER}){END}(?:\s*(?P<pct0>%))?\s*/\s*             # "45.799/36.875 tỷ đồng"
        (?P<n1>{NUMBER}){END}(?![/]\d)(?:\s*(?P<pct1>%))?                          # "83,2%/50%"
      | {NOT_AFTER}(?P<n1>{NUMBER}){END}{NOT_BEFORE}
        (?:\s*(?P<pct1>%))?
        (?:\s*(?:-|đến|tới)\s*(?P<n2>{NUMBER}){END}{NOT_BEFORE})?  # "7 - 7,5%", "từ 7% đến 7,5%"
      | (?P<words>{WORD_SEQUENCE})                               # "mười lăm", "ba phẩy năm"
    )
    (?:\s*(?P<scale>{scales}){WORD_END}{NOT_A_WORD_OF_ITS_OWN})?  # "tỷ", "nghìn tỷ", "vạn"
    (?:\s*(?P<unit>%|(?:{units}){WORD_END}))?                 # "đồng", "USD", "xã", "%"
    (?P<per>(?:\s*(?:/|\btrên)\s*(?:{pers}){WORD_END})*)       # "/người/năm", "trên 1 vạn dân"
    """
    return regex.compile(pattern, regex.VERBOSE | regex.IGNORECASE)


# Where a quantity can start: a digit, "(" of "(02 - 05)", or a word that opens one ("từ", "gấp", a
# number word). Trying the pattern only there gives what finditer gives (no match can start
# elsewhere) at a fraction of the cost: the regex engine's work per position dominates otherwise.
DIGIT_OR_PAREN = regex.compile(r"[\d(]")
OPENING_WORDS = tuple(sorted(set(DIGIT_WORDS) | set(SCALE_WORDS) | set(OTHER_WORDS) | {"từ", "gấp"}, key=len, reverse=True))


def _is_letter(ch: str) -> bool:
    return ch.isalpha() or unicodedata.combining(ch) > 0


def quantity_starts(text: str) -> list[int]:
    """Positions where a quantity may start, in order."""
    starts = {m.start() for m in DIGIT_OR_PAREN.finditer(text)}
    low = text.lower()
    if len(low) != len(text):  # "İ" lowers to two characters: lower letter by letter to keep offsets
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    n = len(low)
    for word in OPENING_WORDS:
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


WHITESPACE_RUN = regex.compile(r"\s+")


@functools.lru_cache(maxsize=1)
def _surface_tables() -> tuple[dict[str, str], dict[str, str], dict[str, float]]:
    lex = load_lexicon()
    unit_of = {f.lower(): code for code, forms in lex.units.items() for f in forms}
    per_of = {f.lower(): code for code, forms in lex.pers.items() for f in forms}
    scale_of = {k.lower(): v for k, v in lex.scales.items()}
    return unit_of, per_of, scale_of


@functools.lru_cache(maxsize=1)
def _comparator_patterns() -> tuple[regex.Pattern, regex.Pattern, dict[str, str], dict[str, str]]:
    cues = load_lexicon().cues
    before = {w.lower(): code for code, words in cues["comparators"].items() for w in words}
    after = {w.lower(): code for code, words in cues["comparators_after"].items() for w in words}
    before_re = regex.compile(rf"(?:^|[\s(:])(?P<w>{alternation(before)})\s*(?:mức\s+)?$", regex.IGNORECASE)
    after_re = regex.compile(rf"^\s*(?P<w>{alternation(after)}){WORD_END}", regex.IGNORECASE)
    return before_re, after_re, before, after


def parse_number(token: str, decimal: str = ",") -> float:
    """Given a number as written ("13.593,9", "7.5", "05") and the document's decimal mark,
    return its value. With a decimal comma a lone ".ddd" group is thousands ("45.799");
    with a decimal point the roles swap ("1,234.5")."""
    thousands = "." if decimal == "," else ","
    token = regex.sub(r"(?<=\d)[ \u202f](?=\d{3})", "", token)  # "13 593,9": spaces group thousands
    if token.count(decimal) > 1:  # "1,234,567" can only be thousands, whatever the convention
        decimal, thousands = thousands, decimal
    if decimal in token:
        return float(token.replace(thousands, "").replace(decimal, "."))
    if regex.fullmatch(rf"\d{{1,3}}(?:{regex.escape(thousands)}\d{{3}})+", token):
        return float(token.replace(thousands, ""))
    return float(token.replace(",", "."))


def parse_number_words(text: str) -> tuple[float, float] | None:
    """Given a number in words ("hai mươi mốt", "ba phẩy năm", "một triệu rưỡi"), return
    (value, scale): the value before the largest scale word and that scale's multiplier."""
    words = text.lower().split()
    total, small, pending = 0.0, 0.0, None
    last_scale, largest = 1.0, 1.0  # the last scale word; the largest one so far
    decimals: list[int] | None = None
    previous = None
    for w in words:
        if decimals is not None:
            if w not in DIGIT_WORDS:
                return None
            decimals.append(DIGIT_WORDS[w])
        elif w in DIGIT_WORDS:
            d = DIGIT_WORDS[w]
            if previous in ("mười", "mươi", "linh", "lẻ"):
                small += d
            elif pending is not None:
                return None  # two digits in a row: not a number
            else:
                pending = d
        elif w == "mười":
            small += 10
        elif w == "mươi":
            small += (pending or 0) * 10
            pending = None
        elif w == "trăm":
            small += (pending if pending is not None else 1) * 100
            pending = None
        elif w in ("linh", "lẻ"):
            pass
        elif w in SCALE_WORDS:
            scale = SCALE_WORDS[w]
            group = small + (pending or 0)
            if scale > largest:
                total = (total + group) * scale
                largest = scale
            else:
                total += group * scale
            small, pending, last_scale = 0.0, None, scale
        elif w == "phẩy":
            decimals = []
        elif w == "rưỡi":
            total += last_scale / 2 if last_scale > 1 else 0.5
        previous = w
    value = total + small + (pending or 0)
    if decimals:
        value += float("0." + "".join(map(str, decimals)))
    # The scale is the run of scale words that ends the number ("nghìn tỷ", "triệu" of "triệu rưỡi").
    scale, tail = 1.0, [w for w in words if w != "rưỡi"]
    while tail and tail[-1] in SCALE_WORDS:
        scale *= SCALE_WORDS[tail.pop()]
    return value / scale, scale


def detect_decimal_mark(text: str) -> str:
    """The document's decimal mark: "," (the Vietnamese convention) unless the numbers that can
    only be decimals ("7.5%", "12.5%/năm") use a dot more often than a comma."""
    comma = len(regex.findall(r"\d,(?:\d{1,2}|\d{4,})(?!\d)\s*(?:%|\p{L})", text))
    comma += len(regex.findall(r"\d\.\d{3}\.\d{3}(?!\d)", text))
    dot = len(regex.findall(r"\d\.(?:\d{1,2}|\d{4,})(?!\d)\s*(?:%|\p{L})", text))
    dot += len(regex.findall(r"\d,\d{3},\d{3}(?!\d)", text))
    return "." if dot > comma else ","


def find_quantities(text: str, decimal: str | None = None) -> list[Quantity]:
    """Given normalised text, return every quantity in it: a number with a unit or a scale word.
    Bare numbers (years, counts of things we have no unit for, labels) are not quantities.
    An achieved/target pair ("45.799/36.875 tỷ đồng") gives two quantities, roles "achieved"
    and "planned", both spanning the pair."""
    unit_of, per_of, scale_of = _surface_tables()
    before_re, after_re, before_words, after_words = _comparator_patterns()
    decimal = decimal or detect_decimal_mark(text)
    labels = {m.start() for m in PARAGRAPH_LABEL.finditer(text)}
    found = []

    def key(s: str) -> str:
        return WHITESPACE_RUN.sub(" ", s.lower())

    for m in quantity_matches(text):
        # "100% khu công nghiệp": a percent of the things named after it, not a count of them
        percent_of_noun = bool(m.group("pct1") and m.group("unit") and m.group("unit") != "%")
        if m.group("ratio"):
            unit_text = "lần"
        elif percent_of_noun:
            unit_text = "%"
        else:
            unit_text = m.group("unit") or m.group("pct1")
        scale_text = m.group("scale")
        words = m.group("words")
        if words:
            first = words.split()[0].lower()
            # one word alone ("năm", "một") is too often not a number; "phần trăm" or a scale makes it one
            if first in NOT_FIRST_WORDS or not unit_text or (len(words.split()) < 2 and not scale_text
                                                            and key(unit_text) != "phần trăm"):
                continue
        if not unit_text and not scale_text:
            continue
        start = m.start()
        for group in ("paren_low", "ratio", "achieved", "n1", "words"):
            if m.group(group) is not None:
                start = m.start(group) if group != "paren_low" else m.start()
                break
        if m.group("from") and (m.group("n2") or m.group("paren_low")):
            start = m.start()
        if not unit_text and not labels.isdisjoint(range(start - 4, start + 1)):
            continue
        if percent_of_noun:
            end = m.end("pct1")
        elif m.group("per"):
            end = m.end("per")
        elif m.group("times"):
            end = m.end("times")
        elif m.group("unit"):
            end = m.end("unit")
        elif scale_text:
            end = m.end("scale")
        else:
            end = m.end("pct1")
        if m.group("ratio"):
            unit = "times"
        elif unit_text:
            unit = "percent" if unit_text == "%" else unit_of.get(key(unit_text))
        else:
            unit = None
        per = None
        if m.group("per"):
            pers = [p.strip() for p in regex.split(r"/|\btrên\b", m.group("per")) if p.strip()]
            per = "/".join(per_of.get(key(p), p) for p in pers)
        scale = scale_of[key(scale_text)] if scale_text else 1.0
        low = high = value = None
        if m.group("paren_low"):
            low, high = parse_number(m.group("paren_low"), decimal), parse_number(m.group("paren_high"), decimal)
        elif m.group("ratio"):
            value = parse_number(m.group("ratio"), decimal)
        elif words:
            parsed = parse_number_words(words)
            if parsed is None:
                continue
            value, word_scale = parsed
            if word_scale > 1:
                scale = word_scale * scale
        elif m.group("n2"):
            low, high = parse_number(m.group("n1"), decimal), parse_number(m.group("n2"), decimal)
        else:
            value = parse_number(m.group("n1"), decimal)
        if low is not None:
            comparator = "range"
        else:
            comparator = "eq"
            b = before_re.search(text[max(0, start - 30):start])
            a = after_re.match(text[end:end + 20])
            if b:
                comparator = before_words[key(b.group("w"))]
            elif a:
                comparator = after_words[key(a.group("w"))]
        common = dict(start=start, end=end, text=text[start:end], value_low=low, value_high=high, scale=scale,
                      unit=unit, per=per, comparator=comparator,
                      percent_of=unit_of.get(key(m.group("unit"))) if percent_of_noun else None)
        if m.group("achieved"):
            found.append(Quantity(value=parse_number(m.group("achieved"), decimal), role="achieved", **common))
            found.append(Quantity(value=value, role="planned", **common))
        else:
            found.append(Quantity(value=value, **common))
    return found
