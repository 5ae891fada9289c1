"""Segment: NormalisedDocument -> SegmentedDocument (metadata and the section tree).

The stage in four modules: `body` says where the body starts and ends, `metadata` reads the front
matter and the signature block, `sections` builds the section tree of the body, `provinces` asks the
gazetteer; `vocabulary` builds their patterns from the words in schemas/letterhead.yaml. Beside
them: `text_tables` turns tables written as text into table cells first, `annexes` reads the
annexes after the signature as sections of the document, `parts` cuts a file that holds several
documents into them (the pipeline segments each part).
"""
from __future__ import annotations

from ..models import NormalisedDocument, SegmentedDocument
from .annexes import annex_sections, find_annexes
from .body import find_body_end, find_body_start
from .metadata import front_matter_to_meta
from .provinces import province_after_merger
from .sections import paragraphs_to_sections
from .text_tables import with_text_tables

__all__ = ["segment"]


def segment(norm: NormalisedDocument) -> SegmentedDocument:
    """Given a normalised document, return its metadata and section tree."""
    norm = with_text_tables(norm)
    text, paragraphs = norm.text, norm.paragraphs
    start = find_body_start(text, paragraphs)
    end = find_body_end(text, paragraphs, start)
    heads = find_annexes(text, paragraphs, end)
    tail_end = heads[0] if heads else len(paragraphs)
    meta = front_matter_to_meta([text[p.start:p.end] for p in paragraphs[:start]],
                                [text[p.start:p.end] for p in paragraphs[end:tail_end]])
    meta.province_2025 = province_after_merger(meta.province)
    ocr = bool(norm.raw.ocr_confidence)
    sections = paragraphs_to_sections(text, paragraphs[start:], end - start, ocr=ocr)
    annexes, annex_ranges = annex_sections(text, paragraphs, heads, ocr)
    body_start = paragraphs[start].start if start < len(paragraphs) else len(text)
    return SegmentedDocument(norm=norm, meta=meta, sections=sections + annexes, body_start=body_start,
                             annexes=annex_ranges)
