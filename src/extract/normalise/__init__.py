"""Normalise: RawDocument -> NormalisedDocument (repaired characters, NFC, one tone placement,
paragraphs), every character mapped to the raw character it came from.

`characters` holds the character-level repairs (mojibake, legacy encodings, look-alikes, NFC and
tone placement), `paragraphs` rebuilds paragraphs from lines and page-broken pieces.
"""
from __future__ import annotations

import unicodedata

from ..models import NormalisedDocument, RawDocument
from ..text.vietnamese import DEFAULT_TONE_STYLE
from .characters import clean_controls
from .paragraphs import blocks_to_pieces, paragraphs_to_text, rejoin_pieces

__all__ = ["normalise"]


def normalise(raw: RawDocument, tone_style: str = DEFAULT_TONE_STYLE) -> NormalisedDocument:
    """Given a RawDocument, return its normalised body text, paragraphs and offset map.

    Order: per block, mojibake repair, legacy decoding (per font run, or the block's characters)
    and line structure (wraps, debris, run-together headings); then pieces split by a page break
    rejoined into paragraphs; then, per paragraph, character repairs, NFC and tone placement.
    Normalising the output again changes nothing (a property test checks it)."""
    body = [b for b in raw.blocks if b.role == "body"]
    pieces, block_starts = blocks_to_pieces(body)
    text, offsets, paragraphs = paragraphs_to_text(rejoin_pieces(pieces), tone_style)
    furniture = [unicodedata.normalize("NFC", clean_controls(b.text)).strip() for b in raw.blocks if b.role == "furniture"]
    return NormalisedDocument(raw=raw, text=text, raw_text="\n".join(b.text for b in body), offsets=offsets,
                              paragraphs=paragraphs, furniture=furniture,
                              block_starts=block_starts, block_pages=[b.page for b in body])
