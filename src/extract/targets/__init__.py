"""Targets: SegmentedDocument -> Target rows (every numeric target and reported result)."""
from .core import extract

__all__ = ["extract"]
