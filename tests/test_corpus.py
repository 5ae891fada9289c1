"""End-to-end properties of the pipeline on every corpus document."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import CORPUS, SAMPLE
from contract import contract_problems
from extract.verify import verify


def test_every_corpus_document_is_processed(corpus_run):
    failed = [(r.source_path, r.error) for r in corpus_run.failed]
    assert not failed
    assert len(corpus_run.ok) >= 3


def test_outputs_hold_the_contract(corpus_outputs):
    assert contract_problems(corpus_outputs) == []


def test_every_record_span_is_its_text(corpus_run):
    """Provenance: documents.text[char_start:char_end] is exactly the quantity's text, on every record."""
    n = 0
    for r in corpus_run.ok:
        for t in r.targets:
            assert r.text[t.char_start:t.char_end] == t.text, (r.source_path, t)
            assert t.text in t.sentence
            n += 1
    assert n > 0


def test_every_section_span_is_in_its_text(corpus_run):
    for r in corpus_run.ok:
        for s in r.sections:
            assert 0 <= s.char_start < s.char_end <= len(r.text)
            assert r.text[s.char_start:].startswith(s.label.rstrip("0123456789") if s.kind == "bullet" else s.label)


def test_pdf_records_carry_their_page(sample_results):
    pdf = sample_results["pdf"]
    pages = [t.page for t in pdf.targets]
    assert None not in pages
    assert pages == sorted(pages)
    assert set(pages) <= set(range(1, pdf.pages + 1))
    assert len(set(pages)) >= 3  # the sample's figures run over several pages


def test_pdf_page_of_a_figure_is_where_it_is_printed(sample_results):
    """The page must be the one the figure is drawn on, checked against the PDF itself."""
    import pdfplumber

    pdf = sample_results["pdf"]
    with pdfplumber.open(pdf.source_path) as doc:
        page_texts = [p.extract_text() for p in doc.pages]
    for t in pdf.targets:
        if t.text in {"7,5%", "2,2%", "8,7%", "92%", "100%", "11 xã"}:  # repeated strings: skip
            continue
        assert t.text in page_texts[t.page - 1].replace("\n", " "), t


def test_pdf_furniture_is_kept_apart(sample_results):
    pdf = sample_results["pdf"]
    assert "Trang 1/" not in pdf.text
    assert pdf.text.count("Nghị quyết số 01-NQ/TU ngày 26/11/2020") == 0
    assert sum(f.startswith("Trang ") for f in pdf.furniture) == pdf.pages


def test_three_formats_give_the_same_records(sample_results):
    def records(result):
        return sorted(repr((t.kind, t.value, t.value_low, t.value_high, t.scale, t.unit, t.indicator))
                      for t in result.targets)

    assert {"text", "docx", "pdf", "docx-tcvn3"} <= set(sample_results) <= {
        "text", "docx", "pdf", "docx-tcvn3", "doc", "doc-tcvn3", "scan", "scan-skewed"}
    for fmt in set(sample_results) - {"text", "scan", "scan-skewed"}:  # scans: scored on the gold in test_ocr.py
        assert records(sample_results[fmt]) == records(sample_results["text"]), fmt


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf", "-tcvn3.docx"])
def test_sample_scores_against_the_gold(corpus_outputs, suffix):
    _, per_document = verify(corpus_outputs, CORPUS)
    score = next(s for p, s in per_document.items() if Path(p).name == f"{SAMPLE}{suffix}")
    assert score.precision >= 0.95 and score.recall >= 0.95, (score.misses, score.false_positives)
    assert score.accuracy("indicator") >= 0.95


def test_checks_confirm_shares_and_budget_and_flag_the_ntm_restatement(corpus_outputs):
    rows = pq.read_table(corpus_outputs / "checks.parquet").to_pylist()
    docs = {d["doc_id"]: d["source_path"] for d in pq.read_table(corpus_outputs / "documents.parquet").to_pylist()}
    txt = [r for r in rows if docs[r["doc_id"]].endswith(f"{SAMPLE}.txt")]
    ok_shares = [r for r in txt if r["check"] == "shares_sum_to_100" and r["severity"] == "ok"]
    assert {("2020" in r["message"], "2021" in r["message"]) for r in ok_shares} == {(True, False), (False, True)}
    budget = [r for r in txt if r["check"] == "parts_sum_to_total" and r["severity"] == "ok"
              and r["message"].startswith(("budget_revenue target 2021", "budget_expenditure target 2021"))]
    assert len(budget) == 2
    assert {"13.593,9 tỷ đồng", "10.193,9 tỷ đồng", "3.400 tỷ đồng"} <= {t for r in budget for t in r["texts"]}
    flagged = [r for r in txt if r["check"] == "restated_value" and r["severity"] == "warning"]
    assert len(flagged) == 1
    assert flagged[0]["texts"] == ["(02 - 05) xã", "05 xã"]
    assert "II/1/1.8" in flagged[0]["message"] and "II/2/2.1" in flagged[0]["message"]
    text = next(d for d in pq.read_table(corpus_outputs / "documents.parquet").to_pylist()
                if d["doc_id"] == flagged[0]["doc_id"])["text"]
    for s, e, t in zip(flagged[0]["char_starts"], flagged[0]["char_ends"], flagged[0]["texts"]):
        assert text[s:e] == t
    assert not [r for r in txt if r["severity"] in ("error",)]
