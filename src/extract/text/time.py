"""Years and periods as resolutions write them: one home for the patterns that say which year or
period a figure, a table column or a plan belongs to.

The words are data (schemas/time_words.yaml); the patterns are built from them when this module is
loaded. A word list joins as a regex alternation, longest first; "single spaces" lists keep a space
as one space (as the patterns were first written), the others let it match any run of spaces.
"""
from __future__ import annotations

import regex

from ..data_files import load_yaml
from .vietnamese import tone_key

YEAR = r"(?:19|20)\d{2}"  # a year of this era


def load_time_words() -> dict[str, list[str]]:
    """The word lists of schemas/time_words.yaml, tone-canonicalised as document text is."""
    return {key: [tone_key(w) for w in words] for key, words in load_yaml("time_words.yaml").items()}


def words_alternation(words: list[str], any_spaces: bool = False) -> str:
    """Regex alternation of literal words, longest first; a space matches one space, or any run of
    whitespace when `any_spaces`."""
    ordered = sorted(set(words), key=len, reverse=True)
    space = r"\s+" if any_spaces else " "
    return "|".join(regex.escape(w, literal_spaces=True).replace(" ", space) for w in ordered)


def not_after(words: list[str]) -> str:
    """Lookbehinds that fail right after any of the words and a space ("so với năm 2023")."""
    return "".join(rf"(?<!{regex.escape(w, literal_spaces=True)}\s)" for w in words)


def build_patterns(words: dict[str, list[str]]) -> dict[str, regex.Pattern]:
    """The year and period patterns, from the time words."""
    year_word = words_alternation(words["year_words"], any_spaces=True)
    base = not_after(words["base_markers"])
    period = words_alternation(words["period_openers"], any_spaces=False)
    opener = words_alternation(words["sentence_openers"], any_spaces=True)
    plan = words_alternation(words["plan_words"], any_spaces=True)
    return {
        "PLAN_YEAR": regex.compile(
            rf"(?:{plan})[^;.]*?\b(?:{year_word})\s+(?P<y>{YEAR})\b(?!\s*-\s*{YEAR})", regex.I),
        "YEAR_IN_CLAUSE": regex.compile(rf"{base}\b(?:{year_word})\s+(?P<y>{YEAR})\b(?!\s*-\s*\d)", regex.I),
        "PERIOD_IN_CLAUSE": regex.compile(rf"(?:{period})\s+(?P<a>{YEAR})\s*-\s*(?P<b>{YEAR})", regex.I),
        "SENTENCE_YEAR": regex.compile(
            rf"\s*(?:[-+•]\s*)?(?:(?:{opener})\s+)?(?:{year_word})\s+(?P<y>{YEAR})\s*,", regex.I),
        "HEADING_YEAR": regex.compile(rf"{base}\b(?:{year_word})\s+(?P<y>{YEAR})\b", regex.I),
    }


_PATTERNS = build_patterns(load_time_words())

# A year of this era, with the digits as the group.
BARE_YEAR = regex.compile(rf"\b({YEAR})\b")
# Two years joined by a dash: "2021 - 2025".
BARE_PERIOD = regex.compile(rf"\b({YEAR})\s*-\s*({YEAR})\b")
# The year a plan, a set of tasks or a budget is for, in a title (not the first year of a period:
# "kế hoạch ... 5 năm 2021 - 2025" plans for the period).
PLAN_YEAR = _PATTERNS["PLAN_YEAR"]
# "năm 2024" in a clause, not a base of comparison ("so với năm 2023", "từ năm 2020") nor a period's start.
YEAR_IN_CLAUSE = _PATTERNS["YEAR_IN_CLAUSE"]
# A period of a clause: "giai đoạn 2021 - 2025", "bình quân 2021-2025", "5 năm 2021 - 2025".
PERIOD_IN_CLAUSE = _PATTERNS["PERIOD_IN_CLAUSE"]
# A sentence opened by its year: "Đến năm 2025, ...", "- Năm 2024, ...".
SENTENCE_YEAR = _PATTERNS["SENTENCE_YEAR"]
# A year named in a heading, not a base of comparison.
HEADING_YEAR = _PATTERNS["HEADING_YEAR"]
