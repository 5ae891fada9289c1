"""PDF reading: one of the two engines gives every page's text runs; ruled tables are found;
pages without a usable text layer go to OCR; then all pages share the layout analysis (lines,
columns, furniture, paragraphs).

    engine runs (pdfium.py | pdfplumber_engine.py) -> lines (layout.py, ruled_tables.py)
    -> OCR of scanned pages (ocr.py) -> furniture (furniture.py) -> blocks (paragraphs.py)
"""
from __future__ import annotations

from ..errors import CorruptFileError, EmptyDocumentError, MissingToolError
from ..models import Block
from . import ocr
from .furniture import mark_furniture
from .layout import Line, order_lines
from .paragraphs import lines_to_blocks
from .pdfium import PageRuns, pdf_runs_pdfium
from .pdfplumber_engine import pdf_runs_pdfplumber
from .ruled_tables import lines_with_tables

PDF_ENGINES = ("pdfium", "pdfplumber")
DEFAULT_PDF_ENGINE = "pdfium"  # ~50 times faster than pdfplumber on text-layer PDFs (benchmarks/throughput.py)


def read_pdf(data: bytes, source_path: str, engine: str = DEFAULT_PDF_ENGINE
             ) -> tuple[list[Block], int, dict[int, float | None], list[str]]:
    """Given a PDF's bytes, return its paragraphs (furniture marked), its page count, the mean OCR
    word confidence of each page read by OCR (1-based page -> 0-100) and warnings.

    Both engines produce the same pieces (text runs with box, size and font); a page that is an
    image of text (ocr.needs_ocr: an image and next to no text, or placeholders) is read by OCR
    into lines of the same shape; then all pages share the layout analysis: columns, furniture, paragraphs."""
    pages_runs, page_sizes, tables, image_shares = engine_runs(data, source_path, engine)
    if not pages_runs:
        raise CorruptFileError(source_path, "a PDF with no pages")
    pages_lines = [lines_with_tables(runs, tables.get(i, [])) for i, runs in enumerate(pages_runs)]
    scanned = [i for i, lines in enumerate(pages_lines)
               if ocr.needs_ocr(" ".join([ln["text"] for ln in lines]), image_shares[i])]
    confidence, warnings = ocr_scanned_pages(data, scanned, pages_lines)
    if not any(line["text"].strip() for lines in pages_lines for line in lines):
        raise no_text_error(source_path, scanned, warnings)
    mark_furniture(pages_lines, page_sizes)
    return lines_to_blocks(pages_lines), len(pages_runs), confidence, warnings


def engine_runs(data: bytes, source_path: str, engine: str) -> PageRuns:
    """The text runs, page sizes and ruled tables of the PDF as the named engine reads them."""
    if engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; use one of {', '.join(PDF_ENGINES)}")
    reader = pdf_runs_pdfium if engine == "pdfium" else pdf_runs_pdfplumber
    return reader(data, source_path)


def ocr_scanned_pages(data: bytes, scanned: list[int], pages_lines: list[list[Line]]
                      ) -> tuple[dict[int, float | None], list[str]]:
    """OCR the scanned pages (0-based) and put the lines it finds in place of their text-layer
    lines; return the mean word confidence of each page OCR read (1-based page) and its warnings."""
    confidence: dict[int, float | None] = {}
    warnings: list[str] = []
    for i, page in ocr.ocr_pages(data, scanned).items() if scanned else ():
        warnings.extend(page.warnings)
        if page.lines:  # each line keeps its words' confidences ("word_confidences")
            pages_lines[i] = order_lines(page.lines)
            confidence[i + 1] = page.confidence
    return confidence, warnings


def no_text_error(source_path: str, scanned: list[int], warnings: list[str]) -> MissingToolError | EmptyDocumentError:
    """The error of a PDF in which neither the text layer nor OCR found any text: Tesseract
    missing, or nothing readable."""
    if scanned and ocr.tesseract_status():
        return MissingToolError(source_path, f"a scanned PDF with no text layer: {ocr.tesseract_status()}")
    problem = f": {warnings[0]}" if warnings else ""
    return EmptyDocumentError(source_path, f"the PDF has no text layer and OCR found no text{problem}")
