"""Several documents in one file: a new letterhead with its own number and type line, after the
body of the document before it has ended (its signing line or recipients), starts a new document.
Each part is a NormalisedDocument of its own (its text a slice of the file's, its offsets still
into the file's raw text, so pages stay the file's), segmented and read on its own by the
pipeline. The words are data: schemas/document_parts.yaml and schemas/letterhead.yaml.
"""
from __future__ import annotations

import dataclasses
import functools
import re

import regex

from ..data_files import load_yaml
from ..models import NormalisedDocument, Paragraph
from ..text.time import words_alternation
from .vocabulary import (
    DOCUMENT_TYPES,
    ISSUER_LINE,
    NUMBER_PREFIX,
    PARTY_NUMBER,
    PROVINCE_LINE,
    RECIPIENTS,
    SIGNING,
    STATE_NUMBER,
)

NUMBER_LINE_MAX_WORDS = 8  # "Số: 45/NQ-HĐND", with the place and date beside it at most


@dataclasses.dataclass(frozen=True)
class PartWords:
    motto: regex.Pattern
    letterhead_reach: int
    type_reach: int


@functools.lru_cache(maxsize=1)
def part_words() -> PartWords:
    data = load_yaml("document_parts.yaml")
    motto = regex.compile(rf"\s*(?:{words_alternation(data['mottos'], any_spaces=True)})", regex.I)
    return PartWords(motto, int(data["letterhead_reach"]), int(data["type_reach"]))


def is_number_line(line: str) -> bool:
    """A letterhead's number line ("Số: 45/NQ-HĐND", "Số 01-NQ/TU"), not a sentence citing one."""
    return (len(line.split()) <= NUMBER_LINE_MAX_WORDS and NUMBER_PREFIX.match(line) is not None
            and (PARTY_NUMBER.match(line) or STATE_NUMBER.match(line)) is not None)


def is_type_line(line: str) -> bool:
    return line.strip().isupper() and line.strip() in DOCUMENT_TYPES


def letterhead_start(lines: list[str], number: int, floor: int) -> int | None:
    """The first line of the letterhead whose number line is lines[number]: the earliest issuer,
    province or motto line a few lines before it (not before `floor`), or None if there is none."""
    reach = part_words().letterhead_reach
    found = [k for k in range(max(floor, number - reach), number)
             if ISSUER_LINE.match(lines[k]) or PROVINCE_LINE.match(lines[k]) or part_words().motto.match(lines[k])]
    return found[0] if found else None


def part_starts(lines: list[str]) -> list[int]:
    """The indices of the lines that start a document, the first document's (0) included."""
    starts, body_ended = [0], False
    type_reach = part_words().type_reach
    for k, line in enumerate(lines):
        if not body_ended:
            body_ended = bool(SIGNING.match(line) or RECIPIENTS.match(line))
            continue
        if not line.startswith(("S", "s")) or not is_number_line(line):
            continue
        if not any(is_type_line(ln) for ln in lines[k + 1:k + 1 + type_reach]):
            continue
        start = letterhead_start(lines, k, starts[-1] + 1)
        if start is not None:
            starts.append(start)
            body_ended = False
    return starts


def part_of(norm: NormalisedDocument, paragraphs: list[Paragraph]) -> NormalisedDocument:
    """The part of the document made of these paragraphs: its text, offsets and paragraphs re-based."""
    a, b = paragraphs[0].start, paragraphs[-1].end
    return dataclasses.replace(  # (Paragraph built directly: dataclasses.replace per paragraph cost 10x)
        norm, text=norm.text[a:b], offsets=norm.offsets[a:b],
        paragraphs=[Paragraph(p.start - a, p.end - a, p.page, p.bold, p.style, p.cell) for p in paragraphs])


NUMBER_LINE_START = re.compile(r"^[^\S\n]*[Ss]ố\b", re.M)  # a line that could be a number line


def document_parts(norm: NormalisedDocument) -> list[NormalisedDocument]:
    """The documents a file holds, in order: [norm] itself when it holds one (at once, in C, when
    fewer than two lines could be a number line)."""
    found = NUMBER_LINE_START.finditer(norm.text)
    if next(found, None) is None or next(found, None) is None:
        return [norm]
    paragraphs = norm.paragraphs
    starts = part_starts([norm.text[p.start:p.end] for p in paragraphs])
    if len(starts) == 1:
        return [norm]
    bounds = list(zip(starts, starts[1:] + [len(paragraphs)]))
    return [part_of(norm, paragraphs[a:b]) for a, b in bounds]
