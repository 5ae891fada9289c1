"""Ingest: a file's bytes -> RawDocument (blocks of raw text in reading order, with pages).

One module per format or concern:
- document.py: `ingest`, `bytes_to_document`: the format sniffed, its reader chosen;
- sniff.py: `detect_format`, by content (signatures), never by name;
- plain.py: text files (UTF-8, UTF-16, BOMs, legacy 8-bit files; side-by-side letterhead columns);
- docx.py: DOCX (paragraphs, table cells, headers and footers, legacy-font runs);
- office.py: .doc, .rtf and .odt, converted to DOCX by LibreOffice;
- pdf.py: PDF reading from the engine's runs to blocks, scanned pages handed to OCR;
- pdfium.py, pdfplumber_engine.py: the two PDF engines (`DEFAULT_PDF_ENGINE`, `PDF_ENGINES`);
- marks.py: combining marks drawn as glyphs of their own, re-attached to their letters;
- layout.py: the typed `Char`, `Run` and `Line`, layout tolerances, runs grouped into lines;
- ruled_tables.py: ruled tables found and put in a page's lines;
- furniture.py: running headers, footers and page numbers;
- paragraphs.py: lines into paragraph and table-cell blocks, carried over page breaks;
- ocr.py: scanned pages read by Tesseract into lines of the same shape.
"""
from .document import bytes_to_document, ingest
from .pdf import DEFAULT_PDF_ENGINE, PDF_ENGINES
from .sniff import detect_format

__all__ = ["DEFAULT_PDF_ENGINE", "PDF_ENGINES", "bytes_to_document", "detect_format", "ingest"]
