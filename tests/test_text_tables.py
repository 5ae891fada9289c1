"""Tables written as text (markdown pipe tables, one cell per line) read as goal tables, and the
cells' own labels, comparators, units and scales, and index columns (issue 16)."""
from __future__ import annotations

import pytest

from extract.pipeline import process_text

LETTERHEAD = """ỦY BAN NHÂN DÂN
TỈNH ĐIỆN BIÊN
Số: 3120/KH-UBND
Điện Biên, ngày 18 tháng 12 năm 2024
KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2025
"""

PIPE = LETTERHEAD + """I. CÁC CHỈ TIÊU CHỦ YẾU
| TT | Chỉ tiêu | Đơn vị | Thực hiện 2023 | Kế hoạch 2024 |
|:--:|---|---|---:|---:|
| 1 | Tốc độ tăng trưởng GRDP | % | 7,1 | 8 |
| 2 | GRDP bình quân đầu người | triệu đồng | 48,5 | 53 |
| 3 | Tỷ lệ hộ nghèo | % | 21,3 | 18 - 19 |
II. TỔ CHỨC THỰC HIỆN
Các sở, ngành tổ chức thực hiện kế hoạch này.
"""

# The same table with one cell per line, as web conversions write it; "triệu đồng" opens in lower
# case, so normalisation joins it to the name before it: the reader splits them again.
ONE_PER_LINE = LETTERHEAD + """I. CÁC CHỈ TIÊU CHỦ YẾU
TT
Chỉ tiêu
Đơn vị
Thực hiện 2023
Kế hoạch 2024
A
Chỉ tiêu kinh tế
1
Tốc độ tăng trưởng GRDP
%
7,1
8
2
GRDP bình quân đầu người
triệu đồng
48,5
53
3
Tỷ lệ hộ nghèo
%
21,3
18 - 19
II. TỔ CHỨC THỰC HIỆN
Các sở, ngành tổ chức thực hiện kế hoạch này.
"""

# (kind, year, value or (low, high), scale, unit, indicator, measure), read off the table above
EXPECTED = [
    ("actual", 2023, 7.1, 1, "percent", "grdp", "growth"),
    ("target", 2024, 8, 1, "percent", "grdp", "growth"),
    ("actual", 2023, 48.5, 1e6, "VND", "grdp_per_capita", "level"),
    ("target", 2024, 53, 1e6, "VND", "grdp_per_capita", "level"),
    ("actual", 2023, 21.3, 1, "percent", "poverty_rate", "level"),
    ("target", 2024, (18, 19), 1, "percent", "poverty_rate", "level"),
]


def rows(result):
    return [(t.kind, t.year, t.value if t.value is not None else (t.value_low, t.value_high), t.scale, t.unit,
             t.indicator, t.measure) for t in result.targets]


@pytest.mark.parametrize("text", [PIPE, ONE_PER_LINE], ids=["pipe", "one-cell-per-line"])
def test_a_text_table_gives_the_rows_a_docx_table_gives(text):
    r = process_text(text)
    assert r.status == "ok", r.error
    assert rows(r) == EXPECTED
    for t in r.targets:
        assert r.text[t.char_start:t.char_end] == t.text  # spans into the unchanged text
        assert t.section_path == "I"
    assert [s.section_path for s in r.sections] == ["I", "II"]  # no cell is a heading


def test_the_text_keeps_its_table_lines():
    r = process_text(PIPE)
    assert "| 2 | GRDP bình quân đầu người | triệu đồng | 48,5 | 53 |" in r.text


def test_a_pipe_line_in_prose_is_no_table():
    r = process_text(LETTERHEAD + "I. MỤC TIÊU\n| Tổng sản phẩm trên địa bàn (GRDP) tăng 8% |\n")
    assert [(t.value, t.unit, t.indicator) for t in r.targets] == [(8, "percent", "grdp")]


def test_forecast_years_of_a_three_year_plan():
    text = LETTERHEAD.replace("năm 2025", "3 năm 2025 - 2027") + """I. DỰ KIẾN THU NGÂN SÁCH
TT
Nội dung
ĐVT
Ước thực hiện 2024
Dự toán 2025
Dự kiến 2026
Dự kiến 2027
1
Thu ngân sách nhà nước trên địa bàn
tỷ đồng
1.950
2.100
2.300
2.520
"""
    r = process_text(text)
    assert [(t.kind, t.year, t.value) for t in r.targets] == [
        ("actual", 2024, 1950), ("target", 2025, 2100), ("target", 2026, 2300), ("target", 2027, 2520)]
    assert {(t.indicator, t.unit, t.scale) for t in r.targets} == {("budget_revenue", "VND", 1e9)}


CELLS = LETTERHEAD + """I. CÁC CHỈ TIÊU
| TT | Chỉ tiêu | Đơn vị | Ước thực hiện 2024 | Kế hoạch 2025 | Ước thực hiện 2024 (năm trước = 100) |
|---|---|---|---|---|---|
| 1 | Tốc độ tăng trưởng GRDP | % | KH 2024: 7,5% | ≥ 8,5 | |
| 2 | GRDP bình quân đầu người | | 62 triệu đồng | ≥ 68 triệu đồng | |
| 3 | Thu ngân sách nhà nước trên địa bàn | triệu đồng | 2.450 tỷ đồng | 2.600 tỷ đồng | 108,2 |
"""


def test_a_cells_own_label_comparator_unit_and_scale_win_over_its_columns():
    r = process_text(CELLS)
    got = [(t.kind, t.year, t.comparator, t.value, t.scale, t.unit, t.measure, t.text) for t in r.targets]
    assert got[:6] == [
        ("target", 2024, "eq", 7.5, 1, "percent", "growth", "7,5%"),  # "KH 2024:" beats "Ước thực hiện 2024"
        ("target", 2025, "ge", 8.5, 1, "percent", "growth", "8,5"),
        ("actual", 2024, "eq", 62, 1e6, "VND", "level", "62 triệu đồng"),
        ("target", 2025, "ge", 68, 1e6, "VND", "level", "68 triệu đồng"),
        ("actual", 2024, "eq", 2450, 1e9, "VND", "level", "2.450 tỷ đồng"),  # the cell's "tỷ" beats the column's "triệu"
        ("target", 2025, "eq", 2600, 1e9, "VND", "level", "2.600 tỷ đồng"),
    ]


def test_an_index_column_is_growth_against_the_year_before():
    r = process_text(CELLS)
    index = r.targets[-1]
    assert (index.indicator, index.kind, index.year, index.value, index.unit, index.scale, index.measure) == (
        "budget_revenue", "actual", 2024, 108.2, "percent", 1, "growth")
    assert index.relative_to == "previous_year"
    assert {t.relative_to for t in r.targets[:-1]} == {None}


PARTS = LETTERHEAD.replace("Phát triển kinh tế - xã hội năm 2025", "Dự toán ngân sách nhà nước năm 2025") + """I. DỰ TOÁN
| TT | Chỉ tiêu | Đơn vị | Ước thực hiện 2024 | Dự toán 2025 |
|---|---|---|---|---|
| 1 | Tổng thu ngân sách nhà nước trên địa bàn | tỷ đồng | 1.780 | 1.950 |
| a | Thu nội địa | tỷ đồng | 1.700 | 1.860 |
| b | Thu từ hoạt động xuất nhập khẩu | tỷ đồng | 80 | 90 |
| 2 | Chi ngân sách địa phương | tỷ đồng | 9.100 | 9.500 |
| | Trong đó: chi thường xuyên | tỷ đồng | 6.200 | 6.400 |
| 3 | Tỷ lệ hộ nghèo | % | 24,3 | 21,5 |
"""


def test_a_tables_part_rows_are_parts_of_the_row_above():
    """Rows numbered "a", "b" (or named "Trong đó: ...") under a numbered row are its parts, column by
    column: their parent_index is the total's figure, and the parts are checked against it."""
    r = process_text(PARTS)
    parents = {t.text: (r.targets[t.parent_index].text if t.parent_index is not None else None) for t in r.targets}
    assert parents == {"1.780": None, "1.950": None, "1.700": "1.780", "1.860": "1.950", "80": "1.780",
                       "90": "1.950", "9.100": None, "9.500": None, "6.200": "9.100", "6.400": "9.500",
                       "24,3": None, "21,5": None}
    sums = [(f.severity, f.texts) for f in r.findings if f.check == "parts_sum_to_total"]
    assert sums == [("ok", ["1.780", "1.700", "80"]), ("ok", ["1.950", "1.860", "90"])]  # one part alone: no sum
