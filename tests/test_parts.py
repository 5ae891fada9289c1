"""Several documents in one file (issue 16): a new letterhead with its own number and type line
after a signature starts a new document, with its own metadata, sections and figures, its own
documents row (`part`, `parts`) and doc_id; the dataset store keeps, re-reads and removes such a
file as one."""
from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from conftest import CORPUS, SAMPLE
from contract import contract_problems
from extract.cli import app
from extract.export import FILES
from extract.pipeline import process_file, process_text

runner = CliRunner()
COPIES = 3


def repeated_pdf(path: Path, copies: int) -> Path:
    """A PDF made of the sample resolution's PDF `copies` times over (a gazette of one resolution)."""
    source = pdfium.PdfDocument(str(CORPUS / f"{SAMPLE}.pdf"))
    out = pdfium.PdfDocument.new()
    for _ in range(copies):
        out.import_pages(source)
    out.save(str(path))
    return path


def figures(result) -> list[tuple]:
    return [(t.kind, t.year, t.period, t.indicator, t.measure, t.breakdown, t.comparator, t.direction, t.value,
             t.value_low, t.value_high, t.scale, t.unit, t.text, t.section_path) for t in result.targets]


@pytest.fixture(scope="module")
def repeated(tmp_path_factory):
    return process_file(repeated_pdf(tmp_path_factory.mktemp("parts") / "repeated.pdf", COPIES))


def test_a_pdf_of_one_resolution_repeated_gives_that_many_documents_with_the_same_figures(repeated):
    single = process_file(CORPUS / f"{SAMPLE}.pdf")
    docs = repeated.documents()
    assert repeated.status == "ok", repeated.error
    assert [(d.part, d.parts, d.status) for d in docs] == [(k, COPIES, "ok") for k in range(1, COPIES + 1)]
    assert len({d.doc_id for d in docs}) == COPIES
    for d in docs:
        assert figures(d) == figures(single)
        assert (d.meta.doc_number, d.meta.doc_date, d.meta.signer) == (
            single.meta.doc_number, single.meta.doc_date, single.meta.signer)
        assert [s.section_path for s in d.sections] == [s.section_path for s in single.sections]
        for t in d.targets:
            assert d.text[t.char_start:t.char_end] == t.text
    pages = single.pages
    for k, d in enumerate(docs):  # each part's figures on its own pages of the file
        assert {t.page for t in d.targets} == {t.page + k * pages for t in single.targets}


TWO = """HỘI ĐỒNG NHÂN DÂN
TỈNH ĐIỆN BIÊN
Số: 21/NQ-HĐND
Điện Biên, ngày 10 tháng 12 năm 2024
NGHỊ QUYẾT
Về kế hoạch phát triển kinh tế - xã hội năm 2025
Điều 1. Tổng sản phẩm trên địa bàn (GRDP) tăng 8,5%.
Nơi nhận:
- Như Điều 1;
- Lưu: VT.
CHỦ TỊCH
Lò Văn Phương
HỘI ĐỒNG NHÂN DÂN
TỈNH ĐIỆN BIÊN
Số: 22/NQ-HĐND
Điện Biên, ngày 10 tháng 12 năm 2024
NGHỊ QUYẾT
Về dự toán ngân sách nhà nước năm 2025
Điều 1. Tổng thu ngân sách nhà nước trên địa bàn đạt 2.100 tỷ đồng.
Nơi nhận:
- Lưu: VT.
CHỦ TỊCH
Lò Văn Phương
"""


def test_two_resolutions_of_one_session_are_two_documents():
    r = process_text(TWO)
    assert [(d.part, d.meta.doc_number, d.meta.title) for d in r.documents()] == [
        (1, "21/NQ-HĐND", "Về kế hoạch phát triển kinh tế - xã hội năm 2025"),
        (2, "22/NQ-HĐND", "Về dự toán ngân sách nhà nước năm 2025")]
    assert [[(t.indicator, t.value) for t in d.targets] for d in r.documents()] == [
        [("grdp", 8.5)], [("budget_revenue", 2100)]]
    assert r.documents()[1].text.startswith("HỘI ĐỒNG NHÂN DÂN\nTỈNH ĐIỆN BIÊN\nSố: 22/NQ-HĐND")


def test_a_number_cited_after_the_signature_starts_no_document():
    """A line that cites a number (a recipient, an annex's "Kèm theo") is no letterhead."""
    text = TWO.split("HỘI ĐỒNG NHÂN DÂN\nTỈNH ĐIỆN BIÊN\nSố: 22")[0] + "PHỤ LỤC\n(Kèm theo Nghị quyết số 21/NQ-HĐND)\n"
    assert process_text(text).parts == 1


def run(*args: str):
    return runner.invoke(app, ["run", *args, "-j", "1"])


def test_the_dataset_keeps_rereads_and_removes_a_file_of_several_documents(tmp_path):
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    repeated_pdf(inputs / "gazette.pdf", 2)
    shutil.copy(CORPUS / "quang-ninh-45-2023-NQ-HDND.txt", inputs / "other.txt")
    first = run(str(inputs), "--out", str(out))
    assert first.exit_code == 0
    assert "3 documents ok, 0 failed" in first.output and "now holds 3 documents" in first.output  # two files, three documents
    docs = pq.read_table(out / FILES["documents"]).to_pylist()
    assert sorted((Path(d["source_path"]).name, d["part"], d["parts"]) for d in docs) == [
        ("gazette.pdf", 1, 2), ("gazette.pdf", 2, 2), ("other.txt", 1, 1)]
    assert contract_problems(out) == []
    n_targets = pq.read_table(out / FILES["targets"]).num_rows
    before = {n: (out / f).read_bytes() for n, f in FILES.items()}
    assert run(str(inputs), "--out", str(out)).exit_code == 0  # unchanged: kept as it was, both parts
    assert {n: (out / f).read_bytes() for n, f in FILES.items()} == before
    assert run(str(inputs / "gazette.pdf"), "--out", str(out), "--force").exit_code == 0  # read again
    after = pq.read_table(out / FILES["documents"]).to_pylist()
    assert sorted(d["doc_id"] for d in after) == sorted(d["doc_id"] for d in docs)  # replaced, not repeated
    assert pq.read_table(out / FILES["targets"]).num_rows == n_targets
    repeated_pdf(inputs / "gazette.pdf", 1)  # the path now holds one document: both old parts go
    assert run(str(inputs), "--out", str(out)).exit_code == 0
    final = pq.read_table(out / FILES["documents"]).to_pylist()
    assert sorted((Path(d["source_path"]).name, d["part"]) for d in final) == [("gazette.pdf", 1), ("other.txt", 1)]
    assert contract_problems(out) == []
