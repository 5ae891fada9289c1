"""Normalise: RawDocument -> NormalisedDocument.

Unicode NFC, one tone-mark placement, look-alike characters and spaces, conversion debris
(stray `*` markup, headings run into the next heading), lines rejoined into paragraphs and
paragraphs split by a page break rejoined. Every output character keeps the position of the
raw character it came from (`NormalisedDocument.offsets`).
"""
from __future__ import annotations

import unicodedata

import regex

from .legacy import legacy_spans, surface_pattern, tables
from .models import Block, NormalisedDocument, Paragraph, RawDocument

# Old style ("hòa", "khóa", "ủy") is what Unikey, underthesea and bogo produce by default and what
# the province gazetteers use; see ../shared/reference/vietnamese-text.md §2.
DEFAULT_TONE_STYLE = "old"


class MappedText:
    """A string with, for every character, the position in the raw text it came from."""

    __slots__ = ("text", "offsets", "end")

    def __init__(self, text: str, offsets: list[int], end: int):
        assert len(text) == len(offsets)
        self.text = text
        self.offsets = offsets
        self.end = end  # raw position just after the last character

    @classmethod
    def from_raw(cls, text: str, base: int) -> "MappedText":
        return cls(text, list(range(base, base + len(text))), base + len(text))

    def sub(self, pattern: regex.Pattern, repl) -> "MappedText":
        """Given a compiled pattern and a replacement (string template or function of the match),
        return the replaced text; replacement characters map to the raw positions of the matched
        characters in order (the last one repeated), an insertion maps to the next character."""
        out: list[str] = []
        offsets: list[int] = []
        last = 0
        for m in pattern.finditer(self.text):
            s, e = m.span()
            out.append(self.text[last:s])
            offsets.extend(self.offsets[last:s])
            new = repl(m) if callable(repl) else m.expand(repl)
            source = self.offsets[s:e] or [self.offsets[s] if s < len(self.offsets) else self.end]
            out.append(new)
            offsets.extend(source[min(i, len(source) - 1)] for i in range(len(new)))
            last = e
        if last == 0 and not out:
            return self
        out.append(self.text[last:])
        offsets.extend(self.offsets[last:])
        return MappedText("".join(out), offsets, self.end)

    def split(self, sep: str) -> list["MappedText"]:
        pieces, start = [], 0
        while True:
            i = self.text.find(sep, start)
            stop = len(self.text) if i < 0 else i
            end = self.offsets[stop] if stop < len(self.offsets) else self.end
            pieces.append(MappedText(self.text[start:stop], self.offsets[start:stop], end))
            if i < 0:
                return pieces
            start = i + len(sep)

    def strip(self) -> "MappedText":
        s, e = 0, len(self.text)
        while s < e and self.text[s].isspace():
            s += 1
        while e > s and self.text[e - 1].isspace():
            e -= 1
        end = self.offsets[e - 1] + 1 if e > s else (self.offsets[s] if s < len(self.offsets) else self.end)
        return MappedText(self.text[s:e], self.offsets[s:e], end)


# --- character-level repairs ------------------------------------------------------------------

SPACES = regex.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
INVISIBLE = regex.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
DASHES = regex.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
LOOKALIKES = {"\u00d0": "Đ", "\u00f0": "đ", "\u0189": "Đ"}  # eth and African D for Đ/đ (reference §1.1 #8)
LOOKALIKE_RE = regex.compile("[" + "".join(LOOKALIKES) + "]")
MARK_CLUSTER = regex.compile(r"\P{M}?\p{M}+")


def nfc(mapped: MappedText) -> MappedText:
    """Given text, return it in NFC; each recomposed cluster maps to its base character."""
    if unicodedata.is_normalized("NFC", mapped.text):
        return mapped
    out = mapped.sub(MARK_CLUSTER, lambda m: unicodedata.normalize("NFC", m.group()))
    if not unicodedata.is_normalized("NFC", out.text):  # singletons such as U+2126 OHM SIGN
        out = out.sub(regex.compile(r"."), lambda m: unicodedata.normalize("NFC", m.group()))
    return out


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


def repair_characters(mapped: MappedText) -> MappedText:
    """Invisible characters dropped; odd spaces, look-alikes of Đ/đ and dashes replaced."""
    mapped = mapped.sub(INVISIBLE, "")
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
LINE_WRAP = regex.compile(r"\n")
# `*` glued between two non-space characters is where a converter joined two lines, bold runs
# or a heading and the next heading ("NAM*Hưng Yên", "2020**1- Kết quả"): a line break.
GLUED_STARS = regex.compile(r"(?<=[^\s*])\*+(?=[\p{L}\p{N}])")
# Any other `*`/`**`: markdown emphasis or the decorative star under a Party letterhead.
STRAY_STARS = regex.compile(r"\*+")
MULTI_SPACE = regex.compile(r" {2,}")
SENTENCE_END = regex.compile(r"[.:;!?…\"”)\]]\s*$")


ANY_CHAR = regex.compile(r"(?s).")


def decode_legacy(mapped: MappedText, block: Block, base: int) -> MappedText:
    """Given a block's raw characters, return them with legacy-encoded runs (TCVN3, VNI) decoded;
    other runs, and Unicode blocks, come through untouched."""
    spans = legacy_spans(block.text, block.fonts)
    if not spans:
        return mapped

    def inside(pos: int, encoding: str | None = None, capitals: bool = False) -> bool:
        raw = mapped_now.offsets[pos] - base
        return any(a <= raw < b and (encoding is None or e == encoding) and (not capitals or c)
                   for a, b, e, c in spans)

    mapped_now = mapped
    for encoding in sorted({e for _, _, e, _ in spans}):
        table = tables()[encoding]
        current = mapped_now
        mapped_now = current.sub(surface_pattern(encoding),
                                 lambda m: table[m.group()] if inside(m.start(), encoding) else m.group())
    if any(c for _, _, _, c in spans):  # .VnTimeH: capitals drawn from lower-case codes
        current = mapped_now
        mapped_now = current.sub(ANY_CHAR, lambda m: m.group().upper() if inside(m.start(), capitals=True) else m.group())
    return mapped_now


def clean_block(mapped: MappedText, tone_style: str = DEFAULT_TONE_STYLE) -> list[MappedText]:
    """Given one block's characters, return its paragraphs with debris removed, in NFC."""
    mapped = repair_characters(mapped)
    mapped = mapped.sub(GLUED_HYPHEN_WRAP, "")
    mapped = mapped.sub(LINE_WRAP, " ")
    mapped = mapped.sub(GLUED_STARS, "\n")
    mapped = mapped.sub(STRAY_STARS, "")
    mapped = mapped.sub(MULTI_SPACE, " ")
    mapped = compose(mapped, tone_style)
    return [p for p in (piece.strip() for piece in mapped.split("\n")) if p.text]


def continues_previous(previous: str, following: str, layout_says: bool) -> bool:
    """Does `following` carry on the paragraph `previous`, split by a page break or a converter?
    Yes when the layout says so, or when `previous` has no closing punctuation and `following`
    starts with a lower-case letter (a Vietnamese sentence never does)."""
    if layout_says:
        return True
    return not SENTENCE_END.search(previous) and following[:1].islower()


def normalise(raw: RawDocument, tone_style: str = DEFAULT_TONE_STYLE) -> NormalisedDocument:
    """Given a RawDocument, return its normalised body text, paragraphs and offset map."""
    body = [b for b in raw.blocks if b.role == "body"]
    raw_text = "\n".join(b.text for b in body)
    pieces: list[tuple[MappedText, Block, bool]] = []  # (paragraph, its block, layout continuation)
    base = 0
    for block in body:
        mapped = decode_legacy(MappedText.from_raw(block.text, base), block, base)
        for i, para in enumerate(clean_block(mapped, tone_style)):
            pieces.append((para, block, block.continues and i == 0))
        base += len(block.text) + 1

    merged: list[tuple[list[MappedText], Block]] = []
    for para, block, layout_continues in pieces:
        if merged and continues_previous(merged[-1][0][-1].text, para.text, layout_continues):
            merged[-1][0].append(para)
        else:
            merged.append(([para], block))

    text_parts: list[str] = []
    offsets: list[int] = []
    paragraphs: list[Paragraph] = []
    for parts, block in merged:
        if text_parts:
            text_parts.append("\n")
            offsets.append(offsets[-1] + 1)
        start = sum(map(len, text_parts))
        for j, part in enumerate(parts):
            if j:
                text_parts.append(" ")
                offsets.append(parts[j - 1].end)
            text_parts.append(part.text)
            offsets.extend(part.offsets)
        end = start + sum(len(p.text) for p in parts) + len(parts) - 1
        paragraphs.append(Paragraph(start=start, end=end, page=block.page, bold=block.bold, style=block.style))
    text = "".join(text_parts)
    furniture = [unicodedata.normalize("NFC", b.text) for b in raw.blocks if b.role == "furniture"]
    block_starts, pos = [], 0
    for block in body:
        block_starts.append(pos)
        pos += len(block.text) + 1
    return NormalisedDocument(raw=raw, text=text, raw_text=raw_text, offsets=offsets,
                              paragraphs=paragraphs, furniture=furniture,
                              block_starts=block_starts, block_pages=[b.page for b in body])
