"""Export: DocumentResults -> the four Parquet files, with the Arrow schemas declared in
`schemas/parquet.yaml`, streamed in row groups and each written atomically (a temporary file
renamed into place), so a failed run never leaves a half-written file.
"""
from __future__ import annotations

import dataclasses
import functools
import os
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
import pyarrow.parquet as pq

from .data_files import load_yaml, pipeline_version
from .models import DocumentMeta, DocumentResult, Target


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


@functools.lru_cache(maxsize=1)
def indicator_labels() -> dict[str, str]:
    """Each indicator code's Vietnamese label: the first of its names in schemas/indicators.yaml."""
    return {code: (entry.get("names") or [code])[0] for code, entry in load_yaml("indicators.yaml")["indicators"].items()}


def in_base_units(value: float | None, scale: float | None) -> float | None:
    """A figure in base units: value x scale, rounded to 15 significant digits so 14.1 x 1e12 is
    14100000000000 and not 14100000000000.002 (binary noise); None stays None."""
    if value is None:
        return None
    return float(f"{value * (1.0 if scale is None else scale):.15g}")


def fold_key(text: str) -> str:
    """Text as a key: NFD, combining marks dropped, "đ" as "d", lower case, spaces squeezed (so tone
    placement, case and spacing cannot make two keys of one name)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(bare.replace("đ", "d").replace("Đ", "D").lower().split())


def rendition_key(meta: DocumentMeta) -> str | None:
    """What renditions of one resolution share (its DOCX, its PDF, its scan): issuer, number and
    date, folded ("tinh uy hung yen|01-nq/tu|2020-11-26"); None unless all three are known."""
    if not (meta.issuer and meta.doc_number and meta.doc_date):
        return None
    return f"{fold_key(meta.issuer)}|{fold_key(meta.doc_number).replace(' ', '')}|{meta.doc_date.isoformat()}"


METADATA_FIELDS = ("issuer", "issuer_level", "province", "province_2025", "jurisdiction", "doc_type", "doc_number",
                   "doc_place", "doc_date", "term", "plan_year", "plan_period", "title", "signer", "source_kind")


def metadata_source(meta: DocumentMeta) -> str | None:
    """Which evidence gave each metadata field that has a value, as `field=source` joined by ";"
    ("province=body;plan_year=title"); None when no field has one."""
    said = [f"{name}={meta.evidence[name].source}" for name in METADATA_FIELDS if name in meta.evidence
            and getattr(meta, name) is not None]
    return ";".join(said) or None


@functools.lru_cache(maxsize=1)
def target_fields() -> tuple[str, ...]:
    """The targets columns that are fields of a Target (every Target has each of them set)."""
    fields = {f.name for f in dataclasses.fields(Target)}
    return tuple(name for name in schemas()["targets"].names if name in fields)


def target_row(r: DocumentResult, t: Target, source_path: str) -> dict:
    """One targets row: the figure's fields, where it came from, and its values in base units."""
    row = {name: getattr(t, name) for name in target_fields()}
    row["source_path"] = source_path
    row["parent_text"] = r.targets[t.parent_index].text if t.parent_index is not None else None
    row["ocr_confidence"] = r.ocr_confidence.get(t.page) if t.page is not None else None
    for column in ("value", "value_low", "value_high"):
        row[f"{column}_base"] = in_base_units(getattr(t, column), t.scale)
    row["indicator_label"] = indicator_labels().get(t.indicator) if t.indicator else None
    return row

ARROW_TYPES = {
    "string": pa.string(), "int16": pa.int16(), "int32": pa.int32(), "float64": pa.float64(),
    "date32": pa.date32(), "list<int32>": pa.list_(pa.int32()), "list<string>": pa.list_(pa.string()),
}
FILES = {"targets": "targets.parquet", "documents": "documents.parquet",
         "sections": "sections.parquet", "checks": "checks.parquet"}


@functools.lru_cache(maxsize=1)
def schemas() -> dict[str, pa.Schema]:
    """Return the declared Arrow schema of each output table."""
    spec = load_yaml("parquet.yaml")
    return {table: pa.schema([(name, ARROW_TYPES[kind]) for name, kind in columns.items()])
            for table, columns in spec.items()}


def document_row(r: DocumentResult, source_paths: list[str]) -> dict:
    """One documents row: the document's metadata, text and counts, and every path it was found under."""
    m = r.meta
    return {
        "doc_id": r.doc_id, "source_path": source_paths[0], "format": r.format, "sha256": r.sha256,
        "pages": r.pages, "status": r.status, "error": r.error, "issuer": m.issuer, "province": m.province,
        "doc_type": m.doc_type, "doc_number": m.doc_number, "doc_date": m.doc_date, "plan_year": m.plan_year,
        "title": m.title, "signer": m.signer, "text": r.text, "issuer_level": m.issuer_level,
        "doc_place": m.doc_place, "term": m.term, "furniture": r.furniture, "province_2025": m.province_2025,
        "plan_period": m.plan_period, "jurisdiction": m.jurisdiction, "source_kind": m.source_kind,
        "metadata_source": metadata_source(m),
        "n_targets": sum(t.kind == "target" for t in r.targets),
        "n_actuals": sum(t.kind == "actual" for t in r.targets), "seconds": r.seconds,
        "ocr_pages": sorted(r.ocr_confidence),
        "ocr_confidence": mean([c for c in r.ocr_confidence.values() if c is not None]),
        "warnings": r.warnings, "pipeline_version": pipeline_version(),
        "source_paths": source_paths, "rendition_key": rendition_key(m) if r.status == "ok" else None,
        "part": r.part, "parts": r.parts,
    }


def results_to_rows(results: Iterable[DocumentResult], paths: dict[str, list[str]] | None = None
                    ) -> dict[str, list[dict]]:
    """Given the files' results, return the rows of each table: every document of each file (its
    later parts too). `paths` gives a file's paths (its first document's doc_id -> paths, the first
    its source_path) when it is known under more than the one read; every part has them."""
    rows: dict[str, list[dict]] = {name: [] for name in FILES}
    for part in (part for result in results for part in result.documents()):
        for name, part_table in part_rows(part, paths).items():
            rows[name] += part_table
    return rows


def part_rows(r: DocumentResult, paths: dict[str, list[str]] | None = None) -> dict[str, list[dict]]:
    """The rows of each table of one document (one part of a file)."""
    rows: dict[str, list[dict]] = {name: [] for name in FILES}
    source_paths = (paths or {}).get(r.doc_id) or (paths or {}).get(r.sha256[:16]) or [r.source_path]
    rows["documents"].append(document_row(r, source_paths))
    for t in r.targets:
        rows["targets"].append(target_row(r, t, source_paths[0]))
    for s in r.sections:
        rows["sections"].append({
            "doc_id": r.doc_id, "section_path": s.section_path, "label": s.label, "title": s.title,
            "level": s.level, "char_start": s.char_start, "char_end": s.char_end, "page": s.page, "kind": s.kind})
    for f in r.findings:
        rows["checks"].append({
            "doc_id": f.doc_id, "check": f.check, "severity": f.severity, "message": f.message,
            "section_path": f.section_path, "char_starts": [a for a, _ in f.spans],
            "char_ends": [b for _, b in f.spans], "texts": f.texts})
    return rows


# Rows per row group of each table: documents rows hold the whole text, so fewer of them. Rows
# wait as Python dicts only until a chunk is full, then as Arrow record batches (columnar, a
# tenth of the memory) until a row group is: memory stays small whatever the batch size.
ROW_GROUP_ROWS = {"documents": 64, "targets": 8192, "sections": 8192, "checks": 8192}
CHUNK_ROWS = {"documents": 16, "targets": 1024, "sections": 1024, "checks": 1024}


# The key under which each file's Parquet metadata names the write it belongs to: the four files
# of one run share it, so a reader can tell they belong together (extract.dataset.store).
GENERATION_KEY = b"extract:generation"
COMPRESSION = "zstd"
# Columns of free text, nearly every value different: dictionary encoding buys nothing there and
# costs a third of a dataset's rewrite (benchmarks/dataset.py), so only the other columns get it.
FREE_TEXT = {"targets": {"text", "sentence", "indicator_text", "parent_text"}, "documents": {"text", "title"},
             "sections": {"title"}, "checks": {"message", "texts"}}


def dictionary_columns(name: str) -> list[str]:
    """The columns of a table written with dictionary encoding: all but its free text."""
    return [c for c in schemas()[name].names if c not in FREE_TEXT[name]]


def temp_prefix(filename: str) -> str:
    """The name a table's temporary file starts with (".targets.parquet."): how a later run finds
    and removes the temporary files of a run that was killed."""
    return f".{filename}."


TEMP_SUFFIX = ".tmp"


class ParquetSink:
    """Writes documents' rows into the four Parquet files as they come, in row groups, so memory
    does not grow with the batch. The files are written under temporary names in the output
    folder and renamed into place only when all four are whole (`close`); on an error nothing is
    replaced and the temporary files are removed (`abort`). `keep` names documents (doc_id) whose
    rows already in the folder are kept (an incremental run's unchanged files): they follow the
    new rows. `add_batch` adds rows already in Arrow form (a dataset's kept rows), `finish` closes
    the files without renaming them (the dataset store renames them itself). Every file's metadata
    holds `generation` under GENERATION_KEY. Use it as a context manager."""

    def __init__(self, out_dir: str | Path, keep: set[str] | frozenset = frozenset(), generation: str | None = None):
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.keep = frozenset(keep)
        self.generation = generation or os.urandom(8).hex()
        self.buffers: dict[str, list[dict]] = {name: [] for name in FILES}  # rows not yet in a batch
        self.batches: dict[str, list[pa.RecordBatch]] = {name: [] for name in FILES}  # the row group so far
        self.batched_rows: dict[str, int] = {name: 0 for name in FILES}
        self.temps: dict[str, Path] = {}
        self.writers: dict[str, pq.ParquetWriter] = {}
        try:
            for name, filename in FILES.items():
                fd, tmp = tempfile.mkstemp(prefix=temp_prefix(filename), suffix=TEMP_SUFFIX, dir=self.out)
                os.close(fd)
                self.temps[name] = Path(tmp)
                schema = schemas()[name].with_metadata({GENERATION_KEY: self.generation.encode()})
                self.writers[name] = pq.ParquetWriter(tmp, schema, compression=COMPRESSION,
                                                      use_dictionary=dictionary_columns(name))
        except BaseException:
            self.abort()
            raise

    def write(self, result: DocumentResult, source_paths: list[str] | None = None) -> None:
        """Add one document's rows (written once a table has a row group's worth); `source_paths`:
        every path the document is known under, when more than the one it was read from."""
        paths = {result.doc_id: source_paths} if source_paths else None
        for part in result.documents():  # part by part: a file of many documents is never all rows at once
            for name, rows in part_rows(part, paths).items():
                self.buffers[name].extend(rows)
                if len(self.buffers[name]) >= CHUNK_ROWS[name]:
                    self._batch(name)
                    if self.batched_rows[name] >= ROW_GROUP_ROWS[name]:
                        self._flush(name)

    def add_batch(self, name: str, batch: pa.RecordBatch) -> None:
        """Add rows already in Arrow form, with the table's schema (kept rows: no Python objects made)."""
        if batch.num_rows:
            self._batch(name)  # rows written before keep their place
            self.batches[name].append(batch)
            self.batched_rows[name] += batch.num_rows
            if self.batched_rows[name] >= ROW_GROUP_ROWS[name]:
                self._flush(name)

    def _batch(self, name: str) -> None:
        """Turn the buffered rows into a record batch (validated against the table's schema)."""
        if self.buffers[name]:
            self.batches[name].append(pa.RecordBatch.from_pylist(self.buffers[name], schema=schemas()[name]))
            self.batched_rows[name] += len(self.buffers[name])
            self.buffers[name] = []

    def _flush(self, name: str) -> None:
        """Write what is held of a table as one row group."""
        self._batch(name)
        if self.batches[name]:
            self.writers[name].write_table(pa.Table.from_batches(self.batches[name], schema=schemas()[name]))
            self.batches[name], self.batched_rows[name] = [], 0

    def finish(self) -> dict[str, Path]:
        """Write what is buffered and the kept rows and close the files; return the temporary files,
        whole and synced to disk, still under their temporary names (nothing replaced yet)."""
        try:
            for name in FILES:
                self._flush(name)
                if self.keep:
                    self._copy_kept(name)
                self.writers[name].close()
            mode = 0o666 & ~current_umask()
            for tmp in self.temps.values():
                os.chmod(tmp, mode)  # mkstemp makes them private; the dataset is not
                with open(tmp, "rb") as fh:
                    os.fsync(fh.fileno())
        except BaseException:
            self.abort()
            raise
        return dict(self.temps)

    def close(self) -> dict[str, Path]:
        """Write what is buffered and the kept rows, close the files and put them in place."""
        temps = self.finish()
        paths = {}
        for name, filename in FILES.items():
            paths[name] = self.out / filename
            os.replace(temps[name], paths[name])
        return paths

    def _copy_kept(self, name: str) -> None:
        old = self.out / FILES[name]
        keep = pa.array(sorted(self.keep))
        for batch in pq.ParquetFile(old).iter_batches():
            kept = batch.filter(pa.compute.is_in(batch["doc_id"], value_set=keep))
            if kept.num_rows:
                self.writers[name].write_table(pa.Table.from_batches([conform(name, kept)]))

    def abort(self) -> None:
        """Close and remove the temporary files; the folder's previous files stay as they were."""
        for writer in self.writers.values():
            try:
                writer.close()
            except Exception:
                pass
        for tmp in self.temps.values():
            if tmp.exists():
                tmp.unlink()

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def derived_column(name: str, column: str, batch: pa.RecordBatch) -> pa.Array | None:
    """A column a file written before it existed can be given from its other columns (the paths from
    source_path, base values from value x scale, labels from codes); None for the others (null)."""
    have = batch.schema.names
    if name == "documents" and column == "source_paths" and "source_path" in have:
        return pa.array([[p] if p is not None else [] for p in batch["source_path"].to_pylist()], pa.list_(pa.string()))
    if name == "targets" and column.endswith("_base") and column.removesuffix("_base") in have:
        scales = batch["scale"].to_pylist() if "scale" in have else [None] * batch.num_rows
        values = batch[column.removesuffix("_base")].to_pylist()
        return pa.array([in_base_units(v, s) for v, s in zip(values, scales)], pa.float64())
    if name == "targets" and column == "indicator_label" and "indicator" in have:
        labels = indicator_labels()
        return pa.array([labels.get(c) if c else None for c in batch["indicator"].to_pylist()], pa.string())
    return None


def conform(name: str, batch: pa.RecordBatch) -> pa.RecordBatch:
    """Given a batch of table `name`'s rows, return it with the declared schema: columns in the declared
    order, a column the batch lacks (a file from before it was declared) derived or null."""
    schema = schemas()[name]
    if batch.schema.equals(schema):
        return batch
    columns = []
    for field in schema:
        if field.name in batch.schema.names:
            columns.append(batch[field.name].cast(field.type))
        else:
            derived = derived_column(name, field.name, batch)
            columns.append(derived if derived is not None else pa.nulls(batch.num_rows, field.type))
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def current_umask() -> int:
    """The process's file-creation mask (read by setting and restoring it)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def export(results: Iterable[DocumentResult], out_dir: str | Path, keep: set[str] | frozenset = frozenset()
           ) -> dict[str, Path]:
    """Given the documents' results, write the four Parquet files into `out_dir`; return their paths.
    `keep` names documents (doc_id) whose rows already in `out_dir` are kept (see ParquetSink)."""
    sink = ParquetSink(out_dir, keep)
    try:
        for result in results:
            sink.write(result)
    except BaseException:
        sink.abort()
        raise
    return sink.close()
