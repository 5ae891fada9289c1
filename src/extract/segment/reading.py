"""A document's metadata from wherever it states it, and where its body lies: `read_document` (the
entry point, for a whole file or one document of several in a file).

The letterhead is looked for wherever it sits in the first paragraphs (after a site's metadata
block, a newspaper's preface, a crawl prefix: the preamble); what it leaves unsaid is taken, in this
order, from a site metadata block, the title, the first sentences (the preamble's too), and last
the province the body names most. Each field's evidence is kept (`DocumentMeta.evidence`).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..models import DocumentMeta, MetaEvidence, Paragraph
from .body import find_body_end, find_body_start
from .evidence import (
    NATIONAL,
    RunningIssuer,
    body_province,
    is_news,
    running_issuer,
    running_title,
    running_type,
    site_block,
)
from .metadata import (
    find_type_line,
    front_matter_to_meta,
    note,
    plan_time,
    planning_year,
)
from .provinces import find_province, province_after_merger
from .split_marks import rejoined_text
from .vocabulary import ISSUER_LINE, PARTY_NUMBER, PLACE_DATE, REACH, STATE_NUMBER

ISSUER_FIELDS = ("issuer", "issuer_level", "province", "jurisdiction")
LETTERHEAD_LINES = 4  # the first front-matter lines read for a district's or commune's name


@dataclass(slots=True)
class DocumentReading:
    """A document's metadata and where its parts lie, as indices into the paragraphs it was read
    from: the preamble before its letterhead ([0, front_start)), the front matter ([front_start,
    body_start)), the body ([body_start, body_end)) and the signature block after it."""

    meta: DocumentMeta
    front_start: int
    body_start: int
    body_end: int


def confirms_letterhead(line: str) -> bool:
    """Does a line under an issuer line say it is a letterhead: a number, a place-and-date or a type line?"""
    return bool(PLACE_DATE.search(line) or PARTY_NUMBER.search(line) or STATE_NUMBER.search(line)
                or find_type_line([line]))


def find_letterhead(lines: list[str]) -> int | None:
    """The index of the line where the letterhead starts: the first issuer line ("ỦY BAN NHÂN
    DÂN", "TỈNH ỦY QUẢNG TRỊ") among the first paragraphs with a number, a place-and-date or a type
    line a few lines under it; None when there is none."""
    reach, confirm = REACH["letterhead_paragraphs"], REACH["letterhead_confirm"]
    for i, line in enumerate(lines[:reach]):
        if ISSUER_LINE.match(line) and any(confirms_letterhead(ln) for ln in lines[i:i + confirm]):
            return i
    return None


def frame(text: str, paragraphs: list[Paragraph]) -> tuple[int | None, int, int, int]:
    """(letterhead, front_start, body_start, body_end) of a document's paragraphs: the letterhead's
    line (None without one) wherever it sits in the first paragraphs, the front matter from it (else
    from the start), the body after the front matter."""
    lines = [text[p.start:p.end].rstrip(" ") for p in paragraphs]
    letterhead = find_letterhead(lines)
    front = letterhead or 0
    start = front + find_body_start(text, paragraphs[front:]) if letterhead else find_body_start(text, paragraphs)
    return letterhead, front, start, find_body_end(text, paragraphs, start)


def take_issuer(meta: DocumentMeta, found: RunningIssuer, source: str) -> None:
    """Fill the issuer fields not yet known from an issuer named in running text."""
    if meta.issuer is None:
        meta.issuer, meta.issuer_level = found.issuer, found.level
    if meta.province is None and meta.issuer_level != NATIONAL:
        meta.province = found.province
    if meta.jurisdiction is None:
        meta.jurisdiction = found.jurisdiction
    note(meta, source, found.text, *ISSUER_FIELDS)


def from_letterhead_unit(meta: DocumentMeta, front: list[str]) -> None:
    """A letterhead whose issuer has no province under it names a district or commune ("ỦY BAN
    NHÂN DÂN" over "HUYỆN TUY PHƯỚC"): the unit as issuer, its province by the gazetteer."""
    if meta.issuer is None or meta.province is not None or meta.issuer_level == NATIONAL:
        return
    found = running_issuer("\n".join(front[:LETTERHEAD_LINES]), national=False)
    if found and found.jurisdiction in ("district", "commune"):
        meta.issuer = None
        for name in ISSUER_FIELDS:
            meta.evidence.pop(name, None)
        take_issuer(meta, found, "letterhead")


def from_site_block(meta: DocumentMeta, lines: list[str]) -> None:
    """Fill the fields a site's metadata block states and the front matter did not."""
    block = site_block(lines)
    for name, value in block.values.items():
        if name == "issuer":
            if isinstance(value, RunningIssuer):
                take_issuer(meta, value, "site_block")
            elif meta.province is None and meta.issuer_level != NATIONAL:
                meta.province = str(value)
                note(meta, "site_block", block.lines[name], "province")
        elif getattr(meta, name) is None:
            setattr(meta, name, value)
            note(meta, "site_block", block.lines[name], name)


def from_running_text(meta: DocumentMeta, front: list[str], opening: list[str]) -> None:
    """Fill the title, type and issuer from running text: a title line ("Nghị quyết của ... về
    ..."), the title's words, the title block's other lines ("HỘI ĐỒNG NHÂN DÂN TỈNH X KHÓA XIX, KỲ
    HỌP THỨ 15"), then the first sentences (the preamble's and the body's)."""
    if meta.title is None:
        found = running_title(front)
        if found:
            meta.title = found[0]
            meta.doc_type = meta.doc_type or found[1]
            note(meta, "title", found[0], "title", "doc_type")
    if meta.issuer is None or meta.province is None and meta.issuer_level != NATIONAL:
        for source, text, national in (("title", meta.title or "", True), ("front_matter", "\n".join(front), False),
                                       ("opening", " ".join(opening), False)):
            issuer = running_issuer(text, national)
            if issuer:
                take_issuer(meta, issuer, source)
                break
    if meta.doc_type is None:
        found_type = running_type(" ".join(opening))
        if found_type:
            meta.doc_type = found_type[0]
            note(meta, "opening", found_type[1], "doc_type")


def from_front_words(meta: DocumentMeta, front: list[str]) -> None:
    """A province the front matter (a headline, a crawl prefix) names anywhere, when nothing more
    precise did; a news article's headline as its title."""
    joined = "\n".join(front)
    if meta.province is None and meta.issuer_level != NATIONAL:
        meta.province = find_province(joined)
        note(meta, "front_matter", joined[:160], "province")


def from_opening_time(meta: DocumentMeta, opening: list[str]) -> None:
    """A plan year the title and date did not give: the year (or period) the first sentences plan
    for ("... chỉ tiêu chủ yếu năm 2024 như sau:"), the year a news article's figures are for."""
    if meta.plan_year is not None:
        return
    for line in opening:
        year, period = plan_time(line, meta.doc_date)
        if year is not None:
            meta.plan_year, meta.plan_period = year, period
            note(meta, "opening", line[:160], "plan_year", "plan_period")
            return


def from_body(meta: DocumentMeta, body: str) -> None:
    """The province the body names most, when nothing before it said (and the issuer is not national)."""
    if meta.province is None and meta.issuer_level != NATIONAL:
        found = body_province(body)
        if found:
            meta.province = found[0]
            note(meta, "body", f"{found[0]} named {found[1]} times", "province")


def retime(meta: DocumentMeta, opening: list[str]) -> None:
    """The plan year and period by the evidence order: the title (also a title read from running
    text), else the date, else the first sentences."""
    evidence = meta.evidence.get("plan_year")
    if meta.title and (evidence is None or evidence.source != "title"):
        year, period = plan_time(meta.title, meta.doc_date)
        if year is not None:
            meta.evidence.pop("plan_year", None)
            meta.plan_year, meta.plan_period = year, period
            note(meta, "title", meta.title, "plan_year", "plan_period")
    if meta.plan_year is None and meta.doc_date:
        meta.plan_year = planning_year(meta.doc_date)
        note(meta, "doc_date", meta.doc_date.isoformat(), "plan_year")
    from_opening_time(meta, opening)


def source_kind(meta: DocumentMeta, own_front: bool, news: str | None) -> str:
    """`document` when the document's own front matter is there (a letterhead or a type line,
    whatever precedes it), `news` for an article on it, `document` for a titled page or a site
    block, else `excerpt`."""
    if own_front:
        return "document"
    if news:
        return "news"
    return "document" if meta.title or "doc_number" in meta.evidence else "excerpt"


def front_words(meta: DocumentMeta, lines: list[str], front_start: int) -> str:
    """The words that show the document's own front matter: its issuer's or type line, else its first line."""
    for name in ("issuer", "doc_type", "title"):
        if name in meta.evidence and meta.evidence[name].source in ("letterhead", "title"):
            return meta.evidence[name].text
    return lines[front_start] if front_start < len(lines) else ""


def settle(meta: DocumentMeta) -> None:
    """The fields that follow from the others: the province since the 2025 merger and the jurisdiction."""
    meta.province_2025 = province_after_merger(meta.province)
    note(meta, "gazetteer", f"{meta.province} -> {meta.province_2025}", "province_2025")
    if meta.jurisdiction is None and meta.province:
        meta.jurisdiction = "province"
        note(meta, meta.evidence["province"].source, meta.evidence["province"].text, "jurisdiction")


def read_document(text: str, paragraphs: list[Paragraph]) -> DocumentReading:
    """Given a document's normalised text and its paragraphs (a whole file's, or one document's of
    several: spans into `text`), return its metadata with the evidence of each field, and where
    its preamble, front matter, body and signature block lie. Syllables a PDF split after their
    marks ("Hư ng Yê n") are read rejoined (`split_marks`)."""
    text = rejoined_text(text, paragraphs)
    letterhead, front_start, start, end = frame(text, paragraphs)
    lines = [text[p.start:p.end].rstrip(" ") for p in paragraphs]
    meta = front_matter_to_meta(lines[front_start:start], lines[end:])
    from_letterhead_unit(meta, lines[front_start:start])
    preamble = lines[:front_start]
    opening = preamble + lines[start:start + REACH["opening_paragraphs"]]
    from_site_block(meta, preamble + lines[front_start:start])
    from_running_text(meta, lines[:start], opening)
    from_front_words(meta, lines[front_start:start])
    retime(meta, opening)
    from_body(meta, text[paragraphs[start].start:paragraphs[end - 1].end] if start < end else "")
    settle(meta)
    own_front = letterhead is not None or find_type_line(lines[front_start:start]) is not None
    news = is_news(opening[:len(preamble) + 2])
    meta.source_kind = source_kind(meta, own_front, news)
    if meta.source_kind == "news" and meta.title is None and start > front_start:
        meta.title = lines[front_start].strip()  # the article's headline
        note(meta, "front_matter", meta.title, "title")
    meta.evidence["source_kind"] = MetaEvidence("opening" if news and not own_front else "front_matter",
                                                news or front_words(meta, lines, front_start))
    return DocumentReading(meta, front_start, start, end)


def read_metadata(text: str, paragraphs: list[Paragraph]) -> DocumentMeta:
    """The metadata of the document the paragraphs hold (see read_document)."""
    return read_document(text, paragraphs).meta
