"""Segment: NormalisedDocument -> SegmentedDocument (metadata and the section tree).

The stage in four modules: `body` says where the body starts and ends, `metadata` reads the front
matter and the signature block, `sections` builds the section tree of the body, `provinces` asks the
gazetteer; `vocabulary` builds their patterns from the words in schemas/letterhead.yaml.
"""
from __future__ import annotations

from ..models import NormalisedDocument, SegmentedDocument
from .body import find_body_end, find_body_start
from .metadata import front_matter_to_meta
from .provinces import province_after_merger
from .sections import paragraphs_to_sections

__all__ = ["segment"]


def segment(norm: NormalisedDocument) -> SegmentedDocument:
    """Given a normalised document, return its metadata and section tree."""
    text, paragraphs = norm.text, norm.paragraphs
    start = find_body_start(text, paragraphs)
    end = find_body_end(text, paragraphs, start)
    meta = front_matter_to_meta([text[p.start:p.end] for p in paragraphs[:start]],
                                [text[p.start:p.end] for p in paragraphs[end:]])
    meta.province_2025 = province_after_merger(meta.province)
    sections = paragraphs_to_sections(text, paragraphs[start:], end - start, ocr=bool(norm.raw.ocr_confidence))
    body_start = paragraphs[start].start if start < len(paragraphs) else len(text)
    return SegmentedDocument(norm=norm, meta=meta, sections=sections, body_start=body_start)
