"""The quantity grammar: strings written the way resolutions write them, and their reading.

Each row: text, then the expected (value, low, high, scale, unit, per, comparator) of the one
quantity in it, or None for "not a quantity". Expected readings are worked out by hand from the
conventions in ../shared/reference/vietnamese-text.md §4. Known misses are xfail with a reason.
"""
from __future__ import annotations

import pytest

from extract.targets.quantities import detect_decimal_mark, find_quantities, parse_number, parse_number_words

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
    ("thu ngân sách 13 593,9 tỷ đồng", (13593.9, X, X, 1e9, "VND", X, "eq")),  # thousands with spaces
    ("dân số 1 250 000 người", (1250000, X, X, 1, "person", X, "eq")),
    ("năm 2020 có 28 xã", (28, X, X, 1, "commune", X, "eq")),  # a year is not a thousands group
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

MORE_ROWS = [
    # numbers in words (reference §4.3, §4.4)
    ("mười lăm xã", (15, X, X, 1, "commune", X, "eq")),
    ("hai mươi mốt dự án", (21, X, X, 1, "project", X, "eq")),
    ("ba mươi tư trường", (34, X, X, 1, "school", X, "eq")),
    ("hai mươi lăm doanh nghiệp", (25, X, X, 1, "enterprise", X, "eq")),
    ("hai mươi nhăm xã", (25, X, X, 1, "commune", X, "eq")),
    ("một trăm linh năm hộ", (105, X, X, 1, "household", X, "eq")),
    ("một trăm lẻ năm hộ", (105, X, X, 1, "household", X, "eq")),
    ("ba phẩy năm phần trăm", (3.5, X, X, 1, "percent", X, "eq")),
    ("một triệu rưỡi người", (1.5, X, X, 1e6, "person", X, "eq")),
    ("hai vạn lao động", (2, X, X, 1e4, "person", X, "eq")),
    ("hai mươi hai nghìn tỷ đồng", (22, X, X, 1e12, "VND", X, "eq")),
    ("năm phần trăm", (5, X, X, 1, "percent", X, "eq")),
    ("vốn đầu tư dự án", X),  # "tư" (four) inside "đầu tư"
    ("một số xã", X),
    ("năm 2021 các xã", X),
    # ratios and denominators
    ("gấp 1,2 lần", (1.2, X, X, 1, "times", X, "eq")),
    ("gấp 3,16 lần", (3.16, X, X, 1, "times", X, "eq")),
    ("8 bác sĩ trên 1 vạn dân", (8, X, X, 1, "doctor", "10k_people", "eq")),
    ("30 giường bệnh trên 10.000 dân", (30, X, X, 1, "bed", "10k_people", "eq")),
    ("12 bác sĩ/1 vạn dân", (12, X, X, 1, "doctor", "10k_people", "eq")),
    ("tăng 2 lần", X),  # "lần" is a unit only after "gấp"
    ("lần thứ 3", X),
    # dot as the decimal mark (the document's own convention decides)
    ("tăng trưởng 6.5%", (6.5, X, X, 1, "percent", X, "eq")),
    # more scales and units
    ("đạt 2.500 tỷ đồng", (2500, X, X, 1e9, "VND", X, "eq")),
    ("đạt 2,5 nghìn tỷ đồng", (2.5, X, X, 1e12, "VND", X, "eq")),
    ("đạt 2,5 ngàn tỉ đồng", (2.5, X, X, 1e12, "VND", X, "eq")),
    ("đạt 150 triệu USD", (150, X, X, 1e6, "USD", X, "eq")),
    ("đạt 1,2 tỷ đô la Mỹ", (1.2, X, X, 1e9, "USD", X, "eq")),
    ("đạt 320 nghìn lượt khách", (320, X, X, 1e3, "visit", X, "eq")),
    ("đạt 3,2 triệu lượt khách", (3.2, X, X, 1e6, "visit", X, "eq")),
    ("giảm 500 hộ nghèo", (500, X, X, 1, "household", X, "eq")),
    ("có 45 hợp tác xã", (45, X, X, 1, "cooperative", X, "eq")),
    ("trồng mới 1.200 ha rừng", (1200, X, X, 1, "ha", X, "eq")),
    ("sản lượng lương thực 850.000 tấn", (850000, X, X, 1, "tonne", X, "eq")),
    ("sản lượng điện 1,5 tỷ kWh", (1.5, X, X, 1e9, "kwh", X, "eq")),
    ("tuổi thọ bình quân 74 tuổi", (74, X, X, 1, "year_of_age", X, "eq")),
    ("có 120 sản phẩm OCOP", (120, X, X, 1, "product", X, "eq")),
    ("xây 500 căn nhà", (500, X, X, 1, "house", X, "eq")),
    ("kết nạp 1.500 đảng viên", (1500, X, X, 1, "person", X, "eq")),
    ("30 làng văn hóa", (30, X, X, 1, "village", X, "eq")),
    ("5.000 tỷ đồng/năm", (5000, X, X, 1e9, "VND", "year", "eq")),
    ("70 triệu đồng/người/năm", (70, X, X, 1e6, "VND", "person/year", "eq")),
    ("năng suất 60 tạ/ha", X),  # "tạ" is not a unit we know: better none than a wrong one
    ("tăng 1,5 điểm %", (1.5, X, X, 1, "percentage_point", X, "eq")),
    ("đạt 100 %", (100, X, X, 1, "percent", X, "eq")),
    ("đạt 0,8%", (0.8, X, X, 1, "percent", X, "eq")),
    ("đạt 99,95%", (99.95, X, X, 1, "percent", X, "eq")),
    ("đạt 1.000.000 người", (1000000, X, X, 1, "person", X, "eq")),
    # comparators
    ("hơn 2.000 doanh nghiệp", (2000, X, X, 1, "enterprise", X, "gt")),
    ("trên 50 dự án", (50, X, X, 1, "project", X, "gt")),
    ("xấp xỉ 7%", (7, X, X, 1, "percent", X, "approx")),
    ("không dưới 80%", (80, X, X, 1, "percent", X, "ge")),
    ("không vượt quá 3,5%", (3.5, X, X, 1, "percent", X, "le")),
    ("chưa đến 2%", (2, X, X, 1, "percent", X, "lt")),
    ("khoảng 1,2 triệu người", (1.2, X, X, 1e6, "person", X, "approx")),
    ("ít nhất 10 xã", (10, X, X, 1, "commune", X, "ge")),
    ("(tối thiểu 85%)", (85, X, X, 1, "percent", X, "ge")),
    ("từ 40% trở lên", (40, X, X, 1, "percent", X, "ge")),
    ("thêm 3 xã trở lên", (3, X, X, 1, "commune", X, "ge")),
    ("tăng trên 8%", (8, X, X, 1, "percent", X, "gt")),
    ("dưới 1,5%", (1.5, X, X, 1, "percent", X, "lt")),
    # ranges
    ("7 - 7,5%", (X, 7, 7.5, 1, "percent", X, "range")),
    ("7-7,5%", (X, 7, 7.5, 1, "percent", X, "range")),
    ("tăng 8 - 8,5%/năm", (X, 8, 8.5, 1, "percent", "year", "range")),
    ("từ 15 đến 20 xã", (X, 15, 20, 1, "commune", X, "range")),
    ("(10 - 12) dự án", (X, 10, 12, 1, "project", X, "range")),
    ("2 - 3 tỷ USD", (X, 2, 3, 1e9, "USD", X, "range")),
    ("3.400 - 3.700 USD/người", (X, 3400, 3700, 1, "USD", "person", "range")),
    ("giảm dưới 8 - 10%", (X, 8, 10, 1, "percent", X, "range")),
    ("từ 1,5 tới 2%", (X, 1.5, 2, 1, "percent", X, "range")),
    # not quantities: dates, periods, numbers and codes
    ("ngày 26 tháng 11 năm 2020", X),
    ("ngày 26/11/2020", X),
    ("ngày 26-11-2020", X),
    ("quý I/2024", X),
    ("6 tháng đầu năm 2024", X),
    ("đến năm 2030", X),
    ("năm 2025", X),
    ("giai đoạn 2021 - 2025", X),
    ("thời kỳ 2021-2030, tầm nhìn đến năm 2050", X),
    ("Kế hoạch số 0204/KH-UBND", X),
    ("Quyết định số 15/2020/QĐ-UBND", X),
    ("Quy định 66-QĐ/TW", X),
    ("Nghị định 30/2020/NĐ-CP", X),
    ("Chỉ thị 05-CT/TW", X),
    ("Kết luận số 21-KL/TW", X),
    ("Thông tư 01/2011/TT-BNV", X),
    ("khoá XVIII", X),
    ("KHOÁ XIII, KỲ HỌP THỨ 5", X),
    ("kỳ họp thứ 10", X),
    ("Đại hội XIII của Đảng", X),
    ("lần thứ XX", X),
    ("QL.1A", X),
    ("ĐT.377", X),
    ("Quốc lộ 5", X),
    ("Điều 12", X),
    ("khoản 2 Điều 3", X),
    ("mục 1.2", X),
    ("tiêu chí số 17", X),
    ("7/10 chỉ tiêu", X),
    ("đạt 18/20 chỉ tiêu", X),
    ("Covid-19", X),
    ("ISO 9001:2015", X),
    ("G20", X),
    ("4.0", X),
    ("Tổ 3, phường 2", X),
    ("số điện thoại 02213 862 222", X),
]

# Clauses as provinces write them, one quantity each (reference §4.3 and typical plan wording).
CLAUSE_ROWS = [
    ("tăng 2,78% so với năm 2020", (2.78, X, X, 1, "percent", X, "eq")),
    ("tỷ lệ hộ nghèo giảm còn 1,5%", (1.5, X, X, 1, "percent", X, "eq")),
    ("tỷ lệ hộ nghèo giảm 1,5%", (1.5, X, X, 1, "percent", X, "eq")),
    ("Tổng sản phẩm trên địa bàn (GRDP) tăng 8,5% so với năm 2023", (8.5, X, X, 1, "percent", X, "eq")),
    ("GRDP bình quân đầu người đạt 95,2 triệu đồng", (95.2, X, X, 1e6, "VND", X, "eq")),
    ("thu nhập bình quân đầu người 4.500 USD", (4500, X, X, 1, "USD", X, "eq")),
    ("kim ngạch xuất khẩu đạt 6,2 tỷ USD", (6.2, X, X, 1e9, "USD", X, "eq")),
    ("kim ngạch nhập khẩu 3.850 triệu USD", (3850, X, X, 1e6, "USD", X, "eq")),
    ("tổng mức bán lẻ hàng hóa đạt 72.000 tỷ đồng", (72000, X, X, 1e9, "VND", X, "eq")),
    ("tổng vốn đầu tư toàn xã hội 48,5 nghìn tỷ đồng", (48.5, X, X, 1e12, "VND", X, "eq")),
    ("thu ngân sách nhà nước trên địa bàn 18.245 tỷ đồng", (18245, X, X, 1e9, "VND", X, "eq")),
    ("chi ngân sách địa phương 14.320,6 tỷ đồng", (14320.6, X, X, 1e9, "VND", X, "eq")),
    ("thu hút 35 dự án FDI", (35, X, X, 1, "project", X, "eq")),
    ("vốn đăng ký 1,1 tỷ USD", (1.1, X, X, 1e9, "USD", X, "eq")),
    ("thành lập mới 1.450 doanh nghiệp", (1450, X, X, 1, "enterprise", X, "eq")),
    ("chỉ số giá tiêu dùng (CPI) tăng dưới 4%", (4, X, X, 1, "percent", X, "lt")),
    ("chỉ số sản xuất công nghiệp (IIP) tăng 10,5%", (10.5, X, X, 1, "percent", X, "eq")),
    ("năng suất lao động tăng 6,5%/năm", (6.5, X, X, 1, "percent", "year", "eq")),
    ("tỷ trọng kinh tế số chiếm 20% GRDP", (20, X, X, 1, "percent", X, "eq")),
    ("đón 12,5 triệu lượt khách du lịch", (12.5, X, X, 1e6, "visit", X, "eq")),
    ("doanh thu du lịch 3.200 tỷ đồng", (3200, X, X, 1e9, "VND", X, "eq")),
    ("giải quyết việc làm cho 32.000 lao động", (32000, X, X, 1, "person", X, "eq")),
    ("tạo việc làm mới cho 2,5 vạn người", (2.5, X, X, 1e4, "person", X, "eq")),
    ("tỷ lệ lao động qua đào tạo đạt 72%", (72, X, X, 1, "percent", X, "eq")),
    ("tỷ lệ thất nghiệp khu vực thành thị dưới 3%", (3, X, X, 1, "percent", X, "lt")),
    ("tỷ lệ dân số tham gia BHYT đạt 95,5%", (95.5, X, X, 1, "percent", X, "eq")),
    ("tỷ lệ lực lượng lao động tham gia BHXH đạt 40%", (40, X, X, 1, "percent", X, "eq")),
    ("đạt 11 bác sĩ/vạn dân", (11, X, X, 1, "doctor", "10k_people", "eq")),
    ("đạt 34 giường bệnh/vạn dân", (34, X, X, 1, "bed", "10k_people", "eq")),
    ("tỷ lệ suy dinh dưỡng thể thấp còi còn 15%", (15, X, X, 1, "percent", X, "eq")),
    ("có thêm 25 trường đạt chuẩn quốc gia", (25, X, X, 1, "school", X, "eq")),
    ("tỷ lệ trường đạt chuẩn quốc gia đạt 85%", (85, X, X, 1, "percent", X, "eq")),
    ("tỷ lệ gia đình văn hóa đạt 90%", (90, X, X, 1, "percent", X, "eq")),
    ("tỷ lệ đô thị hóa đạt 50,5%", (50.5, X, X, 1, "percent", X, "eq")),
    ("có thêm 12 xã đạt chuẩn nông thôn mới", (12, X, X, 1, "commune", X, "eq")),
    ("100% số xã đạt chuẩn nông thôn mới", (100, X, X, 1, "percent", X, "eq")),
    ("tỷ lệ dân số nông thôn sử dụng nước sạch đạt 75%", (75, X, X, 1, "percent", X, "eq")),
    ("tỷ lệ dân số đô thị được cung cấp nước sạch đạt 99%", (99, X, X, 1, "percent", X, "eq")),
    ("tỷ lệ che phủ rừng đạt 52,5%", (52.5, X, X, 1, "percent", X, "eq")),
    ("tỷ lệ chất thải rắn sinh hoạt được thu gom đạt 95%", (95, X, X, 1, "percent", X, "eq")),
    ("100% khu công nghiệp có hệ thống xử lý nước thải tập trung", (100, X, X, 1, "percent", X, "eq")),
    ("tỷ lệ tăng dân số tự nhiên khoảng 0,9%", (0.9, X, X, 1, "percent", X, "approx")),
    ("trồng mới 2.500 ha rừng tập trung", (2500, X, X, 1, "ha", X, "eq")),
    ("giảm 1.200 hộ nghèo", (1200, X, X, 1, "household", X, "eq")),
    ("hỗ trợ xây 300 căn nhà cho hộ nghèo", (300, X, X, 1, "house", X, "eq")),
    ("phấn đấu có 200 hợp tác xã hoạt động hiệu quả", (200, X, X, 1, "cooperative", X, "eq")),
    ("nâng cấp 45 km đường giao thông nông thôn", (45, X, X, 1, "km", X, "eq")),
    ("đạt 150 sản phẩm OCOP từ 3 sao trở lên", (150, X, X, 1, "product", X, "eq")),
    ("cấp mới 28 dự án với tổng vốn", (28, X, X, 1, "project", X, "eq")),
    ("ước cả năm đạt 7,02%", (7.02, X, X, 1, "percent", X, "eq")),
]

ACHIEVED_PLANNED = [
    ("thu ngân sách 45.799/36.875 tỷ đồng", [(45799, "achieved"), (36875, "planned")], 1e9, "VND"),
    ("83,2%/50% tổng số xã", [(83.2, "achieved"), (50, "planned")], 1, "percent"),
    ("kết nạp 8.793/6.500 đảng viên", [(8793, "achieved"), (6500, "planned")], 1, "person"),
]


@pytest.mark.parametrize("text, pairs, scale, unit", ACHIEVED_PLANNED, ids=[r[0] for r in ACHIEVED_PLANNED])
def test_achieved_target_pairs(text, pairs, scale, unit):
    found = find_quantities(text)
    assert [(q.value, q.role) for q in found] == pairs
    assert {(q.scale, q.unit) for q in found} == {(scale, unit)}
    assert {q.text for q in found} == {text[found[0].start:found[0].end]}


@pytest.mark.parametrize("text, mark", [
    ("GRDP tăng 6,5%, thu nhập 45,5 triệu đồng, 13.593,9 tỷ đồng", ","),
    ("GRDP tăng 6.5%, thu nhập 45.5 triệu đồng, tăng 7.2%", "."),
    ("tăng 12.5%/năm, 8,8 triệu đồng và 18,04%/năm", ","),  # mixed: the majority wins (reference §4.1)
    ("1.1- Tổng sản phẩm tăng 7,5%; 1.2- Thu ngân sách 2,5 nghìn tỷ đồng", ","),  # labels are not evidence
])
def test_decimal_mark_of_the_document(text, mark):
    assert detect_decimal_mark(text) == mark


def test_dot_decimal_document_reads_thousands_commas():
    found = find_quantities("tăng 6.5%, thu nhập 45.5 triệu đồng, dân số 1,234,567 người")
    assert [q.value for q in found] == [6.5, 45.5, 1234567]


def reading(text: str):
    found = find_quantities(text)
    if not found:
        return None
    assert len(found) == 1, found
    q = found[0]
    return (q.value, q.value_low, q.value_high, q.scale, q.unit, q.per, q.comparator)


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=t) for t, e in ROWS + MORE_ROWS + CLAUSE_ROWS])
def test_reading(text, expected):
    assert reading(text) == expected


@pytest.mark.parametrize("text", [t for t, e in ROWS + MORE_ROWS + CLAUSE_ROWS if e is not None])
def test_quantity_text_is_a_slice_of_the_input(text):
    q = find_quantities(text)[0]
    assert text[q.start:q.end] == q.text
    assert q.text[0] in "(0123456789tmhbnv"  # at the number, "(" or "từ" of a range, or a number word


@pytest.mark.parametrize("written, value", [
    ("13.593,9", 13593.9), ("45.799", 45799), ("1.234.567", 1234567), ("7.5", 7.5), ("12.5", 12.5),
    ("2,33", 2.33), ("05", 5), ("100", 100), ("0,5", 0.5),
])
def test_parse_number(written, value):
    assert parse_number(written) == value


@pytest.mark.parametrize("words, value, scale", [
    ("mười", 10, 1), ("mười lăm", 15, 1), ("hai mươi mốt", 21, 1), ("ba mươi tư", 34, 1), ("chín mươi chín", 99, 1),
    ("một trăm linh năm", 105, 1), ("hai trăm năm mươi", 250, 1), ("hai nghìn không trăm hai mươi", 2020, 1),
    ("ba phẩy năm", 3.5, 1), ("hai phẩy ba ba", 2.33, 1), ("một triệu rưỡi", 1.5, 1e6), ("hai vạn", 2, 1e4),
    ("hai mươi hai nghìn tỷ", 22, 1e12), ("năm trăm nghìn", 500, 1e3), ("hai tỷ ba trăm triệu", 2300, 1e6),
])
def test_parse_number_words(words, value, scale):
    got_value, got_scale = parse_number_words(words)
    assert (round(got_value, 9), got_scale) == (value, scale)


@pytest.mark.parametrize("text, quantities", [
    ("Phấn đấu đến năm 2030 tỷ lệ đô thị hóa đạt 40%.", ["40%"]),
    ("năm 2025 tỉ lệ hộ nghèo còn 2%", ["2%"]),
    ("đến năm 2025 tỷ trọng công nghiệp chiếm 45%", ["45%"]),
    ("thu ngân sách 5 tỷ đồng, tỷ lệ tăng 7%", ["5 tỷ đồng", "7%"]),
    ("đạt 2.030 tỷ lệ", []),
])
def test_the_first_syllable_of_ty_le_is_no_scale_word(text, quantities):
    assert [q.text for q in find_quantities(text)] == quantities


def test_two_quantities_in_one_clause():
    found = find_quantities("trên 13 nghìn tỷ đồng và 242 triệu USD")
    assert [(q.text, q.comparator) for q in found] == [("13 nghìn tỷ đồng", "gt"), ("242 triệu USD", "eq")]


def test_sector_list_is_not_a_range():
    found = find_quantities("nông nghiệp, thủy sản 9,65% - công nghiệp, xây dựng 61,5%")
    assert [q.value for q in found] == [9.65, 61.5]


# quantity_matches tries the pattern only where a quantity can start; it must find exactly what a
# scan at every position (finditer) finds.
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from extract.targets.quantities import quantity_matches, quantity_pattern  # noqa: E402

PIECES = ["từ ", "Từ ", "gấp ", "GẤP ", "(", ")", "02", " - ", "05", "7,5", "13.593,9", "%", " tỷ đồng", " xã",
          " hai ", " mươi ", "Một ", " trăm ", " nghìn", " phẩy ", " năm ", "tư", "đầu", "/", "năm 2020", " ",
          "ĐT.379", "-", "đến ", "vạn", "lao động", "İ", "x", "\n", "1.", "a) "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_candidate_scan_finds_what_finditer_finds(text):
    expected = [(m.span(), m.groupdict()) for m in quantity_pattern().finditer(text)]
    assert [(m.span(), m.groupdict()) for m in quantity_matches(text)] == expected


def test_candidate_scan_on_the_corpus(corpus_run):
    for result in corpus_run.results:
        text, name = result.text or "", result.source_path
        expected = [m.span() for m in quantity_pattern().finditer(text)]
        assert [m.span() for m in quantity_matches(text)] == expected, name
