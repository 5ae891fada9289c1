"""Goals laid out as tables in DOCX: every cell that holds a figure becomes a row."""
from __future__ import annotations

from pathlib import Path

import docx
import pytest

from extract.pipeline import process_file
from extract.targets.lexicon import load_lexicon
from extract.targets.measure import table_measure


@pytest.fixture(scope="module")
def goal_table_docx(tmp_path_factory):
    """A UBND plan whose goals are a table with header cells merged over two rows and columns."""
    d = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 0204/KH-UBND", "Nghệ An, ngày 20 tháng 12 năm 2023",
                 "KẾ HOẠCH", "Phát triển kinh tế - xã hội năm 2024",
                 "Căn cứ Nghị quyết của Hội đồng nhân dân tỉnh về kế hoạch phát triển kinh tế - xã hội năm 2024, "
                 "Ủy ban nhân dân tỉnh ban hành kế hoạch với các chỉ tiêu chủ yếu như sau:",
                 "I. CÁC CHỈ TIÊU CHỦ YẾU"):
        d.add_paragraph(line)
    t = d.add_table(rows=6, cols=6)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "STT"
    t.cell(0, 1).merge(t.cell(1, 1)).text = "Chỉ tiêu"
    t.cell(0, 2).merge(t.cell(1, 2)).text = "Đơn vị tính"
    t.cell(0, 3).merge(t.cell(1, 3)).text = "Thực hiện năm 2022"
    t.cell(0, 4).merge(t.cell(0, 5)).text = "Năm 2023"
    t.cell(1, 4).text = "Kế hoạch"
    t.cell(1, 5).text = "Ước thực hiện"
    rows = [("1", "Tốc độ tăng trưởng GRDP", "%", "6,5", "7,5", "7,0"),
            ("2", "GRDP bình quân đầu người", "triệu đồng", "55,2", "60", "59,8"),
            ("3", "Thu ngân sách nhà nước", "tỷ đồng", "18.245", "19.000", "20.115"),
            ("4", "Tỷ lệ hộ nghèo", "%", "3,2", "2,5 - 3", "2,7")]
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row):
            t.cell(i, j).text = value
    d.add_paragraph("II. TỔ CHỨC THỰC HIỆN")
    d.add_paragraph("Các sở, ngành tổ chức thực hiện kế hoạch này.")
    path = tmp_path_factory.mktemp("tables") / "goal-table.docx"
    d.save(path)
    return process_file(path)


# (kind, year, value or (low, high), scale, unit, indicator, measure) per figure, read off the table above
EXPECTED = [
    ("actual", 2022, 6.5, 1, "percent", "grdp", "growth"),
    ("target", 2023, 7.5, 1, "percent", "grdp", "growth"),
    ("actual", 2023, 7.0, 1, "percent", "grdp", "growth"),
    ("actual", 2022, 55.2, 1e6, "VND", "grdp_per_capita", "level"),
    ("target", 2023, 60, 1e6, "VND", "grdp_per_capita", "level"),
    ("actual", 2023, 59.8, 1e6, "VND", "grdp_per_capita", "level"),
    ("actual", 2022, 18245, 1e9, "VND", "budget_revenue", "level"),
    ("target", 2023, 19000, 1e9, "VND", "budget_revenue", "level"),
    ("actual", 2023, 20115, 1e9, "VND", "budget_revenue", "level"),
    ("actual", 2022, 3.2, 1, "percent", "poverty_rate", "level"),
    ("target", 2023, (2.5, 3), 1, "percent", "poverty_rate", "level"),
    ("actual", 2023, 2.7, 1, "percent", "poverty_rate", "level"),
]


def test_every_figure_cell_becomes_a_row(goal_table_docx):
    r = goal_table_docx
    assert r.status == "ok", r.error
    got = [(t.kind, t.year, t.value if t.value is not None else (t.value_low, t.value_high), t.scale, t.unit,
            t.indicator, t.measure) for t in r.targets]
    assert got == EXPECTED


def test_table_figures_keep_their_span_and_section(goal_table_docx):
    r = goal_table_docx
    for t in r.targets:
        assert r.text[t.char_start:t.char_end] == t.text
        assert t.section_path == "I"
    assert [s.section_path for s in r.sections] == ["I", "II"]  # table cells are not headings


# --- the fixture documents: tests/fixtures/tables/goal-table.{docx,pdf} (scripts/make_table_fixtures.py)

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
# Read off the table by hand: per row, 2022 actual | 2023 plan (target) | 2023 estimate (actual).
# (indicator, measure, scale, unit, [(kind, year, value)...])
TABLE_ROWS = [
    ("grdp", "growth", 1, "percent", [6.5, 7.5, 7.0]),
    ("grdp_per_capita", "level", 1e6, "VND", [55.2, 60, 59.8]),
    ("budget_revenue", "level", 1e9, "VND", [18245, 19000, 20115]),
    ("social_investment", "level", 1e9, "VND", [85300, 92000, 94150]),
    ("export_turnover", "level", 1e6, "USD", [2250, 2500, 2610]),
    ("poverty_rate", "level", 1, "percent", [3.2, (2.5, 3), 2.7]),
    ("trained_labour_rate", "level", 1, "percent", [70.5, 72, 72.3]),
    ("health_insurance_coverage", "level", 1, "percent", [92.1, 93, 93.4]),
    ("ntm_communes", "level", 1, "commune", [320, 335, 338]),
    ("forest_cover_rate", "level", 1, "percent", [58.3, 58.4, 58.4]),
    ("urbanisation_rate", "level", 1, "percent", [32.0, 33, 33.2]),
    ("new_jobs", "level", 1, "person", [41200, 40000, 42500]),
]
COLUMNS = [("actual", 2022), ("target", 2023), ("actual", 2023)]
EXPECTED_FIXTURE = [(kind, year, value, scale, unit, indicator, measure)
                    for indicator, measure, scale, unit, values in TABLE_ROWS
                    for (kind, year), value in zip(COLUMNS, values)]


@pytest.mark.parametrize("name, engine", [("goal-table.docx", "pdfium"), ("goal-table.pdf", "pdfium"),
                                          ("goal-table.pdf", "pdfplumber")])
def test_goal_table_fixtures_give_one_row_per_figure_cell(name, engine):
    r = process_file(FIXTURES / name, pdf_engine=engine)
    assert r.status == "ok", r.error
    got = [(t.kind, t.year, t.value if t.value is not None else (t.value_low, t.value_high), t.scale, t.unit,
            t.indicator, t.measure) for t in r.targets]
    assert got == EXPECTED_FIXTURE
    for t in r.targets:
        assert r.text[t.char_start:t.char_end] == t.text and t.section_path == "I"
    assert (r.meta.province, r.meta.doc_number) == ("Nghệ An", "0204/KH-UBND")
    assert [s.section_path for s in r.sections] == ["I", "II"]


def test_a_pdf_table_over_a_page_break_is_one_table_without_its_repeated_header():
    from extract.ingest import ingest

    raw = ingest(FIXTURES / "goal-table.pdf")
    cells = [b for b in raw.blocks if b.cell is not None]
    assert {b.cell[0] for b in cells} == {1}  # one table, though it is drawn on two pages
    assert {b.page for b in cells} == {1, 2}
    assert [b.text for b in cells].count("Chỉ tiêu") == 1  # the header repeated on page 2 is dropped
    rows = sorted({b.cell[1] for b in cells})
    assert rows == list(range(14))  # two header rows and twelve indicator rows, numbered on
    merged = [b for b in cells if b.text == "Năm 2023"]
    assert len(merged) == 1 and merged[0].cell[2:] == (4, 5)  # the merged header cell covers two columns
    pages = {b.text: b.page for b in cells}
    assert pages["Thu ngân sách nhà nước"] == 1 and pages["Kim ngạch xuất khẩu"] == 2


# --- one measure rule for table rows and prose (extract.targets.measure): what a row says decides


@pytest.mark.parametrize("unit,code,name,measure", [
    ("percent", "grdp", "Tốc độ tăng trưởng GRDP", "growth"),
    ("percent", "poverty_rate", "Tỷ lệ hộ nghèo", "level"),
    ("VND", "budget_revenue", "Thu ngân sách nhà nước", "level"),
    ("person", "new_jobs", "Số lao động được tạo việc làm", "level"),
    ("percent", None, "Chỉ số mới", "level"),
    # the rows below were read differently by the table code before the measure rule was one
    ("percent", "grdp", "Cơ cấu kinh tế - Nông nghiệp", "share"),
    ("times", "grdp", "GRDP so với năm 2020", "growth"),
    ("percentage_point", "poverty_rate", "Tỷ lệ hộ nghèo giảm", "change"),
], ids=lambda v: str(v))
def test_table_rows_take_the_measure_rule_of_prose(unit, code, name, measure):
    lex = load_lexicon()
    assert table_measure(lex, unit, lex.indicators.get(code) if code else None, name) == measure
