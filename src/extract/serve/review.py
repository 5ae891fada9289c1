"""The review page of one document as template data.

The normalised text is cut into segments, each a plain string the template escapes: text, a
figure (a highlight, coloured by kind), a check mark after a figure a check involves, an anchor
where a heading starts, a page mark where the page changes (PDFs: from the pages of the figures and
headings). Figures whose span lies inside an earlier one are listed with the others but not
highlighted a second time. Every text segment carries the position of its first character in the
document text (`data-s`), which is how the page's script turns a selection into a span.

The figures, checks, sections and the choices of each field go to the page's script as JSON: it
shows a figure's fields on click, lets the reviewer mark rows wrong, correct them field by field and
add the figures the extractor missed, and writes the gold file (`corpus/*.gold.yaml`, the format
`extract verify` reads) in the browser, so the same page works served and saved as one file.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from ..contract import COMPARATORS, DIRECTIONS, KINDS, MEASURES, RELATIVE_TO
from ..data_files import load_yaml
from ..dataset.search import indicator_labels
from ..export import results_to_rows
from ..models import DocumentResult
from .data import DocumentRows, figure_order

FIGURE_FIELDS = ("kind", "year", "period", "section_path", "indicator", "indicator_label", "indicator_text", "measure",
                 "breakdown", "comparator", "direction", "value", "value_low", "value_high", "scale", "unit", "per",
                 "text", "char_start", "char_end", "page", "sentence", "parent_text", "relative_to", "ocr_confidence")
META_FIELDS = (("issuer", "issuer"), ("issuer_level", "issuer level"), ("province", "province"),
               ("province_2025", "province since 2025"), ("doc_type", "type"), ("doc_number", "number"),
               ("doc_place", "place"), ("doc_date", "date"), ("term", "term"), ("plan_year", "plan year"),
               ("plan_period", "plan period"), ("title", "title"), ("signer", "signer"), ("format", "format"),
               ("pages", "pages"), ("doc_id", "doc_id"))
EXTRA_UNITS = ("times",)  # "gấp 1,2 lần": the grammar's ratio unit (corpus/GOLD_GUIDE.md)


@dataclass
class Segment:
    """One piece of the text as the template writes it."""
    type: str  # text, figure, check, anchor, page
    text: str = ""
    start: int = 0
    index: int = 0  # the figure's rank, the check's index, the section's index, the page's number
    kind: str = ""  # a figure's kind; a check's severity


@dataclass(frozen=True)
class Point:
    """A mark at one position of the text: a heading's anchor or a page change."""
    pos: int
    type: str
    index: int


def highlighted(targets: list[dict[str, Any]]) -> list[int]:
    """The figures (ranks, in text order) that get a highlight: each one not inside an earlier one."""
    shown, end = [], -1
    for i, t in enumerate(targets):
        if t["char_start"] >= end and t["char_end"] > t["char_start"]:
            shown.append(i)
            end = t["char_end"]
    return shown


def page_points(targets: list[dict[str, Any]], sections: list[dict[str, Any]]) -> list[Point]:
    """Where the page changes, as far as the figures and headings tell (nothing for a text without pages)."""
    known = sorted({(r["char_start"], r["page"]) for r in targets + sections if r.get("page") is not None})
    points, current = [], None
    for pos, page in known:
        if page != current:
            points.append(Point(0 if current is None else pos, "page", page))
            current = page
    return points


def check_marks(targets: list[dict[str, Any]], checks: list[dict[str, Any]]) -> dict[int, list[int]]:
    """The checks each figure is involved in: figure rank -> check indexes (a check names its spans)."""
    by_span = {(t["char_start"], t["char_end"]): i for i, t in enumerate(targets)}
    marks: dict[int, list[int]] = {}
    for c, check in enumerate(checks):
        for span in zip(check.get("char_starts") or [], check.get("char_ends") or []):
            if span in by_span:
                marks.setdefault(by_span[span], []).append(c)
    return marks


def text_segments(text: str, start: int, end: int, points: list[Point]) -> list[Segment]:
    """The text from `start` to `end` cut at the points due in it (a point inside the previous
    highlight is put right after it)."""
    out = []
    for p in points:
        pos = min(max(p.pos, start), end)
        if pos > start:
            out.append(Segment("text", text[start:pos], start))
            start = pos
        out.append(Segment(p.type, index=p.index))
    if end > start:
        out.append(Segment("text", text[start:end], start))
    return out


def segments(text: str, targets: list[dict[str, Any]], points: list[Point], marks: dict[int, list[int]],
             checks: list[dict[str, Any]]) -> list[Segment]:
    """The whole text as segments: plain text between highlights, points where they fall."""
    out: list[Segment] = []
    cursor, remaining = 0, sorted(points, key=lambda p: (p.pos, p.type != "page"))
    for i in highlighted(targets) + [-1]:
        start = len(text) if i < 0 else targets[i]["char_start"]
        due = [p for p in remaining if p.pos <= start]
        remaining = remaining[len(due):]
        out.extend(text_segments(text, cursor, start, due))
        if i < 0:
            break
        t = targets[i]
        out.append(Segment("figure", text[t["char_start"]:t["char_end"]], t["char_start"], i, t["kind"] or ""))
        out.extend(Segment("check", index=c, kind=checks[c].get("severity") or "") for c in marks.get(i, []))
        cursor = t["char_end"]
    return out


def outline_items(sections: list[dict[str, Any]], targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The headings (bullets left out) with their level, anchor and counts of targets and results."""
    items = []
    for n, s in enumerate(sections):
        if s.get("kind") == "bullet":
            continue
        path = s["section_path"]
        inside = [t for t in targets if t.get("section_path") == path or (t.get("section_path") or "").startswith(path + "/")]
        n_targets = sum(t["kind"] == "target" for t in inside)
        items.append({"anchor": f"s{n}", "label": s.get("label") or "", "title": s.get("title") or "",
                      "level": s.get("level") or 1, "page": s.get("page"), "targets": n_targets,
                      "results": len(inside) - n_targets})
    return items


def section_points(sections: list[dict[str, Any]]) -> list[Point]:
    """An anchor where each heading (bullets left out) starts."""
    return [Point(s["char_start"], "anchor", n) for n, s in enumerate(sections) if s.get("kind") != "bullet"]


@functools.lru_cache(maxsize=1)
def choices() -> dict[str, Any]:
    """What the editor offers for each field: the contract's values, the taxonomy's codes and parts,
    the units and the scale words (schemas/)."""
    indicators = load_yaml("indicators.yaml")
    units = load_yaml("units.yaml")
    breakdowns = set(indicators.get("vocabularies", {}).get("sectors", {}))
    for entry in indicators["indicators"].values():
        breakdowns |= set(entry.get("parts") or {}) | set(entry.get("qualifiers") or {})
    return {"kind": sorted(KINDS), "measure": sorted(MEASURES), "comparator": sorted(COMPARATORS),
            "direction": sorted(DIRECTIONS), "relative_to": sorted(RELATIVE_TO),
            "indicator": [[c, label] for c, label in sorted(indicator_labels().items())],
            "unit": sorted(set(units["units"]) | set(EXTRA_UNITS)), "per": sorted(units.get("pers") or {}),
            "breakdown": sorted(breakdowns), "scales": {w: float(m) for w, m in units["scales"].items()}}


def document_names(doc: dict[str, Any]) -> list[str]:
    """The file names a gold file names for this document (`documents:`): one per path it was found under."""
    paths = doc.get("source_paths") or [doc.get("source_path") or ""]
    return list(dict.fromkeys(PurePath(p).name for p in paths if p))


def figure_record(t: dict[str, Any]) -> dict[str, Any]:
    """A figure as the page's script gets it."""
    return {name: t.get(name) for name in FIGURE_FIELDS}


def section_records(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The headings as the script needs them to give an added figure its section."""
    return [{"path": s["section_path"], "start": s["char_start"], "end": s["char_end"]} for s in sections
            if s.get("kind") != "bullet"]


def figure_summary(t: dict[str, Any]) -> str:
    """What a highlight says on hover: indicator, measure, comparator, direction, year or period, value, unit."""
    value = f"{t.get('value_low')}–{t.get('value_high')}" if t.get("comparator") == "range" else t.get("value")
    parts = [t.get("kind"), t.get("indicator") or "no indicator code", t.get("measure"), t.get("comparator"),
             t.get("direction"), t.get("period") or t.get("year"), f"{value} × {t.get('scale') or 1:g} {t.get('unit') or ''}"]
    return " · ".join(str(p) for p in parts if p not in (None, ""))


def review_context(rows: DocumentRows) -> dict[str, Any]:
    """Everything the review template shows of one document."""
    doc, targets, sections, checks = rows.doc, rows.targets, rows.sections, rows.checks
    text = doc.get("text") or ""
    marks = check_marks(targets, checks)
    points = section_points(sections) + page_points(targets, sections)
    check_list = [{"check": c.get("check"), "severity": c.get("severity"), "message": c.get("message"),
                   "section_path": c.get("section_path"), "texts": c.get("texts") or [],
                   "figures": sorted(i for i, cs in marks.items() if n in cs)} for n, c in enumerate(checks)]
    part = doc.get("part") if (doc.get("parts") or 1) > 1 else None  # a gold record names its part of a file
    data = {"doc_id": doc["doc_id"], "documents": document_names(doc), "plan_year": doc.get("plan_year"), "part": part,
            "figures": [figure_record(t) for t in targets], "checks": check_list,
            "sections": section_records(sections), "choices": choices()}
    meta = [(label, doc.get(name)) for name, label in META_FIELDS if doc.get(name) not in (None, "")]
    return {"doc": doc, "meta": meta, "names": data["documents"], "standalone": False,
            "summaries": [figure_summary(t) for t in targets], "paths": doc.get("source_paths") or [doc.get("source_path")],
            "segments": segments(text, targets, points, marks, checks), "outline": outline_items(sections, targets),
            "figures": targets, "checks": check_list, "data": data,
            "n_targets": sum(t["kind"] == "target" for t in targets), "n_results": sum(t["kind"] == "actual" for t in targets)}


def rows_of_result(result: DocumentResult) -> list[DocumentRows]:
    """A file's documents, read by the pipeline (not from a dataset), as review pages take them."""
    tables = results_to_rows([result])
    out = []
    for doc in tables["documents"]:
        own = [t for t in tables["targets"] if t["doc_id"] == doc["doc_id"]]
        out.append(DocumentRows(doc, [own[i] for i in figure_order(own)],
                                [s for s in tables["sections"] if s["doc_id"] == doc["doc_id"]],
                                [c for c in tables["checks"] if c["doc_id"] == doc["doc_id"]]))
    return out


def is_file_argument(value: str) -> bool:
    """Whether `extract review`'s argument names a file (else it is a doc_id of the dataset)."""
    return Path(value).is_file()
