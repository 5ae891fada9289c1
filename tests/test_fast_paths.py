"""The pipeline's shortcuts give what the plain way gives.

Each shortcut that makes a document faster to process (see benchmarks/throughput.py) is checked
here against the slower way it replaces, written out independently: on the corpus, on fixtures,
and on generated text.
"""
from __future__ import annotations

import ctypes
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.util import get_words_and_spaces

from extract.targets.clauses import TextIndex
from extract.targets.nlp import TOKEN, build_nlp, lexicon_spans, words_and_spaces
from extract.targets.quantities import find_quantities
from extract.targets.spans import lines_to_tag

ROOT = Path(__file__).resolve().parents[1]
TEXT_LAYER_PDFS = sorted([p for p in (ROOT / "corpus").glob("*.pdf") if "-scan" not in p.stem]
                         + list((ROOT / "tests" / "fixtures").rglob("*.pdf")))

PIECES = ["Thu", " ", "  ", "\n", " \n ", "ngân sách", "13.593,9", "tỷ", "đồng", ",", ";", "(", ")", "%",
          "\t", "GRDP", "-", "nông thôn", "nước sạch", "đạt", "1,5", "…", "\u00a0", "x"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_tokenizer_words_and_spaces_are_spacys(text):
    assert words_and_spaces(text) == get_words_and_spaces(TOKEN.findall(text), text)


def whole_text_spans(text: str) -> dict[str, set[tuple[int, int, str, str]]]:
    doc = build_nlp()(text)
    return {key: {(s.start_char, s.end_char, s.label_, s.text) for s in doc.spans[key]}
            for key in ("indicators", "qualifiers", "cues")}


def test_tagging_the_lines_the_extractor_reads_gives_the_whole_texts_spans_there(corpus_run):
    # The extractor tags only some lines; there it must see exactly what tagging the whole text gives.
    from extract.ingest import ingest
    from extract.normalise import normalise
    from extract.segment import segment

    checked = 0
    for result in corpus_run.results:
        if result.status != "ok" or result.ocr_confidence:  # (scans: their OCR is tested elsewhere)
            continue
        seg = segment(normalise(ingest(result.source_path)))
        ranges = lines_to_tag(seg, find_quantities(seg.text))
        assert ranges and all(seg.text[a - 1:a] in ("", "\n") and seg.text[b:b + 1] in ("", "\n") for a, b in ranges)
        whole = whole_text_spans(seg.text)
        lines = lexicon_spans(seg.text, ranges)
        for key, spans in lines.items():
            inside = {s for s in whole[key] if any(a <= s[0] and s[1] <= b for a, b in ranges)}
            assert set(spans) == inside, (result.source_path, key)
            assert spans == sorted(spans, key=lambda s: (s[0], -s[1], s[2]))
        checked += 1
    assert checked >= 9


GAPPED = [
    ("Tỷ lệ dân số nông thôn được sử dụng nước sạch đạt 98%.", "nông thôn được sử dụng nước sạch"),
    ("tỷ lệ hộ dân nông thôn sử dụng nước hợp vệ sinh 99%", "nông thôn sử dụng nước hợp vệ sinh"),
    ("có 45 trường học các cấp đạt chuẩn quốc gia", None),
    ("nông thôn mới, và một hai ba bốn năm sáu nước sạch", None),  # too far apart: no match
    ("100% khu công nghiệp có hệ thống xử lý nước thải tập trung", None),
]


@pytest.mark.parametrize("text, _", GAPPED)
def test_gapped_phrases_found_in_windows_are_the_matchers_over_the_whole_doc(text, _):
    nlp = build_nlp()
    for name in ("vi_indicators", "vi_qualifiers", "vi_cues"):
        tagger = nlp.get_pipe(name)
        if not len(tagger.matcher):  # no gapped phrase in this lexicon
            continue
        doc = nlp.make_doc(text)
        assert tagger.gapped_matches(doc) == sorted(set(tagger.matcher(doc)), key=lambda m: (m[1], m[2], m[0]))


def test_a_gapped_phrase_is_tagged():
    doc = build_nlp()("Tỷ lệ dân số nông thôn được sử dụng nước sạch đạt 98%.")
    assert [(s.text, s.label_) for s in doc.spans["indicators"]] == [
        ("nông thôn được sử dụng nước sạch", "rural_clean_water_rate")]


def clause_start_by_characters(text: str, pos: int, delimiters: str, floor: int) -> int:
    """The scan TextIndex.clause_start shortens: every character back from pos."""
    depth, i = 0, pos - 1
    while i >= floor:
        ch = text[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                return i + 1
            depth -= 1
        elif depth == 0 and ch in delimiters and not (
                ch in ",." and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()):
            return i + 1
        i -= 1
    return floor


CLAUSE_PIECES = ["đạt", " ", "1,5", "13.593,9", ",", ";", ":", "(", ")", ". ", "\n", "Thu", "tăng", "x", "9."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(CLAUSE_PIECES), min_size=1, max_size=30).map("".join), st.data())
def test_clause_start_is_the_character_scan(text, data):
    idx = TextIndex(text)
    pos = data.draw(st.integers(0, len(text)))
    for delimiters in (";:", ",;:", ";", ":;"):
        assert idx.clause_start(pos, delimiters) == \
            clause_start_by_characters(text, pos, delimiters, idx.sentence_start(pos))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(CLAUSE_PIECES), min_size=1, max_size=30).map("".join))
def test_open_groups_are_the_character_scan(text):
    stack, expected = [], []
    for ch in text:
        expected.append(stack[-1] if stack else -1)
        if ch == "(":
            stack.append(len(expected) - 1)
        elif ch == ")" and stack:
            stack.pop()
        elif ch == "\n":
            stack.clear()
    expected.append(stack[-1] if stack else -1)
    assert TextIndex(text).open_at == expected


def runs_by_rectangle(textpage) -> list[tuple]:
    """Every text rectangle of the page with its text asked for by its box (the slow way)."""
    import pypdfium2.raw as pdfium_c

    buffer = (ctypes.c_ushort * (pdfium_c.FPDFText_CountChars(textpage) + 1))()
    runs = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        written = pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, buffer, len(buffer))
        text = bytes(memoryview(buffer)[:max(written, 0)]).decode("utf-16-le").partition("\x00")[0].replace("\x02", "-")
        if text.strip():
            runs.append((left, right, round(top, 4), round(bottom, 4), text.strip(), text[:1].isspace(), text[-1:].isspace()))
    return runs


@pytest.mark.parametrize("pdf", TEXT_LAYER_PDFS, ids=lambda p: p.name)
def test_pdfium_runs_asked_per_line_are_the_rectangles_runs(pdf):
    import pypdfium2 as pdfium

    from extract.ingest.marks import has_loose_marks
    from extract.ingest.pdfium import pdfium_line_runs

    document = pdfium.PdfDocument(pdf)
    name, flags = ctypes.create_string_buffer(256), ctypes.c_int()
    try:
        for page in document:
            height = page.get_height()
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            if has_loose_marks(text):  # such pages are read character by character instead
                continue
            got = [(r["x0"], r["x1"], round(height - r["top"], 4), round(height - r["bottom"], 4), r["text"],
                    r["space_before"], r["space_after"]) for r in pdfium_line_runs(textpage, text, height, name, flags)]
            assert got == runs_by_rectangle(textpage), (pdf.name, page)
            textpage.close()
    finally:
        document.close()


def test_mark_check_is_unicodedatas():
    import unicodedata

    from extract.ingest.marks import has_loose_marks

    marks = [chr(c) for c in range(0x300, 0x110000) if unicodedata.combining(chr(c))]
    assert all(has_loose_marks("a" + m) for m in marks)
    assert not has_loose_marks("Tỉnh ủy Hưng Yên: đồng, ĐẢNG BỘ")  # precomposed letters carry no loose mark
