"""The header words of goal tables (schemas/table_headers.yaml) as patterns: which column names the
indicator, which holds the unit, which hold figures and what kind of figures, which holds an index
(the previous year = 100)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ..text.time import words_alternation
from .lexicon import load_words


@dataclass(frozen=True)
class HeaderPatterns:
    indicator: regex.Pattern
    unit: regex.Pattern
    actual: regex.Pattern
    target: regex.Pattern
    not_a_value: regex.Pattern
    index: regex.Pattern  # an index column ("năm trước = 100"): growth against the year before
    row_number: regex.Pattern  # the row-number column ("TT"): segment/text_tables.py opens a table with it
    part_rows: regex.Pattern  # what opens the name of a part row ("Trong đó: ...")


def header_pattern(words: list[str]) -> regex.Pattern:
    """Any of the words, whole, case-insensitively, a space matching any run of spaces."""
    return regex.compile(rf"\b(?:{words_alternation(words, any_spaces=True)})\b", regex.I)


@functools.lru_cache(maxsize=1)
def header_patterns() -> HeaderPatterns:
    """Build the header patterns from schemas/table_headers.yaml."""
    words = load_words("table_headers.yaml")
    return HeaderPatterns(**{key: header_pattern(words[key])
                             for key in ("indicator", "unit", "actual", "target", "not_a_value", "index",
                                         "row_number", "part_rows")})
