"""Vietnamese text helpers shared by every stage: combining marks and their composition, the two
tone-mark placements and the key that makes them one, the capitals test of headings and
letterheads, a font subset's tag. Stages import this module; it imports no stage."""
from __future__ import annotations

import unicodedata

import regex

from .mapped import MappedText

# Old style ("hòa", "khóa", "ủy") is what Unikey, underthesea and bogo produce by default and what
# the province gazetteers use; see ../shared/reference/vietnamese-text.md §2.
DEFAULT_TONE_STYLE = "old"

MARK = regex.compile(r"\p{M}")
MARK_CLUSTER = regex.compile(r"\P{M}?\p{M}+")
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below
SUBSET_PREFIX = regex.compile(r"^[A-Z]{6}\+")  # "ABCDEF+Times": a font subset's tag


SHAPE_MARKS = "\u0302\u0306\u031b"  # circumflex, breve, horn


def compose_cluster(cluster: str) -> str:
    """A letter and its combining marks composed, the shape mark put before the tone mark first:
    both have combining class 230, so NFC keeps "o + grave + circumflex" as "ò" + a loose
    circumflex (reference §1.1 #2), while Vietnamese means "ồ"."""
    decomposed = unicodedata.normalize("NFD", cluster)
    base = "" if unicodedata.combining(decomposed[0]) else decomposed[0]
    marks = sorted(decomposed[len(base):], key=lambda m: m not in SHAPE_MARKS)
    return unicodedata.normalize("NFC", base + "".join(marks))


def _tone_tables() -> tuple[dict[str, str], dict[str, str]]:
    """Return (new->old, old->new) for the nuclei oa, oe, uy without a final consonant:
    the only syllables where the two tone-placement styles differ (reference §2.2 rule 5)."""
    tones = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    new_to_old = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in tones:
            new = first + unicodedata.normalize("NFC", second + tone)
            old = unicodedata.normalize("NFC", first + tone) + second
            for case in (str.lower, str.capitalize, str.upper):
                new_to_old[case(new)] = case(old)
    return new_to_old, {v: k for k, v in new_to_old.items()}


NEW_TO_OLD, OLD_TO_NEW = _tone_tables()
# At a syllable end (no letter follows), not after q (in "quý" the nucleus is y).
TONE_PATTERNS = {
    style: regex.compile(r"(?<![qQ])(" + "|".join(map(regex.escape, table)) + r")(?![\p{L}\p{M}])")
    for style, table in (("old", NEW_TO_OLD), ("new", OLD_TO_NEW))
}


def canonical_tones(mapped: MappedText, style: str = DEFAULT_TONE_STYLE) -> MappedText:
    """Given NFC text, return it with the tone mark of open oa/oe/uy placed in one style."""
    table = NEW_TO_OLD if style == "old" else OLD_TO_NEW
    return mapped.sub(TONE_PATTERNS[style], lambda m: table[m.group()])


def tone_key(text: str, style: str = DEFAULT_TONE_STYLE) -> str:
    """Given a string (a lexicon entry, a province name), return it NFC with canonical tones."""
    return canonical_tones(MappedText.from_raw(unicodedata.normalize("NFC", text), 0), style).text


def mostly_capitals(text: str) -> bool:
    """Are the letters of `text` (nearly) all capitals, as in a heading or letterhead line?"""
    return sum(map(str.isupper, text)) > 0.8 * sum(map(str.isalpha, text)) > 0  # (map: the loop in C)
