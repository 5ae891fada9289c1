"""Search the dataset's figures by the words people type: `extract search`.

Engine: SQLite FTS5 (the standard library's sqlite3), an index file `.search-index.sqlite` kept in
the output folder beside the Parquet files and rebuilt when they change (its key is the size and
modification time of targets.parquet and documents.parquet, with the index layout's version). A
folder that cannot be written gets an index in memory for the one query.

What is searched, one FTS5 column each, ranked by BM25 with these weights (`COLUMN_WEIGHTS`): the
indicator phrase as written (`targets.indicator_text`, 10), the indicator code and its Vietnamese
label (6), the sentence (1), the document title (0.5).

Folding (`fold`), the same on the indexed text and on the query: NFD, every combining mark dropped
(tones and vowel shapes alike, so tone placement, "hoà" or "hòa", cannot matter), "đ"/"Đ" to "d",
lower case. The tokenizer is `unicode61 remove_diacritics 2` over the folded text, so "ngan sach",
"ngân sách", "NGÂN SÁCH" and "ngan sách" are one query.

Matching (`match_expression`): the query's words as one phrase (adjacent, in order) first; only
when the phrase finds nothing, every word anywhere in the row's columns. Filters (province, which
is folded too, so "Ha Tinh" is Hà Tĩnh; year; kind; indicator code) apply before the ranking.
"""
from __future__ import annotations

import functools
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ..data_files import load_yaml

INDEX_NAME = ".search-index.sqlite"
INDEX_VERSION = "2"  # bump when the index layout or the folding changes
COLUMN_WEIGHTS = {"indicator_text": 10.0, "indicator": 6.0, "sentence": 1.0, "title": 0.5}
DEFAULT_LIMIT = 20

TARGET_COLUMNS = ("doc_id", "kind", "year", "period", "indicator", "measure", "breakdown", "indicator_text",
                  "comparator", "direction", "value", "value_low", "value_high", "scale", "unit", "per", "text",
                  "char_start", "page", "sentence", "section_path", "source_path",
                  # added by the store when present
                  "value_base", "value_low_base", "value_high_base", "indicator_label", "relative_to")
DOCUMENT_COLUMNS = ("doc_id", "source_path", "source_paths", "status", "province", "title", "doc_date", "plan_year",
                    "issuer", "doc_number", "format", "ocr_pages", "rendition_key")
RESULT_FIELDS = ("rank", "score", "province", "year", "kind", "indicator", "indicator_label", "measure", "breakdown",
                 "comparator", "direction", "value", "value_low", "value_high", "scale", "unit", "per", "value_base",
                 "value_low_base", "value_high_base", "text", "indicator_text", "sentence", "page", "section_path",
                 "doc_id", "doc_path", "doc_title", "doc_date")

_WORD = re.compile(r"\w+")


class DatasetNotFoundError(Exception):
    """The folder holds no dataset (no targets.parquet): the message says which run makes one."""


@functools.lru_cache(maxsize=1)
def _fold_table() -> dict[int, str | None]:
    """str.translate table: each precomposed Latin letter to its letter without marks ("ệ" -> "e",
    "đ" -> "d"), combining marks deleted. Latin-1 Supplement to Latin Extended-B and Latin
    Extended Additional (every Vietnamese letter), so folding runs at C speed."""
    table: dict[int, str | None] = {cp: None for cp in range(0x300, 0x370)}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(cp)) if not unicodedata.combining(c))
        if bare != chr(cp):
            table[cp] = bare
    table.update({ord("đ"): "d", ord("Đ"): "D", ord("ð"): "d", ord("Ð"): "D"})  # Ð: the look-alike of Đ
    return table


def fold(text: str | None) -> str:
    """Given Vietnamese text, return it without case, marks or "đ" (the form both the index and the
    query are compared in): "Thu NGÂN SÁCH Hoà Bình, Đắk Lắk" -> "thu ngan sach hoa binh, dak lak"."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", text).translate(_fold_table()).lower()


@functools.lru_cache(maxsize=1)
def indicator_labels() -> dict[str, str]:
    """Each indicator code's Vietnamese label: the first of its names in schemas/indicators.yaml."""
    return {code: (entry.get("names") or [code])[0] for code, entry in load_yaml("indicators.yaml")["indicators"].items()}


def read_columns(path: Path, wanted: Iterable[str], filters: Any = None) -> list[dict[str, Any]]:
    """Given a Parquet file, return its rows as dicts with the wanted columns it has (others absent)."""
    names = set(pq.read_schema(path).names)
    columns = [c for c in wanted if c in names]
    return pq.read_table(path, columns=columns, filters=filters).to_pylist()


def base_value(row: dict[str, Any], column: str) -> float | None:
    """A figure's value (or bound) in base units: the store's `*_base` column when present, else value x scale."""
    stored = row.get(f"{column}_base")
    if stored is not None:
        return float(stored)
    value = row.get(column)
    if value is None:
        return None
    return float(f"{value * (row.get('scale') or 1.0):.15g}")  # 14.1 x 1e12 without binary noise


def document_path(doc: dict[str, Any]) -> str:
    """The path a document is known by: the first of its paths."""
    paths = doc.get("source_paths")
    return (paths[0] if paths else None) or doc.get("source_path") or ""


def dataset_files(out: Path) -> tuple[Path, Path]:
    """The dataset's targets and documents files, or DatasetNotFoundError saying how to make them."""
    targets, documents = out / "targets.parquet", out / "documents.parquet"
    if not targets.exists() or not documents.exists():
        raise DatasetNotFoundError(f"{out}: no dataset here (targets.parquet and documents.parquet); "
                                   f"make one with `extract run PATH --out {out}`")
    return targets, documents


def dataset_key(out: Path) -> str:
    """What decides whether an index is current: the layout version and the Parquet files' size and mtime."""
    parts = [INDEX_VERSION]
    for path in dataset_files(out):
        stat = path.stat()
        parts.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def index_rows(out: Path) -> Iterable[tuple[Any, ...]]:
    """The rows of the index: one per figure of a document read without failure, text columns folded."""
    targets, documents = dataset_files(out)
    docs = {d["doc_id"]: d for d in read_columns(documents, DOCUMENT_COLUMNS) if d.get("status", "ok") == "ok"}
    labels = indicator_labels()
    for i, t in enumerate(read_columns(targets, TARGET_COLUMNS)):
        doc = docs.get(t["doc_id"])
        if doc is None:
            continue
        code = t.get("indicator")
        label = t.get("indicator_label") or labels.get(code or "", "")
        yield (i, t["doc_id"], t.get("kind"), t.get("year"), doc.get("province"), fold(doc.get("province")), code, label,
               t.get("measure"), t.get("breakdown"), t.get("comparator"), t.get("direction"), t.get("value"),
               t.get("value_low"), t.get("value_high"), t.get("scale"), t.get("unit"), t.get("per"),
               base_value(t, "value"), base_value(t, "value_low"), base_value(t, "value_high"), t.get("text"),
               t.get("indicator_text"), t.get("sentence"), t.get("page"), t.get("section_path"), document_path(doc),
               doc.get("title"), str(doc["doc_date"]) if doc.get("doc_date") else None,
               fold(t.get("indicator_text")), fold(f"{code or ''} {label}"), fold(t.get("sentence")), fold(doc.get("title")))


ROW_COLUMNS = ("id", "doc_id", "kind", "year", "province", "province_key", "indicator", "indicator_label", "measure",
               "breakdown", "comparator", "direction", "value", "value_low", "value_high", "scale", "unit", "per",
               "value_base", "value_low_base", "value_high_base", "text", "indicator_text", "sentence", "page",
               "section_path", "doc_path", "doc_title", "doc_date")


def create_index(conn: sqlite3.Connection, out: Path, key: str) -> None:
    """Fill an empty database with the index of the dataset in `out`, stamped with `key`."""
    conn.execute("CREATE TABLE meta (key TEXT)")
    conn.execute(f"CREATE TABLE rows (id INTEGER PRIMARY KEY, {', '.join(ROW_COLUMNS[1:])})")
    conn.execute(f"CREATE VIRTUAL TABLE fts USING fts5({', '.join(COLUMN_WEIGHTS)}, content='', "
                 "tokenize='unicode61 remove_diacritics 2')")
    n = len(ROW_COLUMNS)
    rows = list(index_rows(out))
    with conn:
        conn.executemany(f"INSERT INTO rows VALUES ({', '.join('?' * n)})", (row[:n] for row in rows))
        conn.executemany("INSERT INTO fts (rowid, indicator_text, indicator, sentence, title) VALUES (?, ?, ?, ?, ?)",
                         ((row[0], *row[n:]) for row in rows))
        conn.execute("CREATE INDEX rows_filters ON rows (province_key, year, kind, indicator)")
        conn.execute("INSERT INTO meta VALUES (?)", (key,))


def stored_key(path: Path) -> str | None:
    """The key an index file was built for, or None when it is missing or unreadable."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT key FROM meta").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def build_index_file(out: Path, key: str) -> Path:
    """Build the index into a temporary file of `out` and rename it over the old index (so a search
    running meanwhile keeps reading a whole file); OSError when the folder cannot be written."""
    fd, tmp = tempfile.mkstemp(prefix=INDEX_NAME + ".", suffix=".tmp", dir=out)
    os.close(fd)
    try:
        build = sqlite3.connect(tmp)
        try:
            create_index(build, out, key)
        finally:
            build.close()
        os.replace(tmp, out / INDEX_NAME)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out / INDEX_NAME


def open_index(out: Path) -> sqlite3.Connection:
    """A connection to a current index of the dataset in `out`: the file kept there when it is
    current, else one built anew; in memory, for this search only, when the folder cannot be written."""
    key = dataset_key(out)
    path = out / INDEX_NAME
    if stored_key(path) != key:
        try:
            build_index_file(out, key)
        except OSError:
            conn = sqlite3.connect(":memory:")
            create_index(conn, out, key)
            return conn
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


@dataclass(frozen=True)
class SearchFilters:
    """What narrows a search besides its words (None: any)."""
    province: str | None = None
    year: int | None = None
    kind: str | None = None
    indicator: str | None = None


def query_words(query: str) -> list[str]:
    """The query's words, folded as the index is."""
    return _WORD.findall(fold(query))


def match_expression(words: list[str], phrase: bool) -> str:
    """The FTS5 MATCH expression for the words: one quoted phrase, or every word (each quoted, so
    no word is read as an FTS5 operator)."""
    if phrase:
        return '"' + " ".join(words) + '"'
    return " ".join(f'"{w}"' for w in words)


def filter_clause(filters: SearchFilters) -> tuple[str, list[Any]]:
    """The SQL conditions and parameters of the filters."""
    conditions, params = [], []
    for column, value in (("province_key", fold(filters.province) if filters.province else None),
                          ("year", filters.year), ("kind", filters.kind), ("indicator", filters.indicator)):
        if value is not None:
            conditions.append(f"r.{column} = ?")
            params.append(value)
    return "".join(f" AND {c}" for c in conditions), params


def run_match(conn: sqlite3.Connection, expression: str, filters: SearchFilters, limit: int) -> list[dict[str, Any]]:
    """The rows matching one FTS5 expression and the filters, best first (BM25, lower is better)."""
    where, params = filter_clause(filters)
    weights = ", ".join(str(w) for w in COLUMN_WEIGHTS.values())
    columns = ", ".join(f"r.{c}" for c in ROW_COLUMNS)
    # CROSS JOIN: the full-text match drives, each match finds its row by primary key
    sql = (f"SELECT {columns}, bm25(fts, {weights}) AS score FROM fts CROSS JOIN rows r ON r.id = fts.rowid "
           f"WHERE fts MATCH ?{where} ORDER BY score, r.id LIMIT ?")
    cursor = conn.execute(sql, [expression, *params, limit])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def search(out: Path, query: str, filters: SearchFilters = SearchFilters(), limit: int = DEFAULT_LIMIT) -> list[dict[str, Any]]:
    """Given a dataset folder and the words of a query, return the best `limit` figures, each a dict
    of RESULT_FIELDS with its rank (1 first) and `match` ("phrase" or "words": how it matched)."""
    words = query_words(query)
    if not words:
        return []
    conn = open_index(out)
    try:
        mode, found = "phrase", run_match(conn, match_expression(words, phrase=True), filters, limit)
        if not found and len(words) > 1:
            mode, found = "words", run_match(conn, match_expression(words, phrase=False), filters, limit)
    finally:
        conn.close()
    for rank, row in enumerate(found, 1):
        row.update(rank=rank, match=mode, score=round(row["score"], 4))
        row.pop("id"), row.pop("province_key")
    return found
