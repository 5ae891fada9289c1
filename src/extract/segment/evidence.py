"""Metadata a document states outside its letterhead: a web site's metadata block ("Số hiệu: ...
Nơi ban hành: ... Ngày ban hành: ...", also as a markdown table), the issuing body named in running
text (a title, the first sentences, a news lead: "HĐND tỉnh Kon Tum khóa XII ...", "Nghị quyết của
Ban Chấp hành Đảng bộ tỉnh Quảng Trị về ..."), a news article's marks, and the province the body
names most. The words come from schemas/metadata.yaml (see vocabulary); every reader returns what
it found with the text that says it, and `reading` decides which evidence wins.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex

from .provinces import find_province, province_at_start, province_mentions, province_of_district
from .vocabulary import (
    DOCUMENT_TYPES,
    NEWS_OPENER,
    PARTY_NUMBER,
    PROVINCE_UNIT,
    REACH,
    RUNNING_ISSUER,
    RUNNING_ISSUERS,
    RUNNING_TYPE,
    RUNNING_TYPES,
    SITE_BLANK,
    SITE_FIELDS,
    SITE_LABEL,
    STATE_NUMBER,
)

NATIONAL = "national"
SLASH_DATE = regex.compile(r"\b(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d{2})\b")
PLACE_NAME = regex.compile(r"(?:[\p{Lu}][\p{L}\p{M}]*)(?:[ \t-]+[\p{Lu}][\p{L}\p{M}]*){0,3}")
MARKUP = regex.compile(r"^[\s#*>_]+")  # markdown marks before a line's words ("# Nghị quyết ...")
TABLE_RULE = regex.compile(r"^\s*\|?\s*:?-{3,}")  # a markdown table's rule line "|---|---|"


@dataclass(frozen=True, slots=True)
class RunningIssuer:
    """An issuing body named in running text: its name with its place, level, province, the level
    of the unit it governs, and the words that name it."""

    issuer: str
    level: str
    province: str | None
    jurisdiction: str
    text: str


@dataclass(slots=True)
class SiteBlock:
    """The fields of a site's metadata block, each with the line that states it."""

    values: dict[str, object] = field(default_factory=dict)
    lines: dict[str, str] = field(default_factory=dict)


# --- issuers in running text --------------------------------------------------------------------

# Characters after an issuer's words in which its place is looked for: a place name and a unit
# word before it fit many times over.
PLACE_WINDOW = 200


def place_after(text: str) -> str:
    """The place's name that opens `text` (capitalised words: "Tuy Phước", "TUY PHƯỚC"), or ""."""
    m = PLACE_NAME.match(text)
    return m.group().strip() if m else ""


def province_nearby(text: str) -> str | None:
    """A province named after a unit word near the start of `text` ("..., tỉnh Bình Định")."""
    for m in PROVINCE_UNIT.finditer(text[:80]):
        found = province_at_start(text[m.end():m.end() + PLACE_WINDOW])
        if found:
            return found[0]
    return None


def issuer_at(m: regex.Match, text: str) -> RunningIssuer | None:
    """The issuer a running-text match names, with its place; None when no place follows it (a
    bare "HĐND tỉnh"), unless it is a national body."""
    issuer = RUNNING_ISSUERS[next(int(k[1:]) for k, v in m.groupdict().items() if v and k[0] == "i" and k[1:].isdigit())]
    rest = text[m.end():m.end() + PLACE_WINDOW]  # not the whole text: folded once per match, it would be quadratic
    if issuer.level == NATIONAL:
        return RunningIssuer(issuer.name, NATIONAL, None, NATIONAL, m.group().strip())
    if m["district"] or m["commune"] or (m["unit"] and not province_at_start(rest)):
        name = place_after(rest)
        province = province_of_district(name) if m["district"] or m["province"] else None
        province = province_nearby(rest[len(name):]) or province
        if not name or not province:
            return None
        unit = m["unit"].lower()
        level = "commune" if m["commune"] else "district"
        return RunningIssuer(f"{issuer.name} {unit} {name.title() if name.isupper() else name}", issuer.level,
                             province, level, text[m.start():m.end() + len(name)].strip())
    found = province_at_start(rest)
    if not found:
        return None
    return RunningIssuer(f"{issuer.name} {found[0]}", issuer.level, found[0], "province",
                         text[m.start():m.end() + found[1]].strip())


def running_issuer(text: str, national: bool = True) -> RunningIssuer | None:
    """The first issuing body `text` names with its place ("Hội đồng nhân dân tỉnh Bình Định",
    "HĐND TP. Hồ Chí Minh", "UBND huyện Tuy Phước"); national bodies only when `national` (a
    document's opening cites the Government's acts without being one)."""
    for m in RUNNING_ISSUER.finditer(text):
        found = issuer_at(m, text)
        if found and (national or found.level != NATIONAL):
            return found
    return None


# --- titles and types in running text -----------------------------------------------------------

def running_title(lines: list[str]) -> tuple[str, str] | None:
    """(title, document type) of the first line that opens with a document type in running text
    ("Nghị quyết của Ban Chấp hành Đảng bộ tỉnh X về ...", "Kế hoạch phát triển ..."): a title as
    a web page or an excerpt gives it; None without one."""
    for line in lines:
        bare = MARKUP.sub("", line).strip(" *#")
        m = RUNNING_TYPE.match(bare)
        if m and len(bare.split()) > len(m["t"].split()):
            return bare, RUNNING_TYPES[m["t"]]
    return None


def running_type(text: str) -> tuple[str, str] | None:
    """(document type, the words) of the first document type `text` names as a document ("thông
    qua Nghị quyết về ...": capitalised, as a named act is), or None."""
    m = RUNNING_TYPE.search(text)
    return (RUNNING_TYPES[m["t"]], text[max(0, m.start() - 40):m.end() + 40]) if m else None


def is_news(paragraphs: list[str]) -> str | None:
    """The words that mark an article about a document, not the document: an editor's note
    ("LTS: ...") or a source in brackets before a dash ("(Báo Kon Tum) - ...") opening one of the
    first paragraphs; None if there is none."""
    for line in paragraphs:
        m = NEWS_OPENER.match(line)
        if m:
            return m.group()
    return None


# --- a site's metadata block --------------------------------------------------------------------

def cells(line: str) -> list[str]:
    """A line's cells: a markdown table row's, else the line as one cell."""
    parts = [c.strip() for c in line.strip().strip("|").split("|")] if "|" in line else [line.strip()]
    return [c for c in parts if c]


def bare_label(cell: str) -> str | None:
    """The field a cell names when it is only a label ("Số hiệu", "Số hiệu:"), else None."""
    m = SITE_LABEL.match(cell.rstrip(":").strip() + ":")
    return m.lastgroup if m and m.end() >= len(cell.rstrip(":").strip()) else None


def labelled_values(lines: list[str]) -> list[tuple[str, str, str]]:
    """(field, value, line) of every "Label: value" in the lines' cells (a markdown row's cells, or
    the cells a table reader made of it): a value after its label in one cell, in the next cell
    ("| Số hiệu: | 15/NQ-HĐND |"), or under it (a header row of k labels, then k values)."""
    flat = [(c, ln) for ln in lines if not TABLE_RULE.match(ln) for c in cells(ln)]
    found, k = [], 0
    while k < len(flat):
        cell, line = flat[k]
        run = 0
        while k + run < len(flat) and bare_label(flat[k + run][0]) and not flat[k + run][0].endswith(":"):
            run += 1
        if run >= 2 and k + 2 * run <= len(flat):  # a header row of labels, then their values
            found += [(bare_label(flat[k + i][0]) or "", flat[k + run + i][0], flat[k + run + i][1]) for i in range(run)]
            k += 2 * run
            continue
        labels = list(SITE_LABEL.finditer(cell))
        for i, m in enumerate(labels):
            end = labels[i + 1].start() if i + 1 < len(labels) else len(cell)
            value = cell[m.end():end].strip()
            if not value and i + 1 == len(labels) and k + 1 < len(flat) and not SITE_LABEL.search(flat[k + 1][0]):
                k += 1
                value, line = flat[k][0], f"{line} {flat[k][1]}" if flat[k][1] != line else line
            found.append((m.lastgroup or "", value, line))
        k += 1
    return [(f, v, ln) for f, v, ln in found if f in SITE_FIELDS and v and not SITE_BLANK.match(v)]


def site_value(name: str, value: str) -> object | None:
    """A site block's value as the field holds it: a number's symbol, a date, a type's name, the
    issuer (a body with its place, or only a province), the signer."""
    if name == "doc_number":
        m = PARTY_NUMBER.search(f"Số {value}") or STATE_NUMBER.search(value)
        return regex.sub(r"^Số\s*:?\s*", "", m.group()) if m else value.split()[0]
    if name == "doc_date":
        m = SLASH_DATE.search(value)
        try:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"])) if m else None
        except ValueError:
            return None
    if name == "doc_type":
        return next((t for t in DOCUMENT_TYPES.values() if t.casefold() == value.strip().casefold()), None)
    if name == "issuer":
        return running_issuer(value) or find_province(value)
    return value.strip()


def site_block(lines: list[str]) -> SiteBlock:
    """The fields a site's metadata block states (the first value of each), with their lines."""
    block = SiteBlock()
    for name, value, line in labelled_values(lines):
        parsed = site_value(name, value)
        if parsed is not None and name not in block.values:
            block.values[name], block.lines[name] = parsed, line
    return block


# --- the body -----------------------------------------------------------------------------------

def body_province(text: str) -> tuple[str, int] | None:
    """(province, mentions) of the province the body names most often after a unit word ("tỉnh
    Vĩnh Phúc"; the first named of equals), when named at least `body_mentions_min` times."""
    counts = province_mentions(text)
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return (name, n) if n >= REACH["body_mentions_min"] else None
