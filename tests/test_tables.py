"""Goals laid out as tables in DOCX: every cell that holds a figure becomes a row."""
from __future__ import annotations

import docx
import pytest

from extract.pipeline import process_file


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
