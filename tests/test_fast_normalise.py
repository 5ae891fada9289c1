"""The normaliser's and the segmenter's shortcuts (issue 19) give what the plain way gives.

Each shortcut is checked against the slower way it replaced, written out here independently, on
generated text that mixes Vietnamese letters, composed and decomposed, spaces of every kind,
invisible characters and marks.
"""
from __future__ import annotations

import dataclasses
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.models import NormalisedDocument, Paragraph, RawDocument
from extract.normalise.paragraphs import shows
from extract.segment.parts import part_of
from extract.segment.split_marks import clear_split, marked_end
from extract.text.legacy import is_vietnamese_syllable
from extract.text.mapped import MappedText

PIECES = ["Hư", "ng", "Yê", "n", " ", "\n", "\t", "\u00a0", "\u2003", "\u200b", "\ufeff", "\u00ad", "\u3000",
          "a", "ngà", "y", "NHÂ", "N", "DÂ", "khoẻ", "ngươ\u0300i", "o\u0300", "\u0301", "\u0302", "Ω", "\u2126",
          "12", ",", ":", "đ", "Ⓐ", "ǅ", "x"]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
WORDS = st.lists(st.sampled_from([p for p in PIECES if p.strip()]), min_size=1, max_size=3).map("".join)


def plain_strip(mapped: MappedText) -> tuple[str, list[int], int]:
    """MappedText.strip as it was: whitespace counted one character at a time."""
    s, e = 0, len(mapped.text)
    while s < e and mapped.text[s].isspace():
        s += 1
    while e > s and mapped.text[e - 1].isspace():
        e -= 1
    end = mapped.offsets[e - 1] + 1 if e > s else (mapped.offsets[s] if s < len(mapped.offsets) else mapped.end)
    return mapped.text[s:e], mapped.offsets[s:e], end


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(0, 50))
def test_strip_is_the_character_scan(text, base):
    mapped = MappedText.from_raw(text, base)
    stripped = mapped.strip()
    assert (stripped.text, stripped.offsets, stripped.end) == plain_strip(mapped)


def test_strip_of_spaces_only_maps_to_the_end():
    stripped = MappedText.from_raw(" \u00a0\t", 10).strip()
    assert (stripped.text, stripped.offsets, stripped.end) == ("", [], 13)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_a_line_shows_when_something_but_spaces_and_invisibles_is_left(text):
    stripped = text.strip()
    if stripped:
        assert shows(stripped) == bool(stripped.replace("\u200b", "").replace("\u200c", "").replace("\u200d", "")
                                       .replace("\u2060", "").replace("\ufeff", "").replace("\u00ad", "").strip())


def test_a_line_of_invisibles_does_not_show():
    assert not shows("\u200b\u00ad \ufeff")
    assert shows("\u200bx")


@settings(max_examples=300, deadline=None)
@given(WORDS)
def test_marked_end_is_the_letter_by_letter_test(word):
    assert marked_end(word) == any(len(unicodedata.normalize("NFD", ch)) > 1 for ch in word)


def test_marked_words():
    assert marked_end("Hư") and marked_end("ngà") and not marked_end("ng") and not marked_end("\u2126")


@settings(max_examples=300, deadline=None)
@given(WORDS, WORDS)
def test_clear_split_is_the_test_in_its_first_order(left, right):
    plain = (marked_end(left) and right.isalpha() and not is_vietnamese_syllable(right)
             and is_vietnamese_syllable(left + right))
    assert clear_split(left, right) == plain


def test_syllables():
    assert is_vietnamese_syllable("người") and is_vietnamese_syllable("KHOẺ") and is_vietnamese_syllable("Yên")
    assert not is_vietnamese_syllable("seựor") and not is_vietnamese_syllable("ng")
    assert not is_vietnamese_syllable("nga\u0301\u0300")  # two tone marks


def test_a_part_keeps_every_field_of_its_paragraphs():
    raw = RawDocument(source_path="x", format="txt", sha256="0" * 64, pages=1, blocks=[])
    paragraphs = [Paragraph(0, 3, 1), Paragraph(4, 9, 2, bold=True, style="Heading 1", cell=(1, 2, 3, 4))]
    norm = NormalisedDocument(raw=raw, text="abc\ndefgh", raw_text="abc\ndefgh", offsets=list(range(9)),
                              paragraphs=paragraphs, furniture=[], block_starts=[0], block_pages=[1])
    part = part_of(norm, paragraphs[1:])
    assert part.text == "defgh" and part.offsets == [4, 5, 6, 7, 8]
    assert part.paragraphs == [dataclasses.replace(paragraphs[1], start=0, end=5)]
