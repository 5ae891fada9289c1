"""Record types passed between the pipeline stages.

ingest -> RawDocument -> normalise -> NormalisedDocument -> segment -> SegmentedDocument
-> extract -> list[Target] -> check -> list[Finding] -> export (DocumentResult rows).

This module holds data only: no I/O, no parsing.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Block:
    """A piece of raw text as a reader found it, in reading order."""

    text: str
    page: int | None = None  # 1-based; None for formats without pages (text, DOCX)
    role: str = "body"  # "body", or "furniture" for running headers, footers and page numbers
    bold: bool = False  # every visible character is bold: a heading cue
    style: str | None = None  # paragraph style name (DOCX), e.g. "Heading 1"
    continues: bool = False  # layout evidence that this block continues the previous body block
    fonts: tuple[tuple[int, int, str], ...] = ()  # (start, end, font) of runs in a legacy 8-bit font
    cell: tuple[int, int, int, int] | None = None  # (table, row, first grid column, last grid column)


@dataclass(slots=True)
class RawDocument:
    source_path: str
    format: str  # "text", "docx", "pdf", or "doc"/"rtf"/"odt" (read as the DOCX LibreOffice makes of them)
    sha256: str
    pages: int | None
    blocks: list[Block]
    ocr_confidence: dict[int, float | None] = field(default_factory=dict)  # page -> mean word confidence, OCR'd pages
    warnings: list[str] = field(default_factory=list)  # problems that did not stop the document


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the normalised text: a half-open span, the page it starts on and its cues."""

    start: int
    end: int
    page: int | None
    bold: bool = False
    style: str | None = None
    cell: tuple[int, int, int, int] | None = None  # table cell the paragraph fills, as in Block


@dataclass(slots=True)
class NormalisedDocument:
    """Normalised body text with a map from every character back to the raw text.

    `raw_text` is the body blocks' raw texts joined by newlines; `offsets[i]` is the index in
    `raw_text` of the raw character that `text[i]` came from. Offsets never decrease.
    """

    raw: RawDocument
    text: str
    raw_text: str
    offsets: list[int]
    paragraphs: list[Paragraph]
    furniture: list[str] = field(default_factory=list)
    block_starts: list[int] = field(default_factory=list)  # raw_text position where each body block starts
    block_pages: list[int | None] = field(default_factory=list)  # page of each body block

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Given a half-open span of `text`, return the half-open span of `raw_text` it came from."""
        if start >= end:
            pos = self.offsets[start] if start < len(self.offsets) else len(self.raw_text)
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1

    def page_at(self, pos: int) -> int | None:
        """Given a position in `text`, return the page of the raw block it came from."""
        if not self.block_starts or not self.offsets:
            return None
        raw = self.offsets[min(max(pos, 0), len(self.offsets) - 1)]
        return self.block_pages[bisect.bisect_right(self.block_starts, raw) - 1]


@dataclass(frozen=True, slots=True)
class MetaEvidence:
    """Where a metadata field's value was read: the kind of evidence (`letterhead`, `site_block`,
    `title`, `opening`, `body`, `doc_date`, ...) and the text that says it, as written."""

    source: str
    text: str


@dataclass(slots=True)
class DocumentMeta:
    issuer: str | None = None  # issuing body as written in the letterhead, e.g. "Tỉnh ủy Hưng Yên"
    issuer_level: str | None = None  # party_committee, party_congress, party_organisation, peoples_council,
    #   peoples_committee, national
    province: str | None = None  # canonical province name, e.g. "Hưng Yên"
    province_2025: str | None = None  # the province it belongs to since the July 2025 merger ("Bến Tre" -> "Vĩnh Long")
    doc_type: str | None = None  # "Nghị quyết", "Kế hoạch", ...
    doc_number: str | None = None  # "01-NQ/TU", "15/2020/NQ-HĐND"
    doc_place: str | None = None
    doc_date: dt.date | None = None
    term: str | None = None  # khóa, e.g. "XIX"
    plan_year: int | None = None
    title: str | None = None
    signer: str | None = None
    plan_period: str | None = None  # a plan of several years: "2021-2025" (plan_year its first year)
    jurisdiction: str | None = None  # national, province, district, commune: the level of the unit it governs
    source_kind: str | None = None  # document (its own front matter or title), news (an article on it), excerpt
    evidence: dict[str, MetaEvidence] = field(default_factory=dict)  # field name -> where it was read


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of the section tree and the text it governs (heading included)."""

    section_path: str  # labels of the headings from the root, joined by "/", e.g. "II/1/1.5"
    label: str  # "II", "1", "1.5", "a", "Điều 2"
    title: str  # heading text after its label (for run-in items: the first sentence)
    level: int  # 1 for parts
    kind: str  # part, article, item, point, bullet
    char_start: int
    char_end: int
    page: int | None
    heading_end: int  # end of the heading line (paragraph) in the normalised text


@dataclass(slots=True)
class SegmentedDocument:
    norm: NormalisedDocument
    meta: DocumentMeta
    sections: list[Section]
    body_start: int  # where the body begins, after the letterhead and title
    annexes: list[tuple[int, int]] = field(default_factory=list)  # text range of each annex after the signature
    # enclosing_sections' index: (the sections list it was built for, the sorted section bounds,
    # the headings holding each bound, found as asked); sections are replaced, never changed in place
    _headings: tuple[list[Section], list[int], dict[int, list[Section]]] | None = field(
        default=None, init=False, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.norm.text

    def reading_ranges(self) -> list[tuple[int, int]]:
        """The text ranges whose figures are read: the body (to the end of its last section, or to
        the first annex, or to the end) and each annex."""
        first_annex = self.annexes[0][0] if self.annexes else len(self.norm.text)
        body_end = max((s.char_end for s in self.sections if s.char_end <= first_annex), default=first_annex)
        return [(self.body_start, body_end)] + self.annexes

    def enclosing_sections(self, pos: int) -> list[Section]:
        """Given a position in the text, return the headings that contain it, outermost first
        (bullets excluded: they are list items, not headings). The headings holding a position
        change only at a section's start or end, so a position has those of the last bound at or
        before it: found by bisection, each bound's worked out once (the targets stage asks for
        every quantity and table cell)."""
        if self._headings is None or self._headings[0] is not self.sections:
            bounds = sorted({s.char_start for s in self.sections} | {s.char_end for s in self.sections})
            self._headings = (self.sections, bounds, {})
        _, bounds, found = self._headings
        k = bisect.bisect_right(bounds, pos) - 1
        if k < 0:  # before every section
            return []
        if k not in found:
            found[k] = self.headings_at(bounds[k])
        return list(found[k])

    def headings_at(self, pos: int) -> list[Section]:
        """enclosing_sections(pos) by a scan of every section."""
        found = [s for s in self.sections if s.kind != "bullet" and s.char_start <= pos < s.char_end]
        return sorted(found, key=lambda s: s.level)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity as the grammar reads it, before it is tied to an indicator."""

    start: int
    end: int
    text: str
    value: float | None
    value_low: float | None
    value_high: float | None
    scale: float
    unit: str | None
    per: str | None
    comparator: str
    role: str | None = None  # "achieved" or "planned" for the halves of "45.799/36.875 tỷ đồng"
    percent_of: str | None = None  # the counted unit of "100% xã": a percent of those things


@dataclass(slots=True)
class Target:
    """One row of targets.parquet (the column names are the public contract)."""

    doc_id: str
    kind: str
    year: int | None
    period: str | None
    section_path: str | None
    indicator: str | None
    measure: str | None
    breakdown: str | None
    indicator_text: str | None
    comparator: str
    direction: str | None
    value: float | None
    value_low: float | None
    value_high: float | None
    scale: float
    unit: str | None
    per: str | None
    text: str
    char_start: int
    char_end: int
    page: int | None
    sentence: str
    # Extensions beyond the contract.
    parent_index: int | None = None  # index (in the document's target list) of the total this is a part of
    relative_to: str | None = None  # a percent of a plan ("đạt 103% dự toán"): plan; of the year before = 100: previous_year


@dataclass(slots=True)
class Finding:
    """One row of checks.parquet."""

    doc_id: str
    check: str  # shares_sum_to_100, parts_sum_to_total, restated_value
    severity: str  # one of contract.SEVERITIES: ok, info, warning, error
    message: str
    section_path: str | None
    spans: list[tuple[int, int]]
    texts: list[str]


@dataclass(slots=True)
class DocumentResult:
    """Everything the pipeline learnt about one input file, failed or not."""

    doc_id: str
    source_path: str
    format: str | None
    sha256: str
    pages: int | None
    status: str  # ok, failed
    error: str | None = None
    missing_tool: bool = False  # failed only because a program it needs is not installed
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    text: str | None = None
    furniture: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0
    ocr_confidence: dict[int, float | None] = field(default_factory=dict)  # OCR'd page -> mean word confidence
    warnings: list[str] = field(default_factory=list)
    peak_rss_mib: float = 0.0  # the worker's largest resident memory after this file (not exported)
    part: int = 1  # which document of its file this is (1-based): a file may hold several
    parts: int = 1  # how many documents its file holds
    later_parts: list[DocumentResult] = field(default_factory=list)  # the file's documents after the first

    def documents(self) -> list[DocumentResult]:
        """Every document of the file, in order: this one, then the later parts."""
        return [self, *self.later_parts]
