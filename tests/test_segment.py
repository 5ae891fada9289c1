"""Metadata and the section tree."""
from __future__ import annotations

import datetime as dt

import pytest

from extract.data_files import load_yaml
from extract.models import Paragraph
from extract.pipeline import process_text
from extract.segment.body import find_body_end, find_body_start
from extract.segment.metadata import (
    IssuerFound,
    doc_type_of_number,
    find_doc_number,
    find_issuer,
    find_place_and_date,
    find_signer,
    find_term,
    find_title,
    find_type_line,
)
from extract.segment.provinces import find_province
from extract.segment.sections import heading_match, heading_rank, unnumbered_heading

SAMPLE_META = {
    "issuer": "Tỉnh ủy Hưng Yên", "issuer_level": "party_committee", "province": "Hưng Yên",
    "province_2025": "Hưng Yên", "doc_type": "Nghị quyết", "doc_number": "01-NQ/TU", "doc_date": dt.date(2020, 11, 26),
    "term": "XIX",
    "plan_year": 2021, "signer": "Đỗ Tiến Sỹ",
    "title": "Về tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2020; "
             "mục tiêu, nhiệm vụ và giải pháp chủ yếu năm 2021",
}


RENDITIONS = ["text", "docx", "pdf", "docx-tcvn3", "doc", "doc-tcvn3", "scan", "scan-skewed"]


@pytest.mark.parametrize("fmt", RENDITIONS)
@pytest.mark.parametrize("field", sorted(SAMPLE_META))
def test_sample_metadata(sample_results, fmt, field):
    """Every rendition of the sample, the scans included (the province is in the letterhead and
    the running header only, "TỈNH ỦY HƯNG YÊN")."""
    if fmt not in sample_results:
        pytest.skip(f"the {fmt} rendition needs a program this machine lacks")
    assert getattr(sample_results[fmt].meta, field) == SAMPLE_META[field]


SAMPLE_OUTLINE = ["I", "I/1", "I/2", "II", "II/1"] + [f"II/1/1.{i}" for i in range(1, 10)] + \
    ["II/2", "II/2/2.1", "II/2/2.2", "II/2/2.3", "III", "III/1", "III/2"]


@pytest.mark.parametrize("fmt", RENDITIONS)
def test_sample_section_tree(sample_results, fmt):
    if fmt not in sample_results:
        pytest.skip(f"the {fmt} rendition needs a program this machine lacks")
    headings = [s for s in sample_results[fmt].sections if s.kind != "bullet"]
    assert [s.section_path for s in headings] == SAMPLE_OUTLINE
    if fmt.startswith("scan"):
        return  # OCR reads some bold capitals wrong ("THỤC" for "THỰC"): titles are not compared
    titles = {s.section_path: s.title for s in headings}
    assert titles["I/1"] == "Kết quả ưu điểm"
    assert titles["II/1"] == "Mục tiêu chủ yếu"
    assert titles["III"] == "TỔ CHỨC THỰC HIỆN"
    assert titles["II/1/1.4"] == "GRDP bình quân đầu người đạt 85 triệu đồng"


def test_sections_nest_and_every_target_points_into_them(sample_results):
    r = sample_results["text"]
    by_path = {s.section_path: s for s in r.sections}
    for s in r.sections:
        parent = s.section_path.rsplit("/", 1)[0] if "/" in s.section_path else None
        if parent:
            assert by_path[parent].char_start <= s.char_start and s.char_end <= by_path[parent].char_end
    for t in r.targets:
        s = by_path[t.section_path]
        assert s.char_start <= t.char_start < s.char_end


@pytest.mark.parametrize("line, expected", [
    ("I- TÌNH HÌNH THỰC HIỆN", ("part", "I", "TÌNH HÌNH THỰC HIỆN")),
    ("III - TỔ CHỨC THỰC HIỆN", ("part", "III", "TỔ CHỨC THỰC HIỆN")),
    ("IV. NHIỆM VỤ", ("part", "IV", "NHIỆM VỤ")),
    ("Phần II", ("part", "II", "")),
    ("Điều 1. Thông qua kế hoạch", ("article", "Điều 1", "Thông qua kế hoạch")),
    ("1- Mục tiêu chủ yếu", ("item", "1", "Mục tiêu chủ yếu")),
    ("1.1- Tổng sản phẩm tăng 7,5%", ("item", "1.1", "Tổng sản phẩm tăng 7,5%")),
    ("2.3.1. Về y tế", ("item", "2.3.1", "Về y tế")),
    ("(3) Tỷ lệ hộ nghèo", ("paren_item", "3", "Tỷ lệ hộ nghèo")),
    ("a) Chỉ tiêu kinh tế", ("point", "a", "Chỉ tiêu kinh tế")),
    ("đ) Chỉ tiêu môi trường", ("point", "đ", "Chỉ tiêu môi trường")),
    ("- Về nông nghiệp", ("bullet", "-", "Về nông nghiệp")),
    ("+ Về thủy sản", ("plus_bullet", "+", "Về thủy sản")),
    ("2020 - năm cuối của kế hoạch", None),
    ("Năm 2021, Tỉnh ủy chủ trương", None),
    ("Việt Nam", None),
])
def test_heading_numbering(line, expected):
    assert heading_match(line) == expected


STATE_DOC = """HỘI ĐỒNG NHÂN DÂN
TỈNH SƠN LA
Số: 38/2012/NQ-HĐND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Sơn La, ngày 12 tháng 12 năm 2012
NGHỊ QUYẾT
Về chương trình giải quyết việc làm tỉnh Sơn La năm 2013
HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA KHOÁ XIII, KỲ HỌP THỨ 5
Căn cứ Luật Tổ chức HĐND và UBND ngày 26 tháng 11 năm 2003;
QUYẾT NGHỊ:
Điều 1. Thông qua chương trình giải quyết việc làm năm 2013 với các chỉ tiêu sau:
a) Giải quyết việc làm cho 18.000 lao động.
b) Tỷ lệ lao động qua đào tạo đạt 40%.
Điều 2. Tổ chức thực hiện.
Nơi nhận:
- Như Điều 2;
CHỦ TỊCH
Hoàng Văn Chất
"""


def test_state_document_metadata_and_articles():
    r = process_text(STATE_DOC)
    m = r.meta
    assert (m.issuer, m.issuer_level, m.province) == ("Hội đồng nhân dân Sơn La", "peoples_council", "Sơn La")
    assert (m.doc_number, m.doc_type, m.doc_date) == ("38/2012/NQ-HĐND", "Nghị quyết", dt.date(2012, 12, 12))
    assert m.plan_year == 2013
    assert m.signer == "Hoàng Văn Chất"
    assert [s.section_path for s in r.sections] == ["Điều 1", "Điều 1/a", "Điều 1/b", "Điều 2"]
    assert [(t.text, t.section_path, t.year) for t in r.targets] == [
        ("18.000 lao động", "Điều 1/a", 2013), ("40%", "Điều 1/b", 2013)]


@pytest.mark.parametrize("text, province", [
    ("TỈNH ỦY HƯNG YÊN", "Hưng Yên"), ("Thanh Hoá, ngày 5 tháng 1 năm 2024", "Thanh Hóa"),
    ("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", "Bà Rịa - Vũng Tàu"), ("THÀNH ỦY CẦN THƠ", "Cần Thơ"),
    ("Hà Nội", "Hà Nội"), ("Hà Nam", "Hà Nam"), ("không có tỉnh", None),
])
def test_find_province(text, province):
    assert find_province(text) == province


CORPUS_META = {
    "quang-ninh-45-2023-NQ-HDND.txt": {
        "issuer": "Hội đồng nhân dân Quảng Ninh", "issuer_level": "peoples_council", "province": "Quảng Ninh",
        "province_2025": "Quảng Ninh",
        "doc_type": "Nghị quyết", "doc_number": "45/2023/NQ-HĐND", "doc_date": dt.date(2023, 12, 8),
        "term": "XIV", "plan_year": 2024, "signer": "Nguyễn Xuân Ký",
        "title": "Về kế hoạch phát triển kinh tế - xã hội năm 2024",
        "outline": ["Điều 1", "Điều 2", "Điều 2/1", "Điều 2/2", "Điều 2/2/a", "Điều 2/2/b", "Điều 2/2/c",
                    "Điều 3", "Điều 3/1", "Điều 3/2"],
    },
    "nghe-an-25-NQ-TU-2018.txt": {
        "issuer": "Tỉnh ủy Nghệ An", "issuer_level": "party_committee", "province": "Nghệ An",
        "province_2025": "Nghệ An", "doc_type": "Nghị quyết", "doc_number": "25-NQ/TU",
        "doc_date": dt.date(2018, 12, 12), "term": "XVIII", "plan_year": 2019, "signer": "Nguyễn Đắc Vinh",
        "title": "về nhiệm vụ năm 2019",
        "outline": ["I", "II", "II/1", "II/2", "III"],  # the run-in "(1) ...; (2) ..." list heads nothing
    },
    "lam-dong-0315-KH-UBND-2022.txt": {
        "issuer": "Ủy ban nhân dân Lâm Đồng", "issuer_level": "peoples_committee", "province": "Lâm Đồng",
        "province_2025": "Lâm Đồng", "doc_type": "Kế hoạch", "doc_number": "0315/KH-UBND",
        "doc_date": dt.date(2022, 1, 18), "term": None, "plan_year": 2022, "signer": "Phạm S",
        "title": "Phát triển kết cấu hạ tầng giao thông năm 2022",
        "outline": ["I", "II", "II/1", "II/2", "III"],
    },
    "can-tho-18-NQ-HDND-2023.txt": {
        "issuer": "Hội đồng nhân dân Cần Thơ", "issuer_level": "peoples_council", "province": "Cần Thơ",
        "province_2025": "Cần Thơ", "doc_type": "Nghị quyết", "doc_number": "18/NQ-HĐND",
        "doc_date": dt.date(2023, 12, 8), "term": "X", "plan_year": 2024, "signer": "Phạm Văn Hiểu",
        "title": "Về kế hoạch phát triển kinh tế - xã hội năm 2024",
        "outline": ["Điều 1", "Điều 2"] + [f"Điều 2/{x}" for x in "abcdđeg"] + ["Điều 3", "Điều 3/1", "Điều 3/2"],
    },
    "ben-tre-1234-KH-UBND-2021-nfd.txt": {
        "issuer": "Ủy ban nhân dân Bến Tre", "issuer_level": "peoples_committee", "province": "Bến Tre",
        "province_2025": "Vĩnh Long",
        "doc_type": "Kế hoạch", "doc_number": "1234/KH-UBND", "doc_date": dt.date(2021, 3, 15),
        "term": None, "plan_year": 2021, "plan_period": "2021-2025", "signer": "Nguyễn Văn Đức",  # a five-year plan
        "title": "Phát triển kinh tế - xã hội 5 năm giai đoạn 2021 - 2025",
        "outline": ["I", "II", "II/1", "II/2", "III"],
    },
}


@pytest.mark.parametrize("name, field", [(n, f) for n, fields in CORPUS_META.items() for f in fields])
def test_corpus_metadata_and_outline(corpus_run, name, field):
    from pathlib import Path

    result = next(r for r in corpus_run.results if Path(r.source_path).name == name)
    if field == "outline":
        got = [s.section_path for s in result.sections if s.kind != "bullet"]
    else:
        got = getattr(result.meta, field)
    assert got == CORPUS_META[name][field]


SIDE_BY_SIDE = """ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LÀO CAI                 Độc lập - Tự do - Hạnh phúc
Số: 125/QyĐ-UBND             Lào Cai, ngày 10 tháng 01 năm 2022
QUYẾT ĐỊNH
Về việc giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2022
Điều 1. Giao chỉ tiêu kế hoạch năm 2022 như sau:
a) Tốc độ tăng trưởng GRDP đạt 9,5%.
b) Thu ngân sách nhà nước trên địa bàn đạt 7.500 tỷ đồng.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:                            TM. ỦY BAN NHÂN DÂN
- Như Điều 2;                        CHỦ TỊCH
- Lưu: VT.
                                     Trịnh Xuân Trường
"""


def test_a_letterhead_side_by_side_in_a_text_file():
    """Columns set apart by wide spaces (as pdftotext -layout leaves them), a mixed-case type
    symbol (QyĐ) and the province named only in the letterhead."""
    r = process_text(SIDE_BY_SIDE)
    m = r.meta
    assert (m.issuer, m.issuer_level, m.province) == ("Ủy ban nhân dân Lào Cai", "peoples_committee", "Lào Cai")
    assert (m.doc_type, m.doc_number, m.doc_place, m.doc_date) == (
        "Quyết định", "125/QyĐ-UBND", "Lào Cai", dt.date(2022, 1, 10))
    assert m.title == "Về việc giao chỉ tiêu kế hoạch phát triển kinh tế - xã hội năm 2022"
    assert m.signer == "Trịnh Xuân Trường" and m.plan_year == 2022
    assert [s.section_path for s in r.sections] == ["Điều 1", "Điều 1/a", "Điều 1/b", "Điều 2"]
    assert [(t.text, t.kind, t.year) for t in r.targets] == [("9,5%", "target", 2022), ("7.500 tỷ đồng", "target", 2022)]


def test_headings_without_numbers_from_word_styles_and_bold(tmp_path):
    import docx

    from extract.pipeline import process_file

    d = docx.Document()
    for line in ("HỘI ĐỒNG NHÂN DÂN", "TỈNH HÀ TĨNH", "Số: 77/NQ-HĐND", "Hà Tĩnh, ngày 12 tháng 12 năm 2023",
                 "NGHỊ QUYẾT", "Về kế hoạch phát triển kinh tế - xã hội năm 2024"):
        d.add_paragraph(line)
    d.add_paragraph("HỘI ĐỒNG NHÂN DÂN TỈNH HÀ TĨNH QUYẾT NGHỊ rằng kế hoạch phát triển kinh tế - xã hội năm 2024 "
                    "được thực hiện với các mục tiêu, nhiệm vụ và giải pháp chủ yếu dưới đây, bảo đảm hài hòa giữa "
                    "tăng trưởng và an sinh.")
    d.add_paragraph("KẾT QUẢ NĂM 2023", style="Heading 1")
    d.add_paragraph("Tổng sản phẩm trên địa bàn tăng 7%.")
    d.add_paragraph("NHIỆM VỤ NĂM 2024", style="Heading 1")
    d.add_paragraph("Về kinh tế", style="Heading 2")
    d.add_paragraph("- Tốc độ tăng trưởng GRDP đạt 8%.")
    d.add_paragraph().add_run("Về xã hội").bold = True
    d.add_paragraph("- Tỷ lệ hộ nghèo giảm còn 2%.")
    d.add_paragraph().add_run("Thu ngân sách đạt 5.000 tỷ đồng.").bold = True  # a bold sentence: no heading
    path = tmp_path / "styled.docx"
    d.save(path)
    r = process_file(path)
    assert r.status == "ok", r.error
    headings = [s.section_path for s in r.sections if s.kind != "bullet"]
    assert headings == ["KẾT QUẢ NĂM 2023", "NHIỆM VỤ NĂM 2024", "NHIỆM VỤ NĂM 2024/Về kinh tế",
                        "NHIỆM VỤ NĂM 2024/Về xã hội"]
    assert [(t.text, t.section_path.split("/-")[0]) for t in r.targets] == [
        ("7%", "KẾT QUẢ NĂM 2023"), ("8%", "NHIỆM VỤ NĂM 2024/Về kinh tế"), ("2%", "NHIỆM VỤ NĂM 2024/Về xã hội"),
        ("5.000 tỷ đồng", "NHIỆM VỤ NĂM 2024/Về xã hội")]


@pytest.mark.parametrize("before, after", [
    # Nghị quyết 202/2025/QH15, from 1 July 2025: each old province merged whole into one of 34
    ("Hưng Yên", "Hưng Yên"), ("Thái Bình", "Hưng Yên"), ("Bến Tre", "Vĩnh Long"), ("Hà Giang", "Tuyên Quang"),
    ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"), ("Quảng Ninh", "Quảng Ninh"), ("Hà Nội", "Hà Nội"), (None, None),
])
def test_province_after_the_2025_merger(before, after):
    from extract.segment.provinces import province_after_merger

    assert province_after_merger(before) == after


def test_an_unnumbered_heading_in_capitals_in_a_text_file():
    doc = SIDE_BY_SIDE.replace(
        "Điều 1. Giao chỉ tiêu kế hoạch năm 2022 như sau:\n",
        "QUYẾT ĐỊNH:\nĐiều 1. Giao chỉ tiêu kế hoạch năm 2022 như sau:\nCHỈ TIÊU KINH TẾ\n")
    r = process_text(doc)
    assert [s.section_path for s in r.sections] == [
        "Điều 1", "Điều 1/CHỈ TIÊU KINH TẾ", "Điều 1/CHỈ TIÊU KINH TẾ/a", "Điều 1/CHỈ TIÊU KINH TẾ/b", "Điều 2"]


# --- the words of schemas/letterhead.yaml: every entry recognised ------------------------------------

LETTERHEAD = load_yaml("letterhead.yaml")


def fields(found: IssuerFound | None) -> tuple[str, str, str | None] | None:
    """An issuer found, as plain values (its class is rebuilt when a test reloads the patterns)."""
    return (found.issuer, found.level, found.province) if found else None


@pytest.mark.parametrize("issuer, form", [(e, form) for e in LETTERHEAD["issuers"] for form in e["letterhead"]],
                         ids=lambda v: v if isinstance(v, str) else v["name"])
def test_every_issuer_of_the_letterhead_words_is_recognised(issuer, form):
    """A provincial body takes the province after its words; a national one (Quốc hội) has none."""
    found = find_issuer([f"{form} HÀ TĨNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    if issuer["level"] == "national":
        assert fields(found) == (issuer["name"], "national", None)
    else:
        assert fields(found) == (f"{issuer['name']} Hà Tĩnh", issuer["level"], "Hà Tĩnh")


@pytest.mark.parametrize("form", LETTERHEAD["issuers"][0]["letterhead"])
def test_an_issuer_line_without_its_province_takes_the_province_line_under_it(form):
    lines = [form, "ĐẢNG CỘNG SẢN VIỆT NAM", "TỈNH NGHỆ AN"]
    assert find_issuer(lines).province == "Nghệ An"


@pytest.mark.parametrize("line, name", sorted(LETTERHEAD["party_committees"].items()))
def test_every_committee_under_a_party_organisation_is_the_issuer(line, name):
    found = find_issuer(["ĐẢNG BỘ TỈNH NGHỆ AN", line])
    assert fields(found) == (f"{name} Nghệ An", "party_committee", "Nghệ An")


def test_a_congress_under_a_party_organisation_is_the_issuer():
    found = find_issuer(["ĐẢNG BỘ TỈNH ĐẮK LẮK", "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XVII"])
    assert fields(found) == (f"{LETTERHEAD['congress']['name']} Đắk Lắk", "party_congress", "Đắk Lắk")


@pytest.mark.parametrize("line, name", sorted(LETTERHEAD["document_types"].items()))
def test_every_document_type_line_is_recognised(line, name):
    assert find_type_line(["ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", line, "Về kế hoạch năm 2024"]) == (1, name)
    assert find_type_line([line.capitalize()]) is None  # the type line is set in capitals


@pytest.mark.parametrize("symbol, name", sorted(LETTERHEAD["type_symbols"].items()))
def test_every_type_symbol_of_a_number_is_recognised(symbol, name):
    assert doc_type_of_number(f"01-{symbol}/TU") == name
    assert doc_type_of_number(f"38/2012/{symbol}-HĐND") == name


@pytest.mark.parametrize("mark", LETTERHEAD["signing_marks"])
def test_every_signing_mark_opens_the_signature_block(mark):
    tail = ["Nơi nhận:", "- Như Điều 2;", f"{mark} ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Bình", "- Lưu: VT."]
    assert find_signer(tail) == "Trần Văn Bình"


@pytest.mark.parametrize("prefix", ["", *(f"{p} " for p in LETTERHEAD["role_prefixes"])])
@pytest.mark.parametrize("role", LETTERHEAD["roles"])
def test_every_role_line_is_not_the_signer(role, prefix):
    """A role written in title case reads like a name; the role words say it is none."""
    tail = ["TM. HỘI ĐỒNG NHÂN DÂN", "Trần Văn Bình", f"{prefix}{role}".title()]
    assert find_signer(tail) == "Trần Văn Bình"


@pytest.mark.parametrize("formula", LETTERHEAD["enacting_formulas"])
def test_every_enacting_formula_heads_nothing(formula):
    line = f"{formula}:"
    assert unnumbered_heading(line, Paragraph(0, len(line), None)) is None
    assert unnumbered_heading("CHỈ TIÊU KINH TẾ", Paragraph(0, 16, None)) is not None


@pytest.mark.parametrize("word", LETTERHEAD["part_words"])
def test_every_part_word_heads_a_part(word):
    assert heading_match(f"{word} II. MỤC TIÊU") == ("part", "II", "MỤC TIÊU")
    assert heading_match(f"{word} 2: Tổ chức thực hiện") == ("part", "2", "Tổ chức thực hiện")


@pytest.mark.parametrize("word", LETTERHEAD["article_words"])
def test_every_article_word_heads_an_article(word):
    assert heading_match(f"{word} 3. Hiệu lực thi hành") == ("article", f"{word} 3", "Hiệu lực thi hành")


@pytest.mark.parametrize("style", LETTERHEAD["heading_styles"])
def test_every_word_heading_style_makes_a_heading(style):
    p = Paragraph(0, 10, None, style=f"{style} 2")
    assert unnumbered_heading("Về kinh tế", p) == ("titled", "Về kinh tế", "Về kinh tế")
    assert heading_rank("titled", "Về kinh tế", p, []) == heading_rank("item", "1", p, [])


@pytest.mark.parametrize("opener", LETTERHEAD["subject_openers"])
def test_every_subject_opener_starts_the_title(opener):
    assert find_title(["HỘI NGHỊ LẦN THỨ 22", f"{opener} kế hoạch năm 2024"]) == f"{opener} kế hoạch năm 2024"


@pytest.mark.parametrize("opener", LETTERHEAD["body_openers"])
def test_every_body_opener_starts_the_body(opener):
    text = f"NGHỊ QUYẾT\n{opener} Luật Tổ chức chính quyền địa phương;"
    paragraphs = [Paragraph(0, 10, None), Paragraph(11, len(text), None)]
    assert find_body_start(text, paragraphs) == 1


@pytest.mark.parametrize("word", LETTERHEAD["recipients"])
def test_every_recipients_word_ends_the_body(word):
    text = f"Điều 1. Thông qua.\n{word}:"
    paragraphs = [Paragraph(0, 18, None), Paragraph(19, len(text), None)]
    assert find_body_end(text, paragraphs, 0) == 1


def test_the_number_date_and_term_words():
    words = LETTERHEAD
    day, month, year = (words["date_words"][k] for k in ("day", "month", "year"))
    lines = [f"{words['number_word']}: 38/2012/NQ-HĐND", f"Sơn La, {day} 12 {month} 12 {year} 2012",
             f"HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA {words['term_word'].upper()} XIII"]
    joined = "\n".join(lines)
    assert find_doc_number(joined) == "38/2012/NQ-HĐND"
    assert find_place_and_date(joined) == ("Sơn La", dt.date(2012, 12, 12))
    assert find_term(joined) == "XIII"


@pytest.fixture
def letterhead_words_with(monkeypatch):
    """Rebuild the segment stage's patterns from schemas/letterhead.yaml changed by `change`, as if
    the file said so; the patterns of the file itself are rebuilt afterwards."""
    import copy
    import importlib

    import extract.data_files
    from extract.segment import body, evidence, metadata, provinces, reading, sections, vocabulary

    modules = (vocabulary, sections, body, provinces, metadata, evidence, reading)
    real_load = extract.data_files.load_yaml

    def rebuild():
        vocabulary.letterhead_words.cache_clear()
        for module in modules:
            importlib.reload(module)

    def apply(change):
        words = copy.deepcopy(real_load("letterhead.yaml"))
        change(words)
        monkeypatch.setattr(extract.data_files, "load_yaml",
                            lambda name: words if name == "letterhead.yaml" else real_load(name))
        rebuild()

    yield apply
    monkeypatch.undo()
    rebuild()


def test_a_new_issuer_document_type_and_role_are_a_data_change(letterhead_words_with):
    """An entry added to the data is recognised end to end, with no change to the code."""
    doc = STATE_DOC.replace("HỘI ĐỒNG NHÂN DÂN\nTỈNH SƠN LA", "BAN THƯỜNG TRỰC ỦY BAN MẶT TRẬN TỔ QUỐC\nTỈNH SƠN LA") \
        .replace("NGHỊ QUYẾT\nVề", "THÔNG BÁO\nVề").replace("CHỦ TỊCH\nHoàng Văn Chất", "Hoàng Văn Chất\nỦy Viên")
    before = process_text(doc).meta
    assert (before.issuer, before.doc_type, before.signer) == ("Hội đồng nhân dân Sơn La", "Nghị quyết", "Ủy Viên")

    def change(words):
        words["issuers"].append({"name": "Ủy ban Mặt trận Tổ quốc", "level": "front_committee",
                                 "letterhead": ["BAN THƯỜNG TRỰC ỦY BAN MẶT TRẬN TỔ QUỐC"]})
        words["document_types"]["THÔNG BÁO"] = "Thông báo"
        words["roles"].append("ỦY VIÊN")

    letterhead_words_with(change)
    from extract.segment import metadata  # the rebuilt module

    after = process_text(doc).meta
    assert (after.issuer, after.issuer_level) == ("Ủy ban Mặt trận Tổ quốc Sơn La", "front_committee")
    assert after.doc_type == "Thông báo" and after.signer == "Hoàng Văn Chất"
    assert metadata.find_type_line(["THÔNG BÁO"]) == (0, "Thông báo")
