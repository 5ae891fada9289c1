"""Extraction: each quantity of a clause gets its indicator, measure, breakdown and direction.

Clauses are written the way resolutions of other provinces write them; each expected reading is
worked out by hand with corpus/GOLD_GUIDE.md. Rows: text, then per quantity in order
(quote, indicator, measure, breakdown, direction).
"""
from __future__ import annotations

import pytest

from extract.pipeline import process_text

ROWS = [
    ("Tổng sản phẩm trên địa bàn (GRDP) tăng 8,2% so với năm 2022.",
     [("8,2%", "grdp", "growth", None, "increase")]),
    ("Kim ngạch xuất khẩu ước đạt 1.250 triệu USD, tăng 12,5% so với cùng kỳ.",
     [("1.250 triệu USD", "export_turnover", "level", None, "reach"),
      ("12,5%", "export_turnover", "growth", None, "increase")]),
    ("Tỷ lệ hộ nghèo giảm 1,2% so với năm 2023.",
     [("1,2%", "poverty_rate", "change", None, "decrease")]),
    ("Tỷ lệ hộ nghèo giảm còn 2,1%.",
     [("2,1%", "poverty_rate", "level", None, "decrease")]),
    ("Tỷ lệ che phủ rừng duy trì ở mức 42%.",
     [("42%", "forest_cover_rate", "level", None, "maintain")]),
    ("Thu ngân sách nhà nước trên địa bàn đạt 5.200 tỷ đồng (trong đó: thu nội địa 4.100 tỷ đồng, thu tiền sử dụng đất 900 tỷ đồng).",
     [("5.200 tỷ đồng", "budget_revenue", "level", None, "reach"),
      ("4.100 tỷ đồng", "budget_revenue", "level", "domestic", "reach"),
      ("900 tỷ đồng", "budget_revenue", "level", "land_use", "reach")]),
    ("Cơ cấu kinh tế: nông, lâm nghiệp và thủy sản 20,5%; công nghiệp - xây dựng 35,2%; dịch vụ 44,3%.",
     [("20,5%", "grdp", "share", "agriculture", None),
      ("35,2%", "grdp", "share", "industry_construction", None),
      ("44,3%", "grdp", "share", "services", None)]),
    ("Giải quyết việc làm cho 18.500 lao động.",
     [("18.500 lao động", "new_jobs", "level", None, None)]),
    ("Năm 2024, phấn đấu có thêm 5 xã đạt chuẩn nông thôn mới nâng cao và 2 xã đạt chuẩn nông thôn mới kiểu mẫu.",
     [("5 xã", "ntm_communes", "change", "advanced", "increase"),
      ("2 xã", "ntm_communes", "change", "model", "increase")]),
    ("Số bác sĩ đạt 10 bác sĩ/vạn dân; số giường bệnh đạt 32 giường bệnh/vạn dân.",
     [("10 bác sĩ/vạn dân", "doctors_per_10k", "level", None, "reach"),
      ("32 giường bệnh/vạn dân", "hospital_beds_per_10k", "level", None, "reach")]),
    ("GRDP bình quân đầu người đạt 3.555 USD/người/năm.",
     [("3.555 USD/người/năm", "grdp_per_capita", "level", None, "reach")]),
    ("Tỷ lệ dân số tham gia bảo hiểm y tế đạt trên 95%; tỷ lệ lao động tham gia bảo hiểm xã hội đạt 35%.",
     [("95%", "health_insurance_coverage", "level", None, "reach"),
      ("35%", "social_insurance_coverage", "level", None, "reach")]),
    ("Tổng vốn đầu tư phát triển toàn xã hội khoảng 565 ngàn tỷ đồng.",
     [("565 ngàn tỷ đồng", "social_investment", "level", None, None)]),
    ("Tỷ lệ đô thị hóa đạt 45%, tăng 2,78% so với năm 2020.",
     [("45%", "urbanisation_rate", "level", None, "reach"),
      ("2,78%", "urbanisation_rate", "change", None, "increase")]),
    ("Thu hút 25 dự án đầu tư mới với tổng vốn đăng ký 1.200 tỷ đồng.",
     [("25 dự án", "investment_projects", "level", None, None),
      ("1.200 tỷ đồng", "registered_capital", "level", None, None)]),
    ("Tỷ lệ chất thải rắn sinh hoạt đô thị được thu gom, xử lý đạt 98%.",
     [("98%", "solid_waste_treatment_rate", "level", None, "reach")]),
    ("Tổng lượt khách du lịch đạt 1,5 triệu lượt, doanh thu du lịch đạt 2.100 tỷ đồng.",
     [("1,5 triệu lượt", "tourism_arrivals", "level", None, "reach"),
      ("2.100 tỷ đồng", "tourism_revenue", "level", None, "reach")]),
    ("Chỉ số sản xuất công nghiệp (IIP) tăng 9,5%; chỉ số giá tiêu dùng (CPI) tăng dưới 4%.",
     [("9,5%", "industrial_production_index", "growth", None, "increase"),
      ("4%", "cpi", "growth", None, "increase")]),
    ("Giá trị tăng thêm: khu vực nông nghiệp tăng 3%; khu vực công nghiệp - xây dựng tăng 10,2%; khu vực dịch vụ tăng 7,1%.",
     [("3%", "production_value", "growth", "agriculture", "increase"),
      ("10,2%", "production_value", "growth", "industry_construction", "increase"),
      ("7,1%", "production_value", "growth", "services", "increase")]),
    ("Tỷ trọng kinh tế số chiếm 20% GRDP; tỷ trọng công nghiệp chế biến, chế tạo đạt 25%.",
     [("20%", "digital_economy_share", "share", None, "reach"),
      ("25%", "manufacturing_share", "share", None, "reach")]),
    ("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi giảm xuống còn 12%.",
     [("12%", "child_malnutrition_rate", "level", None, "decrease")]),
    # "tốc độ tăng trưởng" names the rate: no verb governs the number
    ("Tốc độ tăng trưởng tổng sản phẩm trên địa bàn (GRDP) khoảng 8%.",
     [("8%", "grdp", "growth", None, None)]),
    # the nearest phrase, "thu hút", names projects: money is the capital's
    ("Tổng vốn đầu tư trực tiếp nước ngoài thu hút đạt 4.700 triệu USD.",
     [("4.700 triệu USD", "registered_capital", "level", "foreign", "reach")]),
    # "trong GRDP" is the whole the share is of
    ("Tỷ trọng kinh tế số trong GRDP đạt 12%.",
     [("12%", "digital_economy_share", "share", None, "reach")]),
    # a list head does not reach a quantity it cannot measure (tonnes are no GRDP)
    ("Cơ cấu kinh tế: nông nghiệp 17,6%, dịch vụ 42%; tổng sản lượng lương thực đạt 1,6 triệu tấn.",
     [("17,6%", "grdp", "share", "agriculture", None), ("42%", "grdp", "share", "services", None),
      ("1,6 triệu tấn", None, "level", None, "reach")]),
    # an amount after its own growth rate takes its indicator
    ("Thu ngân sách nhà nước đạt từ 8 đến 8,5% so với năm 2021, phấn đấu đạt tối thiểu 12.500 tỷ đồng.",
     [("từ 8 đến 8,5%", "budget_revenue", "growth", None, "reach"),
      ("12.500 tỷ đồng", "budget_revenue", "level", None, "reach")]),
    # a ratio to the base year is the amount's growth
    ("Kim ngạch xuất khẩu đạt 2.050 triệu USD, gấp 1,2 lần năm 2016.",
     [("2.050 triệu USD", "export_turnover", "level", None, "reach"),
      ("1,2 lần", "export_turnover", "growth", None, None)]),
    ("Đẩy nhanh tiến độ, phấn đấu giải ngân 100% kế hoạch vốn đầu tư công được giao.",
     [("100%", "public_investment_disbursement", "level", None, None)]),
    # party members admitted are a target the taxonomy has (a flow: its count is its level)
    ("Kết nạp 1.500 đảng viên mới.",
     [("1.500 đảng viên", "party_members_admitted", "level", None, None)]),
    ("Toàn Đảng bộ có 150 nghìn đảng viên, kết nạp mới 2.500 đảng viên.",  # the membership is no figure
     [("2.500 đảng viên", "party_members_admitted", "level", None, None)]),
    # a percent of officials is a rate, not a count of them
    ("Phấn đấu 100% cán bộ, công chức cấp xã đạt chuẩn.", [("100%", None, "level", None, None)]),
    # a unit noun misspelt by one letter: the figure kept, with the unit the noun stands for
    ("Tạo việc làm cho 25.000 lao độgn.", [("25.000 lao độgn", "new_jobs", "level", None, None)]),
    ("Ngành du lịch đón 3 triệu lượt khác.", [("3 triệu lượt khác", "tourism_arrivals", "level", None, None)]),
    ("Thu hút 25 dự ná đầu tư mới.", [("25 dự ná", "investment_projects", "level", None, None)]),
]


@pytest.mark.parametrize("text, expected", [pytest.param(t, e, id=t[:50]) for t, e in ROWS])
def test_clause_readings(text, expected):
    result = process_text(text)
    got = [(t.text, t.indicator, t.measure, t.breakdown, t.direction) for t in result.targets]
    assert got == expected


@pytest.mark.parametrize("text", [
    "Thực hiện Quyết định số 3452/QĐ-UBND ngày 15/10/2020 của UBND tỉnh về nâng cấp đường ĐT.379.",
    "Tổ chức thành công bầu cử đại biểu Quốc hội khóa XV và HĐND các cấp nhiệm kỳ 2021 - 2026.",
    "Hoàn thành xây dựng quy hoạch tỉnh trước tháng 7/2021; Đại hội 19 Đảng bộ tỉnh; đại dịch Covid-19.",
    "Căn cứ Nghị quyết số 20/2021/NQ-HĐND ngày 22-06-2023; Điều 3 Luật Tổ chức chính quyền địa phương.",
    "Thực hiện 15 chỉ tiêu chủ yếu của kế hoạch 5 năm 2016-2020.",
])
def test_no_quantity_in_dates_numbers_terms_and_codes(text):
    assert process_text(text).targets == []


@pytest.mark.parametrize("text", [
    "Toàn Đảng bộ có 150 nghìn đảng viên.",
    "Hội đồng nhân dân tỉnh bầu bổ sung 02 đồng chí Phó Chủ tịch.",
    "Đại hội có 350 đại biểu chính thức.",
    "Tổ chức 15 cuộc họp, ban hành 20 văn bản chỉ đạo.",
    "Toàn tỉnh có 15 nghìn cán bộ, công chức, viên chức.",
    "Đào tạo, bồi dưỡng 12 nghìn lượt cán bộ, đảng viên.",
    "Tổ chức 1,2 nghìn hội nghị quán triệt nghị quyết.",
    "Trường đào tạo 5 học viện.",  # "học viện" (academies) is another word than "học viên", not a misspelling
])
def test_counts_of_the_apparatus_its_meetings_and_documents_are_no_figures(text):
    assert process_text(text).targets == []


def test_a_misspelt_unit_keeps_the_unit_it_stands_for():
    (t,) = process_text("Tạo việc làm cho 25.000 lao độgn.").targets
    assert (t.value, t.scale, t.unit) == (25000, 1, "person")
    (t,) = process_text("Ngành du lịch đón 3 triệu lượt khác.").targets
    assert (t.value, t.scale, t.unit) == (3, 1e6, "visit")


NATIONAL = """QUỐC HỘI
Số: 110/2023/QH15
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 29 tháng 11 năm 2023
NGHỊ QUYẾT
Về Kế hoạch phát triển kinh tế - xã hội năm 2024
QUYẾT NGHỊ:
Điều 1. Các chỉ tiêu chủ yếu
1. Tốc độ tăng tổng sản phẩm trong nước (GDP) đạt khoảng 6,5%.
2. GDP bình quân đầu người đạt 4.700 USD.
3. Tỷ lệ hộ nghèo giảm 1%.
"""


def test_a_national_documents_product_is_gdp_a_provinces_grdp():
    national = process_text(NATIONAL)
    assert national.meta.jurisdiction == "national"
    assert [(t.text, t.indicator) for t in national.targets] == [
        ("6,5%", "gdp"), ("4.700 USD", "gdp_per_capita"), ("1%", "poverty_rate")]
    provincial = process_text(NATIONAL.replace("QUỐC HỘI\nSố: 110/2023/QH15", "HỘI ĐỒNG NHÂN DÂN\nTỈNH CÀ MAU\n"
                                               "Số: 110/NQ-HĐND").replace("Hà Nội, ngày", "Cà Mau, ngày"))
    assert provincial.meta.jurisdiction == "province"
    assert [(t.text, t.indicator) for t in provincial.targets] == [
        ("6,5%", "grdp"), ("4.700 USD", "grdp_per_capita"), ("1%", "poverty_rate")]


def test_kind_and_year_from_the_clause():
    result = process_text("Năm 2023, kim ngạch xuất khẩu ước đạt 2.100 triệu USD.\n"
                          "Năm 2024, phấn đấu kim ngạch xuất khẩu đạt 2.400 triệu USD.")
    assert [(t.kind, t.year) for t in result.targets] == [("actual", 2023), ("target", 2024)]


def test_period_of_a_five_year_goal():
    (t,) = process_text("Tốc độ tăng trưởng kinh tế bình quân giai đoạn 2021-2025 đạt từ 7% đến 7,5%/năm.").targets
    assert (t.year, t.period, t.value_low, t.value_high, t.comparator) == (None, "2021-2025", 7, 7.5, "range")


def test_a_run_in_items_base_year_is_not_its_year():
    # the heading of a run-in item is its first sentence: "so với năm 2022" there is a base year
    text = ("Điều 2. Các chỉ tiêu chủ yếu năm 2023\n"
            "3. Kim ngạch xuất khẩu đạt 8,7 tỷ USD, tăng 6% so với năm 2022.\n")
    assert [(t.text, t.year) for t in process_text(text).targets] == [("8,7 tỷ USD", 2023), ("6%", 2023)]


def test_a_yearly_average_takes_its_headings_period():
    text = ("Điều 2. Mục tiêu giai đoạn 2021 - 2025\n"
            "2. Các chỉ tiêu chủ yếu đến năm 2025:\n"
            "- Tỷ lệ hộ nghèo giảm bình quân 1,5 - 2%/năm.\n"
            "- Tỷ lệ lao động qua đào tạo đạt 65%.\n")
    assert [(t.text, t.year, t.period) for t in process_text(text).targets] == [
        ("1,5 - 2%/năm", None, "2021-2025"), ("65%", 2025, None)]


def test_kind_and_year_from_the_headings():
    text = ("I- KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2023\n"
            "Tổng sản phẩm (GRDP) tăng 6,8%.\n"
            "II- MỤC TIÊU, NHIỆM VỤ NĂM 2024\n"
            "1- Mục tiêu\n"
            "1.1- Tổng sản phẩm (GRDP) tăng 7,5%.\n")
    result = process_text(text)
    assert [(t.text, t.kind, t.year, t.section_path) for t in result.targets] == [
        ("6,8%", "actual", 2023, "I"), ("7,5%", "target", 2024, "II/1/1.1")]


def test_unknown_indicator_keeps_its_phrase():
    (t,) = process_text("Số thuê bao băng rộng cố định đạt 250 nghìn thuê bao.").targets
    assert t.indicator is None
    assert "thuê bao băng rộng cố định" in (t.indicator_text or "")


def test_components_put_spans_on_the_doc():
    from extract.targets.nlp import build_nlp

    doc = build_nlp()("Kim ngạch xuất khẩu đạt 4,8 tỷ USD; tỷ lệ hộ nghèo giảm còn 1,5%.")
    assert [(s.text, s.label_) for s in doc.spans["quantities"]] == [("4,8 tỷ USD", "USD"), ("1,5%", "percent")]
    assert [(s.text, s.label_) for s in doc.spans["indicators"]] == [
        ("Kim ngạch xuất khẩu", "export_turnover"), ("tỷ lệ hộ nghèo", "poverty_rate")]
    assert doc.spans["quantities"][0]._.quantity.scale == 1e9


def test_spans_render_with_displacy():
    from spacy import displacy

    from extract.targets.nlp import build_nlp

    doc = build_nlp()("Thu ngân sách đạt 13.593,9 tỷ đồng.")
    html = displacy.render(doc, style="span", options={"spans_key": "quantities"}, page=False)
    assert "13.593,9" in html and "VND" in html


def test_a_bound_after_a_count_and_its_word_of_things_new():
    (t,) = process_text("Kết nạp 1.900 đảng viên mới trở lên.").targets
    assert (t.text, t.comparator) == ("1.900 đảng viên", "ge")
    (t,) = process_text("Thành lập mới 1.000 doanh nghiệp mới trở lên.").targets
    assert (t.text, t.comparator) == ("1.000 doanh nghiệp", "ge")
