"""Normalise: RawDocument -> NormalisedDocument.

Unicode NFC, one tone-mark placement, look-alike characters and spaces, conversion debris
(stray `*` markup, headings run into the next heading), lines rejoined into paragraphs and
paragraphs split by a page break rejoined. Every output character keeps the position of the
raw character it came from (`NormalisedDocument.offsets`).
"""
from __future__ import annotations

import html
import unicodedata

import ftfy
import regex

from ..models import Block, NormalisedDocument, Paragraph, RawDocument
from ..text.legacy import detect_encoding, encoding_of_font, letter_of, surface_pattern
from ..text.mapped import MappedText
from ..text.vietnamese import (DEFAULT_TONE_STYLE, MARK, MARK_CLUSTER, TONE_MARKS, canonical_tones, compose_cluster,
                               mostly_capitals, tone_key)

# --- character-level repairs ------------------------------------------------------------------

SPACES = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
INVISIBLE = regex.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
DASHES = regex.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
LOOKALIKES = {"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ"}  # eth and African D for Đ/đ (reference §1.1 #8)
LOOKALIKE_RE = regex.compile("[" + "".join(LOOKALIKES) + "]")


def nfc(mapped: MappedText) -> MappedText:
    """Given text, return it in NFC with marks in Vietnamese order; each recomposed cluster maps
    to its base character."""
    if unicodedata.is_normalized("NFC", mapped.text) and not MARK.search(mapped.text):
        return mapped
    out = mapped.sub(MARK_CLUSTER, lambda m: compose_cluster(m.group()))
    if not unicodedata.is_normalized("NFC", out.text):  # singletons such as U+2126 OHM SIGN
        out = out.sub(regex.compile(r"."), lambda m: unicodedata.normalize("NFC", m.group()))
    return out


HTML_ENTITY = regex.compile(r"&(?:#\d{2,7}|#[xX][0-9a-fA-F]{2,6}|[a-zA-Z]{2,8});")
# Spacing accents typed after a vowel instead of combining marks (reference §1.1 #7).
SPACING_ACCENTS = {"\u00b4": "\u0301", "\u02ca": "\u0301", "\u02cb": "\u0300", "\u02dc": "\u0303"}
SPACING_ACCENT = regex.compile(r"(?<=[aăâeêioôơuưyAĂÂEÊIOÔƠUƯY]\p{M}?)[\u00b4\u02ca\u02cb\u02dc]")
WORD_BEFORE = regex.compile(r"[\p{L}\p{M}]*$")


def spacing_accent(m: regex.Match) -> str:
    """The combining mark for a spacing accent typed after a vowel, unless the syllable already
    has a tone (a syllable carries one)."""
    word = WORD_BEFORE.search(m.string, 0, m.start()).group()
    if any(ch in TONE_MARKS for ch in unicodedata.normalize("NFD", word)):
        return m.group()
    return SPACING_ACCENTS[m.group()]


TOKEN = regex.compile(r"[^ \t\n]+")  # not \S: NBSP is the second byte of a mojibake "à"


# A UTF-8 sequence read as CP1252 or Latin-1 shows its lead byte (0xC2-0xF4: "Â".."ô") followed by
# a continuation byte (0x80-0xBF: U+00A0-U+00BF, the C1 controls of Latin-1, or the characters CP1252
# puts at 0x80-0x9F). Text without such a pair has no mojibake of that kind: ftfy's badness measure,
# costly on every block, is asked only where one occurs.
MOJIBAKE_PAIR = regex.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def repair_mojibake(mapped: MappedText) -> MappedText:
    """UTF-8 read as CP1252 or Latin-1 ("Tá»‰nh á»§y"), repaired by ftfy: the repair ftfy finds for
    the whole block is applied word by word, so each word keeps its own raw positions."""
    if not MOJIBAKE_PAIR.search(mapped.text) or not ftfy.badness.is_bad(mapped.text):
        return mapped
    plan = ftfy.fix_and_explain(mapped.text).explanation
    if not plan:
        return mapped

    def fix(m: regex.Match) -> str:
        try:
            return ftfy.apply_plan(m.group(), plan)
        except (UnicodeError, ValueError):
            return m.group()

    return mapped.sub(TOKEN, fix)


def repair_characters(mapped: MappedText) -> MappedText:
    """HTML entities resolved; invisible characters dropped; odd spaces, look-alikes of Đ/đ, spacing
    accents and dashes replaced."""
    mapped = mapped.sub(HTML_ENTITY, lambda m: html.unescape(m.group()))
    mapped = mapped.sub(INVISIBLE, "")
    mapped = mapped.sub(SPACING_ACCENT, spacing_accent)
    mapped = mapped.sub(SPACES, " ")
    mapped = mapped.sub(LOOKALIKE_RE, lambda m: LOOKALIKES[m.group()])
    return mapped.sub(DASHES, "-")


def compose(mapped: MappedText, tone_style: str = DEFAULT_TONE_STYLE) -> MappedText:
    """NFC, then one tone placement; run after every deletion, which can bring a base and a mark together."""
    return canonical_tones(nfc(mapped), tone_style)


# --- conversion debris and line structure ----------------------------------------------------

# Lines a reader wrapped inside one paragraph: a hyphen glued to the word before it stays
# ("Covid-\n19"), any other line break becomes a space. The Vietnamese " - " separator is
# spaced, so it never reaches the first branch.
GLUED_HYPHEN_WRAP = regex.compile(r"(?<=\S-)\n")
# `*` glued between two non-space characters is where a converter joined two lines, bold runs
# or a heading and the next heading ("NAM*Hưng Yên", "2020**1- Kết quả"): a line break.
GLUED_STARS = regex.compile(r"(?<=[^\s*])\*+(?=[\p{L}\p{N}])")
# Any other `*`/`**`: markdown emphasis or the decorative star under a Party letterhead.
STRAY_STARS = regex.compile(r"\*+")
# Space or an invisible character, inside a line.
BLANK = r"(?:[^\S\n]|[\u200b-\u200d\u2060\ufeff\u00ad])"
# Markdown heading markers a converter put before a line ("## I. KẾT QUẢ").
MARKDOWN_HEADING = regex.compile(rf"(?m)^{BLANK}*(?:#{{1,6}}{BLANK}+)+")
# Numbering run into its text ("1.Năm 2022", "II.MỤC TIÊU", "a)Tăng"): a space after the number.
GLUED_NUMBERING = regex.compile(rf"(?m)^{BLANK}*(?:\d{{1,2}}(?:\.\d{{1,2}})*\.|[IVX]{{1,5}}\.|[a-zđ]\))[\u200b-\u200d\u2060\ufeff\u00ad]*(?=\p{{Lu}})")
MULTI_SPACE = regex.compile(r" {2,}")
LIST_MARKER = regex.compile(r"^[a-zđ]\)\s")
CLOSING_PUNCTUATION = regex.compile(r"[.:;!?…\"”)\]]\s*$")


ANY_CHAR = regex.compile(r"(?s).")


def decode_legacy(mapped: MappedText, font_spans: list[tuple[int, int, str]]) -> MappedText:
    """Given a block's characters and its legacy-font runs (raw positions), return them with
    legacy-encoded text (TCVN3, VNI, VISCII) decoded: runs in a legacy font, or, where no run
    carries a font, the whole block if its characters say so. Unicode text comes through untouched.
    Decoding comes before paragraphs are rejoined, so that joining judges the letters as they read."""
    mapped = nfc(mapped)  # legacy surfaces are precomposed: compose first so every pass judges alike
    if font_spans:
        spans = [(a, b, *found) for a, b, font in font_spans if (found := encoding_of_font(font))]
    else:
        encoding = detect_encoding(mapped.text)
        spans = [(0, mapped.end + 1, encoding, False)] if encoding else []
    if not spans:
        return mapped

    def inside(pos: int, encoding: str | None = None, capitals: bool = False) -> bool:
        raw = current.offsets[pos]
        return any(a <= raw < b and (encoding is None or e == encoding) and (not capitals or c)
                   for a, b, e, c in spans)

    current = mapped
    for encoding in sorted({e for _, _, e, _ in spans}):
        table = letter_of(encoding)
        current = current.sub(surface_pattern(encoding, keep_punctuation=not font_spans),
                              lambda m: table[m.group()] if inside(m.start(), encoding) else m.group())
    if any(c for _, _, _, c in spans):  # .VnTimeH: capitals drawn from lower-case codes
        current = current.sub(ANY_CHAR, lambda m: m.group().upper() if inside(m.start(), capitals=True) else m.group())
    return current


def join_wrapped_lines(mapped: MappedText) -> MappedText:
    """Join the lines of a block a reader wrapped (a line break becomes a space), except after a
    line in capitals that the next line does not carry on in capitals: a title or session line
    set above the subject ("... LẦN THỨ 22" over "Về phương hướng ...") is not prose cut short."""
    text = mapped.text
    if "\n" not in text:
        return mapped
    lines = text.split("\n")
    capitals = [mostly_capitals(line) for line in lines]
    out = [lines[0]]
    for i in range(1, len(lines)):
        out.append("\n" if capitals[i - 1] and not capitals[i] else " ")
        out.append(lines[i])
    return MappedText("".join(out), mapped.offsets, mapped.end)


def split_block(mapped: MappedText) -> list[MappedText]:
    """Given one block's raw characters, return its paragraphs: lines a reader wrapped joined,
    conversion debris removed (stray "*"), headings run together split apart."""
    mapped = mapped.sub(GLUED_HYPHEN_WRAP, "")
    mapped = join_wrapped_lines(mapped)
    mapped = mapped.sub(GLUED_STARS, "\n")
    mapped = mapped.sub(STRAY_STARS, "")
    mapped = mapped.sub(MARKDOWN_HEADING, "")
    mapped = mapped.sub(GLUED_NUMBERING, lambda m: m.group() + " ")
    return [p for p in (piece.strip() for piece in mapped.split("\n")) if INVISIBLE.sub("", p.text).strip()]


def clean_paragraph(mapped: MappedText, has_fonts: bool, tone_style: str = DEFAULT_TONE_STYLE) -> MappedText:
    """Given a paragraph's characters (legacy runs decoded), return them repaired (characters),
    composed (NFC, one tone placement) and with single spaces. A paragraph with no font runs is
    judged once more as a whole, as legacy text whose lines were each too short to tell."""
    if not has_fonts:
        mapped = decode_legacy(mapped, [])
    mapped = repair_characters(mapped)
    mapped = compose(mapped, tone_style)
    return mapped.sub(MULTI_SPACE, " ").strip()


def continues_previous(previous: str, following: str, layout_says: bool) -> bool:
    """Does `following` carry on the paragraph `previous`, split by a page break or a converter?
    Yes when the layout says so, or when `previous` has no closing punctuation and `following`
    starts with a lower-case letter (a Vietnamese sentence never does)."""
    if layout_says:
        return True
    def visible(text: str) -> str:  # as the paragraph will read once its characters are repaired
        return HTML_ENTITY.sub(lambda m: html.unescape(m.group()), INVISIBLE.sub("", text))

    following = visible(following[:40]).lstrip()
    if LIST_MARKER.match(following):
        return False  # "a) ...", "đ) ...": an item of its own, though it starts in lower case
    previous = visible(previous[-40:])
    if mostly_capitals(previous):
        return False  # a line in capitals (a heading, a session line) is not prose cut mid-sentence
    return not CLOSING_PUNCTUATION.search(previous) and following[:1].islower()


def join_parts(parts: list[MappedText]) -> MappedText:
    """Join the pieces of one paragraph with a space that maps to the end of the piece before it."""
    text, offsets = [], []
    for j, part in enumerate(parts):
        if j:
            text.append(" ")
            offsets.append(parts[j - 1].end)
        text.append(part.text)
        offsets.extend(part.offsets)
    return MappedText("".join(text), offsets, parts[-1].end)


def normalise(raw: RawDocument, tone_style: str = DEFAULT_TONE_STYLE) -> NormalisedDocument:
    """Given a RawDocument, return its normalised body text, paragraphs and offset map.

    Order: per block, mojibake repair, legacy decoding (per font run, or the block's characters)
    and line structure (wraps, debris, run-together headings); then pieces split by a page break
    rejoined into paragraphs; then, per paragraph, character repairs, NFC and tone placement.
    Normalising the output again changes nothing (a property test checks it)."""
    body = [b for b in raw.blocks if b.role == "body"]
    raw_text = "\n".join(b.text for b in body)
    pieces: list[tuple[MappedText, Block, bool]] = []  # (piece, its block, layout continuation)
    block_starts, base = [], 0
    for block in body:
        block_starts.append(base)
        mapped = repair_mojibake(MappedText.from_raw(block.text, base))
        mapped = decode_legacy(mapped, [(base + a, base + b, f) for a, b, f in block.fonts])
        for i, piece in enumerate(split_block(mapped)):
            pieces.append((piece, block, block.continues and i == 0))
        base += len(block.text) + 1

    merged: list[tuple[list[MappedText], Block, bool]] = []  # (pieces, first block, any font runs)
    for piece, block, layout_continues in pieces:
        in_table = block.cell is not None or (merged and merged[-1][1].cell is not None)
        if merged and not in_table and continues_previous(merged[-1][0][-1].text, piece.text, layout_continues):
            merged[-1][0].append(piece)
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] or bool(block.fonts))
        else:
            merged.append(([piece], block, bool(block.fonts)))

    text_parts: list[str] = []
    offsets: list[int] = []
    paragraphs: list[Paragraph] = []
    position = 0
    for parts, block, has_fonts in merged:
        para = clean_paragraph(join_parts(parts), has_fonts, tone_style)
        if not para.text:
            continue
        if text_parts:
            text_parts.append("\n")
            offsets.append(offsets[-1] + 1)
            position += 1
        paragraphs.append(Paragraph(start=position, end=position + len(para.text), page=block.page,
                                    bold=block.bold, style=block.style, cell=block.cell))
        text_parts.append(para.text)
        offsets.extend(para.offsets)
        position += len(para.text)
    furniture = [unicodedata.normalize("NFC", b.text) for b in raw.blocks if b.role == "furniture"]
    return NormalisedDocument(raw=raw, text="".join(text_parts), raw_text=raw_text, offsets=offsets,
                              paragraphs=paragraphs, furniture=furniture,
                              block_starts=block_starts, block_pages=[b.page for b in body])
