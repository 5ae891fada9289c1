"""The section tree: which paragraphs are headings, their labels and ranks, and the text each governs.

Heading numbers follow the layout rules (Nghị định 30/2020/NĐ-CP Phụ lục I; Quy định 66-QĐ/TW): parts
in Roman numerals or after a part word, articles, items "1." and "1.1.", "(1)", points "a)" and
bullets. The heading words come from schemas/letterhead.yaml (see vocabulary).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..models import Paragraph, Section
from ..text.vietnamese import mostly_capitals
from .vocabulary import ARTICLE_WORDS, ENACTING_FORMULA, PART_WORDS, WORD_HEADING_STYLE

ROMAN = r"(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
PART = regex.compile(rf"^(?:{PART_WORDS}\s+)?(?P<num>{ROMAN})\s*[-.–:)]\s*(?P<title>\S.*)$")
PART_WORD = regex.compile(rf"^(?P<kind>{PART_WORDS})\s+(?P<num>[IVXLC]+|\d+)\b\s*[-.:]?\s*(?P<title>.*)$")
ARTICLE = regex.compile(rf"^(?P<word>{ARTICLE_WORDS})\s+(?P<num>\d+[a-z]?)\s*[.:]\s*(?P<title>.*)$")
NUM_ITEM = regex.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\s*(?:[-.)]|\.-)\s*(?P<title>[^\d\s].*)$")  # "18.245" is a number
PAREN_ITEM = regex.compile(r"^\((?P<num>\d{1,2})\)\s*(?P<title>\S.*)$")
LETTER_ITEM = regex.compile(r"^(?P<num>[a-zđ])\s*\)\s*(?P<title>\S.*)$")
BULLET = regex.compile(r"^(?P<num>[-+•])\s*(?P<title>\S.*)$")
# Tried in this order: a part word before a Roman numeral makes it a part, not an item.
NUMBERED = (("part", PART_WORD), ("part", PART), ("article", ARTICLE), ("item", NUM_ITEM),
            ("paren_item", PAREN_ITEM), ("point", LETTER_ITEM), ("bullet", BULLET))

# Ranks: a heading closes every open heading of the same or a deeper rank. Items "1.1" rank one
# deeper than "1" per dot; an annex (annexes.py) closes every heading.
RANK = {"annex": 0, "part": 1, "article": 2, "item": 3, "titled": 6, "paren_item": 7, "point": 8, "bullet": 9, "plus_bullet": 10}
# Word heading styles: Heading 1 ranks with parts, Heading 2 with items 1., Heading 3 with 1.1...
STYLE_RANK = {1: RANK["part"], 2: RANK["item"], 3: RANK["item"] + 1, 4: RANK["item"] + 2}
# A heading without a number: a paragraph in a Word heading style, or a short paragraph set all in
# bold or in capitals with no sentence punctuation or figure in it ("Về kinh tế", "NHIỆM VỤ TRỌNG TÂM").
# It is labelled by its own words and ranks below numbered items, above (1), a) and bullets.
TITLED_MAX_WORDS = 12
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
ROMAN_DIGITS = ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
YEAR_LABEL = regex.compile(r"\d{4}$")
ROMAN_LABEL = regex.compile(r"[IVXLC]+")
SENTENCE_END = regex.compile(r"[.;,]\s*$")
CLOSING = regex.compile(r"[.;:!?]\s*$")
DIGIT = regex.compile(r"\d")
FIRST_SENTENCE_END = regex.compile(r"(?<=\S)(?:\.\s+(?=\p{Lu})|:\s)")

Heading = tuple[str, str, str]  # (kind, label, title)


def heading_match(text: str) -> Heading | None:
    """Given a paragraph, return (kind, label, title) if it opens with a heading number."""
    for kind, pattern in NUMBERED:
        m = pattern.match(text)
        if not m:
            continue
        label = m.group("num")
        if kind == "article":
            label = f"{m['word']} {label}"
        if kind == "bullet" and label == "+":
            kind = "plus_bullet"
        if kind == "item" and YEAR_LABEL.match(label):
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


def unnumbered_heading(text: str, p: Paragraph) -> Heading | None:
    """(kind, label, title) for a heading that has no number: by Word heading style, bold or
    capitals; not a bold sentence, a figure or the enacting formula ("QUYẾT NGHỊ:")."""
    words = text.split()
    if not words or len(words) > TITLED_MAX_WORDS:  # (first: the capitals count is not free)
        return None
    styled = bool(p.style and WORD_HEADING_STYLE.match(p.style))
    if not (styled or p.bold or mostly_capitals(text)):
        return None
    if not styled and (SENTENCE_END.search(text) or DIGIT.search(text)):
        return None  # a bold sentence or figure, not a heading
    if ENACTING_FORMULA.match(text):
        return None
    title = text.strip().rstrip(":").strip()
    return "titled", title.replace("/", "-"), title


def paragraph_heading(text: str, p: Paragraph) -> Heading | None:
    """The heading a body paragraph opens, if any: numbered or not, and not the first marker of a
    list run into one paragraph."""
    hm = heading_match(text) or unnumbered_heading(text, p)
    if not hm or run_in_list(text, hm[0], hm[1]):
        return None
    return hm


def heading_title(title: str) -> str:
    """A run-in item ("1.2- Thu ngân sách đạt ...") is titled by its first sentence."""
    m = FIRST_SENTENCE_END.search(title)
    return (title[:m.start()] if m else title).strip().rstrip(".;:").strip()


def roman_value(numeral: str) -> int:
    """The value of a Roman numeral ("XIV" -> 14)."""
    values = [ROMAN_VALUES[ch] for ch in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def roman_numeral(value: int) -> str:
    """The Roman numeral of a value (14 -> "XIV")."""
    out = ""
    for v, s in ROMAN_DIGITS:
        while value >= v:
            out, value = out + s, value - v
    return out


@dataclass(slots=True)
class OpenHeading:
    """A heading of the tree being built; its end is set when a heading of its rank or higher opens."""

    rank: int
    kind: str
    label: str  # the label in the path (a repaired part number, a counted bullet)
    written: str  # the label the section shows
    title: str
    start: int
    heading_end: int
    page: int | None
    level: int
    path: str
    end: int | None = None

    def to_section(self, end_of_body: int) -> Section:
        """The finished section; a heading never closed ends with the body."""
        return Section(section_path=self.path, label=self.written, title=self.title, level=self.level,
                       kind=self.kind, char_start=self.start, char_end=self.end or end_of_body,
                       page=self.page, heading_end=self.heading_end)


def heading_rank(kind: str, label: str, p: Paragraph, stack: list[OpenHeading]) -> int:
    """The rank of a heading: by its kind, one deeper per dot of an item's number; an unnumbered
    heading by its Word style, else as the sibling of the unnumbered heading open before it."""
    if kind == "item":
        return RANK["item"] + label.count(".")
    if kind != "titled":
        return RANK[kind]
    styled = WORD_HEADING_STYLE.match(p.style or "")
    if styled:
        return STYLE_RANK.get(int(styled.group(1)), RANK["titled"])
    return next((n.rank for n in reversed(stack) if n.kind == "titled"), RANK["titled"])


class SectionTree:
    """The section tree built heading by heading, in document order."""

    def __init__(self, ocr: bool):
        self.ocr = ocr
        self.stack: list[OpenHeading] = []  # the headings open at this point, outermost first
        self.opened: list[OpenHeading] = []  # every heading, in document order
        self.bullet_count: dict[str, int] = {}
        self.last_part: str | None = None

    def part_number(self, label: str) -> str:
        """A part's number in the path. In OCR'd text a Roman part number that does not follow the
        one before ("II" after "II": OCR drops a stroke of a bold "III") is read as the next number:
        parts are numbered in order. The section's label stays as the text has it."""
        if ROMAN_LABEL.fullmatch(label):
            if self.ocr and self.last_part and roman_value(label) <= roman_value(self.last_part):
                label = roman_numeral(roman_value(self.last_part) + 1)
            self.last_part = label
        return label

    def open(self, heading: Heading, p: Paragraph) -> None:
        """Close the open headings of the same or a deeper rank at this paragraph; open its heading."""
        kind, label, title = heading
        written = label
        if kind == "part":
            label = self.part_number(label)
        rank = heading_rank(kind, label, p, self.stack)
        while self.stack and self.stack[-1].rank >= rank:
            self.stack.pop().end = p.start
        parent = "/".join(s.label for s in self.stack)
        if kind in ("bullet", "plus_bullet"):  # bullets are numbered by their place under the parent
            self.bullet_count[parent] = self.bullet_count.get(parent, 0) + 1
            label = f"{label}{self.bullet_count[parent]}"
        node = OpenHeading(rank=rank, kind="bullet" if "bullet" in kind else kind, label=label,
                           written=written if kind == "part" else label, title=heading_title(title),
                           start=p.start, heading_end=p.end, page=p.page, level=len(self.stack) + 1,
                           path=f"{parent}/{label}" if parent else label)
        self.stack.append(node)
        self.opened.append(node)

    def continue_heading(self, text: str, line: str, p: Paragraph) -> None:
        """A heading in capitals broken over lines by a conversion ("I. KẾT QUẢ THỰC HIỆN" over
        "NHIỆM VỤ NĂM 2024"): a short line in capitals right under it, with no number of its own and
        no closing punctuation, is the rest of its title."""
        node = self.opened[-1]
        head = text[node.start:node.heading_end]
        if (len(line.split()) > TITLED_MAX_WORDS or not mostly_capitals(line) or not mostly_capitals(head)
                or SENTENCE_END.search(head) or CLOSING.search(line)):
            return
        node.title = f"{node.title} {line.strip()}"
        node.heading_end = p.end

    def sections(self, end_of_body: int) -> list[Section]:
        """The finished tree: the headings still open end with the body."""
        for node in self.stack:
            node.end = end_of_body
        return [n.to_section(end_of_body) for n in self.opened]


def paragraphs_to_sections(text: str, paragraphs: list[Paragraph], body_end: int, ocr: bool = False) -> list[Section]:
    """Given the body paragraphs and the index of the first paragraph after the body, return the
    section tree, outermost headings first in document order. Table cells are never headings."""
    end_of_body = paragraphs[body_end].start if body_end < len(paragraphs) else len(text)
    tree = SectionTree(ocr)
    previous: Paragraph | None = None
    for p in paragraphs:
        if p.start >= end_of_body:
            break
        if p.cell is not None:
            continue
        line = text[p.start:p.end]
        heading = paragraph_heading(line, p)
        if heading:
            tree.open(heading, p)
        elif previous is not None and tree.opened and tree.opened[-1].heading_end == previous.end:
            tree.continue_heading(text, line, p)
        previous = p
    return tree.sections(end_of_body)
