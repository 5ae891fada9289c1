"""The targets stage's shortcuts (issue 19) give what the plain way gives: each checked by hand on
examples and against the slower way it replaces, written out independently."""
from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.util import get_words_and_spaces

from extract.ingest import bytes_to_document
from extract.normalise import normalise
from extract.pipeline import process_text
from extract.segment import segment
from extract.targets.clauses import TextIndex
from extract.targets.indicator import unit_named
from extract.targets.labels import Label
from extract.targets.lexicon import load_lexicon
from extract.targets.measure import names_a_change
from extract.targets.nlp import TOKEN, build_nlp, lexicon_spans, words_and_spaces
from extract.targets.quantities import find_quantities, short_text_quantities
from extract.targets.timeframe import heading_year_period, title_period_year


def match_by_match_words_and_spaces(text):
    """words_and_spaces as first written: a walk over the token matches, the text between two
    tokens a word of its own but for one space after a token (spaCy's get_words_and_spaces does
    the same for the usual spaces, but takes "\x1c", a token to our patterns, for whitespace)."""
    words, spaces, pos = [], [], 0
    for m in TOKEN.finditer(text):
        if m.start() > pos:
            words.append(text[pos:m.start()])
            spaces.append(False)
        words.append(m.group())
        spaces.append(text[m.end():m.end() + 1] == " ")
        pos = m.end() + spaces[-1]
    if pos < len(text):
        words.append(text[pos:])
        spaces.append(False)
    return words, spaces


# Whitespace the patterns (\s) and str.isspace() disagree on ("\x1c": a token to the patterns), and
# runs of it around tokens.
ODD_PIECES = ["a", "tỷ", "5,5", " ", "  ", "\n", " \n", "\t", "\x1c", "\x1f", "\u2028", "\u00a0", "\u3000",
              "\u200b", "\u0301", "%", "("]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ODD_PIECES), max_size=25).map("".join))
def test_words_and_spaces_with_odd_whitespace(text):
    assert words_and_spaces(text) == match_by_match_words_and_spaces(text)
    if "\x1c" not in text and "\x1f" not in text:
        assert words_and_spaces(text) == get_words_and_spaces(TOKEN.findall(text), text)


def test_words_and_spaces_by_hand():
    # a token's one following space is its trailing space; the rest of a run is a word of its own
    assert words_and_spaces(" Thu  5%\n") == ([" ", "Thu", " ", "5", "%", "\n"], [False, True, False, False, False, False])
    assert words_and_spaces("x\x1c y") == (["x", "\x1c", "y"], [False, True, False])


def plain_names_a_change(indicator_text, names, change_words):
    """names_a_change as first written: each name blanked out, then one search per change word."""
    text = indicator_text
    for name in sorted(names, key=len, reverse=True):
        text = regex.sub(regex.escape(name), " ", text, flags=regex.I)
    return any(regex.search(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(w)}(?![\p{{L}}\p{{M}}])", text, regex.I)
               for w in change_words)


def test_names_a_change():
    lex = load_lexicon()
    info = lex.indicators["ntm_communes"]
    # "mới" of "nông thôn mới" is the indicator's own name; "tăng thêm" is a change
    assert names_a_change(lex, "Số xã đạt chuẩn nông thôn mới tăng thêm", info)
    assert not names_a_change(lex, "Số xã đạt chuẩn nông thôn mới", info)
    assert not names_a_change(lex, "Số xã đạt chuẩn Nông thôn mới", info)
    assert names_a_change(lex, "Số xã mới", None)
    assert not names_a_change(lex, "Số xã mớii", None)  # not a whole word
    assert not names_a_change(lex, None, info)
    for text in ["Số xã đạt chuẩn nông thôn mới tăng thêm", "Thêm xã", "nông thôn mới nâng cao", "Tăng thêmx",
                 "Số xã NTM mới", "THÊM", "xã đạt chuẩn nông thôn mới, thêm"]:
        for name_info in (info, None):
            names = name_info.names if name_info else ()
            assert names_a_change(lex, text, name_info) == plain_names_a_change(text, names, lex.cues["change_cues"])


def test_unit_named():
    lex = load_lexicon()
    [q] = find_quantities("đón 850 nghìn lượt khách")
    assert unit_named(lex, q) == "tourism_arrivals"
    [q] = find_quantities("đón 3 triệu lượt khác")  # misspelt by a letter
    assert unit_named(lex, q) == "tourism_arrivals"
    [q] = find_quantities("đạt 850 nghìn tấn")
    assert unit_named(lex, q) is None


def test_short_text_quantities_are_find_quantities():
    for text in ["1 tỷ đồng", "7,5%", "1 USD/người", "12.500 tỷ đồng", "1 %", "45.799/36.875 tỷ đồng", "abc"]:
        assert short_text_quantities(text) == tuple(find_quantities(text))
        assert short_text_quantities(text) == tuple(find_quantities(text))  # remembered: the same again
    assert short_text_quantities("7,5%")[0].value == 7.5


def test_lexicon_span_texts_are_the_spans_own():
    # lexicon_spans slices the text for a span's words: what spaCy's Span.text gives
    text = "Tổng sản phẩm (GRDP) tăng 7%;\n  tỷ lệ hộ nghèo   giảm 1,5%.\nThu ngân sách đạt 5 tỷ đồng"
    ranges = [(0, 29), (30, 59), (60, len(text))]
    assert [text[a:b] for a, b in ranges][1] == "  tỷ lệ hộ nghèo   giảm 1,5%."
    found = lexicon_spans(text, ranges)
    doc = build_nlp()(text)
    for key, spans in found.items():
        assert spans or key == "qualifiers", key
        assert {(a, b, label, t) for a, b, label, t in spans} == {
            (sp.start_char, sp.end_char, sp.label_, sp.text) for sp in doc.spans[key]}
    assert "tỷ lệ hộ nghèo" in {t for *_, t in found["indicators"]}


def test_enclosing_sections_by_bisection_are_the_documents():
    text = ("NGHỊ QUYẾT\nĐiều 1. Mục tiêu\n1. Kinh tế\na) GRDP tăng 7%.\n- Thu ngân sách đạt 5 tỷ đồng.\n"
            "2. Xã hội\nTỷ lệ hộ nghèo giảm 1,5%.\nĐiều 2. Tổ chức thực hiện\nGiao UBND tỉnh.\n")
    assert process_text(text).targets  # the excerpt reads as a resolution
    seg = segment(normalise(bytes_to_document(text.encode(), "<text>")))
    assert len([s for s in seg.sections if s.kind != "bullet"]) >= 3
    for pos in range(-1, len(seg.text) + 2):
        assert seg.enclosing_sections(pos) == seg.headings_at(pos), pos
    gdp = seg.text.index("GRDP")
    assert [s.label for s in seg.enclosing_sections(gdp)] == ["Điều 1", "1", "a"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "(", ")", ",", ";", ".", ":", "\n", "5", " ", "-"]), max_size=30).map("".join),
       st.sampled_from([",", ";", ",;.", ":\n", "-"]))
def test_text_index_stops_are_a_regex_scan(text, delimiters):
    chars = regex.compile("[" + regex.escape("()" + delimiters) + "]")
    assert TextIndex(text)._stops(delimiters) == [m.start() for m in chars.finditer(text)]


def test_text_index_stops_by_hand():
    assert TextIndex("a (b, c); d")._stops(";") == [2, 7, 8]
    assert TextIndex("a (b, c); d")._stops(",") == [2, 4, 7]


def test_label_parse_remembered():
    assert Label.parse("grdp_growth:industry") == Label("grdp_growth", "industry")
    assert Label.parse("grdp_growth") == Label("grdp_growth", None)
    assert Label.parse("grdp_growth:industry") is Label.parse("grdp_growth:industry")


def test_paragraph_label_before_a_scaled_number():
    # a number with a scale word but no unit right after a paragraph label ("2. 15 triệu") is taken
    # for the label's text, not a quantity; the same words elsewhere in a line are one
    assert find_quantities("Mục tiêu\n2. 15 triệu\n") == []
    assert [q.text for q in find_quantities("Mục tiêu\nđạt 15 triệu\n")] == ["15 triệu"]
    assert [q.text for q in find_quantities("2. 15 triệu\nđạt 15 triệu")] == ["15 triệu"]


def test_heading_year_period_by_hand():
    # the innermost title naming a period or a year wins; a yearly figure takes any title's period
    titles = ["Mục tiêu đến năm 2025", "Kế hoạch giai đoạn 2021 - 2025"]
    assert title_period_year("Kế hoạch giai đoạn 2021 - 2025") == ("2021-2025", None)  # a year is "năm 2025"
    assert title_period_year("Năm 2024 và năm 2025") == (None, 2025)  # the last year
    assert title_period_year("Mục tiêu đến năm 2025") == (None, 2025)
    assert title_period_year("Mục tiêu chủ yếu") == (None, None)
    assert heading_year_period(titles, False) == (2025, None)
    assert heading_year_period(titles, True) == (None, "2021-2025")
    assert heading_year_period(["Mục tiêu chủ yếu"], True) == (None, None)
