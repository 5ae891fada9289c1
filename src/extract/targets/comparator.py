"""The comparator of a figure: the words right before or after it that bound it ("trên 95%",
"tối thiểu 12.500 tỷ đồng", "3 xã trở lên"), and in a goal table's cell also a sign ("≥ 95").
The words are data (schemas/cues.yaml: comparators, comparators_after, comparator_signs)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .clauses import literal_words
from .lexicon import load_lexicon

WORD_END = r"(?![\p{L}\p{M}\p{N}])"
WHITESPACE_RUN = regex.compile(r"\s+")
LOOK_BEFORE, LOOK_AFTER = 30, 20  # characters read before and after a quantity


def word_key(s: str) -> str:
    """A comparator word as the tables below key it: lower case, single spaces."""
    return WHITESPACE_RUN.sub(" ", s.lower())


@dataclass(frozen=True)
class ComparatorWords:
    """The comparator patterns and the code each word stands for."""
    before: regex.Pattern  # a word ending right before the quantity (a filler word may follow it)
    after: regex.Pattern  # a word right after it
    before_codes: dict[str, str]
    after_codes: dict[str, str]
    cell_codes: dict[str, str]  # the words before and the signs: what a table cell may open with


def _codes(groups: dict) -> dict[str, str]:
    """Lower-case word -> comparator code, from a cues.yaml group of code -> words."""
    return {w.lower(): code for code, words in groups.items() for w in words}


@functools.lru_cache(maxsize=1)
def comparator_words() -> ComparatorWords:
    """Build the comparator patterns from cues.yaml."""
    cues = load_lexicon().cues
    before, after = _codes(cues["comparators"]), _codes(cues["comparators_after"])
    fillers = literal_words(cues["comparator_fillers"], True)
    before_re = regex.compile(rf"(?:^|[\s(:])(?P<w>{literal_words(list(before), True)})\s*(?:(?:{fillers})\s+)?$",
                              regex.IGNORECASE)
    skips = literal_words(cues["comparator_after_skips"], True)
    after_re = regex.compile(rf"^(?:\s+(?:{skips}))?\s*(?P<w>{literal_words(list(after), True)}){WORD_END}",
                             regex.IGNORECASE)
    return ComparatorWords(before_re, after_re, before, after, {**before, **_codes(cues["comparator_signs"])})


def comparator_at(text: str, start: int, end: int) -> str:
    """The comparator of the single figure text[start:end]: the word before it, else the word
    after it (a skip word between: "1.900 đảng viên mới trở lên"), else "eq"."""
    words = comparator_words()
    b = words.before.search(text[max(0, start - LOOK_BEFORE):start])
    if b:
        return words.before_codes[word_key(b.group("w"))]
    a = words.after.match(text[end:end + LOOK_AFTER])
    if a:
        return words.after_codes[word_key(a.group("w"))]
    return "eq"


def cell_comparator_pattern() -> str:
    """Regex alternation of what may open a table cell's figure: comparator words and signs."""
    return literal_words(list(comparator_words().cell_codes), True)


def cell_comparator(word: str | None) -> str:
    """The comparator a table cell's opening word or sign stands for ("eq" without one)."""
    return comparator_words().cell_codes.get(word_key(word or ""), "eq")
