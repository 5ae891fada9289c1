"""What a number counts, read from the noun after it (the quantity grammar asks, quantities.py):

- counts that are no figure of the plan: the political apparatus (party members, officials,
  delegates), its meetings and its documents (units.yaml `not_figures`), unless the clause names an
  indicator that counts them (indicators.yaml `counts`: "kết nạp 1.500 đảng viên mới");
- a unit noun misspelt by one letter ("25.000 lao độgn", "3 triệu lượt khác"): read as the unit it
  stands for, for the units an indicator of the taxonomy counts in (`units`, `unit_names`), when
  its first syllable is written right and the others differ by one letter (not by their marks
  only: "học viện" is an academy, not "học viên").
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import regex

from ..data_files import load_yaml
from ..text.vietnamese import TONE_MARKS, tone_key
from .clauses import literal_words
from .lexicon import load_lexicon, load_words

WORD_END = r"(?![\p{L}\p{M}\p{N}])"
SYLLABLE = regex.compile(r"[\p{L}\p{M}]+")
CLAUSE_BEFORE = regex.compile(r"[;:\n]|[.!?](?=\s)")
CLAUSE_AFTER = regex.compile(r"[,;:\n]|[.!?](?=\s|$)")
FIRST_WORD = regex.compile(r"\s*([\p{L}\p{M}]+)")
NEXT_WORD = regex.compile(r"\s+([\p{L}\p{M}]+)")


@dataclass(frozen=True)
class CountedWords:
    """The patterns of the nouns a count is read from."""
    not_figure_after: regex.Pattern  # matched at a quantity's end (or its unit's start)
    counted_by: regex.Pattern | None  # the names of the indicators that count such nouns
    misspelt_forms: dict[str, tuple[tuple[tuple[str, ...], str], ...]]  # first syllable -> ((syllables, unit), ...)


@functools.lru_cache(maxsize=1)
def counted_words() -> CountedWords:
    """Build the patterns from units.yaml not_figures and the taxonomy's counts, units and unit_names."""
    lex = load_lexicon()
    taxonomy = load_yaml("indicators.yaml")["indicators"]
    counting = [tone_key(name) for spec in taxonomy.values() if spec.get("counts") for name in spec["names"]]
    nouns = literal_words(load_words("units.yaml")["not_figures"], True)
    counted_units = {u for info in lex.indicators.values() for u in info.units}
    forms = [(f, u) for u in sorted(counted_units) for f in lex.units.get(u, ())]
    forms += [(f, u) for info in lex.indicators.values() for f in info.unit_names for u in info.units[:1]]
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for form, unit in forms:
        syllables = tuple(form.lower().split())
        if len(syllables) > 1 and all(SYLLABLE.fullmatch(s) for s in syllables):
            by_first.setdefault(syllables[0], []).append((syllables, unit))
    return CountedWords(
        not_figure_after=regex.compile(rf"\s*(?:{nouns}){WORD_END}", regex.I),
        counted_by=regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{literal_words(counting, True)}){WORD_END}", regex.I)
        if counting else None,
        misspelt_forms={k: tuple(v) for k, v in by_first.items()})


def counts_no_figure(text: str, start: int, unit_start: int, end: int, unit: str | None) -> bool:
    """Is the quantity text[start:end] (its unit from `unit_start`) a count of the apparatus, its
    meetings or documents ("150 nghìn đảng viên", "12 nghìn lượt cán bộ") whose clause names no
    indicator that counts them? A percent, an amount of money or a ratio is never such a count."""
    if unit in ("percent", "percentage_point", "VND", "USD", "times"):
        return False
    words = counted_words()
    if not (words.not_figure_after.match(text, unit_start) or words.not_figure_after.match(text, end)):
        return False
    if words.counted_by is None:
        return True
    before = max((m.end() for m in CLAUSE_BEFORE.finditer(text, max(0, start - 200), start)), default=max(0, start - 200))
    after = CLAUSE_AFTER.search(text, end)
    return not words.counted_by.search(text, before, after.start() if after else len(text))


def bare(word: str) -> str:
    """The word's letters without their tone marks (the letter marks ă, â, ê, ô, ơ, ư kept)."""
    return unicodedata.normalize("NFC", "".join(ch for ch in unicodedata.normalize("NFD", word) if ch not in TONE_MARKS))


def one_edit(a: str, b: str) -> bool:
    """Are a and b one insertion, deletion, substitution or swap of neighbours apart (not equal)?"""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] \
            and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]


def misspelt(written: str, form: str) -> bool:
    """Is the syllable `written` the syllable `form` misspelt by one letter, not another word of the
    same letters with other marks ("viện" for "viên")?"""
    written, form = written.lower(), form.lower()
    return one_edit(written, form) and bare(written) != bare(form)


def misspelt_unit(text: str, pos: int, unit_text: str | None) -> tuple[str, int] | None:
    """The unit a misspelt unit noun at `pos` stands for and where the noun ends ("lao độgn":
    person), when it is longer than the unit the grammar read there (`unit_text`: "lượt" of "lượt
    khác"); None otherwise."""
    m = FIRST_WORD.match(text, pos)
    if not m:
        return None
    candidates = counted_words().misspelt_forms.get(m[1].lower(), ())
    best = None
    for syllables, unit in candidates:
        words = list(NEXT_WORD.finditer(text[m.end():m.end() + 40]))[:len(syllables) - 1]
        if len(words) < len(syllables) - 1 or unit_text and len(unit_text.split()) >= len(syllables):
            continue
        pairs = list(zip((w[1] for w in words), syllables[1:], strict=True))
        if all(w.lower() == s or misspelt(w, s) for w, s in pairs) and any(misspelt(w, s) for w, s in pairs):
            end = m.end() + words[-1].end()
            if best is None or end > best[1]:
                best = (unit, end)
    return best


def names_unit(written: str, form: str) -> bool:
    """Does the end of a quantity's text write the unit words `form`, exactly or misspelt
    ("3 triệu lượt khác" writes "lượt khách")?"""
    form_words = form.lower().split()
    words = written.lower().split()[-len(form_words):]
    if len(words) < len(form_words):
        return False
    return words == form_words or words[0] == form_words[0] and all(
        w == f or misspelt(w, f) for w, f in zip(words[1:], form_words[1:], strict=True))
