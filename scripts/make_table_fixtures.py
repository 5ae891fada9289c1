"""Write the goal-table fixtures: one UBND plan whose goals are a table, as DOCX and as PDF.

usage: python scripts/make_table_fixtures.py      (needs `pip install -e .[render]` and DejaVu fonts)

The table has header cells merged over two rows ("STT", "Chỉ tiêu", "Đơn vị tính", "Thực hiện
năm 2022") and over two columns ("Năm 2023" over "Kế hoạch" | "Ước thực hiện"), then twelve
indicator rows. In the PDF (reportlab, ruled grid, justified text before it) the table starts low on
page 1 and carries over to page 2 with its two header rows repeated, as Word prints a table with
"repeat header rows". Writes tests/fixtures/tables/goal-table.docx and goal-table.pdf; the rows
expected from them are typed by hand in tests/test_tables.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "fixtures" / "tables"
sys.path.insert(0, str(ROOT / "scripts"))

from render_corpus import font_path  # noqa: E402

FRONT = [
    ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ("TỈNH NGHỆ AN", "Độc lập - Tự do - Hạnh phúc"),
    ("Số: 0204/KH-UBND", "Nghệ An, ngày 20 tháng 12 năm 2023"),
]
TITLE = ["KẾ HOẠCH", "Phát triển kinh tế - xã hội năm 2024"]
INTRO = [
    "Căn cứ Nghị quyết của Hội đồng nhân dân tỉnh về kế hoạch phát triển kinh tế - xã hội năm 2024, "
    "Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện với các nội dung sau đây.",
    "Năm 2023, trong bối cảnh còn nhiều khó khăn, các cấp, các ngành đã nỗ lực thực hiện các nhiệm vụ "
    "đề ra; kinh tế duy trì đà phục hồi, an sinh xã hội được bảo đảm, quốc phòng, an ninh được giữ vững. "
    "Kết quả thực hiện các chỉ tiêu chủ yếu năm 2023 và so sánh với năm 2022 được tổng hợp tại bảng dưới đây.",
    "Các sở, ban, ngành và Ủy ban nhân dân các huyện, thành phố, thị xã căn cứ kết quả này để xây dựng "
    "kế hoạch của ngành, địa phương mình, bảo đảm thống nhất với mục tiêu chung của tỉnh.",
]
HEADING = "I. CÁC CHỈ TIÊU CHỦ YẾU"
HEADER = [["STT", "Chỉ tiêu", "Đơn vị tính", "Thực hiện năm 2022", "Năm 2023", ""],
          ["", "", "", "", "Kế hoạch", "Ước thực hiện"]]
ROWS = [
    ("1", "Tốc độ tăng trưởng GRDP", "%", "6,5", "7,5", "7,0"),
    ("2", "GRDP bình quân đầu người", "triệu đồng", "55,2", "60", "59,8"),
    ("3", "Thu ngân sách nhà nước", "tỷ đồng", "18.245", "19.000", "20.115"),
    ("4", "Tổng vốn đầu tư phát triển toàn xã hội", "tỷ đồng", "85.300", "92.000", "94.150"),
    ("5", "Kim ngạch xuất khẩu", "triệu USD", "2.250", "2.500", "2.610"),
    ("6", "Tỷ lệ hộ nghèo", "%", "3,2", "2,5 - 3", "2,7"),
    ("7", "Tỷ lệ lao động qua đào tạo", "%", "70,5", "72", "72,3"),
    ("8", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", "92,1", "93", "93,4"),
    ("9", "Số xã đạt chuẩn nông thôn mới", "xã", "320", "335", "338"),
    ("10", "Tỷ lệ che phủ rừng", "%", "58,3", "58,4", "58,4"),
    ("11", "Tỷ lệ đô thị hóa", "%", "32,0", "33", "33,2"),
    ("12", "Số lao động được tạo việc làm mới", "người", "41.200", "40.000", "42.500"),
]
AFTER = ["II. TỔ CHỨC THỰC HIỆN", "Các sở, ngành tổ chức thực hiện kế hoạch này."]
MERGES = [((0, 0), (0, 1)), ((1, 0), (1, 1)), ((2, 0), (2, 1)), ((3, 0), (3, 1)), ((4, 0), (5, 0))]  # (col, row) pairs


def write_docx(path: Path) -> None:
    import datetime as dt

    import docx

    d = docx.Document()
    letterhead = d.add_table(rows=0, cols=2)
    for left, right in FRONT:
        cells = letterhead.add_row().cells
        cells[0].text, cells[1].text = left, right
    for line in TITLE + INTRO + [HEADING]:
        d.add_paragraph(line)
    t = d.add_table(rows=2 + len(ROWS), cols=6)
    t.style = "Table Grid"
    for (c0, r0), (c1, r1) in MERGES:
        t.cell(r0, c0).merge(t.cell(r1, c1))
    for r, row in enumerate(HEADER):
        for c, text in enumerate(row):
            if text:
                t.cell(r, c).text = text
    for r, row in enumerate(ROWS, start=2):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    for line in AFTER:
        d.add_paragraph(line)
    d.core_properties.created = d.core_properties.modified = dt.datetime(2023, 12, 20)
    d.save(path)


def write_pdf(path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(TTFont("Serif", str(font_path("DejaVuSerif.ttf"))))
    pdfmetrics.registerFont(TTFont("Serif-Bold", str(font_path("DejaVuSerif-Bold.ttf"))))
    body = ParagraphStyle("body", fontName="Serif", fontSize=12, leading=17, alignment=TA_JUSTIFY,
                          firstLineIndent=1 * cm, spaceAfter=6)
    centre = ParagraphStyle("centre", parent=body, alignment=TA_CENTER, firstLineIndent=0, fontName="Serif-Bold")
    heading = ParagraphStyle("heading", parent=body, fontName="Serif-Bold", firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName="Serif", fontSize=10, leading=12)
    head = ParagraphStyle("head", parent=cell, fontName="Serif-Bold", alignment=TA_CENTER)

    story = []
    letterhead = Table([[Paragraph(a, centre), Paragraph(b, centre)] for a, b in FRONT],
                       colWidths=[6 * cm, 10 * cm])
    story += [letterhead, Spacer(1, 12)]
    story += [Paragraph(line, centre) for line in TITLE]
    story += [Paragraph(line, body) for line in INTRO * 2]  # the table starts low on page 1
    story.append(Paragraph(HEADING, heading))
    data = [[Paragraph(text, head) if text else "" for text in row] for row in HEADER]
    data += [[Paragraph(text, cell) for text in row] for row in ROWS]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    style += [("SPAN", a, b) for a, b in MERGES]
    table = Table(data, colWidths=[1.3 * cm, 5.2 * cm, 2.2 * cm, 2.6 * cm, 2.2 * cm, 2.5 * cm], repeatRows=2)
    table.setStyle(TableStyle(style))
    story += [table, Spacer(1, 12)]
    story += [Paragraph(AFTER[0], heading), Paragraph(AFTER[1], body)]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=3 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, invariant=1)
    doc.build(story)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_docx(OUT / "goal-table.docx")
    write_pdf(OUT / "goal-table.pdf")
    print(f"wrote goal-table.docx and goal-table.pdf to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
