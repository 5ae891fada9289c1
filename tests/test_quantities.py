"""The quantity grammar: strings written the way resolutions write them, and their reading.

Each row: text, then the expected (value, low, high, scale, unit, per, comparator) of the one
quantity in it, or None for "not a quantity". Expected readings are worked out by hand from the
conventions in ../shared/reference/vietnamese-text.md §4. Known misses are xfail with a reason.
"""
from __future__ import annotations

import pytest

from extract.quantities import find_quantities, parse_number

X = None  # not a quantity

ROWS = [
    # decimal comma, thousands dot, scale words
    ("Thu ngân sách đạt 13.593,9 tỷ đồng", (13593.9, X, X, 1e9, "VND", X, "eq")),
    ("tạo việc làm cho 2,33 vạn lao động", (2.33, X, X, 1e4, "person", X, "eq")),
    ("khoảng 565 ngàn tỷ đồng", (565, X, X, 1e12, "VND", X, "approx")),
    ("1,5 triệu người", (1.5, X, X, 1e6, "person", X, "eq")),
    ("vốn đăng ký 242 triệu USD", (242, X, X, 1e6, "USD", X, "eq")),
    ("trên 13 nghìn tỷ đồng", (13, X, X, 1e12, "VND", X, "gt")),
    ("xuất khẩu 4,5 tỉ USD", (4.5, X, X, 1e9, "USD", X, "eq")),
    ("thành lập mới 1.100 doanh nghiệp", (1100, X, X, 1, "enterprise", X, "eq")),
    ("tổng mức bán lẻ 45.300 tỷ đồng", (45300, X, X, 1e9, "VND", X, "eq")),
    ("thu hút 1.234.567 lượt khách", (1234567, X, X, 1, "visit", X, "eq")),
    # percent, rates, glued units
    ("GRDP tăng 7,5%", (7.5, X, X, 1, "percent", X, "eq")),
    ("GRDP tăng 7,5 %", (7.5, X, X, 1, "percent", X, "eq")),
    ("tăng 7.5%", (7.5, X, X, 1, "percent", X, "eq")),
    ("bình quân 12.5%/năm", (12.5, X, X, 1, "percent", "year", "eq")),
    ("3.555 USD/người/năm", (3555, X, X, 1, "USD", "person/year", "eq")),
    ("10.370USD/người/năm", (10370, X, X, 1, "USD", "person/year", "eq")),
    ("diện tích 6.071km2", (6071, X, X, 1, "km2", X, "eq")),
    ("dài 134km", (134, X, X, 1, "km", X, "eq")),
    ("10 bác sĩ/vạn dân", (10, X, X, 1, "doctor", "10k_people", "eq")),
    ("32 giường bệnh/vạn dân", (32, X, X, 1, "bed", "10k_people", "eq")),
    ("thu nhập 85 triệu đồng/người", (85, X, X, 1e6, "VND", "person", "eq")),
    ("tăng 0,5 điểm phần trăm", (0.5, X, X, 1, "percentage_point", X, "eq")),
    # leading zeros and counts
    ("05 xã đạt chuẩn", (5, X, X, 1, "commune", X, "eq")),
    ("có thêm 43 trường", (43, X, X, 1, "school", X, "eq")),
    ("3 khu công nghiệp", (3, X, X, 1, "industrial_zone", X, "eq")),
    ("14 cụm công nghiệp", (14, X, X, 1, "industrial_cluster", X, "eq")),
    ("12 hợp tác xã", (12, X, X, 1, "cooperative", X, "eq")),
    ("1.500 ha lúa", (1500, X, X, 1, "ha", X, "eq")),
    ("25.000 tấn", (25000, X, X, 1, "tonne", X, "eq")),
    ("800 hộ nghèo", (800, X, X, 1, "household", X, "eq")),
    # ranges and comparators
    ("(02 - 05) xã", (X, 2, 5, 1, "commune", X, "range")),
    ("từ 7% đến 7,5%", (X, 7, 7.5, 1, "percent", X, "range")),
    ("từ 15 - 20%/năm", (X, 15, 20, 1, "percent", "year", "range")),
    ("1 - 1,1%/năm", (X, 1, 1.1, 1, "percent", "year", "range")),
    ("3.400 - 3.700 USD", (X, 3400, 3700, 1, "USD", X, "range")),
    ("50 - 60%", (X, 50, 60, 1, "percent", X, "range")),
    ("trên 95%", (95, X, X, 1, "percent", X, "gt")),
    ("dưới 1%", (1, X, X, 1, "percent", X, "lt")),
    ("ít nhất 50%", (50, X, X, 1, "percent", X, "ge")),
    ("tối thiểu 50%", (50, X, X, 1, "percent", X, "ge")),
    ("tối đa 3%", (3, X, X, 1, "percent", X, "le")),
    ("không quá 4%", (4, X, X, 1, "percent", X, "le")),
    ("gần 2,33 vạn lao động", (2.33, X, X, 1e4, "person", X, "approx")),
    ("đạt 90% trở lên", (90, X, X, 1, "percent", X, "ge")),
    ("đạt mức trên 95%", (95, X, X, 1, "percent", X, "gt")),
    # not quantities
    ("trước tháng 7/2021", X),
    ("ngày 15/10/2020", X),
    ("ngày 22-06-2023", X),
    ("ngày 01-10-1997", X),
    ("ngày 05 tháng 02 năm 2021", X),
    ("nhiệm kỳ 2020-2025", X),
    ("nhiệm kỳ 2020 - 2025", X),
    ("giai đoạn 2021-2025", X),
    ("Quốc hội khóa XV", X),
    ("Hội nghị lần thứ 2", X),
    ("Đại hội 19 Đảng bộ tỉnh", X),
    ("đường ĐT.379", X),
    ("QL.5", X),
    ("Số 01-NQ/TU", X),
    ("Số 01 - NQ/TU", X),
    ("Quyết định số 3452/QĐ-UBND", X),
    ("Nghị quyết số 20/2021/NQ-HĐND", X),
    ("Tờ trình số 1403/TTr-SLĐTBXH", X),
    ("Điều 3", X),
    ("đại dịch Covid-19", X),
    ("đường nối 2 đường cao tốc", X),
    ("kế hoạch 5 năm 2016-2020", X),
    ("hoàn thành 15 chỉ tiêu", X),
    ("1.5- Tỷ lệ hộ nghèo", X),
    ("điện thoại 0221.3862.222", X),
]

XFAIL = [
    pytest.param("mười lăm xã", (15, X, X, 1, "commune", X, "eq"),
                 marks=pytest.mark.xfail(reason="numbers in words are not read yet (issue 4)", strict=True)),
    pytest.param("ba phẩy năm phần trăm", (3.5, X, X, 1, "percent", X, "eq"),
                 marks=pytest.mark.xfail(reason="numbers in words are not read yet (issue 4)", strict=True)),
    pytest.param("gấp 1,2 lần", (1.2, X, X, 1, "times", X, "eq"),
                 marks=pytest.mark.xfail(reason="ratios 'gấp N lần' are not read yet (issue 4)", strict=True)),
    pytest.param("8 bác sĩ trên 1 vạn dân", (8, X, X, 1, "doctor", "10k_people", "eq"),
                 marks=pytest.mark.xfail(reason="'trên 1 vạn dân' as a denominator is not read yet (issue 4)", strict=True)),
]


def reading(text: str):
    found = find_quantities(text)
    if not found:
        return None
    assert len(found) == 1, found
    q = found[0]
    return (q.value, q.value_low, q.value_high, q.scale, q.unit, q.per, q.comparator)


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=t) for t, e in ROWS] + XFAIL)
def test_reading(text, expected):
    assert reading(text) == expected


@pytest.mark.parametrize("text", [t for t, e in ROWS if e is not None])
def test_quantity_text_is_a_slice_of_the_input(text):
    q = find_quantities(text)[0]
    assert text[q.start:q.end] == q.text
    assert q.text[0] in "(0123456789t"  # starts at the number (or "(" of a range, "từ" of a range)


@pytest.mark.parametrize("written, value", [
    ("13.593,9", 13593.9), ("45.799", 45799), ("1.234.567", 1234567), ("7.5", 7.5), ("12.5", 12.5),
    ("2,33", 2.33), ("05", 5), ("100", 100), ("0,5", 0.5),
])
def test_parse_number(written, value):
    assert parse_number(written) == value


def test_two_quantities_in_one_clause():
    found = find_quantities("trên 13 nghìn tỷ đồng và 242 triệu USD")
    assert [(q.text, q.comparator) for q in found] == [("13 nghìn tỷ đồng", "gt"), ("242 triệu USD", "eq")]


def test_sector_list_is_not_a_range():
    found = find_quantities("nông nghiệp, thủy sản 9,65% - công nghiệp, xây dựng 61,5%")
    assert [q.value for q in found] == [9.65, 61.5]
