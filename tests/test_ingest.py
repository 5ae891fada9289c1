"""Readers chosen by content; encodings; bad inputs fail with one clear line naming the file."""
from __future__ import annotations

import shutil
import unicodedata

import docx
import pytest

from conftest import CORPUS, SAMPLE
from extract.errors import (
    CorruptFileError,
    EmptyDocumentError,
    ExtractError,
    MissingToolError,
    TextEncodingError,
    UnsupportedFormatError,
)
from extract.ingest import ingest
from extract.ingest.layout import words_to_lines
from extract.ingest.paragraphs import lines_to_blocks

VIETNAMESE = "Tỉnh ủy Hưng Yên\nThu ngân sách đạt 13.593,9 tỷ đồng.\n"


@pytest.mark.parametrize("encoded", [
    pytest.param(VIETNAMESE.encode("utf-8"), id="utf-8"),
    pytest.param(VIETNAMESE.encode("utf-8-sig"), id="utf-8-bom"),
    pytest.param(VIETNAMESE.encode("utf-16"), id="utf-16-bom"),
    pytest.param(VIETNAMESE.encode("utf-16-le"), id="utf-16-le-no-bom"),
    pytest.param(VIETNAMESE.encode("utf-16-be"), id="utf-16-be-no-bom"),
    pytest.param(VIETNAMESE.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
])
def test_text_encodings(tmp_path, encoded):
    path = tmp_path / "doc.txt"
    path.write_bytes(encoded)
    raw = ingest(path)
    assert raw.format == "text"
    assert [b.text for b in raw.blocks] == ["Tỉnh ủy Hưng Yên", "Thu ngân sách đạt 13.593,9 tỷ đồng."]


@pytest.mark.parametrize("source, name, fmt", [
    (f"{SAMPLE}.pdf", "resolution.txt", "pdf"),
    (f"{SAMPLE}.docx", "resolution.pdf", "docx"),
    (f"{SAMPLE}.txt", "resolution.docx", "text"),
    (f"{SAMPLE}.pdf", "no-extension", "pdf"),
])
def test_format_is_chosen_by_content_not_name(tmp_path, source, name, fmt):
    shutil.copy(CORPUS / source, tmp_path / name)
    assert ingest(tmp_path / name).format == fmt


@pytest.mark.parametrize("content, error, words", [
    (b"", EmptyDocumentError, "empty"),
    (b"  \n\n ", EmptyDocumentError, "empty"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), UnsupportedFormatError, "PNG image"),
    (b"\xff\xd8\xff\xe0" + bytes(100), UnsupportedFormatError, "JPEG image"),
    (b"%PDF-1.7\n1 0 obj garbage garbage\n%%EOF", CorruptFileError, "damaged PDF"),
    (b"%PDF-1.4\n" + bytes(range(256)) * 8, CorruptFileError, "damaged PDF"),
    (b"PK\x03\x04" + bytes(60), CorruptFileError, "damaged ZIP"),
    ("Thu ng\u00e2n s\u00e1ch".encode("cp1258", errors="replace") + b"\xff\xfe\xfa", TextEncodingError, "UTF-8"),
    (bytes(range(256)) * 4, UnsupportedFormatError, "binary"),
])
def test_bad_inputs_fail_with_one_line_naming_the_file(tmp_path, content, error, words):
    path = tmp_path / "bad-input.bin"
    path.write_bytes(content)
    with pytest.raises(error) as info:
        ingest(path)
    message = str(info.value)
    assert isinstance(info.value, ExtractError)
    assert message.startswith(str(path) + ": ")
    assert words in message
    assert "\n" not in message


def test_missing_file_fails_cleanly(tmp_path):
    with pytest.raises(CorruptFileError, match="cannot be read"):
        ingest(tmp_path / "nope.pdf")


def test_a_damaged_word97_file_fails_with_one_line(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    installed = shutil.which("soffice") or shutil.which("libreoffice")
    error, words = (CorruptFileError, "LibreOffice could not convert") if installed else \
        (MissingToolError, "libreoffice-writer-nogui")
    with pytest.raises(error, match=words) as caught:
        ingest(path)
    assert str(caught.value).startswith(str(path)) and "\n" not in str(caught.value)


def test_pdf_without_text_layer_is_reported(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    c.rect(100, 100, 200, 300, fill=1)  # a drawing, no text: what a scan looks like to a text reader
    c.showPage()
    c.save()
    # with Tesseract: OCR finds no text; without: the message says how to install it
    with pytest.raises((EmptyDocumentError, MissingToolError), match="no text layer"):
        ingest(path)


def test_docx_reads_paragraphs_and_tables_in_document_order(tmp_path):
    document = docx.Document()
    document.add_paragraph("Trước bảng")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Chỉ tiêu"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Năm 2024"  # merged header cell: read once
    table.cell(1, 0).text = "GRDP"
    table.cell(1, 1).text = "7,5%"
    table.cell(1, 2).text = "8%"
    p = document.add_paragraph()
    p.add_run("Sau bảng").bold = True
    document.sections[0].header.paragraphs[0].text = "Đầu trang chạy"
    path = tmp_path / "t.docx"
    document.save(path)
    raw = ingest(path)
    body = [b.text for b in raw.blocks if b.role == "body"]
    assert body == ["Trước bảng", "Chỉ tiêu", "Năm 2024", "GRDP", "7,5%", "8%", "Sau bảng"]
    assert [b.bold for b in raw.blocks if b.role == "body"][-1] is True
    assert [b.text for b in raw.blocks if b.role == "furniture"] == ["Đầu trang chạy"]


def word(text, x0, top, size=12.0, font="ABCDEF+DejaVuSerif"):
    return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + size,
            "size": size, "fontname": font}


def test_pdf_lines_split_into_columns_at_a_wide_gap():
    """A two-column letterhead comes out side by side: one line per column."""
    lines = words_to_lines([word("TỈNH", 80, 50), word("ỦY", 110, 50), word("ĐẢNG", 330, 50), word("CỘNG", 362, 50)])
    assert [ln["text"] for ln in lines] == ["TỈNH ỦY", "ĐẢNG CỘNG"]


def test_pdf_paragraph_carried_over_a_page_break_is_marked_continuing():
    full = [{"text": "dòng đầy " * 8, "x0": 85.0, "x1": 540.0, "top": 700.0 + 16 * i, "bottom": 712.0 + 16 * i,
             "size": 12.0, "bold": False, "furniture": False} for i in range(2)]
    first_page = [{**full[0], "x0": 113.0}, full[1]]  # first line indented: a paragraph starts
    second_page = [{**full[0], "top": 60.0, "bottom": 72.0, "x1": 300.0},  # carries on, not indented
                   {**full[0], "top": 76.0, "bottom": 88.0, "x0": 113.0}]  # indented: a new paragraph
    blocks = lines_to_blocks([first_page, second_page])
    assert [(b.page, b.continues) for b in blocks] == [(1, False), (2, True), (2, False)]


def test_pdf_engines_give_the_same_blocks():
    """The fast pypdfium2 reader and the pdfplumber reader agree on every corpus PDF with a text
    layer (and on the damage fixtures, see test_damage_fixtures.py); scans are OCR'd alike by both."""
    pdfs = sorted(p for p in CORPUS.glob("*.pdf") if "-scan" not in p.stem)
    assert pdfs
    for pdf in pdfs:
        fast, slow = ingest(pdf, pdf_engine="pdfium"), ingest(pdf, pdf_engine="pdfplumber")
        assert fast.pages == slow.pages
        assert [(b.text, b.page, b.role, b.bold, b.continues) for b in fast.blocks] == \
            [(b.text, b.page, b.role, b.bold, b.continues) for b in slow.blocks]


@pytest.mark.parametrize("line, is_page_number", [
    ("Trang 3", True), ("trang 3/12", True), ("Page 7", True), ("- 3 -", True), ("12", True), ("3/12", True),
    ("Điều 3", False), ("Trang chủ", False), ("Năm 2025", False),
])
def test_page_number_lines(line, is_page_number):
    """A page-number line of the top or bottom band is furniture; its words are data
    (schemas/layout_words.yaml)."""
    from extract.ingest.furniture import PAGE_NUMBER_LINE

    assert bool(PAGE_NUMBER_LINE.match(line)) is is_page_number


def band_line(text, top, x0=85.0):
    return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + 12.0,
            "size": 12.0, "bold": True, "furniture": False}


def test_a_letterhead_that_opens_every_page_is_not_furniture_but_the_header_above_it_is():
    """Two resolutions in one two-page file: each page opens with a running header, then its
    letterhead (motto wrapped over two lines). The header recurs and is furniture; the letterhead
    recurs too but is the document's, from the motto's row down."""
    from extract.ingest.furniture import mark_furniture

    def page(number):
        return [band_line("Hội đồng nhân dân tỉnh Bình Định - Kỳ họp thứ 24", 20.0),
                band_line("HỘI ĐỒNG NHÂN DÂN", 40.0), band_line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA", 40.0, x0=330.0),
                band_line("VIỆT NAM", 54.0, x0=380.0), band_line("TỈNH BÌNH ĐỊNH", 56.0),
                band_line("Độc lập - Tự do - Hạnh phúc", 70.0, x0=330.0),
                band_line("Nội dung của trang", 400.0), band_line(f"Trang {number}/2", 820.0)]

    pages = [page(1), page(2)]
    mark_furniture(pages, [(595.0, 842.0)] * 2)
    for lines in pages:
        assert [ln["text"] for ln in lines if ln["furniture"]] == \
            ["Hội đồng nhân dân tỉnh Bình Định - Kỳ họp thứ 24", lines[-1]["text"]]


def test_a_running_header_without_a_letterhead_is_still_furniture():
    from extract.ingest.furniture import mark_furniture

    pages = [[band_line("BÁO CÁO KINH TẾ - XÃ HỘI TỈNH", 20.0), band_line("Nội dung", 300.0 + i)] for i in range(3)]
    mark_furniture(pages, [(595.0, 842.0)] * 3)
    assert [[ln["furniture"] for ln in lines] for lines in pages] == [[True, False]] * 3


TONE_MARKS_COMBINING = "\u0300\u0301\u0303\u0309\u0323"


def encode_windows_1258(text: str) -> bytes:
    """Text as Windows-1258 writes it: each letter's base with its vowel shape precomposed, its tone
    mark a combining character after it (the code page has no precomposed toned vowels but a few)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONE_MARKS_COMBINING)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS_COMBINING)) + tones)
    return "".join(out).encode("cp1258")


def test_a_windows_1258_text_file_reads_as_its_utf8_text(tmp_path):
    text = (CORPUS / f"{SAMPLE}.txt").read_text(encoding="utf-8")
    path = tmp_path / "cp1258.txt"
    path.write_bytes(encode_windows_1258(text))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # not UTF-8: the 8-bit route is taken
    assert [b.text for b in ingest(path).blocks] == [b.text for b in ingest(CORPUS / f"{SAMPLE}.txt").blocks]


def test_a_cp1252_latin_text_is_not_taken_for_windows_1258(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Crème brûlée à la carte, señor; déjà vu, naïve façade.".encode("cp1252"))
    with pytest.raises(TextEncodingError):
        ingest(path)
