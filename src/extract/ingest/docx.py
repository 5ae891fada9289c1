"""DOCX files (python-docx): paragraphs and table cells in document order, then the headers and
footers as furniture. Runs in a legacy 8-bit font (.VnTime, VNI-Times) are kept apart as font
spans, with the characters python-docx drops (TCVN3's "ư" stored as a soft hyphen) restored."""
from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ..errors import CorruptFileError, UnsafeFileError
from ..models import Block
from ..text.legacy import encoding_of_font
from .limits import DEFAULT_LIMITS

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# what each run child python-docx does not read as text stands for
RUN_CHILD_TEXT = {W_NS + "softHyphen": "\u00ad", W_NS + "tab": "\t", W_NS + "br": "\n", W_NS + "cr": "\n",
                  W_NS + "noBreakHyphen": "-"}
CellId = tuple[int, int, int, int]  # (table, row, first grid column, last grid column), as Block.cell


def read_docx(data: bytes, source_path: str, max_table_depth: int = DEFAULT_LIMITS.max_table_depth) -> list[Block]:
    """Given a DOCX file's bytes, return its paragraphs and table cells in document order,
    then its headers and footers as furniture. The archive's limits (extract.ingest.limits) are
    checked before: this reads only what they let through."""
    import docx  # heavy (~0.1 s): imported when the first DOCX is read

    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[Block] = []
        walk(document.iter_inner_content(), blocks, tables_seen=[0], limit=max_table_depth)
        return blocks + furniture_blocks(document)
    except TableDepthError as exc:
        raise UnsafeFileError(source_path, f"tables nested deeper than {max_table_depth} (not read)") from exc
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors...
        raise CorruptFileError(source_path, damaged_docx_reason(exc)) from exc


class TableDepthError(Exception):
    """Tables nested deeper than the limit (told by read_docx)."""


def damaged_docx_reason(exc: Exception) -> str:
    """What is wrong with a DOCX python-docx could not read, in our words, not the library's."""
    name = type(exc).__name__
    if name == "XMLSyntaxError":
        if "depth" in str(exc).lower():
            return "a DOCX whose XML elements are nested deeper than 256 (not allowed)"
        return "a damaged DOCX file (its XML is malformed)"
    if isinstance(exc, zipfile.BadZipFile | EOFError | zlib.error):
        return "a damaged DOCX file (a part of its ZIP archive is broken)"
    if isinstance(exc, KeyError):
        return "a damaged DOCX file (a part it needs is missing)"
    return "a damaged DOCX file (it cannot be read as a Word document)"


def walk(items: Iterable[Any], blocks: list[Block], tables_seen: list[int], cell_id: CellId | None = None,
         depth: int = 0, limit: int = DEFAULT_LIMITS.max_table_depth) -> None:
    """Append the blocks of a run of paragraphs and tables (the body's, or a cell's), tables read
    cell by cell; `tables_seen` counts the tables met so far, nested ones included; tables nested
    more than `limit` deep raise TableDepthError."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    for item in items:
        if isinstance(item, DocxParagraph):
            block = paragraph_block(item)
            if block:
                blocks.append(replace(block, cell=cell_id) if cell_id else block)
        elif isinstance(item, Table):
            if depth >= limit:
                raise TableDepthError()
            table_no = tables_seen[0]
            tables_seen[0] += 1
            walk_table(item, table_no, blocks, tables_seen, depth + 1, limit)


def walk_table(table: Any, table_no: int, blocks: list[Block], tables_seen: list[int], depth: int = 1,
               limit: int = DEFAULT_LIMITS.max_table_depth) -> None:
    """Append the blocks of a table's cells, row by row. A merged cell repeats in every row
    (vertical merge) and grid column (horizontal merge) it spans: it is read once, at its first
    row, with the columns it covers. The cells' elements themselves are kept to tell them (not
    their id()s: lxml proxies are recreated and ids reused)."""
    seen: set[Any] = set()
    for r, row in enumerate(table.rows):
        cells = list(row.cells)
        for c, cell in enumerate(cells):
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            last = c
            while last + 1 < len(cells) and cells[last + 1]._tc is cell._tc:
                last += 1
            walk(cell.iter_inner_content(), blocks, tables_seen, (table_no, r, c, last), depth, limit)


def furniture_blocks(document: Any) -> list[Block]:
    """The paragraphs of every section's headers and footers (first-page ones too), each text
    once, as furniture; a part linked to the previous section's is read with that one."""
    blocks: list[Block] = []
    seen: set[str] = set()
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if part is None or part.is_linked_to_previous and part is not section.header:
                continue
            for par in part.paragraphs:
                block = paragraph_block(par, role="furniture")
                if block and block.text not in seen:
                    seen.add(block.text)
                    blocks.append(block)
    return blocks


def paragraph_block(par: Any, role: str = "body") -> Block | None:
    """A paragraph as a block: its text, legacy-font spans, style name, and bold if every run with
    text is (by itself or by the paragraph style); None for a paragraph without text."""
    text, fonts = paragraph_text_and_legacy_fonts(par)
    if not text.strip():
        return None
    runs = [r for r in par.runs if r.text.strip()]
    style_bold = bool(par.style is not None and par.style.font is not None and par.style.font.bold)
    bold = bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)
    style = par.style.name if par.style is not None else None
    return Block(text=text, role=role, bold=bold, style=style, fonts=fonts)


def run_text(run: Any) -> str:
    """A run's text with the soft hyphens python-docx drops: TCVN3 writes "ư" as byte 0xAD,
    which Word stores as <w:softHyphen/> (reference §3.5); tabs, breaks and no-break hyphens too."""
    parts = []
    for child in run._r:
        if child.tag == W_NS + "t":
            parts.append(child.text or "")
        elif child.tag in RUN_CHILD_TEXT:
            parts.append(RUN_CHILD_TEXT[child.tag])
    return "".join(parts)


def paragraph_text_and_legacy_fonts(par: Any) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """A paragraph's text and the spans of its runs set in a legacy font (.VnTime, VNI-Times);
    a paragraph with none keeps python-docx's own text, untouched."""
    style_font = par.style.font.name if par.style is not None and par.style.font is not None else None
    runs = list(par.runs)
    names: list[str | None] = [run.font.name or style_font for run in runs]
    if not any(encoding_of_font(n) for n in names):
        return par.text, ()
    text = ""
    fonts: list[tuple[int, int, str]] = []
    for run, name in zip(runs, names):
        piece = run_text(run)
        if name is not None and encoding_of_font(name):
            fonts.append((len(text), len(text) + len(piece), name))
        text += piece
    return text, tuple(fonts)
