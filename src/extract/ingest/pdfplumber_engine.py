"""The second PDF engine, pdfplumber (`--pdf-engine pdfplumber`): each page's words as runs, the
page sizes and the ruled tables (pdfplumber's own table finder on the pages that draw rules).
Slower than pypdfium2 by far (benchmarks/throughput.py); kept as an independent reading that the
tests compare with it."""
from __future__ import annotations

import io
from typing import Any, cast

from ..errors import CorruptFileError
from .layout import TABLE_MIN_PATHS, Char, Run
from .marks import attach_marks, has_loose_marks
from .pdfium import PageRuns
from .ruled_tables import Tables, find_tables_pdfplumber

WORD_ATTRIBUTES = ["fontname", "size"]  # kept on each word, beside its text and box


def pdf_runs_pdfplumber(data: bytes, source_path: str) -> PageRuns:
    """Text runs of every page with pdfplumber: its words, with font name and size; the page
    sizes; each page's ruled tables; the share of each page its images cover."""
    import pdfplumber  # heavy (~0.15 s): imported only when this engine is chosen

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises PDFSyntaxError, PSException and many private types on garbage
        raise CorruptFileError(source_path, f"a damaged PDF file ({type(exc).__name__}: {exc})") from exc
    pages_runs: list[list[Run]] = []
    sizes: list[tuple[float, float]] = []
    tables: Tables = {}
    image_shares: list[float] = []
    with pdf:
        try:
            for page in pdf.pages:
                if len(page.lines) + len(page.rects) + len(page.curves) >= TABLE_MIN_PATHS:
                    found = find_tables_pdfplumber(page)
                    if found:
                        tables[len(pages_runs)] = found
                pages_runs.append(page_words(page))
                image_shares.append(image_share(page))
                sizes.append((float(page.width), float(page.height)))
                page.close()  # drop pdfplumber's per-page caches: memory stays flat on long documents
        except Exception as exc:
            raise CorruptFileError(source_path, f"a damaged PDF file ({type(exc).__name__}: {exc})") from exc
    return pages_runs, sizes, tables, image_shares


def image_share(page: Any) -> float:
    """The share of a pdfplumber page its images cover (0 to 1)."""
    width, height = float(page.width), float(page.height)
    area = sum(max(0.0, min(float(im["x1"]), width) - max(float(im["x0"]), 0.0))
               * max(0.0, min(float(im["bottom"]), height) - max(float(im["top"]), 0.0)) for im in page.images)
    return min(1.0, area / (width * height)) if width * height > 0 else 0.0


def page_words(page: Any) -> list[Run]:
    """A pdfplumber page's words; on a page whose characters hold loose combining marks, the words
    of its characters with the marks attached to their letters."""
    chars = cast(list[Char], page.chars)
    if any(has_loose_marks(c["text"]) for c in chars):
        from pdfplumber.utils.text import WordExtractor

        marked = cast(list[dict[str, Any]], attach_marks(chars, boxes="advance"))
        return cast(list[Run], WordExtractor(extra_attrs=WORD_ATTRIBUTES).extract_words(marked))
    return cast(list[Run], page.extract_words(extra_attrs=WORD_ATTRIBUTES, keep_blank_chars=False))
