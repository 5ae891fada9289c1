"""Legacy 8-bit encodings (TCVN3, VNI, VISCII): tables, detection per run, and the readers' part.

Surface strings are the legacy bytes as CP1252 shows them (reference §3.3); the Unicode they must
become is written out by hand."""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement

from extract.ingest import ingest
from extract.normalise import normalise
from extract.pipeline import process_file
from extract.text.legacy import decode, detect_encoding, encoding_of_font, legacy_spans

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from legacy_encoders import encode_tcvn3, encode_vni  # noqa: E402  (scripts/, beside the renderers)

SAMPLES = [
    # (surface, encoding, capitals, unicode)
    ("NghÞ quyÕt §¹i héi §¶ng bé tØnh", "tcvn3", False, "Nghị quyết Đại hội Đảng bộ tỉnh"),
    ("Nghò quyeát Ñaïi hoäi Ñaûng boä tænh", "vni", False, "Nghị quyết Đại hội Đảng bộ tỉnh"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "vni", False, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM", "tcvn3", True, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("§éc lËp - Tù do - H¹nh phóc", "tcvn3", False, "Độc lập - Tự do - Hạnh phúc"),
    ("Ñoäc laäp - Töï do - Haïnh phuùc", "vni", False, "Độc lập - Tự do - Hạnh phúc"),
    ("ÑAÛNG COÄNG SAÛN VIEÄT NAM", "vni", False, "ĐẢNG CỘNG SẢN VIỆT NAM"),
    ("TØNH ñY B¾C NINH", "tcvn3", True, "TỈNH ỦY BẮC NINH"),
    ("TÆNH UÛY BAÉC NINH", "vni", False, "TỈNH ỦY BẮC NINH"),
    ("Uû ban nh©n d©n", "tcvn3", False, "Uỷ ban nhân dân"),
    ("Uyû ban nhaân daân", "vni", False, "Uỷ ban nhân dân"),
    ("nhµ n\u00adíc, ng\u00adêi, ®\u00adîc", "tcvn3", False, "nhà nước, người, được"),
    ("nhaø nöôùc, ngöôøi, ñöôïc", "vni", False, "nhà nước, người, được"),
    ("Thu ng©n s¸ch ®¹t 13.593,9 tû ®ång", "tcvn3", False, "Thu ngân sách đạt 13.593,9 tỷ đồng"),
    ("Kim ngaïch xuaát khaåu ñaït 4,8 tyû USD", "vni", False, "Kim ngạch xuất khẩu đạt 4,8 tỷ USD"),
    ("tû lÖ hé nghÌo gi¶m cßn 1,5%", "tcvn3", False, "tỷ lệ hộ nghèo giảm còn 1,5%"),
    # VISCII (RFC 1456): one byte per letter, capitals included; Latin-1 letters keep their codes
    ("Ngh¸ quyªt ÐÕi hµi Ðäng bµ tïnh", "viscii", False, "Nghị quyết Đại hội Đảng bộ tỉnh"),
    ("Thu ngân sách ðÕt 13.593,9 tÖ ð°ng", "viscii", False, "Thu ngân sách đạt 13.593,9 tỷ đồng"),
    ("ngß¶i lao ðµng ðßþc ðào tÕo", "viscii", False, "người lao động được đào tạo"),
]


@pytest.mark.parametrize("surface, encoding, capitals, unicode", SAMPLES, ids=[s[3] for s in SAMPLES])
def test_decode(surface, encoding, capitals, unicode):
    assert decode(surface, encoding, capitals) == unicode


@pytest.mark.parametrize("surface, encoding, capitals, unicode", SAMPLES, ids=[s[3] for s in SAMPLES])
def test_detect_by_characters(surface, encoding, capitals, unicode):
    assert detect_encoding(surface) == encoding
    assert detect_encoding(unicode) is None


@pytest.mark.parametrize("text", [
    "Thu ngân sách đạt 13.593,9 tỷ đồng", "Café crème brûlée à la française", "Hola señor, ¿qué tal? Mañana.",
    "diện tích 6.071 km² © 2020", "GRDP tăng 7,5%", "Hòa Bình", "â0â",
])
def test_unicode_and_foreign_text_is_not_legacy(text):
    assert detect_encoding(text) is None


@pytest.mark.parametrize("font, expected", [
    (".VnTime", ("tcvn3", False)), (".VnTimeH", ("tcvn3", True)), ("ABCDEF+.VnArialH", ("tcvn3", True)),
    (".VnTime-Bold", ("tcvn3", False)), (".VnTimeH,Bold", ("tcvn3", True)), ("VNI-Times", ("vni", False)),
    ("VNI-Helve", ("vni", False)), ("VISCII Times", ("viscii", False)), ("Times New Roman", None), ("DejaVuSerif", None), (None, None),
])
def test_font_names(font, expected):
    assert encoding_of_font(font) == expected


def add_run(paragraph, text: str, font: str, soft_hyphen_at: int | None = None):
    run = paragraph.add_run(text if soft_hyphen_at is None else text[:soft_hyphen_at])
    run.font.name = font
    if soft_hyphen_at is not None:  # what Word writes for a TCVN3 "ư" (byte 0xAD)
        run._r.append(OxmlElement("w:softHyphen"))
        t = OxmlElement("w:t")
        t.text = text[soft_hyphen_at:]
        run._r.append(t)
    return run


def test_docx_mixed_runs_are_decoded_run_by_run(tmp_path):
    document = docx.Document()
    p = document.add_paragraph()
    add_run(p, "Kết quả năm 2020: ", "Times New Roman")
    add_run(p, "thu ng©n s¸ch ®¹t 13.593,9 tû ®ång.", ".VnTime")
    add_run(document.add_paragraph(), "TØNH ñY H¦NG Y£N", ".VnTimeH")
    add_run(document.add_paragraph(), "Kim ngaïch xuaát khaåu ñaït 4,8 tyû USD.", "VNI-Times")
    add_run(document.add_paragraph(), "Thu nhËp ngêi d©n t¨ng.", ".VnTime", soft_hyphen_at=len("Thu nhËp ng"))
    add_run(document.add_paragraph(), "Tỷ lệ hộ nghèo giảm còn 1,5%; vốn 242 triệu USD ©", "Times New Roman")
    path = tmp_path / "legacy.docx"
    document.save(path)
    text = normalise(ingest(path)).text
    assert text.split("\n") == [
        "Kết quả năm 2020: thu ngân sách đạt 13.593,9 tỷ đồng.",
        "TỈNH ỦY HƯNG YÊN",
        "Kim ngạch xuất khẩu đạt 4,8 tỷ USD.",
        "Thu nhập người dân tăng.",
        "Tỷ lệ hộ nghèo giảm còn 1,5%; vốn 242 triệu USD ©",
    ]
    result = process_file(path)
    assert [(t.indicator, t.value, t.unit) for t in result.targets] == [
        ("budget_revenue", 13593.9, "VND"), ("export_turnover", 4.8, "USD"),
        ("poverty_rate", 1.5, "percent"), (None, 242, "USD")]
    for t in result.targets:
        assert result.text[t.char_start:t.char_end] == t.text


def test_eight_bit_tcvn3_text_file(tmp_path):
    lines = ["TØNH ñY QU¶NG TRÞ", "Thu ng©n s¸ch ®¹t 2.500 tû ®ång; tû lÖ hé nghÌo gi¶m cßn 3,5%."]
    path = tmp_path / "tcvn3.txt"
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    result = process_file(path)
    assert result.status == "ok", result.error
    assert result.text.split("\n")[-1] == "Thu ngân sách đạt 2.500 tỷ đồng; tỷ lệ hộ nghèo giảm còn 3,5%."
    assert [(t.indicator, t.value) for t in result.targets] == [("budget_revenue", 2500), ("poverty_rate", 3.5)]


def test_viscii_capitals_on_windows_punctuation_codes():
    """VISCII puts capitals on 0x80-0x9F, which CP1252 shows as punctuation (› œ ˜): decoded in a
    VISCII run or 8-bit file, but not evidence of VISCII in text judged by its characters alone,
    where “ ” – … are far more often Unicode punctuation."""
    assert decode("T›NH œY QUÄNG TR˜", "viscii") == "TỈNH ỦY QUẢNG TRỊ"
    assert detect_encoding("T›NH œY QUÄNG TR˜ - Ngh¸ quyªt", keep_punctuation=False) == "viscii"
    assert detect_encoding("“Tang” – bao • 5…") is None


def test_eight_bit_viscii_text_file_with_capitals_on_control_codes(tmp_path):
    # "ẲNG" is not a word, but 0x02 is where VISCII puts "Ẳ": the reader must not take it for binary
    data = b"T\x9bNH \x9cY QU\xc4NG TR\x98\nThu ng\xe2n s\xe1ch \xf0\xd5t 2.500 t\xd6 \xf0\xb0ng (\x02NG).\n"
    path = tmp_path / "viscii.txt"
    path.write_bytes(data)
    result = process_file(path)
    assert result.status == "ok", result.error
    assert result.text.split("\n") == ["TỈNH ỦY QUẢNG TRỊ", "Thu ngân sách đạt 2.500 tỷ đồng (ẲNG)."]
    assert [(t.indicator, t.value, t.unit) for t in result.targets] == [("budget_revenue", 2500, "VND")]


def test_vntime_pdf_glyphs_minus_and_bullet_are_letters_only_beside_letters():
    # a PDF set in the real .VnTime font shows 0xAD (ư) as U+2212 and 0xB7 (ã) as U+2219
    assert decode("nhµ n\u2212íc, Th«ng t\u2212 s\u2219 5", "tcvn3") == "nhà nước, Thông tư sã 5"
    assert decode("gi¶m 5 \u2212 7 lÇn", "tcvn3") == "giảm 5 \u2212 7 lần"


def test_unicode_corpus_passes_the_legacy_detector_untouched(corpus_run):
    """Only the TCVN3 and VNI renditions are in a legacy encoding: the detector leaves every block
    of the Unicode documents alone, and finds the legacy runs of the legacy ones."""
    from pathlib import Path

    from extract.ingest import ingest as read

    for result in corpus_run.ok:
        raw = read(result.source_path)
        legacy = [b.text for b in raw.blocks if legacy_spans(b.text, b.fonts)]
        if Path(result.source_path).stem.endswith(("-tcvn3", "-vni")):
            assert len(legacy) > 0.9 * len(raw.blocks)
        else:
            assert legacy == []


@pytest.mark.parametrize("text", sorted({unicode for _, _, _, unicode in SAMPLES}))
def test_the_scripts_encoders_decode_back(text):
    """scripts/legacy_encoders.py types the corpus renditions and fixtures in TCVN3 and VNI: what it
    writes decodes back to the text, capitals runs (.VnTimeH) included."""
    assert decode(encode_vni(text), "vni") == unicodedata.normalize("NFC", text)
    runs = encode_tcvn3(text)
    assert "".join(decode(surface, "tcvn3", capitals=capitals) for surface, capitals in runs) == \
        unicodedata.normalize("NFC", text)
