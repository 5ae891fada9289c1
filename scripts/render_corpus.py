"""Render the DOCX and PDF renditions of corpus documents from their layout sources.

usage: python scripts/render_corpus.py [SOURCE.layout ...]   (default: scripts/sources/*.layout)

A source's `@renditions` part names the files made of it (default: docx, tcvn3-docx, pdf):
- `docx`: corpus/<stem>.docx (python-docx: letterhead and signature as borderless two-column
  tables, bold headings, italics, goal tables with ruled cells, a running header and a PAGE field footer);
- `tcvn3-docx` / `vni-docx`: corpus/<stem>-tcvn3.docx / <stem>-vni.docx, the same typed in TCVN3
  (.VnTime/.VnTimeH fonts) or VNI (VNI-Times) as old Word files are;
- `pdf`: corpus/<stem>.pdf (reportlab with DejaVu Serif, which has every Vietnamese glyph: the same
  layout, justified paragraphs with a first-line indent, ruled goal tables whose header row repeats
  on a new page, a running header and "Trang N/M" footer on every page, paragraphs carried over
  page breaks);
- `scan`: corpus/<stem>-scan.pdf, the PDF's pages as a 200 dpi black-and-white scan with no text
  layer (scripts/make_scans.py), without the text-layer PDF.
Markup: "@part" starts a part; in @letterhead and @signature a line is "left | right"; in @body
"# " marks a bold heading, *...* italics, and consecutive lines "| a | b | ... |" a table whose first
row is its header; an optional @annex, in the markup of @body, follows the signature (an annex
"PHỤ LỤC" with its table); a line "@@document" starts another document of the same file (its own
@letterhead, @title, @body, @signature), set from a new page (a file of several documents).
Needs `pip install -e .[render]` and the DejaVu fonts (Debian:
fonts-dejavu-core; matplotlib's copy is used if that is missing). The outputs are committed;
re-run after editing a source and review the diff of the extracted text.
"""
from __future__ import annotations

import html
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu")]


def parse_layout(path: Path) -> dict[str, list[str]]:
    """The parts of a layout source's first document."""
    return parse_documents(path)[0]


def parse_documents(path: Path) -> list[dict[str, list[str]]]:
    """The parts of each document of a layout source ("@@document" starts the next one; the
    @renditions and @running-header of the first are the file's)."""
    documents: list[dict[str, list[str]]] = [{}]
    parts = documents[0]
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and current is None:
            continue  # file comment before the first part
        if line.strip() == "@@document":
            parts, current = {}, None
            documents.append(parts)
            continue
        if line.startswith("@"):
            current = line[1:].strip()
            parts[current] = []
        elif current is not None and line.strip():
            parts[current].append(line.rstrip())
    return documents


def body_items(lines: list[str]) -> list[str | list[list[str]]]:
    """The body's paragraphs (strings) and tables (lists of rows of cell texts), in order."""
    items: list = []
    for line in lines:
        if line.startswith("|"):
            row = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if items and isinstance(items[-1], list):
                items[-1].append(row)
            else:
                items.append([row])
        else:
            items.append(line)
    return items


def two_columns(lines: list[str]) -> list[tuple[str, str]]:
    return [tuple(cell.strip() for cell in (line.split("|", 1) + [""])[:2]) for line in lines]


def italic_pieces(text: str) -> list[tuple[str, bool]]:
    """Split "*...*" italics markup into (text, italic) runs."""
    pieces = re.split(r"(\*[^*]+\*)", text)
    return [(p[1:-1], True) if p.startswith("*") and p.endswith("*") else (p, False) for p in pieces if p]


# --- DOCX ---------------------------------------------------------------------------------------

def add_text(paragraph, text: str, bold: bool = False, italic: bool = False, legacy: str | None = None) -> None:
    """Add text as runs; with `legacy="tcvn3"`, in TCVN3 as old Word documents hold it: .VnTime runs,
    toned capitals in .VnTimeH, and "ư" (byte 0xAD) as a <w:softHyphen/>; with `legacy="vni"`, in
    VNI-Times runs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from legacy_encoders import encode_tcvn3, encode_vni

    if not legacy:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        return
    if legacy == "vni":
        run = paragraph.add_run(encode_vni(text))
        run.bold, run.italic = bold, italic
        run.font.name = "VNI-Times"
        return
    for surface, capitals in encode_tcvn3(text):
        run = paragraph.add_run()
        run.bold, run.italic = bold, italic
        run.font.name = ".VnTimeH" if capitals else ".VnTime"
        for i, piece in enumerate(surface.split("\u00ad")):
            if i:
                run._r.append(OxmlElement("w:softHyphen"))
            if piece:
                t = OxmlElement("w:t")
                t.set(qn("xml:space"), "preserve")
                t.text = piece
                run._r.append(t)


def render_docx(parts: dict[str, list[str]] | list[dict[str, list[str]]], out: Path, legacy: str | None = None) -> None:
    """Render one document's parts, or several documents' (each from a new page), as a DOCX."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    documents = parts if isinstance(parts, list) else [parts]
    parts = documents[0]
    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    header = section.header.paragraphs[0]
    if parts.get("running-header"):
        add_text(header, parts["running-header"][0], legacy=legacy)
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)

    def table(rows: list[tuple[str, str]], bold_left: bool, bold_right: bool) -> None:
        t = document.add_table(rows=0, cols=2)
        for left, right in rows:
            cells = t.add_row().cells
            for cell, text, bold in ((cells[0], left, bold_left), (cells[1], right, bold_right)):
                par = cell.paragraphs[0]
                par.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if text:
                    add_text(par, text, bold=bold, legacy=legacy)

    def body(lines: list[str]) -> None:
        for line in body_items(lines):
            if isinstance(line, list):  # a goal table: ruled cells, the first row its header
                grid = document.add_table(rows=0, cols=len(line[0]))
                grid.style = "Table Grid"
                for r, row in enumerate(line):
                    for cell, text in zip(grid.add_row().cells, row):
                        if text:
                            add_text(cell.paragraphs[0], text, bold=r == 0, legacy=legacy)
                continue
            par = document.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if line.startswith("# "):
                add_text(par, line[2:], bold=True, legacy=legacy)
            else:
                par.paragraph_format.first_line_indent = Cm(1.0)
                for text, italic in italic_pieces(line):
                    add_text(par, text, italic=italic, legacy=legacy)

    for k, doc in enumerate(documents):
        if k:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        table(two_columns(doc["letterhead"]), True, True)
        for i, line in enumerate(doc["title"]):
            par = document.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            add_text(par, line, bold=True, italic=i >= 2, legacy=legacy)
        body(doc["body"])
        table(two_columns(doc["signature"]), False, True)
        if doc.get("annex"):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            body(doc["annex"])
    document.core_properties.title = parts["title"][0]
    # fixed dates, so re-rendering an unchanged source gives the same bytes
    import datetime as dt
    stamp = dt.datetime(2020, 1, 1)
    document.core_properties.created = document.core_properties.modified = stamp
    document.core_properties.last_printed = stamp
    document.save(out)


# --- PDF ----------------------------------------------------------------------------------------

def font_path(name: str) -> Path:
    dirs = list(FONT_DIRS)
    try:
        import matplotlib
        dirs.append(Path(matplotlib.get_data_path()) / "fonts" / "ttf")
    except ImportError:
        pass
    for d in dirs:
        if (d / name).exists():
            return d / name
    sys.exit(f"render_corpus: font {name} not found in {', '.join(map(str, dirs))}; "
             "install Debian's fonts-dejavu-core (or pip install matplotlib)")


def render_pdf(parts: dict[str, list[str]] | list[dict[str, list[str]]], out: Path) -> None:
    """Render one document's parts, or several documents' (each from a new page), as a PDF."""
    documents = parts if isinstance(parts, list) else [parts]
    parts = documents[0]
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    for name, file in (("Serif", "DejaVuSerif.ttf"), ("Serif-Bold", "DejaVuSerif-Bold.ttf"),
                       ("Serif-Italic", "DejaVuSerif-Italic.ttf"), ("Serif-BoldItalic", "DejaVuSerif-BoldItalic.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(font_path(file))))
    pdfmetrics.registerFontFamily("Serif", normal="Serif", bold="Serif-Bold", italic="Serif-Italic",
                                  boldItalic="Serif-BoldItalic")

    body = ParagraphStyle("body", fontName="Serif", fontSize=12, leading=16, alignment=TA_JUSTIFY,
                          firstLineIndent=1 * cm, spaceAfter=4)
    heading = ParagraphStyle("heading", parent=body, fontName="Serif-Bold", firstLineIndent=0)
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER, firstLineIndent=0, spaceAfter=0)
    centre_bold = ParagraphStyle("centre_bold", parent=centre, fontName="Serif-Bold")
    small = ParagraphStyle("small", parent=centre, fontSize=10, leading=13, alignment=0)

    running = (parts.get("running-header") or [""])[0]

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("Serif-Italic", 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 1.2 * cm, running)
        canvas.setFont("Serif", 10)
        canvas.drawCentredString(A4[0] / 2, 1.0 * cm, f"Trang {doc.page}/{doc.page_count}")
        canvas.restoreState()

    def esc(text: str) -> str:
        return html.escape(text, quote=False)

    def rich(text: str) -> str:
        return "".join(f"<i>{esc(t)}</i>" if italic else esc(t) for t, italic in italic_pieces(text))

    def two_col_table(rows, left_style, right_style) -> Table:
        data = [[Paragraph(esc(a), left_style) if a else "", Paragraph(esc(b), right_style) if b else ""] for a, b in rows]
        t = Table(data, colWidths=[7.5 * cm, 8.5 * cm])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return t

    cell = ParagraphStyle("cell", parent=body, fontSize=10, leading=12, alignment=0, firstLineIndent=0, spaceAfter=0)
    cell_bold = ParagraphStyle("cell_bold", parent=cell, fontName="Serif-Bold", alignment=TA_CENTER)

    def goal_table(rows: list[list[str]]) -> Table:
        """A ruled table whose header row repeats on every page it runs over; the widest column
        (the indicator's) takes the room the others leave."""
        width = 16 * cm
        longest = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        wide = longest.index(max(longest))
        narrow = (width - 6.5 * cm) / (len(longest) - 1)
        widths = [6.5 * cm if i == wide else narrow for i in range(len(longest))]
        data = [[Paragraph(esc(text), cell_bold if r == 0 else cell) for text in row] for r, row in enumerate(rows)]
        t = Table(data, colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        return t

    def body_flow(lines: list[str]) -> list:
        flow: list = []
        for line in body_items(lines):
            if isinstance(line, list):
                flow.append(goal_table(line))
            elif line.startswith("# "):
                flow.append(Paragraph(esc(line[2:]), heading))
            else:
                flow.append(Paragraph(rich(line), body))
        return flow

    def document_flow(doc: dict[str, list[str]]) -> list:
        flow = [two_col_table(two_columns(doc["letterhead"]), centre_bold, centre_bold)]
        for i, line in enumerate(doc["title"]):
            style = centre_bold if i < 2 else ParagraphStyle("subject", parent=centre, fontName="Serif-BoldItalic")
            flow.append(Paragraph(esc(line), style))
        flow += body_flow(doc["body"])
        flow.append(two_col_table(two_columns(doc["signature"]), small, centre_bold))
        if doc.get("annex"):
            flow += [PageBreak()] + body_flow(doc["annex"])
        return flow

    def story() -> list:
        flow: list = []
        for k, doc in enumerate(documents):
            flow += ([PageBreak()] if k else []) + document_flow(doc)
        return flow

    def build(target, page_count: int) -> int:
        doc = SimpleDocTemplate(target, pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                                bottomMargin=2 * cm, title=parts["title"][0], author="corpus rendition",
                                invariant=1)
        doc.page_count = page_count
        doc.build(story(), onFirstPage=furniture, onLaterPages=furniture)
        return doc.page

    # Build twice: the first pass counts the pages for the "Trang N/M" footer.
    pages = build(io.BytesIO(), 0)
    build(str(out), pages)


RENDITIONS = ("docx", "tcvn3-docx", "vni-docx", "pdf", "scan")
DEFAULT_RENDITIONS = ["docx", "tcvn3-docx", "pdf"]


def render(source: Path) -> list[str]:
    """Render a layout source's renditions into corpus/; return the names written."""
    import tempfile

    documents = parse_documents(source)
    parts = documents[0]
    stem = source.name.removesuffix(".layout")
    wanted = " ".join(parts.get("renditions", [])).split() or DEFAULT_RENDITIONS
    unknown = set(wanted) - set(RENDITIONS)
    if unknown:
        sys.exit(f"render_corpus: {source.name}: unknown renditions {sorted(unknown)}; use {', '.join(RENDITIONS)}")
    corpus = ROOT / "corpus"
    written = []
    for rendition in wanted:
        if rendition in ("docx", "tcvn3-docx", "vni-docx"):
            legacy = rendition.removesuffix("-docx") if rendition != "docx" else None
            name = f"{stem}.docx" if legacy is None else f"{stem}-{legacy}.docx"
            render_docx(documents, corpus / name, legacy=legacy)
        elif rendition == "pdf":
            name = f"{stem}.pdf"
            render_pdf(documents, corpus / name)
        else:  # scan: the PDF's pages as a plain scan, the text-layer PDF not kept
            sys.path.insert(0, str(ROOT / "scripts"))
            from make_scans import black_and_white, render_pages, save_pdf

            name = f"{stem}-scan.pdf"
            with tempfile.TemporaryDirectory() as tmp:
                render_pdf(documents, Path(tmp) / f"{stem}.pdf")
                save_pdf([black_and_white(page, dither=False) for page in render_pages(Path(tmp) / f"{stem}.pdf")],
                         corpus / name)
        written.append(name)
    return written


def main(argv: list[str]) -> None:
    sources = [Path(a) for a in argv] or sorted((ROOT / "scripts" / "sources").glob("*.layout"))
    for source in sources:
        print(f"rendered {', '.join(render(source))} into corpus/ from {source.resolve().relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
