"""Segment: NormalisedDocument -> SegmentedDocument (metadata and the section tree)."""
from .core import segment

__all__ = ["segment"]
