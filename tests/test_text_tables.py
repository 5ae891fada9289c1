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


TWO_FIGURES = LETTERHEAD + """I. CÁC CHỈ TIÊU
| TT | Chỉ tiêu | Đơn vị | Thực hiện 2024 | Kế hoạch 2025 |
|---|---|---|---|---|
| 1 | Tốc độ tăng trưởng GRDP | % | KH: 7,5%; ước 7,8% | 8 |
| 2 | Tỷ lệ hộ nghèo | % | KH 2024: 6,8% - ƯTH: 7,1% | 6 |
| 3 | Thu ngân sách nhà nước trên địa bàn | tỷ đồng | 1.780 (KH: 1.700) | 1.950 |
| 4 | Tỷ lệ che phủ rừng | % | 43,8 so với 43,5 | ≥ 44,5 |
"""


def test_each_labelled_figure_of_a_cell_is_its_own_row():
    """A value cell holding two figures, each with its own label, gives two rows: the plan ("KH") a
    target, the estimate ("ước", "ƯTH") a result, each of the label's year, else the column's; a
    second figure without a label of its own is not another row."""
    r = process_text(TWO_FIGURES)
    got = [(t.indicator, t.kind, t.year, t.value, t.text) for t in r.targets]
    assert got == [
        ("grdp", "target", 2024, 7.5, "7,5%"), ("grdp", "actual", 2024, 7.8, "7,8%"), ("grdp", "target", 2025, 8, "8"),
        ("poverty_rate", "target", 2024, 6.8, "6,8%"), ("poverty_rate", "actual", 2024, 7.1, "7,1%"),
        ("poverty_rate", "target", 2025, 6, "6"),
        ("budget_revenue", "actual", 2024, 1780, "1.780"), ("budget_revenue", "target", 2024, 1700, "1.700"),
        ("budget_revenue", "target", 2025, 1950, "1.950"),
        ("forest_cover_rate", "actual", 2024, 43.8, "43,8"), ("forest_cover_rate", "target", 2025, 44.5, "44,5")]
    assert {(t.unit, t.scale) for t in r.targets if t.indicator == "budget_revenue"} == {("VND", 1e9)}
    for t in r.targets:
        assert r.text[t.char_start:t.char_end] == t.text


KIND_BY_TIME = LETTERHEAD + """I. CÁC CHỈ TIÊU
| TT | Chỉ tiêu | Đơn vị | Thực hiện 2023 | Kế hoạch 2024 | Ước thực hiện 2024 | Dự kiến thực hiện 2025 |
|---|---|---|---|---|---|---|
| 1 | Tốc độ tăng trưởng GRDP | % | 6,2 | 7 | 6,9 | 7,5 |
| 2 | Tỷ lệ hộ nghèo | % | 28,4 | 26 | 26,3 | ƯTH 2026: 22 |
"""


def test_a_column_of_a_year_after_the_documents_is_a_target():
    """The plan is dated 18/12/2024: "Dự kiến thực hiện 2025" is a target although it says "thực hiện",
    as a label "ƯTH 2026" in a cell is; "Ước thực hiện 2024" and "Thực hiện 2023" are results, "Kế
    hoạch 2024" the target that was set for 2024 (the rule of prose: timeframe.kind_by_time)."""
    r = process_text(KIND_BY_TIME)
    assert [(t.kind, t.year, t.value) for t in r.targets] == [
        ("actual", 2023, 6.2), ("target", 2024, 7), ("actual", 2024, 6.9), ("target", 2025, 7.5),
        ("actual", 2023, 28.4), ("target", 2024, 26), ("actual", 2024, 26.3), ("target", 2026, 22)]


NATIONAL_TABLE = """QUỐC HỘI
Số: 110/2023/QH15
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 29 tháng 11 năm 2023
NGHỊ QUYẾT
Về Kế hoạch phát triển kinh tế - xã hội năm 2024
QUYẾT NGHỊ:
Điều 1. Các chỉ tiêu chủ yếu
| TT | Chỉ tiêu | Đơn vị | Ước thực hiện 2023 | Kế hoạch 2024 |
|---|---|---|---:|---:|
| 1 | Tốc độ tăng tổng sản phẩm trong nước (GDP) | % | 5 | 6,5 |
| 2 | GDP bình quân đầu người | USD | 4.300 | 4.700 |
| 3 | Tỷ lệ hộ nghèo | % | 2,9 | 1,9 |
"""


def test_a_national_tables_product_is_gdp_as_in_its_prose():
    """The jurisdiction maps a goal table's indicator as it maps prose's (grdp's words -> gdp)."""
    r = process_text(NATIONAL_TABLE)
    assert r.meta.jurisdiction == "national"
    assert [(t.text, t.indicator, t.kind, t.year) for t in r.targets] == [
        ("5", "gdp", "actual", 2023), ("6,5", "gdp", "target", 2024),
        ("4.300", "gdp_per_capita", "actual", 2023), ("4.700", "gdp_per_capita", "target", 2024),
        ("2,9", "poverty_rate", "actual", 2023), ("1,9", "poverty_rate", "target", 2024)]
