"""The quantity grammar: numbers as Vietnamese resolutions write them, with scale words, units,
rates, ranges and comparators. Pure functions over normalised text; the spaCy component in
`extract.nlp` puts what they find on `doc.spans`.

Conventions are in ../shared/reference/vietnamese-text.md §4: decimal comma and thousands dot
("13.593,9"), a dot with other than three digits after it is a decimal point ("7.5%"), leading
zeros ("05 xã"), scale words ("2,33 vạn" = 23 300), ranges ("(02 - 05) xã", "từ 7% đến 7,5%").
"""
from __future__ import annotations

import functools

import regex

from .lexicon import load_lexicon
from .models import Quantity

# One number as written. Order matters: thousands groups first, so "1.100" is 1100, not 1.1.
NUMBER = r"""
    \d{1,3}(?:\.\d{3})+(?:,\d+)?   # 13.593,9  45.300  1.100      thousands dot, optional decimal comma
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
PARAGRAPH_LABEL = regex.compile(r"(?m)^\s*\d{1,2}(?:\.\d{1,2}){0,3}\s*[-.)]\s")


def alternation(words) -> str:
    """Regex alternation of literal words, longest first, spaces matching any run of spaces."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(regex.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@functools.lru_cache(maxsize=1)
def quantity_pattern() -> regex.Pattern:
    lex = load_lexicon()
    units = alternation(f for forms in lex.units.values() for f in forms)
    pers = alternation(f for forms in lex.pers.values() for f in forms)
    scales = alternation(lex.scales)
    pattern = rf"""
    (?P<from>\btừ\s+)?                                         # "từ 7% đến 7,5%"
    (?:
        \(\s*(?P<paren_low>{NUMBER})\s*-\s*(?P<paren_high>{NUMBER})\s*\)   # "(02 - 05) xã"
      | {NOT_AFTER}(?P<n1>{NUMBER}){NOT_BEFORE}
        (?:\s*(?P<pct1>%))?
        (?:\s*(?:-|đến|tới)\s*(?P<n2>{NUMBER}){NOT_BEFORE})?  # "7 - 7,5%", "từ 7% đến 7,5%"
    )
    (?:\s*(?P<scale>{scales}){WORD_END})?                     # "tỷ", "nghìn tỷ", "vạn"
    (?:\s*(?P<unit>%|(?:{units}){WORD_END}))?                 # "đồng", "USD", "xã", "%"
    (?P<per>(?:\s*/\s*(?:{pers}){WORD_END})*)                 # "/người/năm"
    """
    return regex.compile(pattern, regex.VERBOSE | regex.IGNORECASE)


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


def parse_number(token: str) -> float:
    """Given a number as written ("13.593,9", "7.5", "05"), return its value."""
    if "," in token:
        return float(token.replace(".", "").replace(",", "."))
    if regex.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
        return float(token.replace(".", ""))
    return float(token)


def find_quantities(text: str) -> list[Quantity]:
    """Given normalised text, return every quantity in it: a number with a unit or a scale word.
    Bare numbers (years, counts of things we have no unit for, labels) are not quantities."""
    unit_of, per_of, scale_of = _surface_tables()
    before_re, after_re, before_words, after_words = _comparator_patterns()
    labels = {m.start() for m in PARAGRAPH_LABEL.finditer(text)}
    found = []
    for m in quantity_pattern().finditer(text):
        unit_text = m.group("unit") or m.group("pct1")
        scale_text = m.group("scale")
        if not unit_text and not scale_text:
            continue
        start = m.start("n1") if m.group("n1") else m.start()
        if m.group("from") and (m.group("n2") or m.group("paren_low")):
            start = m.start()
        if any(start - 4 <= pos <= start for pos in labels) and not unit_text:
            continue
        end = m.end()
        if m.group("per"):
            end = m.end("per")
        elif unit_text and m.group("unit"):
            end = m.end("unit")
        elif scale_text:
            end = m.end("scale")
        else:
            end = m.end("pct1")
        unit = None
        if unit_text:
            unit = "percent" if unit_text == "%" else unit_of.get(regex.sub(r"\s+", " ", unit_text.lower()))
        per = None
        if m.group("per"):
            pers = [p.strip() for p in m.group("per").split("/") if p.strip()]
            per = "/".join(per_of.get(regex.sub(r"\s+", " ", p.lower()), p) for p in pers)
        scale = scale_of[regex.sub(r"\s+", " ", scale_text.lower())] if scale_text else 1.0
        low = high = value = None
        if m.group("paren_low"):
            low, high = parse_number(m.group("paren_low")), parse_number(m.group("paren_high"))
        elif m.group("n2"):
            low, high = parse_number(m.group("n1")), parse_number(m.group("n2"))
        else:
            value = parse_number(m.group("n1"))
        if low is not None:
            comparator = "range"
        else:
            comparator = "eq"
            b = before_re.search(text[max(0, start - 30):start])
            a = after_re.match(text[end:end + 20])
            if b:
                comparator = before_words[regex.sub(r"\s+", " ", b.group("w").lower())]
            elif a:
                comparator = after_words[regex.sub(r"\s+", " ", a.group("w").lower())]
        found.append(Quantity(start=start, end=end, text=text[start:end], value=value, value_low=low,
                              value_high=high, scale=scale, unit=unit, per=per, comparator=comparator))
    return found


