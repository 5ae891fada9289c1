"""Scanned PDFs (OCR with Tesseract) and Word 97 .doc files (LibreOffice): the same dataset as from
the clean files. The scans and .doc files are made from the sample by scripts/make_scans.py and
scripts/make_word97.py; tests that need Tesseract or LibreOffice are skipped where they are not
installed (.ci/run installs both), and the header of the test run says so."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, SAMPLE, tool_problems
from extract.errors import MissingToolError
from extract.ingest import ingest, ocr
from extract.pipeline import process_file
from extract.verify import score_document

needs_tesseract = pytest.mark.skipif(bool(tool_problems()["scan"]), reason=str(tool_problems()["scan"]))
needs_libreoffice = pytest.mark.skipif(bool(tool_problems()["doc"]), reason=str(tool_problems()["doc"]))
SCANS = [f"{SAMPLE}-scan.pdf", f"{SAMPLE}-scan-skewed.pdf"]


def key(result) -> list[str]:
    return sorted(repr((t.kind, t.indicator, t.value, t.unit, t.section_path)) for t in result.targets)


@pytest.mark.parametrize("line, repaired", [
    ("l. KẾT QUẢ NĂM 2020", "I. KẾT QUẢ NĂM 2020"),
    ("Il- MỤC TIÊU, NHIỆM VỤ", "II- MỤC TIÊU, NHIỆM VỤ"),
    ("lIl- TỔ CHỨC THỰC HIỆN", "III- TỔ CHỨC THỰC HIỆN"),
    ("|V. GIẢI PHÁP", "IV. GIẢI PHÁP"),
    ("năm 2O2O tăng 1O,5%", "năm 2020 tăng 10,5%"),
    ("đạt 13.5O3,9 tỷ đồng", "đạt 13.503,9 tỷ đồng"),
    # no certain context: left alone
    ("1. Kết quả năm 2020", "1. Kết quả năm 2020"),
    ("l. kết quả", "l. kết quả"),
    ("Ông Nguyễn Văn O, 20 tuổi", "Ông Nguyễn Văn O, 20 tuổi"),
    ("COVID-19 và ODA", "COVID-19 và ODA"),
])
def test_ocr_faults_are_repaired_only_where_the_context_is_certain(line, repaired):
    assert ocr.repair_ocr_line(line) == repaired


@pytest.mark.parametrize("text, image_share, scanned", [
    ("", 1.0, True), ("  \n 3 ", 0.98, True), ("", 0.3, True),  # a scan, a scan with its page number, a photo
    ("", 0.0, False), ("- 3 -", 0.0, False), ("", 0.01, False),  # blank, only a footer, only an emblem
    ("(cid:3)(cid:4) (cid:5)(cid:9)(cid:12)(cid:7) (cid:8)(cid:2)", 0.0, True),  # glyphs without text
    ("Tổng sản phẩm (GRDP) của tỉnh tăng 7,5%", 1.0, False),  # a scan with its text layer
])
def test_a_page_is_ocrd_when_it_is_an_image_of_text_never_for_short_text_alone(text, image_share, scanned):
    assert ocr.needs_ocr(text, image_share) is scanned


def footer_pages_pdf(pages: int) -> bytes:
    """A PDF of `pages` pages that carry only a page number, then the sample scan's first page."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    font = raw.FPDFText_LoadStandardFont(pdf.raw, b"Helvetica")
    for k in range(pages):
        page = pdf.new_page(595, 842)
        text = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 10.0)
        label = f"- {k + 1} -\x00".encode("utf-16-le")
        raw.FPDFText_SetText(text, ctypes.cast(ctypes.c_char_p(label), ctypes.POINTER(ctypes.c_ushort)))
        raw.FPDFPageObj_Transform(text, 1, 0, 0, 1, 290, 30)
        raw.FPDFPage_InsertObject(page.raw, text)
        raw.FPDFPage_GenerateContent(page.raw)
    raw.FPDFFont_Close(font)
    pdf.import_pages(pdfium.PdfDocument(str(CORPUS / SCANS[0])), [0])
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_only_the_page_that_is_an_image_goes_to_ocr(monkeypatch):
    from extract.ingest.pdf import read_pdf

    asked = []
    monkeypatch.setattr(ocr, "ocr_pages", lambda data, pages, threads=None: asked.extend(pages) or {})
    data = footer_pages_pdf(30)
    blocks, pages, _, _ = read_pdf(data, "footers.pdf")
    assert pages == 31 and asked == [30]
    for engine in ("pdfium", "pdfplumber"):
        asked.clear()
        read_pdf(data, "footers.pdf", engine)
        assert asked == [30], engine


def test_skew_is_measured_from_the_text_rows():
    from PIL import Image, ImageDraw

    page = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(page)
    for y in range(100, 1500, 40):  # rows of "text": dark bars with gaps
        draw.rectangle((100, y, 1100, y + 14), fill=0)
    assert ocr.skew_angle(page) == 0.0
    assert abs(ocr.skew_angle(page.rotate(2.0, fillcolor=255)) - 2.0) <= 0.2
    assert abs(ocr.skew_angle(page.rotate(-1.4, fillcolor=255)) + 1.4) <= 0.2


@needs_tesseract
@pytest.mark.parametrize("name", SCANS)
def test_scans_give_the_gold_and_the_text_versions_section_tree(corpus_run, name):
    gold = yaml.safe_load((CORPUS / f"{SAMPLE}.gold.yaml").read_text(encoding="utf-8"))
    results = {Path(r.source_path).name: r for r in corpus_run.results}
    scan, text_pdf = results[name], results[f"{SAMPLE}.pdf"]
    assert scan.status == "ok", scan.error
    rows = [{"kind": t.kind, "value": t.value, "scale": t.scale, "unit": t.unit, "indicator": t.indicator,
             "section_path": t.section_path} for t in scan.targets]
    score = score_document(gold["records"], rows)
    assert score.recall >= 0.95, [m.get("quote") for m in score.misses]
    assert score.precision >= 0.95
    assert [s.section_path for s in scan.sections] == [s.section_path for s in text_pdf.sections]
    assert scan.meta.province == "Hưng Yên" and scan.meta.doc_number == "01-NQ/TU"


@needs_tesseract
def test_ocr_confidence_is_kept_per_page_and_on_each_figure(corpus_run):
    scan = next(r for r in corpus_run.results if Path(r.source_path).name == SCANS[1])
    assert sorted(scan.ocr_confidence) == list(range(1, scan.pages + 1))
    assert all(60 < c <= 100 for c in scan.ocr_confidence.values())
    clean = next(r for r in corpus_run.results if Path(r.source_path).name == f"{SAMPLE}.pdf")
    assert clean.ocr_confidence == {}


@needs_tesseract
def test_ocr_outputs_in_parquet(corpus_outputs):
    import pyarrow.parquet as pq

    docs = {Path(d["source_path"]).name: d for d in pq.read_table(corpus_outputs / "documents.parquet").to_pylist()}
    assert docs[SCANS[0]]["ocr_pages"] == list(range(1, 9)) and 60 < docs[SCANS[0]]["ocr_confidence"] <= 100
    assert docs[f"{SAMPLE}.pdf"]["ocr_pages"] == [] and docs[f"{SAMPLE}.pdf"]["ocr_confidence"] is None
    scan_id = docs[SCANS[0]]["doc_id"]
    rows = [t for t in pq.read_table(corpus_outputs / "targets.parquet").to_pylist() if t["doc_id"] == scan_id]
    assert rows and all(60 < t["ocr_confidence"] <= 100 for t in rows)


def mixed_pdf(tmp_path: Path) -> Path:
    """A PDF whose first page has a text layer and whose second is a scan."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(str(CORPUS / f"{SAMPLE}.pdf")), [0])
    out.import_pages(pdfium.PdfDocument(str(CORPUS / SCANS[0])), [1])
    buffer = io.BytesIO()
    out.save(buffer)
    path = tmp_path / "mixed.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def test_without_tesseract_a_scanned_page_fails_with_how_to_install_and_the_rest_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_status", lambda: ocr.INSTALL_HINT)
    monkeypatch.setattr(ocr, "_CACHE", {})
    raw = ingest(mixed_pdf(tmp_path))
    assert raw.pages == 2 and raw.ocr_confidence == {}
    assert raw.warnings == [f"page 2 is a scan: {ocr.INSTALL_HINT}"]
    assert any("Tỉnh ủy Hưng Yên" in b.text for b in raw.blocks if b.page == 1)
    with pytest.raises(MissingToolError, match="apt-get install tesseract-ocr tesseract-ocr-vie"):
        ingest(CORPUS / SCANS[0])
    result = process_file(CORPUS / SCANS[0])
    assert result.status == "failed" and "tesseract-ocr-vie" in result.error and "\n" not in result.error


@needs_tesseract
def test_a_pdf_with_text_pages_and_a_scanned_page_reads_both(tmp_path):
    raw = ingest(mixed_pdf(tmp_path))
    assert sorted(raw.ocr_confidence) == [2] and raw.warnings == []
    assert any("Tỉnh ủy Hưng Yên" in b.text for b in raw.blocks if b.page == 1)
    assert any("28 xã hoàn thành tiêu chí" in b.text for b in raw.blocks if b.page == 2)


@needs_libreoffice
@pytest.mark.parametrize("doc, docx", [("doc", "docx"), ("doc-tcvn3", "docx-tcvn3")])
def test_word97_files_give_the_same_targets_as_the_docx(sample_results, doc, docx):
    assert sample_results[doc].status == "ok", sample_results[doc].error
    assert sample_results[doc].format == "doc"
    assert key(sample_results[doc]) == key(sample_results[docx])
    assert sample_results[doc].meta == sample_results[docx].meta


def test_without_libreoffice_a_doc_fails_naming_the_package(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(MissingToolError, match="libreoffice-writer-nogui"):
        ingest(CORPUS / f"{SAMPLE}.doc")
    # a batch records it, says how to install it, and (nothing else having failed) exits 0
    from typer.testing import CliRunner

    from extract.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    for name in (f"{SAMPLE}.doc", f"{SAMPLE}.txt"):
        shutil.copy(CORPUS / name, folder / name)
    result = CliRunner().invoke(app, ["run", str(folder), "--out", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "libreoffice-writer-nogui" in result.output and "1 documents ok, 1 failed" in result.output


@needs_libreoffice
@pytest.mark.parametrize("fmt", ["rtf", "odt"])
def test_rtf_and_odt_are_read_by_the_same_route(tmp_path, fmt):
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", fmt, "--outdir", str(tmp_path), str(CORPUS / f"{SAMPLE}.docx")],
                   check=True, capture_output=True)
    result = process_file(tmp_path / f"{SAMPLE}.{fmt}")
    assert result.status == "ok", result.error
    assert result.format == fmt
    assert len(result.targets) == 67


# --- ruled tables of a scanned page (ingest/scan_tables.py) --------------------------------------

SCALE = 300 / 72  # pixels per point of a page rendered at 300 dpi


def drawn_grid(thin: int = 3):
    """A page image with a ruled table drawn at 300 dpi: columns at 100, 200, 400, 500 and 600 pt, rows
    at 100, 140, 170, 200, 230 and 260 pt. The first two rows' cells are merged where a header spans
    ("Chỉ tiêu" over both header rows in column 1-2, "Năm 2024" over columns 3-4 in the first row
    only), and the row 170-200 is a group row whose name spans columns 2 to 4 (no rule at 400 or
    500 pt in it). Rules `thin` pixels thick; the right border one pixel thick and stepping one pixel
    to the right half-way down (a scan a hair off level)."""
    from PIL import Image, ImageDraw

    page = Image.new("L", (int(700 * SCALE), int(320 * SCALE)), 255)
    draw = ImageDraw.Draw(page)

    def px(v: float) -> int:
        return round(v * SCALE)

    def hline(y, x0, x1):
        draw.rectangle((px(x0), px(y), px(x1), px(y) + thin - 1), fill=0)

    def vline(x, y0, y1, width=thin):
        draw.rectangle((px(x), px(y0), px(x) + width - 1, px(y1)), fill=0)

    for y in (100, 170, 200, 230, 260):
        hline(y, 100, 600)
    hline(140, 100, 200)
    hline(140, 400, 600)  # under "Năm 2024" only: "Chỉ tiêu" spans both header rows
    vline(100, 100, 260)
    vline(200, 100, 260)
    vline(400, 100, 170)
    vline(400, 200, 260)
    vline(500, 140, 170)
    vline(500, 200, 260)
    vline(600, 100, 180, width=1)
    vline(600.25, 180, 260, width=1)
    return page


def test_a_scanned_tables_rules_give_its_cells_merged_ones_too():
    from extract.ingest.scan_tables import page_tables

    # cells read off drawn_grid by hand: (x0, top, x1, bottom) in points, rounded
    expected = sorted([
        (100, 100, 200, 140), (200, 100, 400, 170), (400, 100, 600, 140),
        (100, 140, 200, 170), (400, 140, 500, 170), (500, 140, 600, 170),
        (100, 170, 200, 200), (200, 170, 600, 200),
        (100, 200, 200, 230), (200, 200, 400, 230), (400, 200, 500, 230), (500, 200, 600, 230),
        (100, 230, 200, 260), (200, 230, 400, 260), (400, 230, 500, 260), (500, 230, 600, 260)])
    for thin in (1, 3):
        tables = page_tables(drawn_grid(thin), SCALE)
        assert len(tables) == 1
        assert sorted(tuple(round(v) for v in cell) for cell in tables[0]) == expected


def test_a_page_without_rules_has_no_table():
    from PIL import Image, ImageDraw

    from extract.ingest.scan_tables import page_tables

    page = Image.new("L", (int(600 * SCALE), int(800 * SCALE)), 255)
    draw = ImageDraw.Draw(page)
    for y in range(300, 3000, 70):  # lines of "text": letters 40 pixels tall, a word gap now and then
        for x in range(300, 2200, 30):
            if x % 270:
                draw.rectangle((x, y, x + 20, y + 40), fill=0)
    draw.rectangle((300, 3100, 2200, 3102), fill=0)  # a rule under the text, with nothing crossing it
    draw.rectangle((1800, 100, 2100, 250), fill=0)  # a black box (a stamp, a logo)
    assert page_tables(page, SCALE) == []


@pytest.fixture(scope="module")
def scanned_goal_table(tmp_path_factory):
    """The goal-table fixture (header cells merged over two rows and over two columns, a table over
    a page break with its header rows repeated) printed and scanned at 300 dpi, black and white."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "scripts"))
    import make_scans  # noqa: I001

    import pypdfium2 as pdfium

    out = tmp_path_factory.mktemp("scan") / "goal-table-scan.pdf"
    # (make_scans renders at 200 dpi, where OCR misreads two of the 10-point figures: "2.500" as
    # "2,500"; rendered at 300 here, as an office scanner's fine mode)
    pdf = pdfium.PdfDocument(str(Path(__file__).parent / "fixtures" / "tables" / "goal-table.pdf"))
    pages = [page.render(scale=SCALE, grayscale=True).to_pil() for page in pdf]
    pdf.close()
    first, *rest = [make_scans.black_and_white(p, dither=False) for p in pages]
    first.save(out, "PDF", resolution=300, save_all=True, append_images=rest)
    return process_file(out)


@needs_tesseract
def test_a_scanned_goal_table_gives_the_rows_its_pdf_gives(scanned_goal_table):
    from test_tables import EXPECTED_FIXTURE

    r = scanned_goal_table
    assert r.status == "ok", r.error
    got = [(t.kind, t.year, t.value if t.value is not None else (t.value_low, t.value_high), t.scale, t.unit,
            t.indicator, t.measure) for t in r.targets]
    assert got == EXPECTED_FIXTURE
    assert all(t.section_path == "I" for t in r.targets)
    assert [s.section_path for s in r.sections] == ["I", "II"]  # no cell read as a heading
    assert sorted(r.ocr_confidence) == [1, 2]


def test_despeckle_is_a_3x3_median():
    """The despeckle is PIL's 3x3 median, pixel for pixel (edges included), made faster: a lone
    speck goes, a stroke three pixels wide stays, and any image gives PIL's result."""
    import numpy as np
    from PIL import Image, ImageFilter

    page = np.full((9, 12), 255, dtype=np.uint8)
    page[2, 2] = 0  # a speck
    page[:, 7:10] = 40  # a stroke
    cleaned = np.asarray(ocr.despeckle(Image.fromarray(page)))
    assert cleaned[2, 2] == 255
    assert (cleaned[:, 7:10] == 40).all() and (cleaned[:, :6] == 255).all()
    noise = np.random.default_rng(19).integers(0, 256, (31, 47), dtype=np.uint8)
    image = Image.fromarray(noise)
    assert np.array_equal(np.asarray(ocr.despeckle(image)), np.asarray(image.filter(ImageFilter.MedianFilter(3))))
