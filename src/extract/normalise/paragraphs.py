"""Lines to paragraphs: lines a reader wrapped inside a block rejoined, conversion debris removed
(stray `*` markup, markdown heading markers, numbering glued to its text), headings run together
split apart, and paragraphs split by a page break or a converter rejoined."""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..models import Block, Paragraph
from ..text.mapped import MappedText
from ..text.vietnamese import DEFAULT_TONE_STYLE, mostly_capitals
from .characters import INVISIBLE, INVISIBLE_CHARACTERS, clean_paragraph, decode_legacy, repair_mojibake, visible

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
GLUED_NUMBERING = regex.compile(rf"(?m)^{BLANK}*(?:\d{{1,2}}(?:\.\d{{1,2}})*\.|[IVX]{{1,5}}\.|[a-zđ]\))"
                                r"[\u200b-\u200d\u2060\ufeff\u00ad]*(?=\p{Lu})")
LIST_MARKER = regex.compile(r"^[a-zđ]\)\s")
CLOSING_PUNCTUATION = regex.compile(r"[.:;!?…\"”)\]]\s*$")
JOIN_LOOKAROUND = 40  # characters of each side a page-break join judges


def join_wrapped_lines(mapped: MappedText) -> MappedText:
    """Join the lines of a block a reader wrapped (a line break becomes a space), except after a
    line in capitals that the next line does not carry on in capitals: a title or session line
    set above the subject ("... LẦN THỨ 22" over "Về phương hướng ...") is not prose cut short."""
    text = mapped.text
    if "\n" not in text:
        return mapped
    lines = text.split("\n")
    out = [lines[0]]
    above = mostly_capitals(lines[0])  # (each line judged once, the last only below a line in capitals)
    for i in range(1, len(lines)):
        if above:
            above = mostly_capitals(lines[i])
            out.append(" " if above else "\n")
        else:
            above = i + 1 < len(lines) and mostly_capitals(lines[i])
            out.append(" ")
        out.append(lines[i])
    return MappedText("".join(out), mapped.offsets, mapped.end)


def split_block(mapped: MappedText) -> list[MappedText]:
    """Given one block's characters, return its paragraphs: lines a reader wrapped joined,
    conversion debris removed (stray "*"), headings run together split apart."""
    if "\n" in mapped.text:  # (each pattern tried only where what it needs is in the text)
        mapped = join_wrapped_lines(mapped.sub(GLUED_HYPHEN_WRAP, ""))
    if "*" in mapped.text:
        mapped = mapped.sub(GLUED_STARS, "\n").sub(STRAY_STARS, "")
    if "#" in mapped.text:
        mapped = mapped.sub(MARKDOWN_HEADING, "")
    if any(GLUED_NUMBERING.match(mapped.text, start) for start in line_starts(mapped.text)):
        mapped = mapped.sub(GLUED_NUMBERING, lambda m: m.group() + " ")
    return [p for p in (piece.strip() for piece in mapped.split("\n")) if p.text and shows(p.text)]


def shows(stripped: str) -> bool:
    """Does a stripped, non-empty line hold a character that is neither space nor invisible?
    (Its first character is no space: unless it is invisible, the answer is yes at once.)"""
    return stripped[0] not in INVISIBLE_CHARACTERS or bool(INVISIBLE.sub("", stripped).strip())


def line_starts(text: str) -> list[int]:
    """Where the lines of `text` start: where a pattern's (?m)^ can match."""
    starts = [0]
    i = text.find("\n")
    while i >= 0:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def continues_previous(previous: str, following: str, layout_says: bool) -> bool:
    """Does `following` carry on the paragraph `previous`, split by a page break or a converter?
    Yes when the layout says so, or when `previous` has no closing punctuation and `following`
    starts with a lower-case letter (a Vietnamese sentence never does); never for a list item
    ("a) ...", though it starts in lower case) nor after a line in capitals (a heading, a session
    line is not prose cut mid-sentence)."""
    if layout_says:
        return True
    following = visible(following[:JOIN_LOOKAROUND]).lstrip()
    if LIST_MARKER.match(following):
        return False
    previous = visible(previous[-JOIN_LOOKAROUND:])
    if mostly_capitals(previous):
        return False
    return not CLOSING_PUNCTUATION.search(previous) and following[:1].islower()


def join_parts(parts: list[MappedText]) -> MappedText:
    """Join the pieces of one paragraph with a space that maps to the end of the piece before it."""
    text: list[str] = []
    offsets: list[int] = []
    for j, part in enumerate(parts):
        if j:
            text.append(" ")
            offsets.append(parts[j - 1].end)
        text.append(part.text)
        offsets.extend(part.offsets)
    return MappedText("".join(text), offsets, parts[-1].end)


Piece = tuple[MappedText, Block, bool]  # (a paragraph of a block, its block, layout says it continues the previous)


@dataclass(slots=True)
class ParagraphParts:
    """The pieces of one paragraph (more than one where a page break split it), its first block,
    and whether any of its blocks has legacy-font runs."""

    parts: list[MappedText]
    block: Block
    has_fonts: bool


def blocks_to_pieces(body: list[Block]) -> tuple[list[Piece], list[int]]:
    """Given the body blocks, return their paragraphs (per block: mojibake repaired, legacy runs
    decoded, line structure rebuilt) and where each block starts in the raw text (blocks joined by
    newlines)."""
    pieces: list[Piece] = []
    block_starts: list[int] = []
    base = 0
    for block in body:
        block_starts.append(base)
        mapped = repair_mojibake(MappedText.from_raw(block.text, base))
        mapped = decode_legacy(mapped, [(base + a, base + b, f) for a, b, f in block.fonts])
        for i, piece in enumerate(split_block(mapped)):
            pieces.append((piece, block, block.continues and i == 0))
        base += len(block.text) + 1
    return pieces, block_starts


def rejoin_pieces(pieces: list[Piece]) -> list[ParagraphParts]:
    """Pieces split by a page break or a converter rejoined into paragraphs; table cells are never
    joined to another piece."""
    merged: list[ParagraphParts] = []
    for piece, block, layout_continues in pieces:
        in_table = block.cell is not None or (bool(merged) and merged[-1].block.cell is not None)
        if merged and not in_table and continues_previous(merged[-1].parts[-1].text, piece.text, layout_continues):
            merged[-1].parts.append(piece)
            merged[-1].has_fonts = merged[-1].has_fonts or bool(block.fonts)
        else:
            merged.append(ParagraphParts([piece], block, bool(block.fonts)))
    return merged


def paragraphs_to_text(merged: list[ParagraphParts], tone_style: str = DEFAULT_TONE_STYLE
                       ) -> tuple[str, list[int], list[Paragraph]]:
    """Given the paragraphs' pieces, return the normalised text (paragraphs cleaned, empty ones
    dropped, joined by newlines), its offsets into the raw text, and the paragraphs' spans."""
    text_parts: list[str] = []
    offsets: list[int] = []
    paragraphs: list[Paragraph] = []
    position = 0
    for paragraph in merged:
        para = clean_paragraph(join_parts(paragraph.parts), paragraph.has_fonts, tone_style)
        if not para.text:
            continue
        if text_parts:  # the newline between paragraphs maps to the raw character after the last one
            text_parts.append("\n")
            offsets.append(offsets[-1] + 1)
            position += 1
        block = paragraph.block
        paragraphs.append(Paragraph(start=position, end=position + len(para.text), page=block.page,
                                    bold=block.bold, style=block.style, cell=block.cell))
        text_parts.append(para.text)
        offsets.extend(para.offsets)
        position += len(para.text)
    return "".join(text_parts), offsets, paragraphs
