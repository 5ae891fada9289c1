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

from extract.models import Quantity
from extract.targets.clauses import TextIndex, indicator_window_start
from extract.targets.extract import groups_holding
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


# --- ruled tables from pdfium's path objects, against pdfplumber's table finder --------------------

def plumber_tables(data: bytes) -> dict[int, list[list[tuple]]]:
    """Each page's tables as pdfplumber finds them after its full pdfminer parse (the slow way)."""
    import io

    import pdfplumber

    found = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for i, page in enumerate(pdf.pages):
            tables = [t.cells for t in page.find_tables() if len(t.cells) >= 4]
            if tables:
                found[i] = tables
    return found


def assert_same_tables(got: dict, expected: dict, name: str) -> None:
    assert got.keys() == expected.keys(), name
    for page in expected:
        assert [len(t) for t in got[page]] == [len(t) for t in expected[page]], (name, page)
        for table, other in zip(got[page], expected[page]):
            for cell, cell2 in zip(table, other):  # (pdfium keeps coordinates as 32-bit floats)
                assert cell == pytest.approx(cell2, abs=0.01), (name, page)


@pytest.mark.parametrize("pdf", TEXT_LAYER_PDFS, ids=lambda p: p.name)
def test_pdfium_tables_from_path_objects_are_pdfplumbers(pdf):
    from extract.ingest.pdfium import pdf_runs_pdfium

    data = pdf.read_bytes()
    assert_same_tables(pdf_runs_pdfium(data, pdf.name)[2], plumber_tables(data), pdf.name)


def test_every_corpus_table_is_found_with_the_same_rows():
    from extract.ingest.pdf import read_pdf

    blocks = {}
    for engine in ("pdfium", "pdfplumber"):
        for pdf in TEXT_LAYER_PDFS:
            blocks[engine, pdf.name] = [(b.page, b.cell, b.text) for b in read_pdf(pdf.read_bytes(), pdf.name, engine)[0]
                                        if b.cell]
    tables = {(pdf.name, page, cell[0]) for pdf in TEXT_LAYER_PDFS for page, cell, _ in blocks["pdfium", pdf.name]}
    assert len(tables) >= 4  # the goal-table fixture's two pages, and bac-ninh's
    for pdf in TEXT_LAYER_PDFS:
        assert blocks["pdfium", pdf.name] == blocks["pdfplumber", pdf.name], pdf.name


def drawn_tables_pdf() -> bytes:
    """A PDF whose tables are drawn every way a page can draw rules: rectangles ("re"), lines
    under a scaling and shifting matrix, one path of many subpaths, a box with Bézier corners (a
    curve, no table), a closed polygon, and the first page placed again inside a form object."""
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(595, 842)

    def add(obj, stroke=True, fill=0):
        raw.FPDFPath_SetDrawMode(obj, fill, stroke)
        raw.FPDFPage_InsertObject(page.raw, obj)

    for row in range(4):  # a 3 x 4 grid of rectangles
        for col in range(3):
            add(raw.FPDFPageObj_CreateNewRect(50 + 100 * col, 700 - 20 * row, 100, 20))
    lines = raw.FPDFPageObj_CreateNewPath(0, 0)  # one path, many subpaths: a 4 x 3 grid of lines
    for k in range(5):
        raw.FPDFPath_MoveTo(lines, 0, 10 * k)
        raw.FPDFPath_LineTo(lines, 120, 10 * k)
    for k in range(4):
        raw.FPDFPath_MoveTo(lines, 40 * k, 0)
        raw.FPDFPath_LineTo(lines, 40 * k, 40)
    raw.FPDFPageObj_Transform(lines, 2, 0, 0, 1.5, 60, 400)
    add(lines)
    curve = raw.FPDFPageObj_CreateNewPath(50, 200)  # a box with a rounded corner
    raw.FPDFPath_LineTo(curve, 250, 200)
    raw.FPDFPath_BezierTo(curve, 260, 200, 270, 210, 270, 220)
    raw.FPDFPath_LineTo(curve, 270, 300)
    raw.FPDFPath_LineTo(curve, 50, 300)
    raw.FPDFPath_Close(curve)
    add(curve, stroke=False, fill=raw.FPDF_FILLMODE_WINDING)
    polygon = raw.FPDFPageObj_CreateNewPath(300, 200)  # a closed six-sided outline split by a rule
    for x, y in ((500, 200), (500, 250), (400, 250), (400, 300), (300, 300)):
        raw.FPDFPath_LineTo(polygon, x, y)
    raw.FPDFPath_Close(polygon)
    add(polygon)
    add(raw.FPDFPageObj_CreateNewRect(300, 250, 100, 0.5), stroke=False, fill=raw.FPDF_FILLMODE_WINDING)
    raw.FPDFPage_GenerateContent(page.raw)
    second = pdf.new_page(595, 842)
    form = pdf.page_as_xobject(0, pdf).as_pageobject()
    form.transform(pdfium.PdfMatrix(0.5, 0, 0, 0.5, 100, 50))
    second.insert_obj(form)  # (the page owns the object from here)
    second.gen_content()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def test_tables_drawn_with_rectangles_transforms_subpaths_curves_and_forms_are_pdfplumbers():
    from extract.ingest.pdfium import pdf_runs_pdfium

    data = drawn_tables_pdf()
    expected = plumber_tables(data)
    assert [len(t) for t in expected[0]] == [12, 12] and [len(t) for t in expected[1]] == [12, 12]
    assert_same_tables(pdf_runs_pdfium(data, "drawn.pdf")[2], expected, "drawn.pdf")


GRID = st.lists(st.tuples(st.sampled_from("hv"), st.integers(0, 6), st.integers(0, 6), st.integers(1, 6)),
                max_size=14)


@settings(max_examples=300, deadline=None)
@given(GRID)
def test_intersections_and_cells_are_pdfplumbers(rules):
    from pdfplumber.table import edges_to_intersections, intersections_to_cells

    from extract.ingest import ruled_tables

    edges = []
    for orientation, at, start, length in rules:  # rules on a 10-point grid, some overlapping
        a, b = 10.0 * start, 10.0 * min(start + length, 8)
        p0, p1 = ((a, 10.0 * at), (b, 10.0 * at)) if orientation == "h" else ((10.0 * at, a), (10.0 * at, b))
        edges.append(ruled_tables.edge(p0, p1, "line"))
    expected = intersections_to_cells(edges_to_intersections(edges, 3, 3))
    found = ruled_tables.edges_to_intersections(edges, 3, 3)
    assert set(found) == set(edges_to_intersections(edges, 3, 3))
    assert ruled_tables.intersections_to_cells(found) == expected


# --- long texts tagged in pieces ---------------------------------------------------------------

def every_line(text: str) -> list[tuple[int, int]]:
    ranges, pos = [], 0
    for line in text.split("\n"):
        ranges.append((pos, pos + len(line)))
        pos += len(line) + 1
    return ranges


@pytest.mark.parametrize("name", ["hung-yen-01-NQ-TU-2020.txt", "quang-ngai-07-NQ-TU-2021.txt"])
def test_lines_tagged_in_small_pieces_give_the_one_docs_spans(name, monkeypatch):
    from extract.targets import nlp

    text = (ROOT / "corpus" / name).read_text(encoding="utf-8")
    ranges = every_line(text)
    whole = whole_text_spans(text)
    # pieces of a few lines each, none cut inside a line
    monkeypatch.setattr(nlp, "PIECE_CHARS", max(b - a for a, b in ranges) + 1)
    assert len(nlp.pieces(text, ranges)) > 5
    found = nlp.lexicon_spans(text, ranges)
    for key, spans in found.items():
        assert set(spans) == whole[key], key
        assert spans == sorted(spans, key=lambda s: (s[0], -s[1], s[2]))


def test_a_line_longer_than_a_piece_is_cut_at_sentence_ends(monkeypatch):
    from extract.targets import nlp

    sentence = "Tỷ lệ hộ nghèo giảm bình quân 1,5%/năm; thu ngân sách nhà nước đạt 5 tỷ đồng. "
    text = sentence * 40  # one line of 3,200 characters
    monkeypatch.setattr(nlp, "PIECE_CHARS", 500)
    parts = nlp.cut_range(text, 0, len(text))
    assert all(b - a <= 500 for a, b in parts) and "".join(text[a:b] for a, b in parts) == text
    assert all(text[b - 2:b] in (". ", "; ") for a, b in parts[:-1])
    assert set(nlp.lexicon_spans(text, [(0, len(text))])["indicators"]) == whole_text_spans(text)["indicators"]


def test_a_text_longer_than_spacys_limit_is_tagged():
    from extract.targets import nlp

    line = "Thu ngân sách nhà nước trên địa bàn đạt 13.593,9 tỷ đồng, tỷ lệ hộ nghèo còn 1,5%."
    text = "\n".join([line] * 15_000)  # 1.3 million characters: over spaCy's max_length
    assert len(text) > build_nlp().max_length
    found = nlp.lexicon_spans(text, every_line(text))
    assert len(found["indicators"]) == 15_000 * len(nlp.lexicon_spans(line, [(0, len(line))])["indicators"])


class EdgesPage:
    """What pdfplumber's TableFinder reads of a page with the default ("lines") settings."""

    def __init__(self, edges):
        self.edges, self.bbox = edges, (0, 0, 600, 800)


RULES = st.lists(st.tuples(st.sampled_from(["h", "v", "rect"]), st.floats(0, 100), st.floats(0, 100),
                           st.floats(0.5, 60), st.floats(0, 40)), max_size=16)


@settings(max_examples=300, deadline=None)
@given(RULES)
def test_snapped_joined_edges_give_pdfplumbers_tables(rules):
    from pdfplumber.table import TableFinder

    from extract.ingest import ruled_tables

    edges = []
    for kind, x, y, length, depth in rules:  # near one another: snapping and joining have work to do
        x, y = round(x / 4, 1) * 4, round(y / 4, 1) * 4
        if kind == "rect":
            edges += ruled_tables.rect_edges((x, y), (x + length, y + depth))
        elif kind == "h":
            edges.append(ruled_tables.line_edge((x, y), (x + length, y)))
        else:
            edges.append(ruled_tables.line_edge((x, y), (x, y + length)))
    expected = [t.cells for t in TableFinder(EdgesPage([dict(e) for e in edges])).tables if len(t.cells) >= 4]
    assert ruled_tables.edges_to_tables(edges) == expected


def test_a_pdf_read_over_several_openings_gives_the_runs_of_one(monkeypatch):
    from extract.ingest import pdfium

    data = (ROOT / "corpus" / "hung-yen-01-NQ-TU-2020.pdf").read_bytes()
    once = pdfium.pdf_runs_pdfium(data, "sample.pdf")
    monkeypatch.setattr(pdfium, "REOPEN_PAGES", 3)  # the 8 pages in three openings
    assert pdfium.pdf_runs_pdfium(data, "sample.pdf") == once


PARENTHESISED = st.text(alphabet="ab (),;\n1", max_size=80)


@given(PARENTHESISED, st.lists(st.integers(0, 80), max_size=12))
@settings(max_examples=300, deadline=None)
def test_groups_holding_and_without_groups_are_the_scans_they_replace(text, starts):
    """The binary searches over the sorted parenthesis groups give what a scan of every group gives."""
    idx = TextIndex(text)
    starts = sorted(s for s in starts if s <= len(text))
    assert groups_holding(idx.groups, starts) == [g for g in idx.groups if any(g[0] < s < g[1] for s in starts)]
    for a in range(0, len(text) + 1, 7):
        for b in range(a, len(text) + 1, 5):
            parts, pos = [], a
            for g0, g1 in idx.groups:
                if g0 >= a and g1 <= b and g0 >= pos:
                    parts.append((pos, g0))
                    pos = g1
            parts.append((pos, b))
            assert idx.without_groups(a, b) == [(x, y) for x, y in parts if y > x]
    held = groups_holding(idx.groups, starts)
    for s in starts:
        q = Quantity(start=s, end=s, text="", value=1.0, value_low=None, value_high=None, scale=1.0, unit=None,
                     per=None, comparator="eq")
        for clause in range(0, s + 1, 3):
            start = clause
            for g0, g1 in held:
                if start <= g0 and g1 <= s:
                    start = g1
            assert indicator_window_start(idx, q, clause, None, held) == start
