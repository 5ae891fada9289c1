"""Write the normaliser's damage fixtures: the clean text damaged one way per file.

usage: python scripts/make_damage_fixtures.py        (needs `pip install -e .[render]` and DejaVu fonts)

Reads tests/fixtures/damage/clean.txt (typed by hand, the ground truth) and writes, beside it, one
file per phenomenon that real resolutions reach us with (../shared/reference/vietnamese-text.md
§1-§3): decomposed and misordered marks, the other tone-mark placement, spacing accents,
look-alike letters and odd spaces and dashes, HTML entities, UTF-8 read as CP1252, 8-bit VNI and
VISCII files, conversion debris, DOCX typed in TCVN3 and VNI fonts (and mixed with Unicode runs),
and PDFs with marks drawn as glyphs of their own, with running headers, footers and page breaks,
and set in a font named .VnTime. tests/test_damage_fixtures.py checks that each one normalises to
the clean text and gives the same targets. The damage is made here by simple, independent means
(character replacements, byte encodings), never by the normaliser under test; the legacy encoders (legacy_encoders.py)
invert the tables of schemas/legacy_charsets.yaml, whose decoding is checked by hand in
tests/test_legacy.py. Re-run after editing clean.txt, and commit the outputs.
"""
from __future__ import annotations

import io
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "damage"
sys.path.insert(0, str(ROOT / "scripts"))

from render_corpus import font_path  # noqa: E402

SHAPE = "\u0302\u0306\u031b"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def lines() -> list[str]:
    return (OUT / "clean.txt").read_text(encoding="utf-8").splitlines()


def is_heading(line: str) -> bool:
    return line == line.upper()


# --- text damage --------------------------------------------------------------------------------

def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def unikey_composite(text: str) -> str:
    """Unikey's "Unicode tổ hợp": the shape mark precomposed with its letter, the tone combining."""
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in d if m in TONES)
        base = unicodedata.normalize("NFC", "".join(m for m in d if m not in TONES))
        out.append(base + tone)
    return "".join(out)


def misordered(text: str) -> str:
    """Decomposed, the tone mark before the shape mark (as some PDFs draw them)."""
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        out.append(d[0] + "".join(sorted(d[1:], key=lambda m: m in SHAPE)))
    return "".join(out)


NEW_STYLE = {"hòa": "hoà", "Hóa": "Hoá", "HÓA": "HOÁ", "ủy": "uỷ", "ỦY": "UỶ", "khỏe": "khoẻ", "thủy": "thuỷ"}
OLD_STYLE = {v: k for k, v in NEW_STYLE.items()}


def other_tone_style(text: str) -> str:
    """Each of the document's oa/oe/uy words written in the other placement ("hoà" <-> "hòa")."""
    swap = {**NEW_STYLE, **OLD_STYLE}
    return re.sub("|".join(sorted(swap, key=len, reverse=True)), lambda m: swap[m.group()], text)


SPACING = {"\u0301": "\u00b4", "\u0300": "\u02cb", "\u0303": "\u02dc"}


def spacing_accents(text: str) -> str:
    """Acute, grave and tilde on plain vowels typed as spacing accents after the letter ("a´")."""
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        if len(d) == 2 and d[1] in SPACING and d[0] in "aeiouyAEIOUY":
            out.append(d[0] + SPACING[d[1]])
        else:
            out.append(ch)
    return "".join(out)


def lookalikes(text: str) -> str:
    """Đ/đ as the eth Ð/ð, spaces after commas as no-break spaces, a zero-width space and a soft
    hyphen inside words, the spaced separator as an en dash, a hyphen as U+2011."""
    text = text.replace("Đ", "\u00d0").replace("đ", "\u00f0")
    text = text.replace(", ", ",\u00a0").replace(" - ", " \u2013 ")
    text = text.replace("Covid-19", "Covid\u201119")
    text = re.sub(r"(?<=\w)(ng)(?= )", "\u200bng", text, count=3)
    return text.replace("nghèo", "ngh\u00adèo")


def html_entities(text: str) -> str:
    """Letters written as numeric and named HTML entities, as web pages and some exports hold them."""
    text = text.replace("à", "&agrave;").replace("á", "&aacute;").replace("ê", "&ecirc;")
    return re.sub("[ếộưở]", lambda m: f"&#{ord(m.group())};", text)


def mojibake(text: str) -> bytes:
    """UTF-8 bytes read as Windows-1252 (bytes 0x81, 0x8D... as Latin-1) and saved again as UTF-8."""
    import ftfy.bad_codecs  # noqa: F401  registers sloppy-windows-1252

    return text.encode("utf-8").decode("sloppy-windows-1252").encode("utf-8")


def legacy_bytes(text: str, encoding: str) -> bytes:
    """The clean text typed in an 8-bit legacy encoding, as the file's bytes."""
    from extract.text.legacy import tables

    inverse = {letter: surface for surface, letter in tables()[encoding].items()}
    surfaces = "".join(inverse.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
    return bytes(ord(ch) if ord(ch) < 256 else ch.encode("cp1252")[0] for ch in surfaces)


def conversion_debris(text_lines: list[str]) -> str:
    """What document-to-text converters leave: markdown headings and bold markers, a heading run
    into the sentence before it, numbering glued to its text, lines wrapped inside paragraphs."""
    out = []
    for line in text_lines:
        if line.startswith(("I. ", "II. ")):
            out.append(f"## **{line}**")
        elif line.startswith("NGHỊ QUYẾT"):
            out.append(f"# {line}")
        elif re.match(r"\d\. ", line):
            number, rest = line.split(" ", 1)
            words = rest.split(" ")
            half = len(words) // 2
            out.append(number + " ".join(words[:half]))  # "1.Năm 2022, ..." and a wrapped line
            out.append(" ".join(words[half:]))
        else:
            out.append(line)
    return "\n".join(out) + "\n"


# --- DOCX --------------------------------------------------------------------------------------

def vni_runs(text: str) -> list[tuple[str, bool]]:
    from legacy_encoders import encode_vni

    return [(encode_vni(text), False)]


def write_docx(path: Path, encoding_of_line) -> None:
    """One paragraph per clean line; each line typed in the encoding `encoding_of_line` gives it
    ("unicode", "tcvn3", "vni", or "mixed": its first half Unicode, the rest TCVN3)."""
    import datetime as dt

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from legacy_encoders import encode_tcvn3

    def legacy_run(paragraph, surface: str, font: str, bold: bool) -> None:
        run = paragraph.add_run()
        run.font.name = font
        run.bold = bold
        for i, piece in enumerate(surface.split("\u00ad")):
            if i:
                run._r.append(OxmlElement("w:softHyphen"))  # how Word stores TCVN3's "ư" (0xAD)
            if piece:
                t = OxmlElement("w:t")
                t.set(qn("xml:space"), "preserve")
                t.text = piece
                run._r.append(t)

    def add(paragraph, text: str, encoding: str, bold: bool) -> None:
        if encoding == "unicode":
            paragraph.add_run(text).bold = bold
        elif encoding == "tcvn3":
            for surface, capitals in encode_tcvn3(text):
                legacy_run(paragraph, surface, ".VnTimeH" if capitals else ".VnTime", bold)
        elif encoding == "vni":
            for surface, _ in vni_runs(text):
                legacy_run(paragraph, surface, "VNI-Times", bold)

    document = docx.Document()
    for line in lines():
        paragraph = document.add_paragraph()
        encoding = encoding_of_line(line)
        if encoding == "mixed":
            cut = line.index(" ", len(line) // 2)
            add(paragraph, line[:cut], "unicode", False)
            add(paragraph, line[cut:], "tcvn3", False)
        else:
            add(paragraph, line, encoding, is_heading(line))
    stamp = dt.datetime(2022, 1, 1)
    document.core_properties.created = document.core_properties.modified = stamp
    document.save(path)


# --- PDF ---------------------------------------------------------------------------------------

PAGE_W, PAGE_H = 595.0, 842.0
LEFT, RIGHT, TOP, BOTTOM = 85.0, 57.0, 70.0, 70.0
SIZE, LEADING = 13.0, 18.0


def register_fonts(renamed: str | None = None) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in (("Serif", "DejaVuSerif.ttf"), ("Serif-Bold", "DejaVuSerif-Bold.ttf")):
        font = TTFont(name, str(font_path(file)))
        pdfmetrics.registerFont(font)
    for name, file in ((".VnTime", "DejaVuSerif.ttf"), (".VnTimeH", "DejaVuSerif-Bold.ttf")):
        font = TTFont(name, str(font_path(file)))
        font.face.name = name.encode()  # the PDF names the font as Word users' .VnTime fonts were named
        pdfmetrics.registerFont(font)


def wrap(text: str, font: str, width: float, width_of) -> list[str]:
    out, current = [], ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if current and width_of(trial, font) > width:
            out.append(current)
            current = word
        else:
            current = trial
    return out + [current]


class Page:
    """A reportlab canvas with a cursor: lines go down the page, a new page when it is full, a
    running header and a page-number footer on each page if asked."""

    def __init__(self, path: Path, header: str | None = None, footer: str | None = None, bottom: float = BOTTOM):
        from reportlab.pdfgen import canvas

        self.canvas = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
        self.header, self.footer, self.bottom = header, footer, bottom
        self.number = 0
        self.new_page()

    def new_page(self) -> None:
        if self.number:
            self.canvas.showPage()
        self.number += 1
        self.y = PAGE_H - TOP
        if self.header:
            self.canvas.setFont("Serif", 9)
            self.canvas.drawCentredString(PAGE_W / 2, PAGE_H - 40, self.header)
        if self.footer:
            self.canvas.setFont("Serif", 10)
            self.canvas.drawCentredString(PAGE_W / 2, 35, self.footer.format(n=self.number))

    def line(self, x: float, draw) -> None:
        if self.y < self.bottom:
            self.new_page()
        draw(self.canvas, x, self.y)
        self.y -= LEADING

    def gap(self) -> None:
        self.y -= LEADING * 0.6

    def save(self) -> None:
        self.canvas.save()


def write_pdf(path: Path, draw_word, header=None, footer=None, bottom=BOTTOM, width_of=None,
              break_after: str | None = None) -> None:
    """The clean lines as paragraphs, as Word lays out a resolution: headings centred and bold,
    body paragraphs justified to the measure with a first-line indent, word by word (no space
    characters: the gaps are the spaces), a gap between paragraphs. `break_after` (a pattern)
    forces line ends inside paragraphs, as at a hyphen in "Covid-19" or at a spaced " - "."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    page = Page(path, header, footer, bottom)
    measure = PAGE_W - LEFT - RIGHT
    width_of = width_of or (lambda text, font: stringWidth(text, font, SIZE))

    def draw_line(words: list[str], x: float, font: str, width: float | None) -> None:
        natural = [width_of(w, font) for w in words]
        space = stringWidth(" ", font, SIZE)
        if width is not None and len(words) > 1:
            space = (width - sum(natural)) / (len(words) - 1)

        def draw(c, x, y):
            for word, w in zip(words, natural):
                draw_word(c, word, x, y, font)
                x += w + space
        page.line(x, draw)

    for line in lines():
        font = "Serif-Bold" if is_heading(line) else "Serif"
        if is_heading(line):
            draw_line(line.split(" "), (PAGE_W - width_of(line, font)) / 2, font, None)
        else:
            segments = re.split(break_after, line) if break_after else [line]
            pieces: list[str] = []
            for segment in (seg.strip() for seg in segments):
                first = wrap(segment, font, measure - (0 if pieces else 28), width_of)  # the first line is indented
                rest = " ".join(first[1:])
                pieces += first[:1] + (wrap(rest, font, measure, width_of) if rest else [])
            for i, piece in enumerate(pieces):
                last = i == len(pieces) - 1
                draw_line(piece.split(" "), LEFT + (28 if i == 0 else 0), font,
                          None if last else measure - (28 if i == 0 else 0))
        page.gap()
    page.save()


def plain(c, text: str, x: float, y: float, font: str) -> None:
    c.setFont(font, SIZE)
    c.drawString(x, y, text)


def mark_offsets(font: str) -> dict[str, float]:
    """Where each combining mark's ink is centred, relative to the glyph's origin (DejaVu draws
    marks with no advance, to the left of the origin), measured with pdfium on a scratch page."""
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(200, 100))
    c.setFont(font, SIZE)
    marks = SHAPE + TONES
    for i, mark in enumerate(marks):
        c.drawString(20 + 20 * i, 50, mark)
    c.save()
    page = pdfium.PdfDocument(buffer.getvalue())[0]
    textpage = page.get_textpage()
    drawn = [i for i in range(textpage.count_chars()) if textpage.get_text_range(i, 1) in marks]
    offsets = {}
    for i, mark in zip(drawn, marks):
        assert textpage.get_text_range(i, 1) == mark
        left, _, right, _ = textpage.get_charbox(i)
        offsets[mark] = (left + right) / 2 - (20 + 20 * marks.index(mark))
    return offsets


MARK_OFFSETS: dict[str, dict] = {}  # per font, measured once


def separate_marks(c, text: str, x: float, y: float, font: str) -> None:
    """Every letter with marks drawn as its base glyph and then one glyph per mark, placed over
    the base's centre, the tone mark first: the order extractors then give is "o + grave +
    circumflex" ("đò̂ng"), and the mark's own box leaves a gap before the next letter ("khó a")."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if font not in MARK_OFFSETS:
        MARK_OFFSETS[font] = mark_offsets(font)
    c.setFont(font, SIZE)
    for ch in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", ch)
        base = d[0]
        width = stringWidth(base, font, SIZE)
        c.drawString(x, y, base)
        for mark in sorted(d[1:], key=lambda m: m in SHAPE):
            c.drawString(x + width / 2 - MARK_OFFSETS[font][mark], y, mark)
        x += width


def vntime_runs(text: str, font: str) -> list[tuple[str, str]]:
    """The text typed in TCVN3 as (font, shown text) runs: fonts named .VnTime/.VnTimeH, and the
    glyphs of bytes 0xAD (ư) and 0xB7 (ã) shown as U+2212 and U+2219, as they come out of PDFs
    made with the real .VnTime fonts (reference §3.4)."""
    from legacy_encoders import encode_tcvn3

    bold = font.endswith("Bold")
    return [(".VnTimeH" if capitals or bold else ".VnTime", surface.replace("\u00ad", "\u2212").replace("\u00b7", "\u2219"))
            for surface, capitals in encode_tcvn3(text)]


def vntime_width(text: str, font: str) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return sum(stringWidth(shown, name, SIZE) for name, shown in vntime_runs(text, font))


def vntime(c, text: str, x: float, y: float, font: str) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for name, shown in vntime_runs(text, font):
        c.setFont(name, SIZE)
        c.drawString(x, y, shown)
        x += stringWidth(shown, name, SIZE)


# --- all fixtures ------------------------------------------------------------------------------

def main() -> None:
    clean = "\n".join(lines()) + "\n"
    text_fixtures = {
        "nfd.txt": nfd(clean),
        "unikey-composite.txt": unikey_composite(clean),
        "misordered-marks.txt": misordered(clean),
        "other-tone-style.txt": other_tone_style(clean),
        "spacing-accents.txt": spacing_accents(clean),
        "lookalikes-spaces-dashes.txt": lookalikes(clean),
        "html-entities.txt": html_entities(clean),
        "conversion-debris.txt": conversion_debris(lines()),
    }
    for name, text in text_fixtures.items():
        (OUT / name).write_text(text, encoding="utf-8", newline="\n")
    (OUT / "mojibake.txt").write_bytes(mojibake(clean))
    (OUT / "vni-8bit.txt").write_bytes(legacy_bytes(clean, "vni"))
    (OUT / "viscii-8bit.txt").write_bytes(legacy_bytes(clean, "viscii"))

    write_docx(OUT / "tcvn3.docx", lambda line: "tcvn3")
    write_docx(OUT / "vni.docx", lambda line: "vni")
    write_docx(OUT / "mixed-legacy-unicode.docx",
               lambda line: "mixed" if line.startswith("- ") else "tcvn3" if line[:1].isdigit() else "unicode")

    register_fonts()
    write_pdf(OUT / "separate-marks.pdf", separate_marks)
    # pages cut short so paragraphs run over page breaks; header and footer on every page
    write_pdf(OUT / "page-furniture.pdf", plain, header="Nghị quyết số 12-NQ/TU của Tỉnh ủy Thanh Hóa",
              footer="Trang {n}", bottom=PAGE_H - 330, break_after=r"(?<=Covid-)(?=19)|(?<=phòng -) ")
    write_pdf(OUT / "dash-page-numbers.pdf", plain, footer="- {n} -", bottom=PAGE_H - 400)
    write_pdf(OUT / "vntime-font.pdf", vntime, width_of=vntime_width)
    print(f"wrote {len(text_fixtures) + 9} fixtures to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
