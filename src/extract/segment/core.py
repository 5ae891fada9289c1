"""Segment: NormalisedDocument -> SegmentedDocument (metadata and section tree).

Layout rules: Nghị định 30/2020/NĐ-CP Phụ lục I for state documents, Quy định 66-QĐ/TW and
Hướng dẫn 36-HD/VPTW for Party documents (../shared/reference/vietnamese-text.md §5).
Patterns are the reference's §5.3 ones, applied to normalised (NFC, canonical tone) text.
"""
from __future__ import annotations

import datetime as dt
import functools

import regex

from ..models import DocumentMeta, NormalisedDocument, Paragraph, SegmentedDocument, Section
from ..text.time import BARE_YEAR, PLAN_YEAR
from ..text.vietnamese import mostly_capitals, tone_key

ROMAN = r"(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
PART = regex.compile(rf"^(?:(?:Phần|PHẦN|Chương|CHƯƠNG)\s+)?(?P<num>{ROMAN})\s*[-.–:)]\s*(?P<title>\S.*)$")
PART_WORD = regex.compile(r"^(?P<kind>Phần|PHẦN|Chương|CHƯƠNG)\s+(?P<num>[IVXLC]+|\d+)\b\s*[-.:]?\s*(?P<title>.*)$")
ARTICLE = regex.compile(r"^Điều\s+(?P<num>\d+[a-z]?)\s*[.:]\s*(?P<title>.*)$")
NUM_ITEM = regex.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\s*(?:[-.)]|\.-)\s*(?P<title>[^\d\s].*)$")  # "18.245" is a number
PAREN_ITEM = regex.compile(r"^\((?P<num>\d{1,2})\)\s*(?P<title>\S.*)$")
LETTER_ITEM = regex.compile(r"^(?P<num>[a-zđ])\s*\)\s*(?P<title>\S.*)$")
BULLET = regex.compile(r"^(?P<num>[-+•])\s*(?P<title>\S.*)$")

# Ranks: a heading closes every open heading of the same or a deeper rank.
RANK = {"part": 1, "article": 2, "item": 3, "titled": 6, "paren_item": 7, "point": 8, "bullet": 9, "plus_bullet": 10}
# A heading without a number: a paragraph in a Word heading style, or a short paragraph set all in
# bold or in capitals with no sentence punctuation or figure in it ("Về kinh tế", "NHIỆM VỤ TRỌNG TÂM"). It is labelled
# by its own words and ranks below numbered items, above (1), a) and bullets.
WORD_HEADING_STYLE = regex.compile(r"^(?:Heading|Tiêu đề)\s*(\d)$", regex.I)
TITLED_MAX_WORDS = 12
# The enacting words before the articles ("QUYẾT NGHỊ:", "QUYẾT ĐỊNH:") stand alone in capitals
# but head nothing.
ENACTING_FORMULA = regex.compile(r"^\s*(?:QUYẾT\s+NGHỊ|QUYẾT\s+ĐỊNH|NGHỊ\s+QUYẾT|KẾT\s+LUẬN|CHỈ\s+THỊ)\s*:?\s*$")

PARTY_NUMBER = regex.compile(r"\bSố\s*:?\s*(?P<n>\d{1,4})\s*-\s*(?P<type>[A-ZĐ][A-Za-zĐđ]{0,4})\s*/\s*(?P<issuer>[A-ZĐ][A-ZĐ0-9]{0,9})\b")
STATE_NUMBER = regex.compile(r"\b(?:Số\s*:?\s*)(?P<n>\d{1,5})(?:/(?P<year>(?:19|20)\d{2}))?/(?P<type>[A-ZĐ][A-Za-zĐđ]{0,5})-(?P<issuer>[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*)")
PLACE_DATE = regex.compile(r"(?P<place>[\p{Lu}][^\d,;\n]{1,40}),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})")
TERM = regex.compile(r"\b(?:khóa|KHÓA|Khóa)\s+(?P<roman>[IVXLC]+)\b")
# (a congress signs as itself: "ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ TỈNH ĐẮK LẮK LẦN THỨ XVII" closes its resolution)
SIGNING = regex.compile(r"^\s*(?:(?:T/M|TM\.?|KT\.?|K/T|TL\.|T/L|TUQ\.|Q\.)\s*[\p{Lu}/ ]+|ĐẠI HỘI (?:ĐẠI BIỂU )?ĐẢNG BỘ [\p{Lu}\p{M} ,\-]+)$")
RECIPIENTS = regex.compile(r"^\s*Nơi\s+nhận\s*:?")
ROLE_LINE = regex.compile(r"^(?:PHÓ\s+)?(?:BÍ\s+THƯ|CHỦ\s+TỊCH|GIÁM\s+ĐỐC|TRƯỞNG\s+BAN|CHÁNH\s+VĂN\s+PHÒNG|THƯỜNG\s+TRỰC)\b", regex.I)
PERSON_NAME = regex.compile(r"^(?:[\p{Lu}][\p{Ll}\p{M}]*\s+){1,5}[\p{Lu}][\p{Ll}\p{M}]*$")

# Issuing bodies: letterhead words -> (name as written in running text, level).
ISSUERS = [
    (r"TỈNH\s+ỦY", "Tỉnh ủy", "party_committee"),
    (r"THÀNH\s+ỦY", "Thành ủy", "party_committee"),
    (r"BAN\s+CHẤP\s+HÀNH\s+ĐẢNG\s+BỘ", "Ban Chấp hành Đảng bộ", "party_committee"),
    (r"ĐẢNG\s+BỘ\s+(?:TỈNH|THÀNH\s+PHỐ)", "Đảng bộ", "party_organisation"),
    (r"HỘI\s+ĐỒNG\s+NHÂN\s+DÂN", "Hội đồng nhân dân", "peoples_council"),
    (r"ỦY\s+BAN\s+NHÂN\s+DÂN", "Ủy ban nhân dân", "peoples_committee"),
]
# The committee named under a Party organisation's line in a letterhead.
BODY_UNDER_PARTY = {"TỈNH ỦY": "Tỉnh ủy", "THÀNH ỦY": "Thành ủy", "BAN THƯỜNG VỤ": "Ban Thường vụ Tỉnh ủy",
                    "BAN CHẤP HÀNH": "Ban Chấp hành Đảng bộ"}
CONGRESS_LINE = regex.compile(r"^\s*ĐẠI\s+HỘI\s+(?:ĐẠI\s+BIỂU\s+)?(?:LẦN\s+THỨ\s+[IVXLC]+)?\s*$")
ISSUER_RE = regex.compile(r"^\s*(?:" + "|".join(f"(?P<i{k}>{p})" for k, (p, _, _) in enumerate(ISSUERS)) + r")\b")

DOC_TYPES = {"NGHỊ QUYẾT": "Nghị quyết", "QUYẾT ĐỊNH": "Quyết định", "KẾ HOẠCH": "Kế hoạch",
             "BÁO CÁO": "Báo cáo", "CHƯƠNG TRÌNH": "Chương trình", "CHỈ THỊ": "Chỉ thị", "KẾT LUẬN": "Kết luận"}
# Type symbols of document numbers (NĐ 30/2020 Phụ lục III; Party QĐ 66-QĐ/TW), mixed case as written.
TYPE_SYMBOLS = {"NQ": "Nghị quyết", "QĐ": "Quyết định", "QyĐ": "Quyết định", "QYĐ": "Quyết định",
                "KH": "Kế hoạch", "BC": "Báo cáo", "CTr": "Chương trình", "CT": "Chỉ thị", "KL": "Kết luận"}

BODY_MIN_WORDS = 25  # a front-matter line is short; the first long paragraph starts the body


@functools.lru_cache(maxsize=1)
def province_names() -> list[tuple[str, str]]:
    """Return (key, canonical name) for every province before and after the July 2025 merger
    (Nghị quyết 202/2025/QH15), from the vietnamadminunits package, longest first."""
    from vietnamadminunits.database import query

    names: set[str] = set()
    for table in ("admin_units", "admin_units_legacy"):
        for row in query(f"SELECT DISTINCT provinceShort FROM [{table}]"):
            names.add(row["provinceShort"])
    return sorted(((tone_key(n).casefold(), tone_key(n)) for n in names), key=lambda kv: -len(kv[0]))


def find_province(text: str) -> str | None:
    folded = tone_key(text).casefold()
    for key, name in province_names():
        if regex.search(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(key)}(?![\p{{L}}\p{{M}}])", folded):
            return name
    return None


@functools.lru_cache(maxsize=128)
def province_after_merger(province: str | None) -> str | None:
    """The province `province` belongs to since 1 July 2025 (Nghị quyết 202/2025/QH15: 63
    provinces merged into 34, each old province whole into one new), by vietnamadminunits."""
    if not province:
        return None
    from vietnamadminunits import convert_address

    for prefix in ("Tỉnh", "Thành phố"):
        try:
            return convert_address(f"{prefix} {province}").short_province or None
        except Exception:  # the package raises plain exceptions for names it does not know
            continue
    return None


def heading_match(text: str) -> tuple[str, str, str] | None:
    """Given a paragraph, return (kind, label, title) if it opens with a heading number."""
    for kind, pattern in (("part", PART_WORD), ("part", PART), ("article", ARTICLE), ("item", NUM_ITEM),
                          ("paren_item", PAREN_ITEM), ("point", LETTER_ITEM), ("bullet", BULLET)):
        m = pattern.match(text)
        if not m:
            continue
        label = m.group("num")
        if kind == "article":
            label = f"Điều {label}"
        if kind == "bullet" and label == "+":
            kind = "plus_bullet"
        if kind == "item" and regex.match(r"\d{4}$", label):
            continue  # a year at the start of a sentence
        return kind, label, m.group("title").strip()
    return None


def run_in_list(text: str, kind: str, label: str) -> bool:
    """Is this paragraph a list run into one paragraph ("(1) ...; (2) ...; (3) ...", "a) ...; b) ...")?
    Its first marker then heads nothing: the items belong to the heading above."""
    if kind == "paren_item" and label.isdigit():
        following = rf"\({int(label) + 1}\)"
    elif kind == "point" and len(label) == 1 and label.isalpha():
        following = rf"(?<![\p{{L}}\d]){regex.escape(chr(ord(label) + 1))}\)"
    else:
        return False
    return regex.search(rf"[;.:]\s*{following}\s", text) is not None


def unnumbered_heading(text: str, p: Paragraph) -> tuple[str, str, str] | None:
    """(kind, label, title) for a heading that has no number: by Word heading style, bold or capitals."""
    words = text.split()
    if not words or len(words) > TITLED_MAX_WORDS:  # (first: the capitals count is not free)
        return None
    styled = bool(p.style and WORD_HEADING_STYLE.match(p.style))
    if not (styled or p.bold or mostly_capitals(text)):
        return None
    if not styled and (regex.search(r"[.;,]\s*$", text) or regex.search(r"\d", text)):
        return None  # a bold sentence or figure, not a heading
    if ENACTING_FORMULA.match(text):
        return None
    title = text.strip().rstrip(":").strip()
    return "titled", title.replace("/", "-"), title


def heading_title(title: str) -> str:
    """A run-in item ("1.2- Thu ngân sách đạt ...") is titled by its first sentence."""
    m = regex.search(r"(?<=\S)(?:\.\s+(?=\p{Lu})|:\s)", title)
    return (title[:m.start()] if m else title).strip().rstrip(".;:").strip()


def find_body_start(text: str, paragraphs: list[Paragraph]) -> int:
    for i, p in enumerate(paragraphs):
        line = text[p.start:p.end]
        hm = heading_match(line)
        if hm and hm[0] in ("part", "article", "item"):
            return i
        if len(line.split()) >= BODY_MIN_WORDS or line.startswith("Căn cứ"):
            return i
    return 0  # no letterhead-and-title layout (an excerpt): all of it is body


def find_body_end(text: str, paragraphs: list[Paragraph], start: int) -> int:
    for i in range(start, len(paragraphs)):
        line = text[paragraphs[i].start:paragraphs[i].end]
        if RECIPIENTS.match(line) or SIGNING.match(line):
            return i
    return len(paragraphs)


ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(numeral: str) -> int:
    values = [ROMAN_VALUES[ch] for ch in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def roman_numeral(value: int) -> str:
    out = ""
    for v, s in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= v:
            out, value = out + s, value - v
    return out


def paragraphs_to_sections(text: str, paragraphs: list[Paragraph], body_end: int, ocr: bool = False) -> list[Section]:
    """Given the body paragraphs, return the section tree, outermost headings first in document order.

    In OCR'd text a Roman part number that does not follow the one before ("II" after "II": OCR
    drops a stroke of a bold "III") is read as the next number: parts are numbered in order. The
    section's path takes the repaired number; its label stays as the text has it."""
    end_of_body = paragraphs[body_end].start if body_end < len(paragraphs) else len(text)
    stack: list[dict] = []
    opened: list[dict] = []
    bullet_count: dict[str, int] = {}
    last_part: str | None = None
    for p in paragraphs:
        if p.start >= end_of_body:
            break
        if p.cell is not None:
            continue  # table cells are not headings
        hm = heading_match(text[p.start:p.end]) or unnumbered_heading(text[p.start:p.end], p)
        if not hm or run_in_list(text[p.start:p.end], *hm[:2]):
            continue
        kind, label, title = hm
        written = label
        if kind == "part" and regex.fullmatch(r"[IVXLC]+", label):
            if ocr and last_part and roman_value(label) <= roman_value(last_part):
                label = roman_numeral(roman_value(last_part) + 1)
            last_part = label
        rank = RANK[kind] + (label.count(".") if kind == "item" else 0)
        if kind == "titled":
            styled = WORD_HEADING_STYLE.match(p.style or "")
            if styled:  # Heading 1 ranks with parts, Heading 2 with items 1., Heading 3 with 1.1...
                rank = {1: RANK["part"], 2: RANK["item"], 3: RANK["item"] + 1, 4: RANK["item"] + 2}.get(
                    int(styled.group(1)), RANK["titled"])
            else:  # a bold heading is the sibling of the unnumbered heading open before it
                rank = next((n["rank"] for n in reversed(stack) if n["kind"] == "titled"), rank)
        while stack and stack[-1]["rank"] >= rank:
            stack.pop()["end"] = p.start
        parent = "/".join(s["label"] for s in stack)
        if kind in ("bullet", "plus_bullet"):
            bullet_count[parent] = bullet_count.get(parent, 0) + 1
            label = f"{label}{bullet_count[parent]}"
        node = {"rank": rank, "label": label, "written": written if kind == "part" else label,
                "kind": "bullet" if "bullet" in kind else kind,
                "title": heading_title(title), "start": p.start, "end": None, "heading_end": p.end,
                "page": p.page, "level": len(stack) + 1,
                "path": f"{parent}/{label}" if parent else label}
        stack.append(node)
        opened.append(node)
    for node in stack:
        node["end"] = end_of_body
    return [Section(section_path=n["path"], label=n["written"], title=n["title"], level=n["level"],
                    kind=n["kind"], char_start=n["start"], char_end=n["end"] or end_of_body,
                    page=n["page"], heading_end=n["heading_end"]) for n in opened]


def front_matter_to_meta(lines: list[str], tail: list[str]) -> DocumentMeta:
    """Given the front-matter lines (letterhead, number, date, type, title) and the lines after
    the body (signature block), return the document's metadata."""
    meta = DocumentMeta()
    joined = "\n".join(lines)
    for i, line in enumerate(lines):
        m = ISSUER_RE.match(line)
        if m and meta.issuer is None:
            k = next(int(name[1:]) for name, v in m.groupdict().items() if v)
            rest = line[m.end():].strip()
            if not rest:  # "TỈNH LÀO CAI" under it, or after the national motto (wrapped, too) when columns interleave
                rest = next((ln for ln in lines[i + 1:i + 4] if regex.match(r"^(?:TỈNH|THÀNH PHỐ)\s", ln)), "")
            place = find_province(rest) or rest.title()
            meta.issuer = f"{ISSUERS[k][1]} {place}".strip()
            meta.issuer_level = ISSUERS[k][2]
            meta.province = find_province(rest)
            # (the next line, or the one after when the columns interleave and the motto comes between)
            body = next((BODY_UNDER_PARTY[ln.strip()] for ln in lines[i + 1:i + 3] if ln.strip() in BODY_UNDER_PARTY), None)
            congress = next((ln for ln in lines[i + 1:i + 3] if CONGRESS_LINE.match(ln)), None)
            if ISSUERS[k][2] == "party_organisation" and body:  # "ĐẢNG BỘ TỈNH NGHỆ AN" over "TỈNH ỦY"
                meta.issuer, meta.issuer_level = f"{body} {place}".strip(), "party_committee"
            elif ISSUERS[k][2] == "party_organisation" and congress:  # over "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XVII"
                meta.issuer, meta.issuer_level = f"Đại hội đại biểu Đảng bộ {place}".strip(), "party_congress"
    m = PARTY_NUMBER.search(joined)
    if m:
        meta.doc_number = f"{m['n']}-{m['type']}/{m['issuer']}"
    else:
        m = STATE_NUMBER.search(joined)
        if m:
            meta.doc_number = regex.sub(r"^Số\s*:?\s*", "", m.group())
    if meta.doc_number:
        symbol = regex.search(r"[-/](?P<t>[A-ZĐ][A-Za-zĐđ]{0,4})[/-]", meta.doc_number)
        if symbol and symbol["t"] in TYPE_SYMBOLS:
            meta.doc_type = TYPE_SYMBOLS[symbol["t"]]
    m = PLACE_DATE.search(joined)
    if m:
        meta.doc_place = m["place"].strip()
        try:
            meta.doc_date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            meta.doc_date = None
        meta.province = meta.province or find_province(meta.doc_place)
    type_index = None
    for i, line in enumerate(lines):
        if line.strip().upper() in DOC_TYPES and line.strip().isupper():
            meta.doc_type = DOC_TYPES[line.strip().upper()]
            type_index = i
            break
    if type_index is not None:
        title_lines = [piece for ln in lines[type_index + 1:] if not PLACE_DATE.search(ln)
                       for piece in split_subject(ln)]
        subject = next((k for k, ln in enumerate(title_lines) if regex.match(r"^(?:[Vv]ề|V/v)\s", ln)), None)
        chosen = title_lines[subject:] if subject is not None else title_lines
        # the subject ends where a capitals line begins (the issuing body and session under it)
        end = next((k for k, ln in enumerate(chosen) if k and ln.isupper()), len(chosen))
        chosen = chosen[:end]
        meta.title = " ".join(chosen).strip() or None
    m = TERM.search(joined)
    if m:
        meta.term = m["roman"]
    if meta.province is None:
        meta.province = find_province(joined)
    meta.plan_year = plan_year(meta)
    meta.signer = find_signer(tail)
    return meta


SUBJECT_START = regex.compile(r"\s(?=(?:Về|V/v)\s)")


def split_subject(line: str) -> list[str]:
    """A capitals line with the subject run into it ("HỘI NGHỊ ... LẦN THỨ 22 Về phương hướng ...",
    as centred title lines of one PDF block are joined): the two lines apart."""
    m = SUBJECT_START.search(line)
    if m and line[:m.start()].isupper():
        return [line[:m.start()], line[m.end():]]
    return [line]


def plan_year(meta: DocumentMeta) -> int | None:
    """The year the document plans for: the year of its goals in the title, else the latest year
    the title names, else the year after a date late in the year, else the date's year."""
    title = meta.title or ""
    m = list(PLAN_YEAR.finditer(title))
    if m:
        return int(m[-1]["y"])
    years = [int(y) for y in BARE_YEAR.findall(title)]
    if years:
        return max(years)
    if meta.doc_date:
        return meta.doc_date.year + 1 if meta.doc_date.month >= 10 else meta.doc_date.year
    return None


def find_signer(tail: list[str]) -> str | None:
    """The signer's name: the last line after the signing block that reads as a person's name."""
    signing = next((i for i, ln in enumerate(tail) if SIGNING.match(ln)), None)
    candidates = tail[signing + 1:] if signing is not None else tail
    for line in reversed(candidates):
        line = line.strip()
        if PERSON_NAME.match(line) and not ROLE_LINE.match(line) and not line.isupper():
            return line
    return None


def segment(norm: NormalisedDocument) -> SegmentedDocument:
    """Given a normalised document, return its metadata and section tree."""
    text, paragraphs = norm.text, norm.paragraphs
    start = find_body_start(text, paragraphs)
    end = find_body_end(text, paragraphs, start)
    front = [text[p.start:p.end] for p in paragraphs[:start]]
    tail = [text[p.start:p.end] for p in paragraphs[end:]]
    meta = front_matter_to_meta(front, tail)
    meta.province_2025 = province_after_merger(meta.province)
    sections = paragraphs_to_sections(text, paragraphs[start:], end - start, ocr=bool(norm.raw.ocr_confidence))
    body_start = paragraphs[start].start if start < len(paragraphs) else len(text)
    return SegmentedDocument(norm=norm, meta=meta, sections=sections, body_start=body_start)
