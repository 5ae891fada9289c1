"""Normalise: RawDocument -> NormalisedDocument (repaired characters, NFC, one tone placement,
paragraphs), every character mapped to the raw character it came from."""
from .core import normalise

__all__ = ["normalise"]
