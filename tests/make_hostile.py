"""The project's hostile test set, generated: files built to hurt a batch over documents from the web.

    python tests/make_hostile.py DIR [--full]   # writes the set into DIR and prints one line per file

Each case names a file (relative to DIR), the status `extract run` must give it and a phrase its
reason must hold (tests/test_hostile.py checks them; benchmarks/hostile.py times each file alone).
Nothing here is a corpus document: the good text is a short resolution written for the set, and
every file is made from it by code, so the set costs no repository space (the bombs are a few
hundred kilobytes) and anyone can rebuild it.
"""
from __future__ import annotations

import io
import os
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

RESOLUTION = """HỘI ĐỒNG NHÂN DÂN TỈNH HÀ NAM
Số: 27/NQ-HĐND
NGHỊ QUYẾT
Về kế hoạch phát triển kinh tế - xã hội năm 2025
Điều 1. Mục tiêu chủ yếu năm 2025
1. Tổng sản phẩm trên địa bàn tỉnh (GRDP) tăng 7,5% so với năm 2024.
2. Thu ngân sách nhà nước trên địa bàn đạt 13.593,9 tỷ đồng.
3. Tỷ lệ hộ nghèo giảm còn 1,2%.
"""
FIGURE = "7,5%"  # a figure every readable file of the set must give
SECRET = "MẬT-KHẨU-BÍ-MẬT-9137"  # held by a file an external entity points at: must reach no output
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class Case:
    name: str  # path relative to the set's folder
    status: str  # "ok" or "failed"
    reason: str  # a phrase of the failed row's reason ("" for ok)


def paragraph_xml(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def document_xml(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>').encode()


def base_docx() -> dict[str, bytes]:
    """The members of a small real DOCX of the resolution (python-docx's template)."""
    import zipfile

    import docx

    document = docx.Document()
    for line in RESOLUTION.strip().splitlines():
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_bytes(members: list[tuple[str, bytes]], declared: dict[str, int] | None = None,
              zip64: set[str] | frozenset = frozenset(), stored: bool = False) -> bytes:
    """A ZIP archive written by hand, so that a member can declare any inflated size (`declared`)
    and carry its sizes in a ZIP64 extra field (`zip64`), as a bomb's headers would."""
    declared = declared or {}
    out, central = io.BytesIO(), io.BytesIO()
    for name, data in members:
        packed = data if stored else deflate(data)
        method = 0 if stored else 8
        crc, size = zlib.crc32(data), declared.get(name, len(data))
        raw_name = name.encode("utf-8")
        offset = out.tell()
        big = name in zip64
        extra = struct.pack("<HHQQ", 1, 16, size, len(packed)) if big else b""
        small_size, small_packed = (0xFFFFFFFF, 0xFFFFFFFF) if big else (size, len(packed))
        version = 45 if big else 20
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", version, 0, method, 0, 0x21, crc, small_packed,
                              small_size, len(raw_name), len(extra)) + raw_name + extra + packed)
        central.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", version, version, 0, method, 0, 0x21, crc,
                                  small_packed, small_size, len(raw_name), len(extra), 0, 0, 0, 0, offset)
                      + raw_name + extra)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(directory), start, 0))
    return out.getvalue()


def deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def deflated_spaces(size: int) -> tuple[bytes, int, int]:
    """About `size` bytes of spaces inside a paragraph, deflated in chunks (never held whole); the
    deflated bytes, their CRC and their inflated length."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head, tail = document_xml("<w:p><w:r><w:t>").split(b"<w:t>")[0] + b"<w:t>", b"</w:t></w:r></w:p></w:body></w:document>"
    parts, crc = [packer.compress(head)], zlib.crc32(head)
    chunk = b" " * (1 << 20)
    for _ in range(size >> 20):
        parts.append(packer.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    parts.append(packer.compress(tail))
    crc = zlib.crc32(tail, crc)
    parts.append(packer.flush())
    return b"".join(parts), crc, len(head) + (size >> 20 << 20) + len(tail)


def bomb_docx(size: int) -> bytes:
    """A DOCX whose document.xml honestly inflates to `size` bytes of spaces (ratio about 1,000)."""
    packed, crc, inflated = deflated_spaces(size)
    others = [(n, d) for n, d in base_docx().items() if n != "word/document.xml"]
    return zip_with_packed(others, "word/document.xml", packed, crc, inflated)


def zip_with_packed(members: list[tuple[str, bytes]], name: str, packed: bytes, crc: int, size: int) -> bytes:
    """An archive of `members` and one member given already deflated, with its CRC and size."""
    out, central = io.BytesIO(), io.BytesIO()
    entries = [(n, deflate(d), zlib.crc32(d), len(d)) for n, d in members] + [(name, packed, crc, size)]
    for entry_name, data, entry_crc, entry_size in entries:
        raw = entry_name.encode()
        offset = out.tell()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, entry_crc, len(data), entry_size,
                              len(raw), 0) + raw + data)
        central.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, entry_crc, len(data),
                                  entry_size, len(raw), 0, 0, 0, 0, 0, offset) + raw)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), start, 0))
    return out.getvalue()


def docx_with_document(xml: bytes) -> bytes:
    members = base_docx()
    members["word/document.xml"] = xml
    return zip_bytes(list(members.items()))


def billion_laughs() -> bytes:
    levels = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{"".join(f"&a{i - 1};" for _ in range(10))}">'
                                      for i in range(1, 10)]
    prolog = f'<!DOCTYPE w:document [{"".join(levels)}]>'
    return document_xml(paragraph_xml("&a9;") + paragraph_xml(RESOLUTION.splitlines()[5]), prolog)


def external_entity(secret_file: Path) -> bytes:
    prolog = f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret_file.as_uri()}">]>'
    return document_xml(paragraph_xml("Thu ngân sách &x; đạt 13.593,9 tỷ đồng."), prolog)


def deep_xml(depth: int) -> bytes:
    inner = paragraph_xml(RESOLUTION.splitlines()[5])
    return document_xml("<w:customXml>" * depth + inner + "</w:customXml>" * depth)


def nested_tables(depth: int) -> bytes:
    inner = paragraph_xml(RESOLUTION.splitlines()[5])
    for _ in range(depth):
        inner = f"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    return document_xml(inner)


def pdf_of(lines_per_page: list[list[str]], encrypt: tuple[str, str] | None = None, image_on_last: bool = False) -> bytes:
    """A text PDF (reportlab, DejaVu for the Vietnamese letters if installed) of the given pages."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if dejavu.exists():
        pdfmetrics.registerFont(TTFont("DejaVu", str(dejavu)))
        font = "DejaVu"
    buf = io.BytesIO()
    options = {"encrypt": pdfencrypt.StandardEncryption(encrypt[0], ownerPassword=encrypt[1], canCopy=0)} if encrypt else {}
    pdf = canvas.Canvas(buf, pagesize=(595, 842), pageCompression=1, **options)
    for n, lines in enumerate(lines_per_page):
        pdf.setFont(font, 12)
        for i, line in enumerate(lines):
            pdf.drawString(60, 780 - 18 * i, line)
        if image_on_last and n == len(lines_per_page) - 1:
            pdf.setFillColorRGB(0.2, 0.4, 0.8)
            pdf.rect(60, 300, 200, 120, fill=1)  # a chart's bars: a figure, not text
            pdf.rect(300, 300, 60, 200, fill=1)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def blank_pdf(pages: int) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    return buf.getvalue()


FILLER = ["Các cấp, các ngành tiếp tục thực hiện nghiêm các nhiệm vụ, giải pháp đã đề ra",
          "trong chương trình công tác của Ủy ban nhân dân tỉnh và các văn bản chỉ đạo."]


def write(folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def make_archives(folder: Path) -> list[Case]:
    """ZIP bombs, many members, a lying header, entity expansion, external entities, deep nesting."""
    members = base_docx()
    secret = folder.parent / f"{folder.name}-secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    write(folder, "bomb-150mib.docx", bomb_docx(150 << 20))
    write(folder, "bomb-ratio-20mib.docx", bomb_docx(20 << 20))
    write(folder, "bomb-zip64-5gib.docx", zip_bytes(list(members.items()), declared={"word/document.xml": 5 << 30},
                                                    zip64={"word/document.xml"}))
    lying = zip_bytes(list(members.items()) + [("word/media/padding.bin", b"\0" * (30 << 20))],
                      declared={"word/media/padding.bin": 1000})
    write(folder, "lying-header.docx", lying)
    write(folder, "many-members.docx", zip_bytes(list(members.items()) + [(f"word/m{i}.xml", b"") for i in range(10_001)],
                                                 stored=True))
    write(folder, "entities-billion-laughs.docx", docx_with_document(billion_laughs()))
    write(folder, "entities-external.docx", docx_with_document(external_entity(secret)))
    write(folder, "entities-utf16.docx", docx_with_document(billion_laughs().decode("utf-8").replace(
        'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")))
    write(folder, "nested-xml-300.docx", docx_with_document(deep_xml(300)))
    write(folder, "nested-tables-20.docx", docx_with_document(nested_tables(20)))
    write(folder, "nested-tables-3.docx", docx_with_document(nested_tables(3)))
    odt = zip_bytes([("mimetype", b"application/vnd.oasis.opendocument.text"),
                     ("content.xml", external_entity(secret))], stored=True)
    write(folder, "entities-external.odt", odt)
    return [
        Case("bomb-150mib.docx", "failed", "more than the limit of 128 MiB"),
        Case("bomb-ratio-20mib.docx", "failed", "inflates 1,0"),
        Case("bomb-zip64-5gib.docx", "failed", "inflates to 5,120 MiB"),
        Case("lying-header.docx", "failed", "ZIP archive is damaged"),
        Case("many-members.docx", "failed", "10,0"),
        Case("entities-billion-laughs.docx", "failed", "expands entities (not allowed)"),
        Case("entities-external.docx", "failed", "expands entities (not allowed)"),
        Case("entities-utf16.docx", "failed", "expands entities (not allowed)"),
        Case("nested-xml-300.docx", "failed", "nested deeper than 256"),
        Case("nested-tables-20.docx", "failed", "tables nested deeper than 16"),
        Case("nested-tables-3.docx", "ok", ""),
        Case("entities-external.odt", "failed", "expands entities (not allowed)"),
    ]


def make_pdfs(folder: Path, pages_before: int) -> list[Case]:
    """Encrypted with and without a user password, truncated, many pages, over the page limit."""
    page = RESOLUTION.strip().splitlines()
    good = pdf_of([page])
    write(folder, "encrypted-user-password.pdf", pdf_of([page], encrypt=("mở-ra", "chủ")))
    write(folder, "encrypted-owner-only.pdf", pdf_of([page], encrypt=("", "chủ")))
    write(folder, "truncated.pdf", good[: len(good) // 2])
    pages = [[f"{k}. {line}" for k, line in enumerate(FILLER * 20, start=40 * i)] for i in range(pages_before)] + [page]
    write(folder, "many-pages-figure-last.pdf", pdf_of(pages, image_on_last=True))
    write(folder, "over-page-limit.pdf", blank_pdf(5001))
    return [
        Case("encrypted-user-password.pdf", "failed", "encrypted PDF: a password is needed"),
        Case("encrypted-owner-only.pdf", "ok", ""),
        Case("truncated.pdf", "failed", "a damaged PDF file (its structure cannot be read)"),
        Case("many-pages-figure-last.pdf", "ok", ""),
        Case("over-page-limit.pdf", "failed", "more than the limit of 5,000"),
    ]


def make_texts(folder: Path, line_copies: int) -> list[Case]:
    """Wrong extensions, control characters, a huge line, over the character and size limits."""
    text = RESOLUTION
    write(folder, "wrong-ext/pdf-named.docx", pdf_of([text.strip().splitlines()]))
    write(folder, "wrong-ext/docx-named.pdf", docx_with_document(document_xml("".join(map(paragraph_xml, text.splitlines())))))
    write(folder, "wrong-ext/text-named.doc", text.encode("utf-8"))
    write(folder, "wrong-ext/png-named.pdf", b"\x89PNG\r\n\x1a\n" + bytes(200))
    controls = ((text + "\n".join(FILLER * 12) + "\n").replace("7,5%", "7\x00,5%\x07").replace("Tổng sản phẩm", "Tổng \x1b[31msản\x1b[0m phẩm\x9b2J")
                .replace("Thu ngân", "Thu\x1b]0;owned\x07 ngân").replace("\n", "\r", 2).replace("tỷ đồng", "tỷ\u202e đồng&#27;[5m"))
    write(folder, "control-characters.txt", controls.encode("utf-8"))
    line = " ".join([text.replace("\n", " ")] * line_copies)  # 276 characters a copy, no line break
    write(folder, "huge-line.txt", line.encode("utf-8"))
    write(folder, "over-char-limit.txt", b"a" * 20_000_001)
    write(folder, "binary-named.txt", bytes(range(256)) * 64)
    write(folder, "empty.docx", b"")
    with open(folder / "sparse-600mib.txt", "wb") as fh:
        fh.truncate(600 << 20)  # a hole: no disk used, but 600 MiB to read
    return [
        Case("wrong-ext/pdf-named.docx", "ok", ""), Case("wrong-ext/docx-named.pdf", "ok", ""),
        Case("wrong-ext/text-named.doc", "ok", ""), Case("wrong-ext/png-named.pdf", "failed", "PNG image"),
        Case("control-characters.txt", "ok", ""), Case("huge-line.txt", "ok", ""),
        Case("over-char-limit.txt", "failed", "more than the limit of 20,000,000"),
        Case("binary-named.txt", "failed", "binary data"), Case("empty.docx", "failed", "empty"),
        Case("sparse-600mib.txt", "failed", "larger than the limit of 512 MiB"),
    ]


ODD_NAME = "báo cáo [nháp] $(rm) \x1b[31mĐỎ\x1b[0m \u202eFDP.exe\u202c\n"  # brackets, a subshell, ESC, RTL override, newline


def make_paths(folder: Path) -> list[Case]:
    """Symbolic link loops and dangling links, a named pipe, a long path of odd characters."""
    links = folder / "links"
    links.mkdir()
    os.symlink("loop-b.txt", links / "loop-a.txt")
    os.symlink("loop-a.txt", links / "loop-b.txt")
    os.symlink("nowhere.txt", links / "dangling.txt")
    os.symlink("..", links / "up")  # a folder loop: not followed
    os.mkfifo(folder / "links" / "named-pipe.txt")
    deep = folder
    for i in range(6):
        deep = deep / (f"{i} {ODD_NAME.strip()} " + "đường dài " * 12)
    name = os.fsdecode(ODD_NAME.encode("utf-8").replace(b"\n", b"\xff\n") + b".txt")  # and a byte that is not UTF-8
    write(deep, name, RESOLUTION.encode("utf-8"))
    long_name = str((deep / name).relative_to(folder))
    return [
        Case("links/loop-a.txt", "failed", "a loop of symbolic links"),
        Case("links/loop-b.txt", "failed", "a loop of symbolic links"),
        Case("links/dangling.txt", "failed", "a symbolic link to a file that does not exist"),
        Case("links/named-pipe.txt", "failed", "named pipe"),
        Case(long_name, "ok", ""),
    ]


def make_hostile(folder: Path, full: bool = False) -> list[Case]:
    """Write the hostile set into `folder` (made, must not exist) and return its cases. `full` makes
    the large cases large (a 2,000-page PDF, a line of 2.5 million characters: benchmarks/hostile.py);
    without it they are 200 pages and 166,000 characters, for the tests."""
    folder.mkdir(parents=True)
    return (make_archives(folder) + make_pdfs(folder, 1999 if full else 199)
            + make_texts(folder, 9000 if full else 600) + make_paths(folder))


if __name__ == "__main__":
    for case in make_hostile(Path(sys.argv[1]), full="--full" in sys.argv):
        print(f"{case.status:6} {case.reason or '-':50} {case.name!r}")
