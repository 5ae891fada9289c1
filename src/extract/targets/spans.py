"""The lexicon spans the targets stage reads: which lines to tag, the spans as offsets with typed
labels, and lookups by position."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from ..models import Quantity, SegmentedDocument
from .labels import Label
from .nlp import lexicon_spans


@dataclass
class Tagged:
    """A lexicon span reduced to character offsets and its label."""
    start: int
    end: int
    label: Label
    text: str


class TaggedList(list):
    """Lexicon spans in order of their start, with the starts kept for bisection."""

    def __init__(self, spans):
        super().__init__(sorted(spans, key=lambda s: s.start))
        self.starts = [s.start for s in self]


@dataclass
class DocumentSpans:
    """The indicator phrases, qualifier words (grouped by indicator code, in order) and cue words of
    a document."""
    indicators: TaggedList
    qualifiers: dict[str, list[Tagged]]
    cues: TaggedList


def within_one(spans: TaggedList, start: int, end: int) -> bool:
    """Does one of the spans (which do not overlap: indicator phrases) contain [start, end)?"""
    i = bisect.bisect_right(spans.starts, start) - 1
    return i >= 0 and spans[i].end >= end


def inside(spans: TaggedList, start: int, end: int) -> list[Tagged]:
    """The spans that lie wholly inside [start, end), in order."""
    lo, hi = bisect.bisect_left(spans.starts, start), bisect.bisect_left(spans.starts, end)
    return [s for s in spans[lo:hi] if s.end <= end]


def lines_to_tag(seg: SegmentedDocument, quantities: list[Quantity]) -> list[tuple[int, int]]:
    """The lines of the text whose lexicon phrases this stage reads, as (start, end) ranges in
    order: lines that hold a quantity (every window around a quantity stays inside its sentence,
    and a sentence inside its line), the heading lines of sections over a quantity (kind and year
    from headings; bullets are not headings there) and table cells (goal tables). Tagging only
    these gives the same spans there as tagging the whole text."""
    text = seg.text
    starts = [0] + [m.end() for m in regex.finditer(r"\n", text)]
    wanted: set[int] = set()

    def cover(a: int, b: int) -> None:
        first = bisect.bisect_right(starts, a) - 1
        last = bisect.bisect_right(starts, max(a, b - 1)) - 1
        wanted.update(range(first, last + 1))

    for q in quantities:
        cover(q.start, q.end)
    quantity_starts = [q.start for q in quantities]
    for s in seg.sections:  # the headings kind_and_year reads: those over a quantity, bullets aside
        i = bisect.bisect_left(quantity_starts, s.char_start)
        if s.kind != "bullet" and i < len(quantity_starts) and quantity_starts[i] < s.char_end:
            cover(s.char_start, s.heading_end)
    for p in seg.norm.paragraphs:
        if p.cell is not None:
            cover(p.start, p.end)
    ends = starts[1:] + [len(text) + 1]
    return [(starts[i], ends[i] - 1) for i in sorted(wanted)]


def document_spans(seg: SegmentedDocument, quantities: list[Quantity]) -> DocumentSpans:
    """Tag the lines this stage reads and return their spans with typed labels."""
    found = lexicon_spans(seg.text, lines_to_tag(seg, quantities))
    tagged = {key: TaggedList(Tagged(a, b, Label.parse(label), text) for a, b, label, text in spans)
              for key, spans in found.items()}
    qualifiers: dict[str, list[Tagged]] = {}
    for span in tagged["qualifiers"]:
        qualifiers.setdefault(span.label.group, []).append(span)
    return DocumentSpans(indicators=tagged["indicators"], qualifiers=qualifiers, cues=tagged["cues"])

