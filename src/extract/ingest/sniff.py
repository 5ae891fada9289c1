"""Which format a file is, judged by its content (its first bytes), never by its name."""
from __future__ import annotations

import io
import zipfile

from ..errors import CorruptFileError, EmptyDocumentError, UnsupportedFormatError
from .limits import check_zip_directory

PDF_SIGNATURE = b"%PDF-"  # anywhere in the first kilobyte (some producers put junk before it)
PDF_SIGNATURE_WITHIN = 1024
ZIP_SIGNATURE = b"PK\x03\x04"  # DOCX and ODT are ZIP archives, told apart by their members
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 (.doc), an OLE compound file
RTF_SIGNATURE = b"{\\rtf"
# Signatures of formats we recognise but do not read; each message says what to do instead.
NOT_READ_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not a document; OCR of image files is not supported, give the PDF or DOCX"),
    (b"\xff\xd8\xff", "a JPEG image, not a document; OCR of image files is not supported, give the PDF or DOCX"),
    (b"GIF8", "a GIF image, not a document"),
    (b"II*\x00", "a TIFF image, not a document; OCR of image files is not supported"),
    (b"MM\x00*", "a TIFF image, not a document; OCR of image files is not supported"),
]


def detect_format(data: bytes, source_path: str) -> str:
    """Given a file's bytes, return "pdf", "docx", "doc", "rtf", "odt" or "text", judged by content,
    never by name; raise for an empty file or a format we do not read."""
    if not data.strip():
        raise EmptyDocumentError(source_path, "the file is empty")
    if PDF_SIGNATURE in data[:PDF_SIGNATURE_WITHIN]:
        return "pdf"
    if data.startswith(ZIP_SIGNATURE):
        return zip_format(data, source_path)
    if data.startswith(OLE_SIGNATURE):
        return "doc"
    if data.startswith(RTF_SIGNATURE):
        return "rtf"
    for signature, message in NOT_READ_SIGNATURES:
        if data.startswith(signature):
            raise UnsupportedFormatError(source_path, message)
    return "text"


def zip_format(data: bytes, source_path: str) -> str:
    """A ZIP archive's format by its members: "docx" or "odt"; raise for any other archive."""
    check_zip_directory(data, source_path)  # before the directory is parsed: its size is the file's to choose
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except Exception as exc:  # BadZipFile, struct.error, ValueError, OSError...: any means a damaged directory
        raise CorruptFileError(source_path, "a damaged ZIP/DOCX file (its ZIP directory cannot be read)") from exc
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        return "odt"
    raise UnsupportedFormatError(source_path, "a ZIP archive that is not a DOCX document")
