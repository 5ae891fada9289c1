"""Ingest: a file's bytes -> RawDocument (blocks of raw text in reading order, with pages)."""
from .reader import DEFAULT_PDF_ENGINE, PDF_ENGINES, bytes_to_document, detect_format, ingest

__all__ = ["DEFAULT_PDF_ENGINE", "PDF_ENGINES", "bytes_to_document", "detect_format", "ingest"]
