"""Character-level repairs: mojibake, legacy 8-bit encodings (TCVN3, VNI, VISCII), HTML entities,
invisible characters, odd spaces, look-alikes, spacing accents and dashes; NFC with the marks in
Vietnamese order and one tone placement (reference vietnamese-text.md §1-2). Every repair keeps the
raw position of each character (MappedText)."""
from __future__ import annotations

import html
import unicodedata

import ftfy
import regex

from ..text.legacy import detect_encoding, encoding_of_font, letter_of, surface_pattern
from ..text.mapped import MappedText
from ..text.vietnamese import DEFAULT_TONE_STYLE, MARK, MARK_CLUSTER, TONE_MARKS, canonical_tones, compose_cluster

# Terminal escape sequences (CSI "ESC [ ... m", OSC "ESC ] ... BEL", two-character ones, and the
# C1 CSI) removed whole: removing only the ESC would leave "[31m" in the text, digits included.
ESCAPE_SEQUENCE = regex.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -~]?"
                                r"|\x9b[0-?]*[ -/]*[@-~]?")
# Control characters (C0 but tab and newline, DEL, C1) and bidirectional overrides, which no
# resolution's text holds and which would reorder or hide what a terminal shows: removed. A
# carriage return, a line or paragraph separator is a break between words: a space.
CONTROLS = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
BREAKS = regex.compile(r"[\r\u2028\u2029\x85]")
CONTROL_OR_BREAK = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")
SPACES = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
INVISIBLE = regex.compile(f"[{INVISIBLE_CHARACTERS}]")
DASHES = regex.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
LOOKALIKES = {"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ"}  # eth and African D for Đ/đ (reference §1.1 #8)
LOOKALIKE_RE = regex.compile("[" + "".join(LOOKALIKES) + "]")
HTML_ENTITY = regex.compile(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
# Spacing accents typed after a vowel instead of combining marks (reference §1.1 #7).
SPACING_ACCENTS = {"\u00b4": "\u0301", "\u02ca": "\u0301", "\u02cb": "\u0300", "\u02dc": "\u0303"}
SPACING_ACCENT = regex.compile(r"(?<=[aăâeêioôơuưyAĂÂEÊIOÔƠUƯY]\p{M}?)[\u00b4\u02ca\u02cb\u02dc]")
WORD_BEFORE = regex.compile(r"[\p{L}\p{M}]*$")
ANY_CHAR = regex.compile(r"(?s).")
# Any character one of repair_characters' steps acts on: text without one has nothing to repair.
REPAIRABLE = regex.compile(r"[&\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069"
                           r"\u200b-\u200d\u2060\ufeff\u00ad\u00b4\u02ca\u02cb\u02dc"
                           r"\u00a0\u2000-\u200a\u202f\u205f\u3000\t\u00d0\u00f0\u0189\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
MULTI_SPACE = regex.compile(r" {2,}")
TOKEN = regex.compile(r"[^ \t\n]+")  # not \S: NBSP is the second byte of a mojibake "à"
# A UTF-8 sequence read as CP1252 or Latin-1 shows its lead byte (0xC2-0xF4: "Â".."ô") followed by
# a continuation byte (0x80-0xBF: U+00A0-U+00BF, the C1 controls of Latin-1, or the characters CP1252
# puts at 0x80-0x9F). Text without such a pair has no mojibake of that kind: ftfy's badness measure,
# costly on every block, is asked only where one occurs.
MOJIBAKE_PAIR = regex.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")

LegacySpan = tuple[int, int, str, bool]  # (raw start, raw end, encoding, capitals drawn from lower-case codes)


def nfc(mapped: MappedText) -> MappedText:
    """Given text, return it in NFC with marks in Vietnamese order; each recomposed cluster maps
    to its base character."""
    if unicodedata.is_normalized("NFC", mapped.text) and not MARK.search(mapped.text):
        return mapped
    out = mapped.sub(MARK_CLUSTER, lambda m: compose_cluster(m.group()))
    if not unicodedata.is_normalized("NFC", out.text):  # singletons such as U+2126 OHM SIGN
        out = out.sub(ANY_CHAR, lambda m: unicodedata.normalize("NFC", m.group()))
    return out


def compose(mapped: MappedText, tone_style: str = DEFAULT_TONE_STYLE) -> MappedText:
    """NFC, then one tone placement; run after every deletion, which can bring a base and a mark together."""
    return canonical_tones(nfc(mapped), tone_style)


def spacing_accent(m: regex.Match) -> str:
    """The combining mark for a spacing accent typed after a vowel, unless the syllable already
    has a tone (a syllable carries one)."""
    before = WORD_BEFORE.search(m.string, 0, m.start())
    word = before.group() if before else ""
    if any(ch in TONE_MARKS for ch in unicodedata.normalize("NFD", word)):
        return m.group()
    return SPACING_ACCENTS[m.group()]


def visible(text: str) -> str:
    """Text as it will read once its characters are repaired: entities resolved, invisibles dropped."""
    return HTML_ENTITY.sub(lambda m: html.unescape(m.group()), INVISIBLE.sub("", text))


def repair_mojibake(mapped: MappedText) -> MappedText:
    """UTF-8 read as CP1252 or Latin-1 ("Tá»‰nh á»§y"), repaired by ftfy: the repair ftfy finds for
    the whole block is applied word by word, so each word keeps its own raw positions."""
    if not MOJIBAKE_PAIR.search(mapped.text) or not ftfy.badness.is_bad(mapped.text):
        return mapped
    explanation = ftfy.fix_and_explain(mapped.text).explanation
    if not explanation:
        return mapped
    plan = [(step[0], step[1]) for step in explanation]

    def fix(m: regex.Match) -> str:
        try:
            return ftfy.apply_plan(m.group(), plan)
        except (UnicodeError, ValueError):
            return m.group()

    return mapped.sub(TOKEN, fix)


def remove_controls(mapped: MappedText) -> MappedText:
    """Escape sequences and control characters removed, carriage returns and line separators made
    spaces; every other character keeps its raw position."""
    if not CONTROL_OR_BREAK.search(mapped.text):
        return mapped
    mapped = mapped.sub(ESCAPE_SEQUENCE, "")
    mapped = mapped.sub(BREAKS, " ")
    return mapped.sub(CONTROLS, "")


def clean_controls(text: str) -> str:
    """remove_controls on a plain string (furniture lines, which keep no raw positions)."""
    return remove_controls(MappedText.from_raw(text, 0)).text if CONTROL_OR_BREAK.search(text) else text


def repair_characters(mapped: MappedText) -> MappedText:
    """HTML entities resolved; escape sequences and control characters removed (after entities,
    which can spell them); invisible characters dropped; odd spaces, look-alikes of Đ/đ, spacing
    accents and dashes replaced."""
    if not REPAIRABLE.search(mapped.text):
        return mapped
    mapped = mapped.sub(HTML_ENTITY, lambda m: html.unescape(m.group()))
    mapped = remove_controls(mapped)
    mapped = mapped.sub(INVISIBLE, "")
    mapped = mapped.sub(SPACING_ACCENT, spacing_accent)
    mapped = mapped.sub(SPACES, " ")
    mapped = mapped.sub(LOOKALIKE_RE, lambda m: LOOKALIKES[m.group()])
    return mapped.sub(DASHES, "-")


def legacy_spans(mapped: MappedText, font_spans: list[tuple[int, int, str]]) -> list[LegacySpan]:
    """The raw spans to decode and their encodings: the runs set in a legacy font, or, where no run
    carries a font, the whole block if its characters say it is legacy-encoded."""
    if font_spans:
        return [(a, b, *found) for a, b, font in font_spans if (found := encoding_of_font(font))]
    encoding = detect_encoding(mapped.text)
    return [(0, mapped.end + 1, encoding, False)] if encoding else []


def in_spans(spans: list[LegacySpan], raw: int, encoding: str | None = None, capitals: bool = False) -> bool:
    """Is the raw position inside a span (of this encoding; drawn in capitals, if asked)?"""
    return any(a <= raw < b and (encoding is None or e == encoding) and (not capitals or c) for a, b, e, c in spans)


def decode_encoding(mapped: MappedText, spans: list[LegacySpan], encoding: str, keep_punctuation: bool) -> MappedText:
    """The letters of one legacy encoding decoded where they lie inside its spans."""
    table = letter_of(encoding)
    return mapped.sub(surface_pattern(encoding, keep_punctuation=keep_punctuation),
                      lambda m: table[m.group()] if in_spans(spans, mapped.offsets[m.start()], encoding) else m.group())


def capitalise_spans(mapped: MappedText, spans: list[LegacySpan]) -> MappedText:
    """Capitals restored in the runs of a capitals font (.VnTimeH), which draws them from lower-case codes."""
    return mapped.sub(ANY_CHAR, lambda m: m.group().upper() if in_spans(spans, mapped.offsets[m.start()], capitals=True)
                      else m.group())


def decode_legacy(mapped: MappedText, font_spans: list[tuple[int, int, str]]) -> MappedText:
    """Given a block's characters and its legacy-font runs (raw positions), return them with
    legacy-encoded text (TCVN3, VNI, VISCII) decoded: runs in a legacy font, or, where no run
    carries a font, the whole block if its characters say so. Unicode text comes through untouched.
    Decoding comes before paragraphs are rejoined, so that joining judges the letters as they read."""
    mapped = nfc(mapped)  # legacy surfaces are precomposed: compose first so every pass judges alike
    spans = legacy_spans(mapped, font_spans)
    if not spans:
        return mapped
    for encoding in sorted({e for _, _, e, _ in spans}):
        mapped = decode_encoding(mapped, spans, encoding, keep_punctuation=not font_spans)
    if any(c for _, _, _, c in spans):
        mapped = capitalise_spans(mapped, spans)
    return mapped


def clean_paragraph(mapped: MappedText, has_fonts: bool, tone_style: str = DEFAULT_TONE_STYLE) -> MappedText:
    """Given a paragraph's characters (legacy runs decoded), return them repaired (characters),
    composed (NFC, one tone placement) and with single spaces. A paragraph with no font runs is
    judged once more as a whole, as legacy text whose lines were each too short to tell."""
    if not has_fonts:
        mapped = decode_legacy(mapped, [])
    mapped = repair_characters(mapped)
    mapped = compose(mapped, tone_style)
    if "  " in mapped.text:
        mapped = mapped.sub(MULTI_SPACE, " ")
    return mapped.strip()
