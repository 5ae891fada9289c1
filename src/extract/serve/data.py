"""What the pages read of a dataset folder: its documents, one document's rows, search results
with their facets, comparison rows and their chart.

The documents list (without their texts) and the place of every figure in its document are read
once and kept until the Parquet files change (`dataset_key`: their sizes and modification times),
so a run into the folder while the server is up shows on the next page load. One document's text,
figures, sections and checks are read when its page is asked for (row filters on doc_id).

A figure's place in its document (`#f<n>` in a link) is its rank among the document's figures
ordered by span (char_start, char_end; ties in file order): the review page numbers them the same way.
"""
from __future__ import annotations

import re
import sqlite3
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ..dataset.chart import draw_chart
from ..dataset.compare import CompareFilters, compare
from ..dataset.search import (
    ROW_COLUMNS,
    SearchFilters,
    dataset_files,
    dataset_key,
    filter_clause,
    match_expression,
    open_index,
    query_words,
    read_columns,
    run_match,
)
from ..dataset.store import Totals, dataset_totals
from ..export import FILES

DOC_ID = re.compile(r"[0-9a-f]{16}(?:-[0-9]{1,4})?")  # pipeline.doc_id_for, and part_doc_id for later parts
LIST_COLUMNS = ("doc_id", "source_path", "source_paths", "format", "pages", "status", "error", "issuer", "province",
                "doc_type", "doc_number", "doc_date", "plan_year", "title", "signer", "n_targets", "n_actuals",
                "issuer_level", "doc_place", "term", "province_2025", "ocr_pages", "ocr_confidence", "warnings",
                "rendition_key", "plan_period")
MAX_MATCHES = 5000  # search results a page counts its facets over and a CSV holds
FACETS = ("province", "year", "kind", "indicator")


@dataclass
class DocumentRows:
    """One document as its review page needs it: its documents row (text included) and its other rows."""
    doc: dict[str, Any]
    targets: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    checks: list[dict[str, Any]]


@dataclass
class Snapshot:
    """What is kept of the folder between page loads, valid while `key` is the dataset's key."""
    key: str
    documents: list[dict[str, Any]]
    totals: Totals
    places: dict[int, tuple[str, int]] = field(default_factory=dict)  # targets row -> (doc_id, rank in its document)


@dataclass
class SearchResult:
    """A search's rows (best first, at most MAX_MATCHES), how they matched, and the facets' counts."""
    rows: list[dict[str, Any]]
    match: str
    facets: dict[str, list[tuple[Any, int]]]
    truncated: bool


def figure_order(rows: list[dict[str, Any]]) -> list[int]:
    """The indexes of a document's figure rows in their review order (by span, ties in file order)."""
    return sorted(range(len(rows)), key=lambda i: (rows[i].get("char_start") or 0, rows[i].get("char_end") or 0))


def figure_places(targets: Path) -> dict[int, tuple[str, int]]:
    """Each targets row's document and rank there (the `#f<n>` of links to it)."""
    table = pq.read_table(targets, columns=["doc_id", "char_start", "char_end"])
    by_doc: dict[str, list[int]] = {}
    for i, doc_id in enumerate(table["doc_id"].to_pylist()):
        by_doc.setdefault(doc_id, []).append(i)
    starts, ends = table["char_start"].to_pylist(), table["char_end"].to_pylist()
    places = {}
    for doc_id, rows in by_doc.items():
        ordered = sorted(rows, key=lambda i: (starts[i] or 0, ends[i] or 0))
        places.update({row: (doc_id, rank) for rank, row in enumerate(ordered)})
    return places


def rows_of(out: Path, name: str, doc_id: str) -> list[dict[str, Any]]:
    """One table's rows of one document (none when the file is absent)."""
    path = out / FILES[name]
    if not path.exists():
        return []
    return pq.read_table(path, filters=[("doc_id", "=", doc_id)]).to_pylist()


class Dataset:
    """The dataset folder a server shows (read only): DatasetNotFoundError from every read when the
    folder holds none."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()
        self._chart_lock = threading.Lock()  # matplotlib's pyplot is not thread-safe

    def snapshot(self) -> Snapshot:
        """The documents, totals and figure places of the folder as it is now."""
        key = dataset_key(self.out)
        with self._lock:
            if self._snapshot is None or self._snapshot.key != key:
                targets, documents = dataset_files(self.out)
                docs = read_columns(documents, LIST_COLUMNS)
                self._snapshot = Snapshot(key, docs, dataset_totals(self.out), figure_places(targets))
            return self._snapshot

    def documents(self) -> list[dict[str, Any]]:
        return self.snapshot().documents

    def document(self, doc_id: str) -> DocumentRows | None:
        """One document's rows, its figures in review order; None for an id the dataset does not hold."""
        if not DOC_ID.fullmatch(doc_id) or not any(d["doc_id"] == doc_id for d in self.documents()):
            return None
        docs = rows_of(self.out, "documents", doc_id)
        if not docs:
            return None
        targets = rows_of(self.out, "targets", doc_id)
        return DocumentRows(docs[0], [targets[i] for i in figure_order(targets)], rows_of(self.out, "sections", doc_id),
                            rows_of(self.out, "checks", doc_id))

    def search(self, query: str, filters: SearchFilters) -> SearchResult:
        """The figures the query's words find (every figure of the filters when it has none), with facets."""
        self.snapshot()  # the index below is current for this key
        conn = open_index(self.out)
        try:
            mode, rows = matches(conn, query, filters)
        finally:
            conn.close()
        places = self.snapshot().places
        for row in rows:
            doc_id, rank = places.get(row.pop("id"), (row["doc_id"], None))
            row["anchor"] = None if rank is None else f"f{rank}"
            row.pop("province_key", None)
        return SearchResult(rows, mode, facet_counts(rows), len(rows) >= MAX_MATCHES)

    def compare(self, filters: CompareFilters) -> list[dict[str, Any]]:
        dataset_files(self.out)
        return compare(self.out, filters)

    def chart_svg(self, rows: list[dict[str, Any]]) -> bytes:
        """The chart of target against result of one province's and indicator's rows, as SVG."""
        with self._chart_lock, tempfile.TemporaryDirectory(prefix="extract-chart-") as tmp:
            path = draw_chart(rows, Path(tmp) / "chart.svg")
            return path.read_bytes()


def browse(conn: sqlite3.Connection, filters: SearchFilters, limit: int) -> list[dict[str, Any]]:
    """Every figure of the filters, in dataset order (a search with no words)."""
    where, params = filter_clause(filters)
    columns = ", ".join(f"r.{c}" for c in ROW_COLUMNS)
    cursor = conn.execute(f"SELECT {columns} FROM rows r WHERE 1 = 1{where} ORDER BY r.id LIMIT ?", [*params, limit])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def matches(conn: sqlite3.Connection, query: str, filters: SearchFilters) -> tuple[str, list[dict[str, Any]]]:
    """The rows a query finds, as `extract search` finds them (the words as a phrase first, then one
    by one), each with its index id; every row of the filters when the query has no words."""
    words = query_words(query)
    if not words:
        return "all", browse(conn, filters, MAX_MATCHES)
    found = run_match(conn, match_expression(words, phrase=True), filters, MAX_MATCHES)
    if found or len(words) == 1:
        return "phrase", found
    return "words", run_match(conn, match_expression(words, phrase=False), filters, MAX_MATCHES)


def facet_counts(rows: list[dict[str, Any]]) -> dict[str, list[tuple[Any, int]]]:
    """For each facet, its values among the rows with their counts, most frequent first (years newest first)."""
    facets = {}
    for name in FACETS:
        counts: Counter[Any] = Counter(r[name] for r in rows if r.get(name) is not None)
        if name == "year":
            facets[name] = sorted(counts.items(), key=lambda kv: -int(kv[0]))
        else:
            facets[name] = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return facets


def documents_by_province_year(documents: list[dict[str, Any]]) -> tuple[list[int], list[tuple[str, dict[int, int]]]]:
    """The read documents counted by province and year (the plan year, else the signing year):
    the years in order and each province's counts."""
    table: dict[str, Counter] = {}
    for d in documents:
        if d.get("status") != "ok":
            continue
        year = d.get("plan_year") or (d["doc_date"].year if d.get("doc_date") else None)
        table.setdefault(d.get("province") or "(unknown)", Counter())[year or 0] += 1
    years = sorted({y for counts in table.values() for y in counts})
    return years, sorted(table.items())
