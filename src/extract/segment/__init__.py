"""Segment: NormalisedDocument -> SegmentedDocument (metadata and the section tree).

The stage in these modules: `reading` (the entry point of metadata: `read_document` over any range
of paragraphs) finds the letterhead wherever it sits and where the body starts and ends (`body`),
reads the front matter and the signature block (`metadata`) and what the document states elsewhere
(`evidence`: a site's metadata block, running text, the body's province); `sections` builds the
section tree of the body, `provinces` asks the gazetteer; `vocabulary` builds their patterns from
the words in schemas/letterhead.yaml and schemas/metadata.yaml. Beside
them: `text_tables` turns tables written as text into table cells first, `annexes` reads the
annexes after the signature as sections of the document, `parts` cuts a file that holds several
documents into them (the pipeline segments each part).
"""
from __future__ import annotations

from ..models import NormalisedDocument, SegmentedDocument
from .annexes import annex_sections, find_annexes
from .reading import read_document
from .sections import paragraphs_to_sections
from .text_tables import with_text_tables

__all__ = ["segment"]


def segment(norm: NormalisedDocument) -> SegmentedDocument:
    """Given a normalised document, return its metadata and section tree."""
    norm = with_text_tables(norm)
    text, paragraphs = norm.text, norm.paragraphs
    reading = read_document(text, paragraphs)
    heads = find_annexes(text, paragraphs, reading.body_end)
    if heads:  # the signature block ends where the annexes start
        reading = read_document(text, paragraphs[:heads[0]])
    meta, start, end = reading.meta, reading.body_start, reading.body_end
    ocr = bool(norm.raw.ocr_confidence)
    sections = paragraphs_to_sections(text, paragraphs[start:], end - start, ocr=ocr)
    annexes, annex_ranges = annex_sections(text, paragraphs, heads, ocr)
    body_start = paragraphs[start].start if start < len(paragraphs) else len(text)
    return SegmentedDocument(norm=norm, meta=meta, sections=sections + annexes, body_start=body_start,
                             annexes=annex_ranges)
