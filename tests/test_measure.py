"""Measure, direction, relative_to, kind and year of a figure (issue 17; ../shared/DESIGN.md "Measure,
kind and year: the conventions"; corpus/GOLD_GUIDE.md). Every sentence is written the way resolutions
write it; every expected value was worked out by hand from the guide's rules, not copied from a run.
"""
from __future__ import annotations

import pytest

from extract.pipeline import process_text
from extract.targets import measure
from extract.targets.lexicon import load_lexicon, load_words
from extract.targets.measure import MeasureEvidence, measure_of, table_measure

# (text, [(quote, indicator, measure, direction, relative_to)])
ROWS = [
    # share: a part of a whole in percent, whatever the indicator
    ("Tỷ trọng công nghiệp chế biến, chế tạo đạt 27% GRDP.",
     [("27%", "manufacturing_share", "share", "reach", None)]),
    ("Khu vực kinh tế tư nhân đóng góp khoảng 50 - 52% GRDP.",
     [("50 - 52%", "grdp", "share", None, None)]),
    ("Thu nội địa chiếm 35% tổng thu ngân sách nhà nước.",
     [("35%", "budget_revenue", "share", "reach", None)]),
    ("Quy mô nền kinh tế bằng 1,2% GDP cả nước.",
     [("1,2%", "grdp", "share", "reach", None)]),
    ("Kinh tế số chiếm 15% GRDP.",
     [("15%", "digital_economy_share", "share", None, None)]),
    ("Tỷ trọng lao động nông nghiệp trong tổng lao động giảm còn 35%.",
     [("35%", "agricultural_labour_share", "share", "decrease", None)]),
    # a level reached: level with direction increase, not growth nor change
    ("Tỷ lệ đô thị hóa tăng lên 40%.",
     [("40%", "urbanisation_rate", "level", "increase", None)]),
    ("Nâng tỷ lệ lao động qua đào tạo lên 90%.",
     [("90%", "trained_labour_rate", "level", "increase", None)]),
    ("Nâng tổng số xã đạt chuẩn nông thôn mới lên 120 xã.",
     [("120 xã", "ntm_communes", "level", "increase", None)]),
    ("Tỷ lệ xã đạt chuẩn nông thôn mới đạt 100%.",
     [("100%", "ntm_communes", "level", "reach", None)]),
    ("Giảm tỷ lệ hộ nghèo đa chiều còn 7,5%.",
     [("7,5%", "poverty_rate", "level", "decrease", None)]),
    # growth when the noun is growth
    ("Tăng trưởng kinh tế đạt 7% trở lên.",
     [("7%", "grdp", "growth", "reach", None)]),
    ("Tốc độ tăng trưởng GRDP đạt 7,8%.",
     [("7,8%", "grdp", "growth", "reach", None)]),
    ("Tốc độ tăng trưởng ngành dịch vụ đạt 8,5%.",
     [("8,5%", None, "growth", "reach", None)]),
    ("Tổng mức bán lẻ hàng hóa tăng 10% so với năm trước.",
     [("10%", "retail_sales", "growth", "increase", None)]),
    # flows are levels; change is for an absolute change of a stock
    ("Tạo việc làm mới cho 2,33 vạn lao động.",
     [("2,33 vạn lao động", "new_jobs", "level", None, None)]),
    ("Thành lập mới 1.000 doanh nghiệp.",
     [("1.000 doanh nghiệp", "new_enterprises", "level", None, None)]),
    ("Thu hút thêm 30 dự án đầu tư mới.",
     [("30 dự án", "investment_projects", "level", "increase", None)]),
    ("Có thêm 11 xã đạt chuẩn nông thôn mới.",
     [("11 xã", "ntm_communes", "change", "increase", None)]),
    ("Tỷ lệ hộ nghèo giảm 0,5 điểm %.",
     [("0,5 điểm %", "poverty_rate", "change", "decrease", None)]),
    # plan completion: a percent of a plan or budget estimate
    ("Thu ngân sách nhà nước đạt 103,4% dự toán.",
     [("103,4%", "budget_revenue", "level", "reach", "plan")]),
    ("Chi ngân sách địa phương bằng 99,2% kế hoạch.",
     [("99,2%", "budget_expenditure", "level", "reach", "plan")]),
    ("Thu nội địa vượt 8,5% so với dự toán.",
     [("8,5%", "budget_revenue", "growth", "reach", "plan")]),
    # a figure listed after another of its indicator and unit takes its verb
    ("Có thêm 10 xã đạt chuẩn nông thôn mới nâng cao, 05 xã đạt chuẩn nông thôn mới kiểu mẫu.",
     [("10 xã", "ntm_communes", "change", "increase", None),
      ("05 xã", "ntm_communes", "change", "increase", None)]),
    ("Tỷ lệ lao động qua đào tạo đạt 65%, trong đó có bằng cấp, chứng chỉ 25%.",
     [("65%", "trained_labour_rate", "level", "reach", None),
      ("25%", "trained_labour_rate", "level", "reach", None)]),
    # a unit that names what is counted
    ("Do ảnh hưởng của dịch bệnh, ngành du lịch chỉ đón khoảng 850 nghìn lượt khách.",
     [("850 nghìn lượt khách", "tourism_arrivals", "level", None, None)]),
    ("Thu hút 1,2 triệu lượt khách.",
     [("1,2 triệu lượt khách", "tourism_arrivals", "level", None, None)]),
    # an index, the year before = 100 (as a goal table's "năm trước = 100" column): growth, value as written
    ("Tổng mức bán lẻ hàng hóa bằng 106,9% so với cùng kỳ.",
     [("106,9%", "retail_sales", "growth", "reach", "previous_year")]),
    ("Kim ngạch xuất khẩu đạt 104,5% so với năm trước.",
     [("104,5%", "export_turnover", "growth", "reach", "previous_year")]),
    ("Chỉ số sản xuất công nghiệp bằng 95,8% so với cùng kỳ năm trước.",
     [("95,8%", "industrial_production_index", "growth", "reach", "previous_year")]),
    ("Năm 2024, thu ngân sách nhà nước đạt 104,5% so với năm 2023.",
     [("104,5%", "budget_revenue", "growth", "reach", "previous_year")]),
    ("Năm 2024, thu ngân sách nhà nước đạt 150% so với năm 2020.",  # another base than the year before
     [("150%", "budget_revenue", "growth", "reach", None)]),
    ("Kim ngạch xuất khẩu tăng 6,9% so với cùng kỳ.",  # the growth itself, not an index
     [("6,9%", "export_turnover", "growth", "increase", None)]),
    ("Thu ngân sách nhà nước đạt từ 8 đến 8,5% so với năm 2021.",  # growth governed by "đạt": far from 100
     [("từ 8 đến 8,5%", "budget_revenue", "growth", "reach", None)]),
    ("Thu ngân sách nhà nước đạt 97% dự toán, bằng 108% so cùng kỳ.",
     [("97%", "budget_revenue", "level", "reach", "plan"), ("108%", "budget_revenue", "growth", "reach", "previous_year")]),
    # unchanged: a rate's level
    ("Tỷ lệ che phủ rừng đạt 42%.",
     [("42%", "forest_cover_rate", "level", "reach", None)]),
]


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=t[:60]) for t, e in ROWS])
def test_measure_direction_and_relative_to(text, expected):
    got = [(t.text, t.indicator, t.measure, t.direction, t.relative_to) for t in process_text(text).targets]
    assert got == expected


def test_breakdown_of_a_share_of_the_total():
    (t,) = process_text("Thu nội địa chiếm 35% tổng thu ngân sách nhà nước.").targets
    assert (t.indicator, t.breakdown, t.measure) == ("budget_revenue", "domestic", "share")


# --- the rule itself, as other stages call it (tables: index columns, row names)

def test_an_index_is_growth_relative_to_the_year_before():
    assert measure_of(MeasureEvidence(unit="percent", percent_of=None, info=None, index=True)) == "growth"


def test_a_percent_of_the_plan_is_a_level_its_excess_growth():
    info = load_lexicon().indicators["budget_revenue"]
    assert measure_of(MeasureEvidence(unit="percent", percent_of=None, info=info, relative_to="plan")) == "level"
    assert measure_of(MeasureEvidence(unit="percent", percent_of=None, info=info, relative_to="plan",
                                      excess=True)) == "growth"


@pytest.mark.parametrize("unit,code,name,expected", [
    ("commune", "ntm_communes", "Số xã đạt chuẩn nông thôn mới tăng thêm", "change"),  # communes added in the year
    ("commune", "ntm_communes", "Số xã đạt chuẩn nông thôn mới nâng cao", "level"),  # "mới" of the name: a stock
    ("enterprise", "new_enterprises", "Số doanh nghiệp thành lập mới", "level"),  # a flow
    ("project", "investment_projects", "Số dự án thu hút mới", "level"),
    ("percent", "digital_economy_share", "Tỷ trọng kinh tế số trong GRDP", "share"),
    ("percent", "ntm_communes", "Tỷ lệ xã đạt chuẩn nông thôn mới", "level"),
])
def test_table_rows(unit, code, name, expected):
    lex = load_lexicon()
    assert table_measure(lex, unit, lex.indicators[code], name) == expected


# --- kind and year: the year decides over the heading

LETTERHEAD = """HỘI ĐỒNG NHÂN DÂN
TỈNH KIÊN GIANG
Số: 30/NQ-HĐND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Kiên Giang, ngày 10 tháng 12 năm 2024
NGHỊ QUYẾT
Về kế hoạch phát triển kinh tế - xã hội năm 2025
"""


def kinds(body: str) -> list[tuple[str, str, int | None, str | None]]:
    return [(t.text, t.kind, t.year, t.period) for t in process_text(LETTERHEAD + body).targets]


def test_a_year_after_the_documents_date_is_a_target_whatever_the_heading():
    body = ("I. KẾT QUẢ THỰC HIỆN NĂM 2024\n"
            "Tổng sản phẩm trên địa bàn (GRDP) ước tăng 6,8%. Đến năm 2030, tỷ lệ đô thị hóa đạt 45%.\n")
    assert kinds(body) == [("6,8%", "actual", 2024, None), ("45%", "target", 2030, None)]


def test_a_year_before_the_plan_year_is_a_result_under_a_target_heading():
    body = ("II. MỤC TIÊU NĂM 2025\n"
            "Năm 2023, thu ngân sách nhà nước đạt 12.800 tỷ đồng; năm 2025 thu ngân sách nhà nước 15.000 tỷ đồng.\n")
    assert kinds(body) == [("12.800 tỷ đồng", "actual", 2023, None), ("15.000 tỷ đồng", "target", 2025, None)]


def test_plan_completion_and_the_growth_after_it_are_results():
    body = ("1. Tài chính\n"
            "Thu ngân sách nhà nước năm 2024 đạt 97% kế hoạch, tăng 8,1% so cùng kỳ.\n")
    assert kinds(body) == [("97%", "actual", 2024, None), ("8,1%", "actual", 2024, None)]


def test_a_budget_estimate_and_a_forecast_are_targets():
    body = ("I. TÌNH HÌNH KINH TẾ - XÃ HỘI\n"
            "Dự toán thu ngân sách nhà nước năm 2025 là 15.500 tỷ đồng. "
            "Dự báo kim ngạch xuất khẩu năm 2025 đạt 2,1 tỷ USD.\n")
    assert kinds(body) == [("15.500 tỷ đồng", "target", 2025, None), ("2,1 tỷ USD", "target", 2025, None)]


def test_a_yearly_average_over_a_plan_period_has_the_period_and_no_year():
    body = "II. MỤC TIÊU\nGiai đoạn 2026 - 2030, GRDP tăng bình quân 9 - 9,5%/năm.\n"
    assert kinds(body) == [("9 - 9,5%/năm", "target", None, "2026-2030")]


def test_an_index_keeps_its_value_and_is_a_result_after_so_voi_cung_ky():
    body = "I. TÌNH HÌNH NĂM 2024\nTổng mức bán lẻ hàng hóa bằng 106,9% so với cùng kỳ.\n"
    (t,) = process_text(LETTERHEAD + body).targets
    assert (t.value, t.unit, t.measure, t.relative_to, t.kind, t.year) == (106.9, "percent", "growth", "previous_year",
                                                                          "actual", 2024)
    # "so với cùng kỳ" right after the number says a result even where "với" ends the post-modifier
    (t,) = process_text("Kim ngạch xuất khẩu tăng 6,9% so với cùng kỳ.").targets
    assert t.kind == "actual"


def test_growth_takes_the_clauses_year_not_the_base_year():
    body = "I. KẾT QUẢ\nNăm 2024, kim ngạch xuất khẩu ước tăng 12% so với năm 2023.\n"
    assert kinds(body) == [("12%", "actual", 2024, None)]


# --- words in data: every entry is read

CUES = load_words("cues.yaml")


@pytest.mark.parametrize("word", CUES["share_wholes"])
def test_every_share_whole_makes_a_share(word):
    assert measure.measure_words().whole_after.match(f" {word} cả nước", 0)


@pytest.mark.parametrize("word", CUES["plan_references"])
def test_every_plan_reference_makes_a_percent_relative_to_the_plan(word):
    text = f"đạt 103% {word} năm"
    assert measure.relative_to_of(text, 4, 8, "percent") == "plan"
    assert measure.relative_to_of(f"vượt 3% so với {word}", 5, 7, "percent") == "plan"


@pytest.mark.parametrize("word", CUES["index_bases"])
def test_every_index_base_makes_an_index(word):
    (t,) = process_text(f"Tổng mức bán lẻ hàng hóa bằng 106,9% so với {word}.").targets
    assert (t.measure, t.relative_to) == ("growth", "previous_year")


@pytest.mark.parametrize("word", CUES["level_markers"])
def test_every_level_marker_says_a_level_reached(word):
    text = f"tỷ lệ đô thị hóa tăng {word} 40%"
    assert measure.reaches_level(text, text.index("40%"))


@pytest.mark.parametrize("word", CUES["plan_excess"])
def test_every_plan_excess_word_is_read(word):
    text = f"thu nội địa {word} 8,5%"
    assert measure.measure_words().excess_before.search(text, 0, text.index("8,5%"))


@pytest.mark.parametrize("key", ["rate_nouns", "growth_nouns"])
def test_every_rate_and_growth_noun_is_read(key):
    pattern = getattr(measure.measure_words(), key.removesuffix("s"))
    for word in CUES[key]:
        assert pattern.search(f"{word} ngành dịch vụ")


# --- what is not a quantity, and scale words

def test_comrades_are_no_money_and_a_map_scale_no_ratio():
    text = ("Hội đồng nhân dân tỉnh bầu bổ sung 02 đồng chí Phó Chủ tịch; hoàn thành quy hoạch chi tiết tỷ lệ "
            "1/2000 các khu đô thị. Hỗ trợ 500 nghìn đồng cho mỗi hộ.")
    assert [t.text for t in process_text(text).targets] == ["500 nghìn đồng"]


def test_a_part_of_a_whole_is_one_figure_not_achieved_and_planned():
    (t,) = process_text("Toàn tỉnh có 412/530 trường đạt chuẩn quốc gia.").targets
    assert (t.text, t.value, t.unit, t.indicator) == ("412/530 trường", 412, "school", "schools_national_standard")
    money = process_text("Thu ngân sách ước đạt 45.799/36.875 tỷ đồng.").targets  # achieved / planned
    assert [(t.value, t.kind) for t in money] == [(45799, "actual"), (36875, "target")]


def test_trillion_scale_words():
    (t,) = process_text("Quy mô nền kinh tế cả nước đạt khoảng 1,3 triệu tỷ đồng.").targets
    assert (t.value, t.scale, t.unit) == (1.3, 1e15, "VND")
    (t,) = process_text("Thu ngân sách nhà nước đạt 14 nghìn tỷ đồng.").targets
    assert (t.value, t.scale, t.unit) == (14, 1e12, "VND")


def test_the_excess_over_a_plan_is_exact_not_a_bound():
    (t,) = process_text("Thu nội địa vượt 8,5% so với dự toán.").targets
    assert (t.comparator, t.measure, t.relative_to) == ("eq", "growth", "plan")
    (t,) = process_text("Kim ngạch xuất khẩu đạt trên 95% kế hoạch.").targets
    assert (t.comparator, t.measure, t.relative_to) == ("gt", "level", "plan")
