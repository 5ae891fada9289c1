"""Annexes: what a document puts after its signature under an annex heading ("PHỤ LỤC I",
"Biểu số 01", "Mẫu biểu số 01"), usually its main targets as a table or a list. An annex is part
of its document: it is a section whose label is the annex's ("Phụ lục I"), the headings inside it
are its subsections (paths "Phụ lục I/II/1"), and its tables, lists and prose are read like the
body's. It runs to the next annex heading or the end of the document. The words are data:
schemas/annexes.yaml.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from ..data_files import load_yaml
from ..models import Paragraph, Section
from ..text.time import words_alternation
from ..text.vietnamese import mostly_capitals
from .sections import SectionTree, paragraph_heading

ANNEX_MAX_WORDS = 14  # an annex heading line is short
TITLE_LINES = 3  # capitals lines under an annex heading taken as its title


@dataclass(frozen=True)
class AnnexWords:
    pattern: regex.Pattern
    labels: dict[str, str]  # folded word -> the label's word
    number_required: frozenset[str]


@functools.lru_cache(maxsize=1)
def annex_words() -> AnnexWords:
    """The annex heading pattern from schemas/annexes.yaml: a word, "số", a number, then the end
    of the line, a separator or a title in capitals."""
    data = load_yaml("annexes.yaml")
    words = [e["label"] for e in data["annex_words"]]
    number = r"(?:[IVXLC]{1,6}|\d{1,3}[a-z]?|[A-Z])"
    pattern = regex.compile(
        rf"^\s*(?P<word>{words_alternation(words, any_spaces=True)})(?:\s+(?P<so>{data['number_word']}))?"
        rf"(?:\s*(?P<num>{number}))?(?![\p{{L}}\p{{N}}])\s*[.:\-–]?\s*(?P<rest>.*)$", regex.I)
    return AnnexWords(pattern, {w.lower(): w for w in words},
                      frozenset(e["label"].lower() for e in data["annex_words"] if e["number_required"]))


def annex_heading(line: str) -> tuple[str, str] | None:
    """(label, title on the line) of an annex heading line ("PHỤ LỤC I: CHỈ TIÊU ..." ->
    ("Phụ lục I", "CHỈ TIÊU ...")), None for any other line (a sentence that names an annex)."""
    if len(line.split()) > ANNEX_MAX_WORDS:
        return None
    words = annex_words()
    m = words.pattern.match(line)
    if not m:
        return None
    word = " ".join(m["word"].lower().split())
    if m["num"] is None and word in words.number_required:
        return None
    rest = m["rest"].strip()
    if rest and not mostly_capitals(rest):
        return None  # "Phụ lục kèm theo ...": a sentence
    label = " ".join(part for part in (words.labels[word], m["so"] and m["so"].lower(), m["num"]) if part)
    return label, rest


def written_label(line: str) -> str:
    """An annex heading's label as the line writes it ("PHỤ LỤC I"): what its section shows."""
    m = annex_words().pattern.match(line)
    if not m:
        return line.strip()
    return line[m.start("word"):max(m.end(g) for g in ("word", "so", "num") if m[g])]


def annex_title(text: str, paragraphs: list[Paragraph], k: int, rest: str) -> tuple[str, int]:
    """The title of the annex heading paragraphs[k] and where its heading ends: the title on its
    line, else the capitals lines under it (the title lines before "(Kèm theo ...)")."""
    end = paragraphs[k].end
    if rest:
        return rest, end
    lines = []
    for p in paragraphs[k + 1:k + 1 + TITLE_LINES]:
        line = text[p.start:p.end].strip()
        if p.cell is not None or not mostly_capitals(line) or annex_heading(line):
            break
        lines.append(line)
        end = p.end
    return " ".join(lines), end


def find_annexes(text: str, paragraphs: list[Paragraph], body_end: int) -> list[int]:
    """The indices of the annex heading paragraphs after the body."""
    return [k for k in range(body_end, len(paragraphs))
            if paragraphs[k].cell is None and annex_heading(text[paragraphs[k].start:paragraphs[k].end])]


def annex_sections(text: str, paragraphs: list[Paragraph], heads: list[int], ocr: bool
                   ) -> tuple[list[Section], list[tuple[int, int]]]:
    """The sections of the annexes opened by the paragraphs `heads` (each its annex's section,
    the headings inside it below it) and the text range of each annex."""
    if not heads:
        return [], []
    tree = SectionTree(ocr)
    title_end = 0
    for k in range(heads[0], len(paragraphs)):
        p = paragraphs[k]
        if p.cell is not None or p.start < title_end:
            continue
        line = text[p.start:p.end]
        if k in heads:
            label, rest = annex_heading(line) or ("", "")
            title, title_end = annex_title(text, paragraphs, k, rest)
            tree.open(("annex", label, title or label), p)
            tree.stack[-1].heading_end = title_end
            tree.stack[-1].written = written_label(line)  # the path has the label, the section the words
            continue
        heading = paragraph_heading(line, p)
        if heading:
            tree.open(heading, p)
    starts = [paragraphs[k].start for k in heads]
    ranges = list(zip(starts, starts[1:] + [len(text)]))
    return tree.sections(len(text)), ranges
