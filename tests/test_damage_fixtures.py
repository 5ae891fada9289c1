"""One fixture per kind of damage real resolutions reach us with, each made from the hand-typed
clean text by scripts/make_damage_fixtures.py: the normalised text must equal the clean text's,
character for character, and the pipeline must extract the same targets.

PDFs are read by both engines. The 13 targets of clean.txt were checked by hand:
I/1 GRDP +7,8% and 72,5 triệu đồng per head; I/2 39.520 tỷ đồng of revenue (126% of plan);
I/3 poverty 2,15%, 62.000 new jobs; II/2 GRDP 9,5%, investment 150.000 tỷ đồng, trained labour
76% (45% with certificates), health insurance 93,5%, 20 new-rural communes, forest cover 53%.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.ingest import ingest
from extract.normalise import normalise
from extract.pipeline import process_file

DAMAGE = Path(__file__).parent / "fixtures" / "damage"
FIXTURES = sorted(p.name for p in DAMAGE.iterdir() if p.name != "clean.txt")
CASES = [(name, engine) for name in FIXTURES
         for engine in (("pdfium", "pdfplumber") if name.endswith(".pdf") else ("pdfium",))]

CLEAN_TARGETS = {
    ("actual", "grdp", 7.8, "percent", "I/1"),
    ("actual", "grdp_per_capita", 72.5, "VND", "I/1"),
    ("actual", "budget_revenue", 39520.0, "VND", "I/2"),
    ("actual", "budget_revenue", 126.0, "percent", "I/2"),
    ("actual", "poverty_rate", 2.15, "percent", "I/3"),
    ("actual", "new_jobs", 62000.0, "person", "I/3"),
    ("target", "grdp", 9.5, "percent", "II/2"),
    ("target", "social_investment", 150000.0, "VND", "II/2"),
    ("target", "trained_labour_rate", 76.0, "percent", "II/2"),
    ("target", "trained_labour_rate", 45.0, "percent", "II/2"),
    ("target", "health_insurance_coverage", 93.5, "percent", "II/2"),
    ("target", "ntm_communes", 20.0, "commune", "II/2"),
    ("target", "forest_cover_rate", 53.0, "percent", "II/2"),
}


def target_keys(result) -> set[tuple]:
    return {(t.kind, t.indicator, t.value, t.unit, t.section_path) for t in result.targets}


@pytest.fixture(scope="module")
def clean_text() -> str:
    return normalise(ingest(DAMAGE / "clean.txt")).text


def test_every_phenomenon_has_a_fixture():
    expected = {"nfd.txt", "unikey-composite.txt", "misordered-marks.txt", "other-tone-style.txt",
                "spacing-accents.txt", "lookalikes-spaces-dashes.txt", "html-entities.txt", "mojibake.txt",
                "vni-8bit.txt", "viscii-8bit.txt", "conversion-debris.txt", "tcvn3.docx", "vni.docx",
                "mixed-legacy-unicode.docx", "separate-marks.pdf", "page-furniture.pdf", "dash-page-numbers.pdf",
                "vntime-font.pdf"}
    assert expected <= set(FIXTURES)


def test_the_clean_text_gives_the_hand_checked_targets():
    result = process_file(DAMAGE / "clean.txt")
    assert target_keys(result) == CLEAN_TARGETS


def test_the_fixtures_are_really_damaged(clean_text):
    """Each fixture, as read before normalising, differs from the clean text: the tests below
    are not vacuous."""
    for name in FIXTURES:
        body = "\n".join(b.text for b in ingest(DAMAGE / name).blocks if b.role == "body")
        assert body != clean_text, name


@pytest.mark.parametrize("name, engine", CASES, ids=[f"{n}-{e}" for n, e in CASES])
def test_damaged_text_normalises_to_the_clean_text(name, engine, clean_text):
    text = normalise(ingest(DAMAGE / name, pdf_engine=engine)).text
    assert text == clean_text


@pytest.mark.parametrize("name, engine", CASES, ids=[f"{n}-{e}" for n, e in CASES])
def test_damaged_documents_give_the_clean_targets_with_true_spans(name, engine):
    result = process_file(DAMAGE / name, pdf_engine=engine)
    assert result.status == "ok", result.error
    assert target_keys(result) == CLEAN_TARGETS
    for t in result.targets:
        assert result.text[t.char_start:t.char_end] == t.text


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_pdf_line_end_hyphens_are_kept_apart_from_the_spaced_separator(engine):
    """The fixture breaks lines after "Covid-" and after "phòng -": the first joins with no space
    ("Covid-19"), the second keeps its spaces ("quốc phòng - an ninh")."""
    raw = ingest(DAMAGE / "page-furniture.pdf", pdf_engine=engine)
    lines = [ln for b in raw.blocks for ln in b.text.split("\n")]
    assert any(ln.endswith("Covid-") for ln in lines) and any(ln.endswith("phòng -") for ln in lines)
    text = normalise(raw).text
    assert "dịch bệnh Covid-19 cơ bản" in text and "quốc phòng - an ninh" in text


def test_pdf_furniture_goes_out_of_the_body():
    raw = ingest(DAMAGE / "page-furniture.pdf")
    furniture = [b.text for b in raw.blocks if b.role == "furniture"]
    assert raw.pages >= 3
    assert sum(t.startswith("Trang ") for t in furniture) == raw.pages
    assert sum("12-NQ/TU của Tỉnh ủy" in t for t in furniture) == raw.pages
    assert any(b.continues for b in raw.blocks)  # a paragraph runs over a page break (and is rejoined)
    dashed = ingest(DAMAGE / "dash-page-numbers.pdf")
    assert [b.text for b in dashed.blocks if b.role == "furniture"] == [f"- {n} -" for n in range(1, dashed.pages + 1)]
