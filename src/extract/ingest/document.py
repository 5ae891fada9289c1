"""A file into a RawDocument: its format judged by content (sniff.py), the reader of that format
(plain.py, docx.py, office.py, pdf.py), and the check that some body text was found."""
from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

from ..errors import CorruptFileError, EmptyDocumentError
from ..models import Block, RawDocument
from .docx import read_docx
from .limits import DEFAULT_LIMITS, Limits, check_chars, check_file_size, check_pdf, check_zip, file_problem
from .office import CONVERTED_FORMATS, convert_to_docx
from .pdf import DEFAULT_PDF_ENGINE, read_pdf
from .plain import read_text
from .sniff import detect_format


def ingest(path: str | Path, pdf_engine: str = DEFAULT_PDF_ENGINE, limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Given a path, read the file and return its blocks; raise an ExtractError if it cannot be read."""
    path = Path(path)
    data = read_file(path, limits)
    return bytes_to_document(data, str(path), pdf_engine, limits)


def read_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A document file's bytes; an ExtractError for a path that is not a regular file (a FIFO, a
    device: reading would block or never end), one over the size limit, or one that cannot be read."""
    try:
        st = os.stat(path)  # before opening: opening a FIFO waits for a writer
        problem = file_problem(st)
        if problem:
            raise CorruptFileError(str(path), problem)
        check_file_size(st.st_size, str(path), limits)
        with open(path, "rb") as fh:
            return fh.read(limits.max_bytes + 1)  # a file grown since is still read no further
    except OSError as exc:
        raise CorruptFileError(str(path), f"cannot be read ({os_reason(exc, path)})") from exc


def os_reason(exc: OSError, path: Path) -> str:
    """Why the system would not open a file, in a few words."""
    if exc.errno == errno.ELOOP:
        return "a loop of symbolic links"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return "a symbolic link to a file that does not exist"
    if exc.errno == errno.ENAMETOOLONG:
        return "its path is longer than the system allows"
    return exc.strerror or type(exc).__name__


def bytes_to_document(data: bytes, source_path: str, pdf_engine: str = DEFAULT_PDF_ENGINE,
                      limits: Limits = DEFAULT_LIMITS) -> RawDocument:
    """Given a file's bytes and the path to name it by, return its blocks in reading order (with
    pages, OCR confidences and warnings for a PDF); raise an ExtractError if it cannot be read,
    holds no body text or is over a limit (extract.ingest.limits, each checked before its work)."""
    check_file_size(len(data), source_path, limits)
    fmt = detect_format(data, source_path)
    check_format_limits(data, source_path, fmt, limits)
    sha = hashlib.sha256(data).hexdigest()
    ocr: dict[int, float | None] = {}
    warnings: list[str] = []
    pages: int | None = None
    if fmt == "pdf":
        blocks, pages, ocr, warnings = read_pdf_told(data, source_path, pdf_engine)
    elif fmt == "docx":
        blocks = read_docx(data, source_path, limits.max_table_depth)
    elif fmt in CONVERTED_FORMATS:
        converted = convert_to_docx(data, source_path, fmt)
        check_zip(converted, source_path, "a converted DOCX", limits)
        blocks = read_docx(converted, source_path, limits.max_table_depth)
    else:
        blocks = read_text(data, source_path)
    check_chars(sum(len(b.text) + 1 for b in blocks), source_path, limits)
    if not any(b.text.strip() for b in blocks if b.role == "body"):
        raise EmptyDocumentError(source_path, f"the {fmt.upper()} file holds no text")
    return RawDocument(source_path=source_path, format=fmt, sha256=sha, pages=pages, blocks=blocks,
                       ocr_confidence=ocr, warnings=warnings)


def check_format_limits(data: bytes, source_path: str, fmt: str, limits: Limits) -> None:
    """The limits of a format checked on its bytes, before its reader runs: a PDF's password and
    pages; a DOCX's or ODT's ZIP members and XML declarations; a text's length (each character
    takes 1 to 4 bytes in UTF-8, so a text of more than 4 bytes a character allowed is over)."""
    if fmt == "pdf":
        check_pdf(data, source_path, limits)
    elif fmt in ("docx", "odt"):
        check_zip(data, source_path, "a DOCX" if fmt == "docx" else "an ODT", limits)
    elif fmt == "text" and len(data) > 4 * limits.max_chars:
        check_chars(len(data) // 4, source_path, limits)


def read_pdf_told(data: bytes, source_path: str, pdf_engine: str
                  ) -> tuple[list[Block], int, dict[int, float | None], list[str]]:
    """read_pdf, with pdfium's own failures on a damaged page (PdfiumError: "Failed to load page",
    found by the fuzzer) told as a damaged PDF in one line of our words."""
    try:
        return read_pdf(data, source_path, pdf_engine)
    except Exception as exc:
        if type(exc).__name__ != "PdfiumError":  # pypdfium2's one error class, imported only with a PDF
            raise
        raise CorruptFileError(source_path, "a damaged PDF file (a page cannot be read)") from exc
