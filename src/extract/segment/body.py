"""Where the body of a document starts and ends: the front matter (letterhead, number, date, type,
title) before it, the signature block and the recipients after it."""
from __future__ import annotations

from ..models import Paragraph
from .annexes import annex_heading
from .sections import heading_match
from .vocabulary import BODY_OPENERS, RECIPIENTS, SIGNING

BODY_MIN_WORDS = 25  # a front-matter line is short; the first long paragraph starts the body
BODY_HEADINGS = ("part", "article", "item")  # a heading of these kinds starts the body


def find_body_start(text: str, paragraphs: list[Paragraph]) -> int:
    """The index of the first body paragraph: the first part, article or item heading, long
    paragraph or paragraph that opens the legal bases ("Căn cứ ..."). An excerpt with no
    letterhead-and-title layout is all body (0)."""
    for i, p in enumerate(paragraphs):
        line = text[p.start:p.end]
        hm = heading_match(line)
        if hm and hm[0] in BODY_HEADINGS:
            return i
        if len(line.split()) >= BODY_MIN_WORDS or line.startswith(BODY_OPENERS):
            return i
    return 0


def find_body_end(text: str, paragraphs: list[Paragraph], start: int) -> int:
    """The index of the first paragraph after the body: the recipients' list, the signing line or an
    annex heading (a text without its signature block) (or the number of paragraphs when there is
    none of them)."""
    for i in range(start, len(paragraphs)):
        line = text[paragraphs[i].start:paragraphs[i].end]
        if RECIPIENTS.match(line) or SIGNING.match(line) or (paragraphs[i].cell is None and annex_heading(line)):
            return i
    return len(paragraphs)
