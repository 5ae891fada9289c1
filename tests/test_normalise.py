"""Normalisation: Unicode, tone placement, conversion debris, paragraphs, and the offset map."""
from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.models import Block, RawDocument
from extract.normalise import normalise
from extract.text.vietnamese import tone_key


def norm(*lines: str, continues: tuple[bool, ...] | None = None):
    blocks = [Block(text=t, continues=(continues[i] if continues else False)) for i, t in enumerate(lines)]
    return normalise(RawDocument(source_path="t", format="text", sha256="0", pages=None, blocks=blocks))


@pytest.mark.parametrize("new, old", [
    ("hoà", "hòa"), ("hoá", "hóa"), ("khoá", "khóa"), ("KHOÁ", "KHÓA"), ("Khoá", "Khóa"), ("uỷ", "ủy"),
    ("Uỷ", "Ủy"), ("UỶ", "ỦY"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("loà", "lòa"), ("tuỳ", "tùy"), ("luỹ", "lũy"),
])
def test_tone_marks_take_the_old_style(new, old):
    assert tone_key(new) == old
    assert tone_key(old) == old
    assert tone_key(old, style="new") == new


@pytest.mark.parametrize("word", "quý QUÝ quỹ hoàng toán huỳnh hoài xoáy khuỷu khuya thuở thuế tuyển mía của già "
                                 "người ngoẹo huấn quà".split())
def test_tone_rule_leaves_other_syllables_alone(word):
    assert tone_key(word) == word
    assert tone_key(word, style="new") == word


def test_nfd_text_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Nghị quyết Tỉnh ủy khóa XIX")
    assert norm(nfd).text == "Nghị quyết Tỉnh ủy khóa XIX"


@pytest.mark.parametrize("raw, clean", [
    ("\u00d0ảng bộ tỉnh", "Đảng bộ tỉnh"),  # eth look-alike
    ("tăng\u00a07,5%", "tăng 7,5%"),  # no-break space
    ("GRDP\u200b tăng", "GRDP tăng"),  # zero-width space
    ("năm 2021 \u2013 2025", "năm 2021 - 2025"),  # en dash
    ("tăng   7%", "tăng 7%"),
])
def test_characters_are_repaired(raw, clean):
    assert norm(raw).text == clean


@pytest.mark.parametrize("raw, lines", [
    # the sample's letterhead, run together by a converter with "*" where lines were
    ("ĐẢNG CỘNG SẢN VIỆT NAM*Hưng Yên, ngày 26 tháng 11 năm 2020***NGHỊ QUYẾT****HỘI NGHỊ LẦN THỨ 2",
     ["ĐẢNG CỘNG SẢN VIỆT NAM", "Hưng Yên, ngày 26 tháng 11 năm 2020", "NGHỊ QUYẾT", "HỘI NGHỊ LẦN THỨ 2"]),
    # a heading run into the next heading
    ("I- TÌNH HÌNH NĂM 2023**1- Kết quả đạt được**", ["I- TÌNH HÌNH NĂM 2023", "1- Kết quả đạt được"]),
    # markdown emphasis
    ("- *Về công nghiệp, xây dựng*: Tập trung", ["- Về công nghiệp, xây dựng: Tập trung"]),
    ("- *Về tài chính:* Tăng cường", ["- Về tài chính: Tăng cường"]),
    ("**Điều 1.** Thông qua", ["Điều 1. Thông qua"]),
    ("*", []),  # the star under a Party letterhead
])
def test_conversion_debris_is_cleaned(raw, lines):
    assert norm(raw).text.split("\n") == (lines or [""])


def test_paragraph_split_by_a_page_break_is_rejoined():
    text = norm("Xây dựng nông thôn", "mới (NTM) đạt kết quả vượt trội.", "Lĩnh vực văn hóa - xã hội có tiến bộ.").text
    assert text == "Xây dựng nông thôn mới (NTM) đạt kết quả vượt trội.\nLĩnh vực văn hóa - xã hội có tiến bộ."


@pytest.mark.parametrize("first, second", [
    ("Về tình hình năm 2020;", "mục tiêu năm 2021"),  # closing punctuation: a title line, not a split
    ("2- Nhiệm vụ, giải pháp chủ yếu", "2.1- Về phát triển kinh tế"),  # the next starts with a number
    ("Tăng cường quốc phòng", "Đẩy mạnh phòng, chống tội phạm"),  # the next starts with a capital
])
def test_separate_paragraphs_stay_apart(first, second):
    assert norm(first, second).text == f"{first}\n{second}"


def test_layout_continuation_joins_even_before_a_capital():
    assert norm("trên địa bàn tỉnh", "Hưng Yên đạt 92%.", continues=(False, True)).text == "trên địa bàn tỉnh Hưng Yên đạt 92%."


def test_wrapped_lines_of_one_block_join_and_keep_a_glued_hyphen():
    assert norm("đại dịch Covid-\n19 và kinh tế -\nxã hội").text == "đại dịch Covid-19 và kinh tế - xã hội"


def test_offsets_point_back_to_the_raw_characters():
    doc = norm("TỈNH ỦY*Số 01", "Tỉnh uỷ  tăng 7,5%")
    for i, ch in enumerate(doc.text):
        raw = doc.raw_text[doc.offsets[i]]
        if ch not in "\n ":
            assert unicodedata.normalize("NFD", ch)[0].lower() == unicodedata.normalize("NFD", raw)[0].lower()
    start = doc.text.index("7,5%")
    assert doc.raw_text[slice(*doc.raw_span(start, start + 4))] == "7,5%"


VIETNAMESE_CHARS = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐÊƠ0123456789 ,.;:-*%()\n")
                                   + ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u00a0",
                                      "\u200b", "oà", "uỷ", "**", "\u2013", "Ð", "\u0306", "\u031b", "## ",
                                      "&#7889;", "\u00b4", "\u00ad", "ð", "1.Tăng", "\u2212"])
RAW_TEXT = st.lists(st.lists(VIETNAMESE_CHARS, max_size=40).map("".join), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(RAW_TEXT)
def test_normalised_text_is_nfc_and_stable(lines):
    doc = norm(*lines)
    assert unicodedata.is_normalized("NFC", doc.text)
    again = norm(*doc.text.split("\n")) if doc.text else doc
    assert again.text == doc.text


@settings(max_examples=300, deadline=None)
@given(RAW_TEXT)
def test_offsets_are_in_bounds_and_in_order(lines):
    doc = norm(*lines)
    assert len(doc.offsets) == len(doc.text)
    assert all(0 <= o < max(len(doc.raw_text), 1) for o in doc.offsets)
    assert doc.offsets == sorted(doc.offsets)
    for p in doc.paragraphs:
        a, b = doc.raw_span(p.start, p.end)
        assert 0 <= a <= b <= len(doc.raw_text)


@pytest.mark.parametrize("damaged, clean", [
    # UTF-8 read as CP1252 / Latin-1, repaired with ftfy
    ("Thu ngân sách đạt 13.593,9 tỷ đồng".encode().decode("cp1252", errors="replace"),
     "Thu ngân sách đạt 13.593,9 tỷ đồng"),
    ("Tỉnh ủy Hưng Yên, ngày 26 tháng 11".encode().decode("latin-1"), "Tỉnh ủy Hưng Yên, ngày 26 tháng 11"),
    # HTML numeric and named entities from scraped pages
    ("N&#431;&#7898;C s&#7841;ch &amp; v&#x1EC7; sinh", "NƯỚC sạch & vệ sinh"),
    # spacing accents after a vowel
    ("Tha\u00b4ng 11", "Tháng 11"), ("Ho\u02cbng", "Hòng"),
    # marks a PDF drew tone first ("đò̂ng"): the shape mark goes first, then NFC composes
    ("đo\u0300\u0302ng bo\u0323\u0302", "đồng bộ"), ("đò\u0302ng", "đồng"), ("tă\u0301ng, u\u0300\u031b", "tắng, ừ"),
    # conversion debris: markdown heading markers, numbering glued to its text
    ("## **I. KẾT QUẢ**", "I. KẾT QUẢ"), ("1.Năm 2022", "1. Năm 2022"), ("II.MỤC TIÊU", "II. MỤC TIÊU"),
    ("a)Tăng 5%", "a) Tăng 5%"),
])
def test_real_world_damage_is_repaired(damaged, clean):
    assert norm(damaged).text == clean


def test_mojibake_repair_keeps_offsets_per_word():
    damaged = "Thu ngân sách đạt 13.593,9 tỷ đồng".encode().decode("cp1252")
    doc = norm(damaged)
    start = doc.text.index("13.593,9")
    assert doc.raw_text[slice(*doc.raw_span(start, start + len("13.593,9")))] == "13.593,9"


def test_mojibake_prefilter_sees_every_utf8_character_read_as_cp1252_or_latin1():
    # ftfy is asked only where MOJIBAKE_PAIR occurs: that must hold for the mojibake of every
    # character outside ASCII, or some damage would be left unrepaired.
    from extract.normalise.characters import MOJIBAKE_PAIR

    unseen = []
    for code in range(0x80, 0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        data = chr(code).encode("utf-8")
        for encoding in ("cp1252", "latin-1"):
            try:
                damaged = data.decode(encoding)
            except UnicodeDecodeError:  # a byte CP1252 leaves undefined: not this encoding's mojibake
                continue
            if not MOJIBAKE_PAIR.search(damaged):
                unseen.append((hex(code), encoding))
    assert unseen == []


@pytest.mark.parametrize("clean", ["Tỉnh ủy Hưng Yên", "ĐẢNG BỘ TỈNH", "Thu ngân sách đạt 13.593,9 tỷ đồng – “vượt” …",
                                   "Âu Cơ, Ê-đê, Ô Môn: 100 người"])
def test_clean_vietnamese_does_not_reach_ftfy(clean):
    from extract.normalise.characters import MOJIBAKE_PAIR

    assert not MOJIBAKE_PAIR.search(clean)


@pytest.mark.parametrize("previous, following, layout, joined", [
    ("Tốc độ tăng trưởng kinh tế", "đạt 7,5% so với năm trước.", False, True),  # cut mid-sentence
    ("Tốc độ tăng trưởng kinh tế đạt 7,5%.", "đạt mức cao", False, False),  # closed by a full stop
    ("Các chỉ tiêu chủ yếu", "a) Chỉ tiêu kinh tế", False, False),  # a list item of its own
    ("MỤC TIÊU CHỦ YẾU", "tăng trưởng", False, False),  # a heading in capitals
    ("Tổng sản phẩm", "Tăng 7%", True, True),  # the layout says so
    ("Tổng sản phẩm&nbsp;", "\u200btăng 7%", False, True),  # judged as it will read
])
def test_page_break_joins(previous, following, layout, joined):
    from extract.normalise.paragraphs import continues_previous

    assert continues_previous(previous, following, layout) is joined
