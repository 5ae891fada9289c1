"""A document's metadata from its front matter (letterhead, number, place and date, type, title) and
the lines after its body (the signature block). One function per field; the words come from
schemas/letterhead.yaml (see vocabulary).

Letterheads are set in two columns (issuer on the left, the national or Party motto on the right);
when a reader interleaves the columns, the motto can come between an issuer's lines, so the lines
under an issuer are looked for a few lines down.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex

from ..models import DocumentMeta, MetaEvidence
from ..text.time import BARE_PERIOD, BARE_YEAR, PERIOD_IN_CLAUSE, PLAN_YEAR
from .provinces import find_province
from .vocabulary import (
    CONGRESS_LINE,
    CONGRESS_NAME,
    DOCUMENT_TYPES,
    ISSUER_LINE,
    ISSUERS,
    LAW_NUMBER,
    NUMBER_PREFIX,
    PARTY_COMMITTEES,
    PARTY_NUMBER,
    PLACE_DATE,
    PROVINCE_LINE,
    ROLE_LINE,
    RUNNING_ISSUER,
    SIGNING,
    STATE_NUMBER,
    SUBJECT_LINE,
    SUBJECT_START,
    TERM,
    TYPE_SYMBOL,
    TYPE_SYMBOLS,
)

PROVINCE_LINE_REACH = 3  # lines under a bare issuer line looked at for the province line
BODY_LINE_REACH = 2  # lines under a Party organisation's line looked at for its committee or congress
PERSON_NAME = regex.compile(r"^(?:[\p{Lu}][\p{Ll}\p{M}]*\s+){1,5}[\p{Lu}][\p{Ll}\p{M}]*$")
LATE_MONTH = 10  # a document dated from October on plans for the next year
NATIONAL = "national"  # the level of a national body (Quốc hội, Chính phủ): no province


@dataclass(frozen=True, slots=True)
class IssuerFound:
    """The issuing body a letterhead names: as written in running text, its level and province."""

    issuer: str
    level: str
    province: str | None
    line: str = ""  # the letterhead line that names it


def issuer_province_line(line: str, rest: str, following: list[str]) -> str:
    """The words naming the issuer's province: the rest of its line, else the province line under
    it ("TỈNH LÀO CAI" under "ỦY BAN NHÂN DÂN"), also when the motto (wrapped, too) comes between."""
    if rest:
        return rest
    return next((ln for ln in following[:PROVINCE_LINE_REACH] if PROVINCE_LINE.match(ln)), "")


def party_organisation_body(place: str, following: list[str]) -> tuple[str, str] | None:
    """(issuer, level) of the body under a Party organisation's line: its committee ("ĐẢNG BỘ TỈNH
    NGHỆ AN" over "TỈNH ỦY") or its congress (over "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XVII"), or None."""
    near = following[:BODY_LINE_REACH]
    body = next((PARTY_COMMITTEES[ln.strip()] for ln in near if ln.strip() in PARTY_COMMITTEES), None)
    if body:
        return f"{body} {place}".strip(), "party_committee"
    if any(CONGRESS_LINE.match(ln) for ln in near):
        return f"{CONGRESS_NAME} {place}".strip(), "party_congress"
    return None


def find_issuer(lines: list[str]) -> IssuerFound | None:
    """The issuing body named by the first letterhead line that opens with an issuer's words,
    followed by its province (the province as the gazetteer names it, else the words as written)."""
    for i, line in enumerate(lines):
        m = ISSUER_LINE.match(line)
        if not m:
            continue
        issuer = ISSUERS[next(int(name[1:]) for name, v in m.groupdict().items() if v)]
        if issuer.level == NATIONAL:
            return IssuerFound(issuer.name, issuer.level, None, line.strip())
        rest = issuer_province_line(line, line[m.end():].strip(), lines[i + 1:])
        province = find_province(rest)
        place = province or rest.title()
        said = line.strip() if rest in line else f"{line.strip()} / {rest}"
        found = IssuerFound(f"{issuer.name} {place}".strip(), issuer.level, province, said)
        if issuer.level == "party_organisation":
            body = party_organisation_body(place, lines[i + 1:])
            if body:
                found = IssuerFound(body[0], body[1], province, said)
        return found
    return None


def find_doc_number(joined: str) -> str | None:
    """The document number: a Party one ("01-NQ/TU") if there is one, else a state one
    ("38/2012/NQ-HĐND"), else a national act's ("103/2023/QH15"), without the word before it."""
    m = PARTY_NUMBER.search(joined)
    if m:
        return f"{m['n']}-{m['type']}/{m['issuer']}"
    m = STATE_NUMBER.search(joined) or LAW_NUMBER.search(joined)
    return NUMBER_PREFIX.sub("", m.group()) if m else None


def doc_type_of_number(doc_number: str | None) -> str | None:
    """The document type the number's type symbol says ("NQ" in "01-NQ/TU": Nghị quyết), or None."""
    symbol = TYPE_SYMBOL.search(doc_number) if doc_number else None
    return TYPE_SYMBOLS.get(symbol["t"]) if symbol else None


def find_place_and_date(joined: str) -> tuple[str, dt.date | None] | None:
    """(place, date) of the place-and-date line ("Sơn La, ngày 12 tháng 12 năm 2012"); the date is
    None when it is no calendar date. None without such a line."""
    m = PLACE_DATE.search(joined)
    if not m:
        return None
    try:
        date: dt.date | None = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        date = None
    return m["place"].strip(), date


def find_type_line(lines: list[str]) -> tuple[int, str] | None:
    """(index, document type) of the title block's type line, a line in capitals that is only a
    document type ("NGHỊ QUYẾT"), or None."""
    for i, line in enumerate(lines):
        if line.strip().upper() in DOCUMENT_TYPES and line.strip().isupper():
            return i, DOCUMENT_TYPES[line.strip().upper()]
    return None


def split_subject(line: str) -> list[str]:
    """A capitals line with the subject run into it ("HỘI NGHỊ ... LẦN THỨ 22 Về phương hướng ...",
    as centred title lines of one PDF block are joined): the two lines apart."""
    m = SUBJECT_START.search(line)
    if m and line[:m.start()].isupper():
        return [line[:m.start()], line[m.end():]]
    return [line]


def find_title(lines_after_type: list[str]) -> str | None:
    """The title: the lines after the type line (not the place-and-date line), from the one that
    opens the subject ("Về ...", "V/v ...") if any, up to the first capitals line after the first
    or the first line that opens with an issuer (the issuing body and session under the subject)."""
    title_lines = [piece for ln in lines_after_type if not PLACE_DATE.search(ln) for piece in split_subject(ln)]
    subject = next((k for k, ln in enumerate(title_lines) if SUBJECT_LINE.match(ln)), None)
    chosen = title_lines[subject:] if subject is not None else title_lines
    end = next((k for k, ln in enumerate(chosen) if k and (ln.isupper() or RUNNING_ISSUER.match(ln))), len(chosen))
    return " ".join(chosen[:end]).strip() or None


def find_term(joined: str) -> str | None:
    """The council's or committee's term as a Roman numeral ("khóa XIX": "XIX"), or None."""
    m = TERM.search(joined)
    return m["roman"] if m else None


def planning_year(date: dt.date | None) -> int | None:
    """The year a document dated `date` plans for: the next one from October on, else its own."""
    if not date:
        return None
    return date.year + 1 if date.month >= LATE_MONTH else date.year


def plan_period_of(text: str) -> tuple[int, int] | None:
    """The period of several years a title or lead names ("giai đoạn 2021 - 2025", "nhiệm kỳ
    2020 - 2025", "2026 - 2028"), as (first, last) years, or None."""
    m = PERIOD_IN_CLAUSE.search(text)
    if m:
        return int(m["a"]), int(m["b"])
    m = BARE_PERIOD.search(text)
    return (int(m[1]), int(m[2])) if m and int(m[1]) < int(m[2]) else None


def plan_time(text: str, date: dt.date | None) -> tuple[int | None, str | None]:
    """(plan_year, plan_period) a title or lead states: the year of its goals ("mục tiêu ... năm
    2024"); else the period it names, with plan_year its first year (for a term that opens in the
    document's own year, "nhiệm kỳ 2020 - 2025" of October 2020, the first year the document plans
    for, 2021); else the latest year it names. (None, None) when it names no year."""
    m = list(PLAN_YEAR.finditer(text))
    if m:
        return int(m[-1]["y"]), None
    period = plan_period_of(text)
    if period:
        first, last = period
        year = planning_year(date)
        return (year if year and first <= year <= last else first), f"{first}-{last}"
    years = [int(y) for y in BARE_YEAR.findall(text)]
    return (max(years), None) if years else (None, None)


def plan_year(meta: DocumentMeta) -> int | None:
    """The year the document plans for: the year of its goals in the title, else the first year of
    the period it names, else the latest year the title names, else the year after a date late in
    the year, else the date's year."""
    year, _ = plan_time(meta.title or "", meta.doc_date)
    return year if year is not None else planning_year(meta.doc_date)


def find_signer(tail: list[str]) -> str | None:
    """The signer's name: the last line after the signing line that reads as a person's name (not a
    role line such as "CHỦ TỊCH", not in capitals)."""
    signing = next((i for i, ln in enumerate(tail) if SIGNING.match(ln)), None)
    candidates = tail[signing + 1:] if signing is not None else tail
    for line in reversed(candidates):
        line = line.strip()
        if PERSON_NAME.match(line) and not ROLE_LINE.match(line) and not line.isupper():
            return line
    return None


def note(meta: DocumentMeta, source: str, text: str, *fields: str) -> None:
    """Record that the fields' values (those set) were read from `source`, where `text` says them."""
    for name in fields:
        if getattr(meta, name) is not None and name not in meta.evidence:
            meta.evidence[name] = MetaEvidence(source, " ".join(text.split()))


def letterhead_issuer(meta: DocumentMeta, lines: list[str]) -> None:
    """The issuer, its level and province from the letterhead; a national body governs the country."""
    issuer = find_issuer(lines)
    if issuer:
        meta.issuer, meta.issuer_level, meta.province = issuer.issuer, issuer.level, issuer.province
        meta.jurisdiction = NATIONAL if issuer.level == NATIONAL else None
        note(meta, "letterhead", issuer.line, "issuer", "issuer_level", "province", "jurisdiction")


def front_time(meta: DocumentMeta) -> None:
    """The plan year and period from the title, else the plan year from the date."""
    year, period = plan_time(meta.title or "", meta.doc_date)
    if year is not None:
        meta.plan_year, meta.plan_period = year, period
        note(meta, "title", meta.title or "", "plan_year", "plan_period")
    elif meta.doc_date:
        meta.plan_year = planning_year(meta.doc_date)
        note(meta, "doc_date", meta.doc_date.isoformat(), "plan_year")


def front_matter_to_meta(lines: list[str], tail: list[str]) -> DocumentMeta:
    """Given the front-matter lines (letterhead, number, date, type, title) and the lines after
    the body (signature block), return the document's metadata and where each field was read. The
    type line's type wins over the number's; the province is the issuer's, else the place's, else
    the place's (never a national body's: "Hà Nội, ngày ..." is where it sat)."""
    meta = DocumentMeta()
    joined = "\n".join(lines)
    letterhead_issuer(meta, lines)
    national = meta.issuer_level == NATIONAL
    meta.doc_number = find_doc_number(joined)
    meta.doc_type = doc_type_of_number(meta.doc_number)
    note(meta, "letterhead", meta.doc_number or "", "doc_number")
    type_line = find_type_line(lines)
    if type_line:
        meta.doc_type = type_line[1]
        meta.title = find_title(lines[type_line[0] + 1:])
        note(meta, "letterhead", lines[type_line[0]], "doc_type")
        note(meta, "letterhead", meta.title or "", "title")
    note(meta, "number", meta.doc_number or "", "doc_type")
    place_date = find_place_and_date(joined)
    if place_date:
        meta.doc_place, meta.doc_date = place_date
        meta.province = meta.province or (None if national else find_province(meta.doc_place))
        note(meta, "letterhead", PLACE_DATE.search(joined).group(), "doc_place", "doc_date", "province")
    meta.term = find_term(joined)
    note(meta, "letterhead", TERM.search(joined).group() if meta.term else "", "term")
    front_time(meta)
    meta.signer = find_signer(tail)
    note(meta, "signature", meta.signer or "", "signer")
    return meta
