"""Metadata from wherever a document states it (issue 20): the letterhead after a preamble, a site's
metadata block, the title and first sentences, a news lead, the body; the evidence of each field;
every corpus document against tests/fixtures/metadata_expected.yaml, written by hand."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from conftest import CORPUS
from extract.data_files import load_yaml
from extract.export import metadata_source
from extract.pipeline import process_text
from extract.segment.evidence import is_news, running_issuer, running_title, running_type, site_block
from extract.segment.metadata import plan_time
from extract.segment.provinces import find_province, province_of_district

EXPECTED = yaml.safe_load((Path(__file__).parent / "fixtures" / "metadata_expected.yaml").read_text(encoding="utf-8"))
BY_FILE = {name: entry for entry in EXPECTED for name in entry["files"]}
WORDS = load_yaml("metadata.yaml")
FIELDS = ("issuer", "issuer_level", "province", "jurisdiction", "doc_type", "plan_year", "plan_period", "source_kind")


def test_every_corpus_document_has_expected_metadata():
    documents = {p.name for p in CORPUS.iterdir() if p.suffix not in (".md", ".yaml")}
    assert documents <= set(BY_FILE), "write the metadata of a new corpus document in metadata_expected.yaml"


@pytest.mark.parametrize("name", sorted(BY_FILE))
def test_corpus_document_metadata(corpus_run, name, request):
    """Every document of the file (each part of a file of several) has the metadata written by hand."""
    if BY_FILE[name].get("known_miss"):
        request.applymarker(pytest.mark.xfail(reason=BY_FILE[name]["known_miss"], strict=False))
    found = [r for r in corpus_run.results if Path(r.source_path).name == name]
    if not found:
        pytest.skip(f"{name} is not in the corpus or needs a program this machine lacks")
    expected = BY_FILE[name]
    for part in found[0].documents():
        meta = part.meta
        assert {f: getattr(meta, f) for f in FIELDS} == {f: expected[f] for f in FIELDS}
        source = meta.evidence["province"].source if meta.province else None
        assert source == expected["province_source"]


def meta_of(text: str):
    return process_text(text).meta


LETTERHEAD = """HỘI ĐỒNG NHÂN DÂN
TỈNH YÊN BÁI
Số: 77/NQ-HĐND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Yên Bái, ngày 12 tháng 12 năm 2023
NGHỊ QUYẾT
Về kế hoạch phát triển kinh tế - xã hội năm 2024
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
QUYẾT NGHỊ:
Điều 1. Tốc độ tăng trưởng GRDP đạt 7,5%.
"""
PREFACE = ("(Báo Yên Bái) - Hội đồng nhân dân tỉnh vừa ban hành Nghị quyết về kế hoạch năm 2024 với nhiều "
           "chỉ tiêu quan trọng, trong đó tăng trưởng GRDP đạt 9%. Báo Yên Bái giới thiệu toàn văn Nghị quyết.\n")


def test_a_letterhead_after_a_newspaper_preface_is_the_documents_own():
    """The preface's figure is not the document's; the letterhead under it gives every field."""
    r = process_text(PREFACE + LETTERHEAD)
    m = r.meta
    assert (m.issuer, m.province, m.doc_number, m.doc_date) == (
        "Hội đồng nhân dân Yên Bái", "Yên Bái", "77/NQ-HĐND", dt.date(2023, 12, 12))
    assert (m.plan_year, m.source_kind, m.evidence["province"].source) == (2024, "document", "letterhead")
    assert [t.text for t in r.targets] == ["7,5%"]


SITE_TABLE = """| Số hiệu: | 77/NQ-HĐND | Loại văn bản: | Nghị quyết |
|---|---|---|---|
| Nơi ban hành: | Hội đồng nhân dân tỉnh Yên Bái | Người ký: | Tạ Văn Long |
| Ngày ban hành: | 12/12/2023 | Ngày hiệu lực: | Đang cập nhật |
"""


def test_a_site_block_as_a_markdown_table():
    block = site_block(SITE_TABLE.splitlines())
    assert block.values["doc_number"] == "77/NQ-HĐND" and block.values["doc_type"] == "Nghị quyết"
    assert block.values["doc_date"] == dt.date(2023, 12, 12) and block.values["signer"] == "Tạ Văn Long"
    assert block.values["issuer"].issuer == "Hội đồng nhân dân Yên Bái"


def test_a_site_block_with_labels_in_a_header_row_and_as_lines():
    table = ["| Số hiệu | Ngày ban hành | Nơi ban hành |", "|---|---|---|", "| 12-NQ/TU | 05/01/2024 | Tỉnh Lào Cai |"]
    block = site_block(table)
    assert (block.values["doc_number"], block.values["doc_date"], block.values["issuer"]) == (
        "12-NQ/TU", dt.date(2024, 1, 5), "Lào Cai")
    lines = site_block(["Số hiệu: 12-NQ/TU Ngày ban hành: 05/01/2024", "Nơi ban hành: Tỉnh Lào Cai"])
    assert lines.values == block.values


def test_a_site_block_fills_what_a_document_without_letterhead_leaves_unsaid():
    body = ("Các chỉ tiêu chủ yếu năm 2024: tốc độ tăng trưởng GRDP đạt 7,5%; thu ngân sách nhà nước "
            "trên địa bàn đạt 4.000 tỷ đồng; tỷ lệ hộ nghèo giảm 3% theo chuẩn nghèo đa chiều giai đoạn mới.\n")
    m = meta_of(SITE_TABLE + body)
    assert (m.issuer, m.province, m.doc_number, m.doc_date, m.doc_type, m.signer) == (
        "Hội đồng nhân dân Yên Bái", "Yên Bái", "77/NQ-HĐND", dt.date(2023, 12, 12), "Nghị quyết", "Tạ Văn Long")
    assert m.evidence["province"].source == "site_block" and m.plan_year == 2024
    assert metadata_source(m).startswith("issuer=site_block;issuer_level=site_block;province=site_block")


@pytest.mark.parametrize("entry, form", [(e, f) for e in WORDS["running_issuers"] for f in e["forms"]],
                         ids=lambda v: v if isinstance(v, str) else v["name"])
def test_every_running_issuer_form_is_recognised(entry, form):
    found = running_issuer(f"Nghị quyết của {form} tỉnh Yên Bái về nhiệm vụ năm 2024")
    if entry["level"] == "national":
        assert (found.issuer, found.level, found.province, found.jurisdiction) == (
            entry["name"], "national", None, "national")
        assert running_issuer(f"theo chỉ đạo của {form}", national=False) is None
    else:
        assert (found.issuer, found.level, found.province) == (f"{entry['name']} Yên Bái", entry["level"], "Yên Bái")


@pytest.mark.parametrize("word", WORDS["unit_words"]["province"])
def test_every_province_unit_word_before_a_city_under_central_rule(word):
    found = running_issuer(f"HĐND {word} Hồ Chí Minh khóa X kỳ họp thứ 20")
    assert (found.issuer, found.province, found.jurisdiction) == ("Hội đồng nhân dân Hồ Chí Minh", "Hồ Chí Minh", "province")


@pytest.mark.parametrize("word", WORDS["unit_words"]["district"])
def test_a_district_document_names_its_province(word):
    """A district named only one province has (the gazetteer's districts before 2025), or the
    province written after it."""
    found = running_issuer(f"UBND {word} Tuy Phước ban hành kế hoạch")
    assert (found.province, found.jurisdiction) == ("Bình Định", "district")
    found = running_issuer(f"Ủy ban nhân dân {word} Châu Thành, tỉnh Tiền Giang ban hành kế hoạch")
    assert (found.issuer, found.province, found.jurisdiction) == (
        f"Ủy ban nhân dân {word} Châu Thành", "Tiền Giang", "district")
    assert province_of_district("Châu Thành") is None  # many provinces have one


@pytest.mark.parametrize("word", WORDS["unit_words"]["commune"])
def test_a_commune_document_names_its_province(word):
    found = running_issuer(f"HĐND {word} Tân Lập, huyện Yên Lập, tỉnh Phú Thọ khóa XXI")
    assert (found.province, found.jurisdiction) == ("Phú Thọ", "commune")


def test_a_district_letterhead_names_its_province():
    doc = LETTERHEAD.replace("TỈNH YÊN BÁI", "HUYỆN TUY PHƯỚC").replace("Yên Bái, ngày", "Tuy Phước, ngày")
    m = meta_of(doc)
    assert (m.province, m.jurisdiction) == ("Bình Định", "district")


@pytest.mark.parametrize("alias, name", sorted(WORDS["province_aliases"].items()))
def test_every_province_alias(alias, name):
    assert find_province(f"Kế hoạch của {alias} năm 2024") == name


@pytest.mark.parametrize("text, name", [
    ("TỈNH ỦY THỪA THIÊN HUẾ", "Huế"), ("thành phố Huế", "Huế"), ("thành phố Cần Thơ", "Cần Thơ"),
    ("TP. Hồ Chí Minh", "Hồ Chí Minh"), ("tỉnh Hậu Giang", "Hậu Giang"), ("tỉnh Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
])
def test_provinces_before_and_after_the_merger_and_cities(text, name):
    assert find_province(text) == name


@pytest.mark.parametrize("opener", WORDS["news_openers"])
def test_every_news_opener_marks_an_article(opener):
    assert is_news([f"{opener}: HĐND tỉnh Kon Tum vừa thông qua Nghị quyết"])
    assert is_news(["(Báo Kon Tum) - Chiều 8/12, HĐND tỉnh thông qua 22 chỉ tiêu"])
    assert not is_news(["Tốc độ tăng trưởng GRDP (giá so sánh) - đạt 7%"])


@pytest.mark.parametrize("word, name", sorted(WORDS["running_types"].items()))
def test_every_running_type_word(word, name):
    assert running_type(f"HĐND tỉnh đã thông qua {word.capitalize()} về kế hoạch năm 2024")[0] == name
    assert running_title([f"# {word.capitalize()} của Ban Chấp hành Đảng bộ tỉnh Yên Bái về nhiệm vụ năm 2024"])[1] == name
    assert running_type(f"về {word} phát triển") is None  # lower case: a common noun, not a named act


def test_a_running_title_gives_issuer_type_and_year():
    doc = ("Nghị quyết của Ban Chấp hành Đảng bộ tỉnh Yên Bái về nhiệm vụ năm 2024\n"
           "Năm 2024, toàn tỉnh phấn đấu đạt tốc độ tăng trưởng kinh tế (GRDP) 7,5%; thu ngân sách nhà nước trên địa "
           "bàn đạt 4.000 tỷ đồng; tỷ lệ hộ nghèo giảm 3%; tỷ lệ che phủ rừng đạt 63%.\n")
    m = meta_of(doc)
    assert (m.issuer, m.issuer_level, m.province, m.doc_type, m.plan_year) == (
        "Ban Chấp hành Đảng bộ Yên Bái", "party_committee", "Yên Bái", "Nghị quyết", 2024)
    assert (m.evidence["province"].source, m.source_kind) == ("title", "document")


def test_a_national_resolution_has_no_province():
    doc = LETTERHEAD.replace("HỘI ĐỒNG NHÂN DÂN\nTỈNH YÊN BÁI", "CHÍNH PHỦ").replace("Yên Bái, ngày", "Hà Nội, ngày") \
        .replace("Số: 77/NQ-HĐND", "Số: 01/NQ-CP")
    m = meta_of(doc)
    assert (m.issuer, m.issuer_level, m.province, m.province_2025, m.jurisdiction) == (
        "Chính phủ", "national", None, None, "national")
    assert m.doc_place == "Hà Nội" and m.doc_number == "01/NQ-CP"


@pytest.mark.parametrize("title, date, expected", [
    ("Về kế hoạch phát triển kinh tế - xã hội năm 2024", dt.date(2023, 12, 8), (2024, None)),
    ("Phát triển kinh tế - xã hội 5 năm giai đoạn 2021 - 2025", dt.date(2021, 3, 15), (2021, "2021-2025")),
    ("ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ TỈNH ĐẮK LẮK LẦN THỨ XVII, NHIỆM KỲ 2020 - 2025", dt.date(2020, 10, 16), (2021, "2020-2025")),
    ("ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ TỈNH QUẢNG TRỊ LẦN THỨ I, NHIỆM KỲ 2025 - 2030", None, (2025, "2025-2030")),
    ("Kế hoạch tài chính - ngân sách nhà nước 03 năm 2026 - 2028", dt.date(2025, 7, 20), (2026, "2026-2028")),
    ("Về phát triển du lịch", dt.date(2023, 5, 1), (None, None)),
])
def test_plan_year_and_period_of_a_title(title, date, expected):
    assert plan_time(title, date) == expected


def test_a_news_article_takes_the_year_and_issuer_of_the_resolution_it_reports():
    doc = ("Thông qua 20 chỉ tiêu năm 2025\n"
           "(Báo Lào Cai) - Sáng 10/12, HĐND tỉnh Lào Cai khóa XVI đã thông qua Nghị quyết về kế hoạch phát triển "
           "kinh tế - xã hội năm 2025, trong đó tốc độ tăng trưởng GRDP đạt 10%; thu ngân sách đạt 12.000 tỷ đồng.\n")
    m = meta_of(doc)
    assert (m.issuer, m.province, m.doc_type, m.plan_year, m.source_kind, m.doc_date) == (
        "Hội đồng nhân dân Lào Cai", "Lào Cai", "Nghị quyết", 2025, "news", None)
    assert m.title == "Thông qua 20 chỉ tiêu năm 2025"


def test_the_body_province_needs_its_unit_word_and_a_capital():
    """'hòa bình' (peace) is no province; 'tỉnh Hòa Bình' is, named twice."""
    doc = ("Giữ vững môi trường hòa bình, ổn định để phát triển; phấn đấu tốc độ tăng trưởng GRDP của tỉnh Hòa Bình "
           "năm 2024 đạt 8%, thu ngân sách đạt 5.000 tỷ đồng và các chỉ tiêu khác như kế hoạch đã đề ra cho tỉnh Hòa Bình.\n")
    m = meta_of(doc)
    assert (m.province, m.evidence["province"].source, m.source_kind) == ("Hòa Bình", "body", "excerpt")
    assert meta_of(doc.replace("tỉnh Hòa Bình", "tỉnh")).province is None


@pytest.mark.parametrize("line", load_yaml("letterhead.yaml")["signing_lines"])
def test_every_signing_line_ends_the_body_and_gives_the_signer(line):
    """A national body's head signs without a mark ("CHỦ TỊCH QUỐC HỘI"): no heading of the body."""
    doc = LETTERHEAD.replace("HỘI ĐỒNG NHÂN DÂN\nTỈNH YÊN BÁI", "QUỐC HỘI") + f"{line}\nVương Đình Huệ\n"
    r = process_text(doc)
    assert r.meta.signer == "Vương Đình Huệ"
    assert [s.label for s in r.sections] == ["Điều 1"]


@pytest.mark.parametrize("council_line, source", [
    ("HỘI ĐỒNG NHÂN DÂN TỈNH YÊN BÁI KHÓA XIX, KỲ HỌP THỨ 15", "letterhead"),  # read as an issuer line
    ("Hội đồng nhân dân tỉnh Yên Bái khóa XIX, kỳ họp thứ 15", "front_matter"),  # as a web page sets it
])
def test_the_title_blocks_council_line_names_the_issuer_without_a_letterhead(council_line, source):
    doc = (f"NGHỊ QUYẾT\nVề kế hoạch phát triển kinh tế - xã hội năm 2024\n{council_line}\n"
           "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\nĐiều 1. Tốc độ tăng trưởng GRDP đạt 7,5%.\n")
    m = meta_of(doc)
    assert (m.issuer, m.province, m.doc_type, m.plan_year, m.term) == (
        "Hội đồng nhân dân Yên Bái", "Yên Bái", "Nghị quyết", 2024, "XIX")
    assert (m.evidence["issuer"].source, m.source_kind) == (source, "document")


def test_a_numbers_issuer_symbol_is_no_issuer():
    """"48/NQ-HĐND" over "Bình Định, ngày ..." names no council: the symbol is part of the number."""
    assert running_issuer("Số: 48/NQ-HĐND\nBình Định, ngày 06 tháng 12 năm 2024") is None


def test_a_target_of_no_year_in_a_plan_of_several_years_is_of_its_period():
    """Not of its first year: "giai đoạn 2026 - 2030" gives the figure's period; a year stated wins."""
    doc = ("ỦY BAN NHÂN DÂN\nTỈNH YÊN BÁI\nSố: 25/KH-UBND\nYên Bái, ngày 20 tháng 01 năm 2026\nKẾ HOẠCH\n"
           "Phát triển kinh tế - xã hội 5 năm giai đoạn 2026 - 2030\n"
           "Điều 1. Tỷ lệ che phủ rừng đạt 63%.\nĐiều 2. Đến năm 2030, tỷ lệ đô thị hóa đạt 35%.\n")
    r = process_text(doc)
    assert (r.meta.plan_year, r.meta.plan_period) == (2026, "2026-2030")
    assert [(t.text, t.year, t.period) for t in r.targets] == [("63%", None, "2026-2030"), ("35%", 2030, None)]


# --- a PDF letterhead with decomposed or split marks reads as the clean one (issue 17)

SPLIT_LETTERHEAD = ["HỘI ĐỒNG NHÂN DÂN", "TỈNH THÁI NGUYÊN", "Số: 45/NQ-HĐND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Độc lập - Tự do - Hạnh phúc", "Thái Nguyên, ngày 06 tháng 12 năm 2024", "NGHỊ QUYẾT",
                    "Về kế hoạch phát triển kinh tế - xã hội năm 2025"]
SPLIT_BODY = ["QUYẾT NGHỊ:", "Điều 1. Chỉ tiêu chủ yếu năm 2025", "1. Tổng sản phẩm trên địa bàn (GRDP) tăng 8%.",
              "Điều 2. Tổ chức thực hiện", "CHỦ TỊCH", "Phạm Hoàng Sơn"]


def letterhead_pdf(path: Path, marks: str) -> Path:
    """A one-page PDF whose letterhead lines are drawn `clean` (NFC), `nfd` (decomposed: each mark a
    glyph of its own after its letter) or `gap` (decomposed, each mark glyph followed by a gap, as
    fonts whose marks have an advance draw them: the text layer reads "Thá i Nguyê n")."""
    import unicodedata

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not font.exists():
        pytest.skip("DejaVu Sans is not installed")
    pdfmetrics.registerFont(TTFont("DejaVu", str(font)))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.setFont("DejaVu", 12)
    for i, line in enumerate(SPLIT_LETTERHEAD + SPLIT_BODY):
        y = 780 - 18 * i
        if marks == "clean" or i >= len(SPLIT_LETTERHEAD):
            c.drawString(60, y, line)
            continue
        x = 60.0
        for ch in unicodedata.normalize("NFD", line):
            c.drawString(x, y, ch)  # a combining mark has no advance: drawn over the letter before it
            x += pdfmetrics.stringWidth(ch, "DejaVu", 12) + (3 if marks == "gap" and unicodedata.combining(ch) else 0)
    c.showPage()
    c.save()
    return path


META_FIELDS = ("issuer", "issuer_level", "province", "jurisdiction", "doc_type", "doc_number", "doc_place", "doc_date",
               "plan_year", "title", "source_kind")


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("marks", ["nfd", "gap"])
def test_a_letterhead_with_decomposed_or_split_marks_reads_as_the_clean_one(tmp_path, marks, engine):
    from extract.pipeline import process_file

    def read(kind: str):
        meta = process_file(letterhead_pdf(tmp_path / f"{kind}.pdf", kind), pdf_engine=engine).meta
        return {f: getattr(meta, f) for f in META_FIELDS}

    clean = read("clean")
    assert (clean["province"], clean["doc_date"], clean["doc_place"], clean["plan_year"]) == (
        "Thái Nguyên", dt.date(2024, 12, 6), "Thái Nguyên", 2025)
    assert read(marks) == clean


def test_syllables_split_after_their_marks_are_rejoined():
    from extract.segment.split_marks import is_split, rejoin

    assert rejoin("Thá i Nguyê n, ngà y 06 thá ng 12 nă m 2024").rstrip() == "Thái Nguyên, ngày 06 tháng 12 năm 2024"
    assert rejoin("Số : 45/NQ-HĐND").rstrip() == "Số: 45/NQ-HĐND"
    assert rejoin("Về kế họa ch phá t triể n").rstrip() == "Về kế hoạch phát triển"  # the tone where "ch" puts it
    assert rejoin("Độ c lậ p - Tự do - Hạ nh phú c").rstrip() == "Độc lập - Tự do - Hạnh phúc"  # "Tựdo" is no syllable
    assert is_split(["HỘ I ĐỒ NG NHÂ N DÂ N"])
    assert not is_split(["Hội đồng nhân dân tỉnh có ai ở đó", "Tự do - Hạnh phúc"])
