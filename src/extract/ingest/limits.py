"""Limits on what one file may make the readers do, each checked before the work it bounds.

A file from the web may be built to exhaust memory or time: a ZIP member that inflates to
gigabytes, XML that expands entities or reaches outside the file, elements nested hundreds deep,
a PDF of a million pages, a text of a billion characters. Each limit below is checked before the
work it guards (a ZIP's members by their declared sizes before any is inflated, a PDF's page count
before a page is read, a text's length before it is normalised), and a file over one fails with a
one-line reason naming the limit and, where there is one, the option that raises it.

The defaults let every real resolution through with a wide margin (the longest real resolutions
run to a few hundred pages and well under a million characters; the corpus's DOCX parts inflate
at most 33 times):

| limit | default | option |
|---|---|---|
| file size | 512 MiB | `--max-mb` |
| PDF pages | 5,000 | `--max-pages` |
| characters of a document's text | 20,000,000 | `--max-chars` |
| ZIP (DOCX, ODT) members | 10,000 | |
| one ZIP member, inflated (declared size) | 128 MiB | |
| all ZIP members, inflated (declared sizes) | 512 MiB | |
| inflation ratio of a member over 1 MiB | 200 | |
| tables nested in tables (DOCX) | 16 | |

XML parts of a ZIP that declare a DTD or entities are refused (`<!DOCTYPE`, `<!ENTITY`), so no
entity is ever expanded nor any external one fetched; the DOCX parser itself expands none and
reads nothing from the network.
"""
from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
from dataclasses import dataclass

from ..errors import CorruptFileError, LimitError, ProtectedFileError, UnsafeFileError
from ..text.display import terminal_safe

MIB = 1024 * 1024
# pdfium's error codes (FPDF_ERR_FILE, FPDF_ERR_FORMAT) in our words
PDF_DAMAGE = {2: "a damaged PDF file (it cannot be opened)", 3: "a damaged PDF file (its structure cannot be read)"}


@dataclass(frozen=True, slots=True)
class Limits:
    """What one file may make the readers do (the module's table)."""

    max_bytes: int = 512 * MIB
    max_pages: int = 5000
    max_chars: int = 20_000_000
    max_zip_members: int = 10_000
    max_member_bytes: int = 128 * MIB
    max_unzipped_bytes: int = 512 * MIB
    max_ratio: float = 200.0
    ratio_from_bytes: int = 1 * MIB  # smaller members may inflate by any ratio: they are small
    max_table_depth: int = 16


DEFAULT_LIMITS = Limits()

# The end-of-central-directory records of a ZIP: the classic one (22 bytes and a comment of at
# most 64 KiB) and the ZIP64 one with its locator.
EOCD_SIGNATURE = b"PK\x05\x06"
EOCD_SEARCH = 22 + 65535
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_EOCD_SIGNATURE = b"PK\x06\x06"
# Markup that declares a DTD or entities, in the encodings an XML parser accepts.
XML_DECLARATIONS = tuple(word.encode(codec) for word in ("<!DOCTYPE", "<!ENTITY")
                         for codec in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))


def megabytes(n: int) -> str:
    return f"{n / MIB:,.0f} MiB"


def check_file_size(size: int, source_path: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a file larger than the limit before reading it into memory."""
    if size > limits.max_bytes:
        raise LimitError(source_path, f"the file is {megabytes(size)}, larger than the limit of "
                                      f"{megabytes(limits.max_bytes)} (raise it with --max-mb)")


def check_pages(pages: int, source_path: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a PDF of more pages than the limit before any page is read."""
    if pages > limits.max_pages:
        raise LimitError(source_path, f"a PDF of {pages:,} pages, more than the limit of "
                                      f"{limits.max_pages:,} (raise it with --max-pages)")


def check_chars(chars: int, source_path: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a document whose text is longer than the limit before it is normalised."""
    if chars > limits.max_chars:
        raise LimitError(source_path, f"the text holds {chars:,} characters, more than the limit of "
                                      f"{limits.max_chars:,} (raise it with --max-chars)")


def zip_entry_count(data: bytes) -> int | None:
    """How many members a ZIP's end-of-central-directory record declares (its ZIP64 record's count
    when the classic one says 0xFFFF), read without parsing the directory; None if there is none."""
    at = data.rfind(EOCD_SIGNATURE, max(0, len(data) - EOCD_SEARCH))
    if at < 0 or at + 22 > len(data):
        return None
    total = struct.unpack_from("<H", data, at + 10)[0]
    locator = at - 20
    if total == 0xFFFF and locator >= 0 and data[locator:locator + 4] == ZIP64_LOCATOR_SIGNATURE:
        record = struct.unpack_from("<Q", data, locator + 8)[0]
        if record + 40 <= len(data) and data[record:record + 4] == ZIP64_EOCD_SIGNATURE:
            return int(struct.unpack_from("<Q", data, record + 32)[0])
    return int(total)


def check_zip_directory(data: bytes, source_path: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a ZIP that declares more members than the limit, before its directory is parsed."""
    count = zip_entry_count(data)
    if count is not None and count > limits.max_zip_members:
        raise LimitError(source_path, f"a ZIP archive of {count:,} members, more than the limit of "
                                      f"{limits.max_zip_members:,} (not a real document)")


def check_zip_members(archive: zipfile.ZipFile, source_path: str, what: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a ZIP (DOCX, ODT) whose members declare more than the limits once inflated, by the sizes
    of its central directory (ZIP64 sizes included), before any member is inflated. The inflater
    never gives more than a member's declared size, so what is checked here bounds what is read."""
    members = archive.infolist()
    if len(members) > limits.max_zip_members:
        raise LimitError(source_path, f"{what} of {len(members):,} ZIP members, more than the limit of "
                                      f"{limits.max_zip_members:,} (not a real document)")
    total = 0
    for info in members:
        name = printable_name(info.filename)
        if info.file_size > limits.max_member_bytes:
            raise LimitError(source_path, f"{what} whose part {name} inflates to {megabytes(info.file_size)}, "
                                          f"more than the limit of {megabytes(limits.max_member_bytes)} (a ZIP bomb?)")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_from_bytes and ratio > limits.max_ratio:
            raise LimitError(source_path, f"{what} whose part {name} inflates {ratio:,.0f} times, more than "
                                          f"the limit of {limits.max_ratio:g} (a ZIP bomb?)")
        total += info.file_size
    if total > limits.max_unzipped_bytes:
        raise LimitError(source_path, f"{what} whose parts inflate to {megabytes(total)} in all, more than "
                                      f"the limit of {megabytes(limits.max_unzipped_bytes)} (a ZIP bomb?)")


def check_xml_parts(archive: zipfile.ZipFile, source_path: str, what: str) -> None:
    """Refuse a ZIP whose members declare a DTD or entities (entity expansion, external entities).
    Every member is looked at, whatever its name: a part's name does not say how it is parsed.
    Run after check_zip_members, so what is inflated here is bounded."""
    for info in archive.infolist():
        if info.is_dir():
            continue
        with archive.open(info) as member:
            head = member.read()
        if any(word in head for word in XML_DECLARATIONS):
            raise UnsafeFileError(source_path, f"{what} whose part {printable_name(info.filename)} declares a DTD "
                                               "or expands entities (not allowed)")


def open_zip(data: bytes, source_path: str, what: str) -> zipfile.ZipFile:
    """The ZIP archive of a DOCX or ODT file; a one-line reason if it is damaged."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile, struct.error, ValueError, OSError...: any means a damaged directory
        raise UnsafeFileError(source_path, f"{what} whose ZIP archive is damaged (its directory cannot be read)") from exc


def check_zip(data: bytes, source_path: str, what: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Every check on a ZIP-based document (DOCX, ODT) before a reader opens it: members' count,
    declared sizes and ratios, then no DTD or entity declaration in any member."""
    check_zip_directory(data, source_path, limits)
    with open_zip(data, source_path, what) as archive:
        check_zip_members(archive, source_path, what, limits)
        try:
            check_xml_parts(archive, source_path, what)
        except UnsafeFileError:
            raise
        except Exception as exc:  # zipfile's own errors, zlib.error, bz2/lzma errors, an encrypted member...
            raise UnsafeFileError(source_path, f"{what} whose ZIP archive is damaged (a member cannot be inflated)") from exc


def printable_name(name: str, width: int = 80) -> str:
    """A member's or file's name fit for a one-line message: control characters shown as escapes."""
    shown = terminal_safe(name, keep_newlines=False)
    return shown if len(shown) <= width else shown[: width - 1] + "…"


def file_problem(st: os.stat_result) -> str | None:
    """Why a path that is not a regular file cannot be read as a document (a FIFO would block a
    read forever, a device could give bytes without end); None for a regular file."""
    st_mode = stat
    if st_mode.S_ISREG(st.st_mode):
        return None
    kind = ("a folder" if st_mode.S_ISDIR(st.st_mode) else "a named pipe (FIFO)" if st_mode.S_ISFIFO(st.st_mode)
            else "a device" if st_mode.S_ISCHR(st.st_mode) or st_mode.S_ISBLK(st.st_mode)
            else "a socket" if st_mode.S_ISSOCK(st.st_mode) else "not a regular file")
    return f"not a document file: {kind}"


def check_pdf(data: bytes, source_path: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Before a PDF's pages are read: refuse one that needs a password (what to do, not pdfium's
    words) and one of more pages than the limit. Opening a PDF reads only its cross-reference table."""
    import pypdfium2 as pdfium  # (~0.08 s) imported when the first PDF is read
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ProtectedFileError(source_path, "encrypted PDF: a password is needed to open it; give a copy "
                                                  "saved without a password") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ProtectedFileError(source_path, "encrypted PDF with a protection scheme that cannot be opened; "
                                                  "give a copy saved without protection") from exc
        raise CorruptFileError(source_path, PDF_DAMAGE.get(int(code or 0), "a damaged PDF file (it cannot be opened)")) from exc
    try:
        check_pages(len(pdf), source_path, limits)
    finally:
        pdf.close()
