"""A file into a RawDocument: its format judged by content (sniff.py), the reader of that format
(plain.py, docx.py, office.py, pdf.py), and the check that some body text was found."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import CorruptFileError, EmptyDocumentError
from ..models import RawDocument
from .docx import read_docx
from .office import CONVERTED_FORMATS, convert_to_docx
from .pdf import DEFAULT_PDF_ENGINE, read_pdf
from .plain import read_text
from .sniff import detect_format


def ingest(path: str | Path, pdf_engine: str = DEFAULT_PDF_ENGINE) -> RawDocument:
    """Given a path, read the file and return its blocks; raise an ExtractError if it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorruptFileError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    return bytes_to_document(data, str(path), pdf_engine)


def bytes_to_document(data: bytes, source_path: str, pdf_engine: str = DEFAULT_PDF_ENGINE) -> RawDocument:
    """Given a file's bytes and the path to name it by, return its blocks in reading order (with
    pages, OCR confidences and warnings for a PDF); raise an ExtractError if it cannot be read or
    holds no body text."""
    fmt = detect_format(data, source_path)
    sha = hashlib.sha256(data).hexdigest()
    ocr: dict[int, float | None] = {}
    warnings: list[str] = []
    pages: int | None = None
    if fmt == "pdf":
        blocks, pages, ocr, warnings = read_pdf(data, source_path, pdf_engine)
    elif fmt == "docx":
        blocks = read_docx(data, source_path)
    elif fmt in CONVERTED_FORMATS:
        blocks = read_docx(convert_to_docx(data, source_path, fmt), source_path)
    else:
        blocks = read_text(data, source_path)
    if not any(b.text.strip() for b in blocks if b.role == "body"):
        raise EmptyDocumentError(source_path, f"the {fmt.upper()} file holds no text")
    return RawDocument(source_path=source_path, format=fmt, sha256=sha, pages=pages, blocks=blocks,
                       ocr_confidence=ocr, warnings=warnings)
