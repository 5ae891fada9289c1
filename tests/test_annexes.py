"""Annexes after the signature read as part of their document (issue 16): sections under the annex
heading, its tables and lists read like the body, its figures tied to it in section_path, a body
figure repeated there linked by a check; a table that repeats the prose's figures with the units in
its cells gives them as the prose does, in DOCX, PDF and a scan rendered from one source; headings
broken over two lines are one heading."""
from __future__ import annotations

import shutil
import sys

import pytest

from conftest import ROOT
from extract.pipeline import process_file, process_text
from extract.segment.annexes import annex_heading

sys.path.insert(0, str(ROOT / "scripts"))
import make_scans  # noqa: E402
import render_corpus  # noqa: E402

SOURCE = ROOT / "scripts" / "sources" / "dien-bien-21-NQ-HDND-2024.layout"


@pytest.mark.parametrize("line, heading", [
    ("PHỤ LỤC", ("Phụ lục", "")),
    ("PHỤ LỤC I", ("Phụ lục I", "")),
    ("Phụ lục số 02", ("Phụ lục số 02", "")),
    ("PHỤ LỤC II: CÁC CHỈ TIÊU CHỦ YẾU", ("Phụ lục II", "CÁC CHỈ TIÊU CHỦ YẾU")),
    ("Biểu số 01", ("Biểu số 01", "")),
    ("Mẫu biểu số 01", ("Mẫu biểu số 01", "")),
    ("BIỂU MẪU SỐ 3", ("Biểu mẫu số 3", "")),
    ("Phụ lục kèm theo Nghị quyết này", None),  # a sentence that names an annex
    ("Biểu dương các tập thể", None),  # "Biểu" without a number
    ("Các chỉ tiêu cụ thể tại Phụ lục kèm theo.", None),
])
def test_annex_headings(line, heading):
    assert annex_heading(line) == heading


TEXT = """HỘI ĐỒNG NHÂN DÂN
TỈNH CÀ MAU
Số: 18/NQ-HĐND
Cà Mau, ngày 06 tháng 12 năm 2024
NGHỊ QUYẾT
Về nhiệm vụ phát triển kinh tế - xã hội năm 2025
Điều 1. Tổng sản phẩm trên địa bàn (GRDP) tăng 7,5%; các chỉ tiêu cụ thể tại Phụ lục kèm theo.
Điều 2. Giao Ủy ban nhân dân tỉnh tổ chức thực hiện.
Nơi nhận:
- Lưu: VT.
CHỦ TỊCH
Phạm Văn Thiều
PHỤ LỤC I
CHỈ TIÊU KINH TẾ NĂM 2025
(Kèm theo Nghị quyết số 18/NQ-HĐND ngày 06/12/2024)
1. Tổng sản phẩm trên địa bàn (GRDP) tăng 7,5%.
2. Kim ngạch xuất khẩu đạt 1.600 triệu USD.
PHỤ LỤC II
CHỈ TIÊU XÃ HỘI NĂM 2025
1. Tỷ lệ hộ nghèo giảm còn 2,8%; tỷ lệ che phủ rừng đạt 26%.
"""


def test_an_annex_in_text_is_read_as_sections_of_its_document():
    r = process_text(TEXT)
    assert r.meta.signer == "Phạm Văn Thiều"  # the signature block ends where the annexes start
    assert [(s.section_path, s.kind) for s in r.sections] == [
        ("Điều 1", "article"), ("Điều 2", "article"), ("Phụ lục I", "annex"), ("Phụ lục I/1", "item"),
        ("Phụ lục I/2", "item"), ("Phụ lục II", "annex"), ("Phụ lục II/1", "item")]
    assert next(s for s in r.sections if s.section_path == "Phụ lục I").title == "CHỈ TIÊU KINH TẾ NĂM 2025"
    assert [(t.section_path, t.indicator, t.value, t.kind, t.year) for t in r.targets] == [
        ("Điều 1", "grdp", 7.5, "target", 2025), ("Phụ lục I/1", "grdp", 7.5, "target", 2025),
        ("Phụ lục I/2", "export_turnover", 1600, "target", 2025),
        ("Phụ lục II/1", "poverty_rate", 2.8, "target", 2025), ("Phụ lục II/1", "forest_cover_rate", 26, "target", 2025)]


def test_a_body_figure_repeated_in_the_annex_is_linked_not_dropped():
    r = process_text(TEXT)
    repeats = [f for f in r.findings if f.check == "repeated_in_annex"]
    assert [(f.severity, f.texts) for f in repeats] == [("ok", ["7,5%", "7,5%"])]
    assert sum(t.indicator == "grdp" for t in r.targets) == 2
    changed = process_text(TEXT.replace("1. Tổng sản phẩm trên địa bàn (GRDP) tăng 7,5%.",
                                        "1. Tổng sản phẩm trên địa bàn (GRDP) tăng 7,8%."))
    assert [(f.severity, f.texts) for f in changed.findings if f.check == "repeated_in_annex"] == [
        ("warning", ["7,5%", "7,8%"])]


BROKEN = """TỈNH ỦY CÀ MAU
Số 12-NQ/TU
Cà Mau, ngày 05 tháng 12 năm 2023
NGHỊ QUYẾT
về nhiệm vụ năm 2024
I. KẾT QUẢ THỰC HIỆN
NHIỆM VỤ GIAI ĐOẠN 2021 - 2023
Tổng sản phẩm trên địa bàn (GRDP) tăng bình quân 6,5%/năm.
II. MỤC TIÊU, NHIỆM VỤ
GIAI ĐOẠN 2024 - 2026
Tổng sản phẩm trên địa bàn (GRDP) tăng bình quân 7%/năm.
"""


def test_a_heading_broken_over_two_lines_is_one_heading():
    r = process_text(BROKEN)
    assert [(s.section_path, s.title) for s in r.sections] == [
        ("I", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ GIAI ĐOẠN 2021 - 2023"), ("II", "MỤC TIÊU, NHIỆM VỤ GIAI ĐOẠN 2024 - 2026")]
    assert [(t.kind, t.period, t.value) for t in r.targets] == [("actual", "2021-2023", 6.5), ("target", "2024-2026", 7)]


def test_a_prose_sentence_under_a_heading_does_not_join_it():
    r = process_text(BROKEN.replace("GIAI ĐOẠN 2024 - 2026", "Phấn đấu giai đoạn 2024 - 2026 phát triển nhanh."))
    assert next(s for s in r.sections if s.section_path == "II").title == "MỤC TIÊU, NHIỆM VỤ"


@pytest.fixture(scope="module")
def renditions(tmp_path_factory):
    """The Điện Biên resolution (its annex table repeats the articles' figures with units in the
    cells) rendered from its layout source as DOCX, PDF and a scan of the PDF, each processed."""
    out = tmp_path_factory.mktemp("renditions")
    documents = render_corpus.parse_documents(SOURCE)
    render_corpus.render_docx(documents, out / "annex.docx")
    render_corpus.render_pdf(documents, out / "annex.pdf")
    pages = make_scans.render_pages(out / "annex.pdf")
    make_scans.save_pdf([make_scans.black_and_white(p, dither=False) for p in pages], out / "annex-scan.pdf")
    return {kind: process_file(out / f"annex{suffix}") for kind, suffix in (
        ("docx", ".docx"), ("pdf", ".pdf"), ("scan", "-scan.pdf"))}


def figure(t) -> tuple:
    return t.indicator, t.kind, t.year, t.value, t.unit, t.scale, t.measure


def prose_and_annex(result) -> tuple[list[tuple], list[tuple]]:
    prose = [figure(t) for t in result.targets if t.section_path in ("Điều 1", "Điều 2")]
    annex = [figure(t) for t in result.targets if (t.section_path or "").startswith("Phụ lục")]
    return prose, annex


def check_annex_repeats_prose(result) -> None:
    prose, annex = prose_and_annex(result)
    assert len(prose) == 9
    assert sorted(f for f in annex if f in prose) == sorted(prose)  # each prose figure again, alike
    assert sum(f.check == "repeated_in_annex" and f.severity == "ok" for f in result.findings) == 9


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_a_table_with_units_in_its_cells_gives_the_prose_figures(renditions, kind):
    check_annex_repeats_prose(renditions[kind])


def test_the_scan_reads_the_prose_figures_as_the_pdf_does(renditions):
    assert prose_and_annex(renditions["scan"])[0] == prose_and_annex(renditions["pdf"])[0]


def test_the_scan_reads_the_annex_table_as_the_pdf_does(renditions):
    """The scan's ruled table is found in the page image and read cell by cell (ingest/scan_tables.py):
    the same figures, in the same order, as the text-layer PDF's table."""
    check_annex_repeats_prose(renditions["scan"])
    assert prose_and_annex(renditions["scan"])[1] == prose_and_annex(renditions["pdf"])[1]
    assert [(s.section_path, s.title) for s in renditions["scan"].sections] == [
        (s.section_path, s.title) for s in renditions["pdf"].sections]  # no cell read as a heading


def test_the_sources_renditions_are_the_corpus_files(renditions, tmp_path):
    """The committed corpus renditions are the source's (re-render after editing it)."""
    for kind in ("docx", "pdf"):
        committed = process_file(shutil.copy(ROOT / "corpus" / f"dien-bien-21-NQ-HDND-2024.{kind}", tmp_path))
        assert [figure(t) for t in committed.targets] == [figure(t) for t in renditions[kind].targets]


def test_an_annex_heading_ends_a_body_that_has_no_signature_block():
    """A text conversion that dropped the signature: the annex heading still ends the body."""
    text = TEXT.replace("Nơi nhận:\n- Lưu: VT.\nCHỦ TỊCH\nPhạm Văn Thiều\n", "")
    r = process_text(text)
    assert [s.section_path for s in r.sections if s.kind == "annex"] == ["Phụ lục I", "Phụ lục II"]
    assert next(s for s in r.sections if s.section_path == "Điều 2").char_end <= text.index("PHỤ LỤC I")
