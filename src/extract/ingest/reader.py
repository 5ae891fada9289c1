"""Ingest: one reader per format, chosen by the file's content, each returning a RawDocument.

Every reader returns blocks of raw text in reading order, with their page (PDF) and with page
furniture (running headers, footers, page numbers) marked apart from the body.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import replace
import re
import statistics
import unicodedata
import zipfile
from collections import Counter
from pathlib import Path

import regex

from ..errors import CorruptFileError, EmptyDocumentError, MissingToolError, TextEncodingError, UnsupportedFormatError
from ..models import Block, RawDocument
from ..text.legacy import decode as decode_legacy_text
from ..text.legacy import detect_encoding, encoding_of_font
from ..text.vietnamese import MARK, SUBSET_PREFIX, compose_cluster
from .layout import (COLUMN_GAP_EM, FULL_LINE_TOLERANCE, FURNITURE_BAND, FURNITURE_MIN_PAGE_SHARE, INDENT_TOLERANCE,
                     LINE_TOLERANCE, PARAGRAPH_GAP_FACTOR)
from . import ocr

# Signatures of formats we recognise but do not read; each message says what to do instead.
NOT_READ_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not a document; OCR of image files is not supported, give the PDF or DOCX"),
    (b"\xff\xd8\xff", "a JPEG image, not a document; OCR of image files is not supported, give the PDF or DOCX"),
    (b"GIF8", "a GIF image, not a document"),
    (b"II*\x00", "a TIFF image, not a document; OCR of image files is not supported"),
    (b"MM\x00*", "a TIFF image, not a document; OCR of image files is not supported"),
]
# Word 97-2003 (.doc, an OLE compound file) and RTF: converted to DOCX by LibreOffice.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_SIGNATURE = b"{\\rtf"
CONVERTED_FORMATS = {"doc": "a Word 97-2003 (.doc) file", "rtf": "an RTF file", "odt": "an OpenDocument text file"}
LIBREOFFICE_HINT = "`apt-get install libreoffice-writer-nogui` (Debian/Ubuntu)"
CONVERT_TIMEOUT = 300  # seconds for one LibreOffice conversion

# PDF layout tolerances, in PDF points (1/72 inch) or fractions of the page.

PDF_ENGINES = ("pdfium", "pdfplumber")
DEFAULT_PDF_ENGINE = "pdfium"  # ~50 times faster than pdfplumber on text-layer PDFs (benchmarks/throughput.py)

PAGE_NUMBER_LINE = re.compile(r"^\s*(?:(?:Trang|Page)\s*)?[-–—]?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*[-–—]?\s*$", re.I)


def ingest(path: str | Path, pdf_engine: str = DEFAULT_PDF_ENGINE) -> RawDocument:
    """Given a path, read the file and return its blocks; raise an ExtractError if it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorruptFileError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    return bytes_to_document(data, str(path), pdf_engine)


def bytes_to_document(data: bytes, source_path: str, pdf_engine: str = DEFAULT_PDF_ENGINE) -> RawDocument:
    fmt = detect_format(data, source_path)
    sha = hashlib.sha256(data).hexdigest()
    ocr: dict[int, float | None] = {}
    warnings: list[str] = []
    if fmt == "pdf":
        blocks, pages, ocr, warnings = read_pdf(data, source_path, pdf_engine)
    elif fmt == "docx":
        blocks, pages = read_docx(data, source_path), None
    elif fmt in CONVERTED_FORMATS:
        blocks, pages = read_docx(convert_to_docx(data, source_path, fmt), source_path), None
    else:
        blocks, pages = read_text(data, source_path), None
    if not any(b.text.strip() for b in blocks if b.role == "body"):
        raise EmptyDocumentError(source_path, f"the {fmt.upper()} file holds no text")
    return RawDocument(source_path=source_path, format=fmt, sha256=sha, pages=pages, blocks=blocks,
                       ocr_confidence=ocr, warnings=warnings)


def convert_to_docx(data: bytes, source_path: str, fmt: str) -> bytes:
    """Given a .doc, .rtf or .odt file's bytes, return the DOCX LibreOffice makes of it (headless,
    in a private profile, so conversions can run side by side). Run fonts are kept, so legacy
    fonts (.VnTime, VNI-Times) are still seen run by run, and TCVN3's "ư" (0xAD) arrives as a
    <w:softHyphen/>, which the DOCX reader restores."""
    import shutil
    import subprocess
    import tempfile

    what = CONVERTED_FORMATS[fmt]
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise MissingToolError(
            source_path, f"{what}, read by converting it with LibreOffice, which is not installed; "
            f"install it with {LIBREOFFICE_HINT}")
    with tempfile.TemporaryDirectory(prefix="extract-convert-") as tmp:
        src = Path(tmp) / f"input.{fmt}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        try:
            done = subprocess.run(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(Path(tmp) / "out"), str(src)],
                capture_output=True, timeout=CONVERT_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise CorruptFileError(source_path, f"{what} that LibreOffice could not convert in "
                                                f"{CONVERT_TIMEOUT} s") from exc
        out = Path(tmp) / "out" / "input.docx"
        if done.returncode != 0 or not out.exists():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise CorruptFileError(source_path, f"{what} that LibreOffice could not convert ({detail[0]})")
        return out.read_bytes()


def detect_format(data: bytes, source_path: str) -> str:
    """Given a file's bytes, return "pdf", "docx", "doc", "rtf", "odt" or "text", judged by content, never by name."""
    if not data.strip():
        raise EmptyDocumentError(source_path, "the file is empty")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile as exc:
            raise CorruptFileError(source_path, f"a damaged ZIP/DOCX file ({exc})") from exc
        if "word/document.xml" in names:
            return "docx"
        if "content.xml" in names:
            return "odt"
        raise UnsupportedFormatError(source_path, "a ZIP archive that is not a DOCX document")
    if data.startswith(OLE_SIGNATURE):
        return "doc"
    if data.startswith(RTF_SIGNATURE):
        return "rtf"
    for signature, message in NOT_READ_SIGNATURES:
        if data.startswith(signature):
            raise UnsupportedFormatError(source_path, message)
    return "text"


# --- plain text -------------------------------------------------------------------------------

def decode_text(data: bytes, source_path: str) -> str:
    """Given the bytes of a text file, return its text: UTF-8 (with or without BOM) or UTF-16."""
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif len(data) >= 4 and data[1::2].count(0) > 0.4 * (len(data) // 2):
        encoding = "utf-16-le"  # ASCII-heavy UTF-16 without BOM: every other byte is NUL
    elif len(data) >= 4 and data[0::2].count(0) > 0.4 * (len(data) // 2):
        encoding = "utf-16-be"
    else:
        encoding = "utf-8"
        controls = sum(1 for b in data[:65536] if b < 32 and b not in b"\t\n\r\f")
        if controls > max(3, len(data[:65536]) // 100):
            raise UnsupportedFormatError(source_path, "binary data of an unknown format, not a text, DOCX or PDF document")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding == "utf-8":
            # An 8-bit file typed in TCVN3, VNI or VISCII: its bytes read as CP1252 are the legacy surfaces.
            # A text file has no runs or fonts: the encoding is the file's, judged on all of it and
            # validated (legacy.detect_encoding), and the reader decodes it as it decodes UTF-8.
            eight_bit = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)
            legacy = detect_encoding(eight_bit, keep_punctuation=False)
            if legacy:
                return decode_legacy_text(eight_bit, legacy)
        raise TextEncodingError(
            source_path,
            f"not valid {encoding.upper()} text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8, or give the DOCX/PDF it came from") from exc
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(3, len(text) // 100):
        raise UnsupportedFormatError(source_path, "binary data of an unknown format, not a text, DOCX or PDF document")
    return text


def read_text(data: bytes, source_path: str) -> list[Block]:
    """Given a text file's bytes, return one block per non-empty line."""
    text = decode_text(data, source_path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")
    return [Block(text=part) for line in lines if line.strip() for part in side_by_side(line)]


# Columns laid side by side in a text file (a letterhead as `pdftotext -layout` or a typist leaves
# it: "TỈNH ỦY HƯNG YÊN        ĐẢNG CỘNG SẢN VIỆT NAM"): short parts apart by a tab or 3+ spaces.
COLUMN_SPACE = re.compile(r"\t+|\s{3,}")
MAX_COLUMN_CHARS = 60


def side_by_side(line: str) -> list[str]:
    """A text line cut into its columns when it is two or three short parts set apart by a wide
    space; any other line whole."""
    parts = [p for p in COLUMN_SPACE.split(line.strip()) if p.strip()]
    if 2 <= len(parts) <= 3 and all(len(p) <= MAX_COLUMN_CHARS for p in parts):
        return parts
    return [line]


# --- DOCX ---------------------------------------------------------------------------------------

def read_docx(data: bytes, source_path: str) -> list[Block]:
    """Given a DOCX file's bytes, return its paragraphs and table cells in document order,
    then its headers and footers as furniture."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
        raise CorruptFileError(source_path, f"a damaged DOCX file ({type(exc).__name__}: {exc})") from exc

    blocks: list[Block] = []

    def paragraph_block(par: DocxParagraph, role: str = "body") -> Block | None:
        text, fonts = paragraph_text_and_legacy_fonts(par)
        if not text.strip():
            return None
        runs = [r for r in par.runs if r.text.strip()]
        style_bold = bool(par.style is not None and par.style.font is not None and par.style.font.bold)
        bold = bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)
        style = par.style.name if par.style is not None else None
        return Block(text=text, role=role, bold=bold, style=style, fonts=fonts)

    tables_seen = [0]

    def walk(items, cell_id: tuple[int, int, int, int] | None = None) -> None:
        for item in items:
            if isinstance(item, DocxParagraph):
                block = paragraph_block(item)
                if block:
                    blocks.append(replace(block, cell=cell_id) if cell_id else block)
            elif isinstance(item, Table):
                table_no = tables_seen[0]
                tables_seen[0] += 1
                # A merged cell repeats in every row (vertical merge) and grid column (horizontal
                # merge) it spans: read it once, at its first row, with the columns it covers. Keep
                # the elements themselves (not their id()s: lxml proxies are recreated and ids reused).
                seen: set = set()
                for r, row in enumerate(item.rows):
                    cells = list(row.cells)
                    for c, cell in enumerate(cells):
                        if cell._tc in seen:
                            continue
                        seen.add(cell._tc)
                        last = c
                        while last + 1 < len(cells) and cells[last + 1]._tc is cell._tc:
                            last += 1
                        walk(cell.iter_inner_content(), (table_no, r, c, last))

    walk(document.iter_inner_content())
    furniture_seen: set[str] = set()
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part is None or part.is_linked_to_previous and part is not section.header:
                continue
            for par in part.paragraphs:
                block = paragraph_block(par, role="furniture")
                if block and block.text not in furniture_seen:
                    furniture_seen.add(block.text)
                    blocks.append(block)
    return blocks


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def run_text(run) -> str:
    """A run's text with the soft hyphens python-docx drops: TCVN3 writes "ư" as byte 0xAD,
    which Word stores as <w:softHyphen/> (reference §3.5)."""
    parts = []
    for child in run._r:
        tag = child.tag
        if tag == W_NS + "t":
            parts.append(child.text or "")
        elif tag == W_NS + "softHyphen":
            parts.append("\u00ad")
        elif tag == W_NS + "tab":
            parts.append("\t")
        elif tag in (W_NS + "br", W_NS + "cr"):
            parts.append("\n")
        elif tag == W_NS + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def paragraph_text_and_legacy_fonts(par) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """A paragraph's text and the spans of its runs set in a legacy font (.VnTime, VNI-Times);
    a paragraph with none keeps python-docx's own text, untouched."""
    style_font = par.style.font.name if par.style is not None and par.style.font is not None else None
    runs = list(par.runs)
    names = [run.font.name or style_font for run in runs]
    if not any(encoding_of_font(n) for n in names):
        return par.text, ()
    text, fonts = "", []
    for run, name in zip(runs, names):
        piece = run_text(run)
        if encoding_of_font(name):
            fonts.append((len(text), len(text) + len(piece), name))
        text += piece
    return text, tuple(fonts)


# --- PDF ----------------------------------------------------------------------------------------

def read_pdf(data: bytes, source_path: str, engine: str = DEFAULT_PDF_ENGINE
             ) -> tuple[list[Block], int, dict[int, float | None], list[str]]:
    """Given a PDF's bytes, return its paragraphs (furniture marked), its page count, the mean OCR
    word confidence of each page read by OCR (1-based page -> 0-100) and warnings.

    Both engines produce the same pieces (text runs with box, size and font); a page without a
    usable text layer (no text, or mostly placeholders) is read by OCR into lines of the same
    shape; then all pages share the layout analysis: columns, furniture, paragraphs."""

    if engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; use one of {', '.join(PDF_ENGINES)}")
    reader = pdf_runs_pdfium if engine == "pdfium" else pdf_runs_pdfplumber
    pages_runs, page_sizes, table_pages = reader(data, source_path)
    if not pages_runs:
        raise CorruptFileError(source_path, "a PDF with no pages")
    tables = find_tables(data, table_pages) if table_pages else {}
    pages_lines = [lines_with_tables(runs, tables.get(i, [])) for i, runs in enumerate(pages_runs)]
    scanned = [i for i, lines in enumerate(pages_lines) if ocr.needs_ocr(" ".join(ln["text"] for ln in lines))]
    confidence: dict[int, float | None] = {}
    warnings: list[str] = []
    for i, page in ocr.ocr_pages(data, scanned).items() if scanned else ():
        warnings.extend(page.warnings)
        if page.lines:  # each line keeps its words' confidences ("word_confidences")
            pages_lines[i] = order_lines(page.lines)
            confidence[i + 1] = page.confidence
    if not any(line["text"].strip() for lines in pages_lines for line in lines):
        if scanned and ocr.tesseract_status():
            raise MissingToolError(source_path, f"a scanned PDF with no text layer: {ocr.tesseract_status()}")
        problem = f": {warnings[0]}" if warnings else ""
        raise EmptyDocumentError(source_path, f"the PDF has no text layer and OCR found no text{problem}")
    mark_furniture(pages_lines, page_sizes)
    return lines_to_blocks(pages_lines), len(pages_runs), confidence, warnings


def order_lines(lines: list[dict]) -> list[dict]:
    """Given lines (OCR's), return them in the text reader's order: by rows top to bottom, the
    lines of one row (two columns of a letterhead) left to right."""
    rows: list[list[dict]] = []
    for line in sorted(lines, key=lambda ln: (ln["top"] + ln["bottom"]) / 2):
        centre = (line["top"] + line["bottom"]) / 2
        if rows and abs((rows[-1][0]["top"] + rows[-1][0]["bottom"]) / 2 - centre) <= 0.5 * line["size"]:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln["x0"])]


def pdf_runs_pdfium(data: bytes, source_path: str) -> tuple[list[list[dict]], list[tuple[float, float]], list[int]]:
    """Text runs of every page with pypdfium2 (pdfium_line_runs; character by character on a page
    whose marks are glyphs of their own); the page sizes; and the pages that draw enough rules to
    hold a ruled table."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(source_path, f"a damaged PDF file ({exc})") from exc
    pages_runs, sizes, table_pages = [], [], []
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    try:
        for page in pdf:
            width, height = page.get_size()
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            runs = []
            if has_loose_marks(text):
                runs = chars_to_runs(attach_marks(pdfium_chars(textpage, height, name, flags)))
            if not runs:
                runs = pdfium_line_runs(textpage, text, height, name, flags)
            textpage.close()
            if count_paths(page, pdfium_c) >= TABLE_MIN_PATHS:
                table_pages.append(len(pages_runs))
            page.close()
            pages_runs.append(runs)
            sizes.append((width, height))
    finally:
        pdf.close()
    return pages_runs, sizes, table_pages


def pdfium_line_runs(textpage, text: str, height: float, name, flags) -> list[dict]:
    """Given a pdfium text page and its text, return its runs: one per text rectangle (a run of characters of
    one text object: one font, one size), with its text, box, font name and size.

    The page's text is cut at the line breaks pdfium generates, and the rectangles are asked for
    line by line (FPDFText_CountRects over the line's characters: work in proportion to the line,
    where asking for a rectangle's text scans the whole page). A line that is one rectangle
    has the line's text; a line of several (a font change, two columns) asks for each one's text."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    n_chars = pdfium_c.FPDFText_CountChars(textpage)
    buffer = (ctypes.c_ushort * (n_chars + 1))()  # a rectangle's text is at most the page's
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    runs = []
    pos = 0
    while pos < n_chars:
        stop = text.find("\r\n", pos)
        stop = n_chars if stop < 0 else stop
        count = pdfium_c.FPDFText_CountRects(textpage, pos, stop - pos) if stop > pos else 0
        for i in range(count):
            pdfium_c.FPDFText_GetRect(textpage, i, left, top, right, bottom)
            x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
            if count == 1:
                bounded = text[pos:stop]
                # any visible character of the run has the run's font
                index = pos + len(bounded) - len(bounded.lstrip())
            else:
                written = pdfium_c.FPDFText_GetBoundedText(textpage, x0, y1, x1, y0, buffer, len(buffer))
                # (the count pdfium returns includes the terminating NUL)
                bounded = bytes(memoryview(buffer)[:max(written, 0)]).decode("utf-16-le", "ignore").partition("\x00")[0]
                # a character of the run, for its font: the one nearest the middle, within the run's box
                index = pdfium_c.FPDFText_GetCharIndexAtPos(textpage, (x0 + x1) / 2, (y0 + y1) / 2,
                                                            max(2.0, (x1 - x0) / 2), max(2.0, (y1 - y0) / 2))
            # pdfium writes a hyphen that ends a line as U+0002: it is the hyphen the page shows
            bounded = bounded.replace("\x02", "-")
            run_text = bounded.strip()
            if not run_text:
                continue
            size = pdfium_c.FPDFText_GetFontSize(textpage, index) if index >= 0 else y1 - y0
            font = ""
            if index >= 0 and pdfium_c.FPDFText_GetFontInfo(textpage, index, name, 256, ctypes.byref(flags)):
                font = name.value.decode("utf-8", "replace")
            # pdfium's text has a space (drawn or generated) wherever there is one; the boxes are
            # ink, so a gap between two runs (a font change mid-word) is no sign of a space
            runs.append({"text": run_text, "x0": x0, "x1": x1, "top": height - y1, "bottom": height - y0,
                         "size": size or (y1 - y0), "fontname": font,
                         "space_before": bounded[:1].isspace(), "space_after": bounded[-1:].isspace(),
                         "space_gap_em": INK_SPACE_GAP_EM})
        pos = stop + 2
    return runs


def count_paths(page, pdfium_c) -> int:
    """How many path objects (lines, rectangles: a table's rules) a pdfium page draws."""
    return sum(1 for i in range(pdfium_c.FPDFPage_CountObjects(page))
               if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(page, i)) == pdfium_c.FPDF_PAGEOBJ_PATH)


def pdf_runs_pdfplumber(data: bytes, source_path: str) -> tuple[list[list[dict]], list[tuple[float, float]], list[int]]:
    """Text runs of every page with pdfplumber: its words, with font name and size."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise CorruptFileError(source_path, f"a damaged PDF file ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # pdfminer raises many private exception types on garbage
        raise CorruptFileError(source_path, f"a damaged PDF file ({type(exc).__name__}: {exc})") from exc
    pages_runs, sizes, table_pages = [], [], []
    with pdf:
        try:
            for page in pdf.pages:
                if len(page.lines) + len(page.rects) + len(page.curves) >= TABLE_MIN_PATHS:
                    table_pages.append(len(pages_runs))
                if any(has_loose_marks(c["text"]) for c in page.chars):
                    from pdfplumber.utils.text import WordExtractor

                    words = WordExtractor(extra_attrs=["fontname", "size"]).extract_words(
                        attach_marks(page.chars, boxes="advance"))
                else:
                    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
                pages_runs.append(words)
                sizes.append((float(page.width), float(page.height)))
                page.close()  # drop pdfplumber's per-page caches: memory stays flat on long documents
        except Exception as exc:
            raise CorruptFileError(source_path, f"a damaged PDF file ({type(exc).__name__}: {exc})") from exc
    return pages_runs, sizes, table_pages


# Combining marks a PDF draws as glyphs of their own (reference §1.2): extractors then put them
# out of order ("đò̂ng": tone before circumflex) or after a spurious space ("khó a").


# Every character with a non-zero canonical combining class is a mark (\p{M}): searching for marks
# runs at C speed, and the few found are checked with unicodedata.combining.


def has_loose_marks(text: str) -> bool:
    """Does the text hold a combining mark (a page whose marks may be separate glyphs)?"""
    return any(unicodedata.combining(m.group()) for m in MARK.finditer(text))


def attach_marks(chars: list[dict], boxes: str = "ink") -> list[dict]:
    """Given a page's characters in drawing order (dicts with text and box), return them with
    every combining mark attached to its letter, the marks put in Vietnamese order (shape, then
    tone) and each letter composed (NFC).

    Where the mark's box is its ink (`boxes="ink"`, pdfium), the letter under it is the one on its
    line whose box holds, or is nearest, the mark's centre. Where a mark's box is only its origin
    and zero advance (`boxes="advance"`, pdfminer), that box says little: the letter drawn just
    before the mark is taken if the mark is beside it (producers draw a letter's marks right after
    it), the nearest letter otherwise."""
    def is_mark(c: dict) -> bool:
        return bool(c["text"]) and all(unicodedata.combining(ch) for ch in c["text"])

    def centre(c: dict) -> tuple[float, float]:
        return (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2

    def beside(base: dict, mark: dict) -> bool:
        x, y = centre(mark)
        size = float(base["size"])
        return base["x0"] - 0.25 * size <= x <= base["x1"] + 0.25 * size and abs(centre(base)[1] - y) < size

    bases: list[dict] = []
    last: dict | None = None
    for c in chars:
        if not is_mark(c):
            last = dict(c, _marks=[])
            bases.append(last)
            continue
        if boxes == "advance" and last is not None and last["text"].strip() and beside(last, c):
            last["_marks"].append(c["text"])
            continue
        x, y = centre(c)
        line = [b for b in bases if b["text"].strip() and abs(centre(b)[1] - y) < float(b["size"])]
        if line:  # a mark with no letter near it is dropped
            min(line, key=lambda b: (round(abs(centre(b)[1] - y) / float(b["size"])),
                                     max(b["x0"] - x, x - b["x1"], 0.0)))["_marks"].append(c["text"])
    for b in bases:
        marks = "".join(b.pop("_marks"))
        if marks:
            b["text"] = compose_cluster(b["text"] + marks)
    return bases


def pdfium_chars(textpage, height: float, name, flags) -> list[dict]:
    """Every drawn character of a pdfium text page with its box, font name and size."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    chars = []
    for i in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(textpage, i):
            continue
        text = chr(pdfium_c.FPDFText_GetUnicode(textpage, i)).replace("\x02", "-")  # a line-end hyphen
        if not text.strip():
            continue
        # a letter's box is its advance (gaps between boxes are the spaces); a mark's is its ink,
        # whose centre says which letter it sits on
        left, bottom, right, top = textpage.get_charbox(i, loose=not unicodedata.combining(text))
        font = ""
        if pdfium_c.FPDFText_GetFontInfo(textpage, i, name, 256, ctypes.byref(flags)):
            font = name.value.decode("utf-8", "replace")
        chars.append({"text": text, "x0": left, "x1": right, "top": height - top, "bottom": height - bottom,
                      "size": pdfium_c.FPDFText_GetFontSize(textpage, i) or (top - bottom), "fontname": font})
    return chars


def chars_to_runs(chars: list[dict]) -> list[dict]:
    """Given characters in drawing order, return runs: neighbours on one line in one font with
    no word gap between them joined (the same pieces the fast path's text rectangles give)."""
    runs: list[dict] = []
    for c in chars:
        last = runs[-1] if runs else None
        if last and last["fontname"] == c["fontname"] \
                and abs((last["top"] + last["bottom"]) / 2 - (c["top"] + c["bottom"]) / 2) < 0.5 * float(c["size"]) \
                and -0.5 * float(c["size"]) <= c["x0"] - last["x1"] <= SPACE_GAP_EM * float(c["size"]):
            last.update(text=last["text"] + c["text"], x1=max(last["x1"], c["x1"]),
                        top=min(last["top"], c["top"]), bottom=max(last["bottom"], c["bottom"]))
        else:
            runs.append(dict(c, space_before=False, space_after=False))
    return runs


TABLE_MIN_PATHS = 4  # a page drawing fewer rules than this holds no ruled table
GRID_TOLERANCE = 2.0  # points: cell edges closer than this are one grid line


def find_tables(data: bytes, page_indexes: list[int]) -> dict[int, list[list[tuple[float, float, float, float]]]]:
    """Given a PDF and the pages that draw rules, return each page's ruled tables as their cells'
    boxes (x0, top, x1, bottom), found by pdfplumber's table finder (pages closed after use)."""
    import pdfplumber

    found: dict[int, list[list[tuple]]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for i in page_indexes:
            page = pdf.pages[i]
            tables = [t.cells for t in page.find_tables() if len(t.cells) >= 4]
            if tables:
                found[i] = tables
            page.close()
    return found


def grid_index(values: list[float]) -> list[float]:
    """Distinct grid positions, positions within the tolerance taken as one."""
    grid: list[float] = []
    for v in sorted(values):
        if not grid or v - grid[-1] > GRID_TOLERANCE:
            grid.append(v)
    return grid


def position(grid: list[float], value: float) -> int:
    return min(range(len(grid)), key=lambda k: abs(grid[k] - value))


def lines_with_tables(runs: list[dict], tables: list[list[tuple]]) -> list[dict]:
    """Given a page's runs and its tables' cell boxes, return its lines in reading order with each
    table as one pseudo-line ("table": its cells, each with row, first and last grid column, and
    the lines of its text) at the table's place."""
    if not tables:
        return words_to_lines(runs)
    rest = list(runs)
    table_lines = []
    for cells in tables:
        cols = grid_index([c[0] for c in cells])
        rows = grid_index([c[1] for c in cells])
        items = []
        for x0, top, x1, bottom in cells:
            inside = [r for r in rest if x0 <= (r["x0"] + r["x1"]) / 2 <= x1 and top <= (r["top"] + r["bottom"]) / 2 <= bottom]
            rest = [r for r in rest if r not in inside]
            last = max(k for k in range(len(cols)) if cols[k] < x1 - GRID_TOLERANCE)
            items.append({"row": position(rows, top), "first": position(cols, x0), "last": last,
                          "lines": words_to_lines(inside), "top": top})
        items.sort(key=lambda c: (c["row"], c["first"]))
        box = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
        table_lines.append({"table": items, "columns": [round(c) for c in cols], "text": "", "x0": box[0],
                            "x1": box[2], "top": box[1], "bottom": box[3], "size": 0.0, "bold": False,
                            "furniture": False, "legacy_fonts": []})
    # text lines by their row's centre (the columns of one row stay left to right, whatever their
    # tops: fonts of two sizes side by side), tables by their top
    return sorted(words_to_lines(rest) + table_lines, key=lambda ln: ln.get("row_centre", ln["top"]))


def words_to_lines(words: list[dict]) -> list[dict]:
    """Given pdfplumber words, return text lines in reading order; a line with a wide gap
    (two columns side by side, as in a letterhead) becomes one line per column."""
    # Group by vertical centre: glyph boxes (pdfium) are tight, so a dash's top is far below a
    # letter's; centres of one line stay within half a font size of each other.
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"])):
        centre = (word["top"] + word["bottom"]) / 2
        if rows and abs(rows[-1][0]["_centre"] - centre) <= max(LINE_TOLERANCE, 0.5 * float(word["size"])):
            rows[-1].append({**word, "_centre": rows[-1][0]["_centre"]})
        else:
            rows.append([{**word, "_centre": centre}])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        first = len(lines)
        segment = [row[0]]
        for word in row[1:]:
            if word["x0"] - segment[-1]["x1"] > COLUMN_GAP_EM * float(word["size"]):
                lines.append(make_line(segment))
                segment = [word]
            else:
                segment.append(word)
        lines.append(make_line(segment))
        for line in lines[first:]:
            line["row_centre"] = row[0]["_centre"]
    return lines


SPACE_GAP_EM = 0.15  # runs closer than this many font sizes are one word split by a font change
INK_SPACE_GAP_EM = 0.2  # the same for ink boxes (pdfium), whose gaps include the glyphs' side bearings (up to ~0.13 em); a space is 0.25 em or more




def make_line(words: list[dict]) -> dict:
    """Given the runs of one line (column) left to right, return the line: runs joined by a space
    where there is a gap, font spans of legacy fonts, box, size and boldness."""
    fonts = [SUBSET_PREFIX.sub("", w["fontname"]) for w in words]
    legacy, text = [], ""
    for i, (word, font) in enumerate(zip(words, fonts)):
        if i and (word["x0"] - words[i - 1]["x1"] > word.get("space_gap_em", SPACE_GAP_EM) * float(word["size"])
                  or words[i - 1].get("space_after") or word.get("space_before")):
            text += " "
        if encoding_of_font(font):
            legacy.append((len(text), len(text) + len(word["text"]), font))
        text += word["text"]
    if len(words) == 1:  # most lines are one run
        w = words[0]
        x0, x1, top, bottom, size = w["x0"], w["x1"], w["top"], w["bottom"], float(w["size"])
    else:
        x0, x1 = min(w["x0"] for w in words), max(w["x1"] for w in words)
        top, bottom = min(w["top"] for w in words), max(w["bottom"] for w in words)
        size = statistics.median(float(w["size"]) for w in words)
    return {"legacy_fonts": legacy, "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "size": size, "bold": all("bold" in f.lower() for f in fonts), "furniture": False}


DIGITS = re.compile(r"\d+")


def mark_furniture(pages_lines: list[list[dict]], page_sizes: list[tuple[float, float]]) -> None:
    """Mark lines in the top and bottom bands that repeat across pages (digits ignored), and
    page-number lines there, as furniture."""
    def key(text: str) -> str:
        return DIGITS.sub("#", text.strip().lower())

    in_band = []
    counts: Counter[str] = Counter()
    for lines, (_, height) in zip(pages_lines, page_sizes):
        band = [ln for ln in lines if "table" not in ln
                and (ln["top"] < FURNITURE_BAND * height or ln["bottom"] > (1 - FURNITURE_BAND) * height)]
        in_band.append(band)
        counts.update({key(ln["text"]) for ln in band})
    n_pages = len(pages_lines)
    for band in in_band:
        for line in band:
            repeated = n_pages >= 2 and counts[key(line["text"])] >= max(2, FURNITURE_MIN_PAGE_SHARE * n_pages)
            if repeated or PAGE_NUMBER_LINE.match(line["text"]):
                line["furniture"] = True


def emit_table(line: dict, page_no: int, blocks: list[Block], previous: dict | None, first_on_page: bool) -> dict:
    """Append one block per table cell (cell = (table, row, first column, last column)). A table
    that opens a page with the columns of the table that closed the page before is that table
    carried over: it keeps its number, its rows go on counting, and header rows repeated at the
    top of the new page are dropped."""
    cells = line["table"]
    rows: dict[int, list[str]] = {}
    for c in cells:
        rows.setdefault(c["row"], []).append(" ".join(ln["text"] for ln in c["lines"]))
    continued = (previous is not None and first_on_page
                 and len(previous["columns"]) == len(line["columns"])
                 and all(abs(a - b) <= GRID_TOLERANCE for a, b in zip(previous["columns"], line["columns"])))
    if continued:
        number, offset = previous["number"], previous["rows"]
        skip = 0
        while skip < len(previous["header"]) and rows.get(skip) == previous["header"][skip]:
            skip += 1
    else:
        number = 1 + max((b.cell[0] for b in blocks if b.cell is not None), default=0)
        offset, skip = 0, 0
    kept_rows = sorted(r for r in rows if r >= skip)
    for c in cells:
        if c["row"] < skip:
            continue
        text = "\n".join(ln["text"] for ln in c["lines"])
        fonts, pos = [], 0
        for ln in c["lines"]:
            fonts.extend((a + pos, b + pos, f) for a, b, f in ln.get("legacy_fonts", ()))
            pos += len(ln["text"]) + 1
        if text.strip():
            blocks.append(Block(text=text, page=page_no, bold=all(ln["bold"] for ln in c["lines"]),
                                fonts=tuple(fonts), cell=(number, offset + c["row"] - skip, c["first"], c["last"])))
    header = previous["header"] if continued else [rows[r] for r in sorted(rows)[:2]]
    return {"number": number, "columns": line["columns"], "rows": offset + len(kept_rows), "header": header}


def lines_to_blocks(pages_lines: list[list[dict]]) -> list[Block]:
    """Given the lines of every page, return paragraph blocks: lines are grouped by vertical gap,
    first-line indent and a short previous line; a paragraph whose first line on a new page
    carries on from a full last line of the previous page is marked `continues`."""
    body = [ln for lines in pages_lines for ln in lines if not ln["furniture"] and "table" not in ln]
    if not body:
        body = [ln for lines in pages_lines for ln in lines if not ln["furniture"]]
    if not body:
        return []
    # the body's left margin: most lines start there, but a list of indented items can outnumber
    # them, so take the leftmost start that a tenth of the lines share
    starts = Counter(round(ln["x0"]) for ln in body)
    left = min(x for x, n in starts.items() if n >= 0.1 * len(body))
    right = sorted(ln["x1"] for ln in body)[int(0.95 * (len(body) - 1))]
    width = max(right - left, 1.0)
    def text_lines(lines: list[dict]) -> list[dict]:
        return [x for x in lines if not x["furniture"] and "table" not in x]

    pitches = [b["top"] - a["top"] for lines in pages_lines
               for a, b in zip(text_lines(lines), text_lines(lines)[1:])
               if 0 < b["top"] - a["top"] < 3 * a["size"]]
    # the line pitch inside a paragraph: the lower quartile, as one-line items and headings make
    # paragraph gaps common
    pitch = sorted(pitches)[len(pitches) // 4] if pitches else 14.0

    def is_full(line: dict) -> bool:
        return line["x1"] >= right - FULL_LINE_TOLERANCE * width

    def is_indented(line: dict) -> bool:
        return line["x0"] > left + INDENT_TOLERANCE

    blocks: list[Block] = []
    last_body_line: dict | None = None
    table_state: dict | None = None  # the table that closed the text so far: its number, columns, rows, header
    for page_no, lines in enumerate(pages_lines, start=1):
        current: list[dict] = []
        continues = False

        def flush() -> None:
            if current:
                fonts, pos = [], 0
                for ln in current:
                    fonts.extend((a + pos, b + pos, f) for a, b, f in ln.get("legacy_fonts", ()))
                    pos += len(ln["text"]) + 1
                blocks.append(Block(text="\n".join(ln["text"] for ln in current), page=page_no,
                                    bold=all(ln["bold"] for ln in current), continues=continues,
                                    fonts=tuple(fonts)))

        body_on_page = False
        for line in lines:
            if line["furniture"]:
                blocks.append(Block(text=line["text"], page=page_no, role="furniture"))
                continue
            if "table" in line:
                flush()
                current, continues = [], False
                table_state = emit_table(line, page_no, blocks, table_state, first_on_page=not body_on_page)
                last_body_line, body_on_page = None, True  # nothing after a table continues it as text
                continue
            body_on_page, table_state = True, None  # text between: the next table is a new one
            if not current:
                continues = bool(last_body_line is not None and is_full(last_body_line)
                                 and not is_indented(line) and line["bold"] == last_body_line["bold"])
                current = [line]
            else:
                prev = current[-1]
                new_paragraph = (
                    line["top"] - prev["top"] > PARAGRAPH_GAP_FACTOR * pitch
                    or is_indented(line) and is_full(prev)  # first-line indent of the next paragraph
                    or not is_full(prev)  # the previous line ended short: the paragraph ended
                    or line["bold"] != prev["bold"]
                    or abs(line["x0"] - prev["x0"]) > INDENT_TOLERANCE and not is_full(prev)
                )
                if new_paragraph:
                    flush()
                    current, continues = [line], False
                else:
                    current.append(line)
            last_body_line = line
        flush()
    return blocks
