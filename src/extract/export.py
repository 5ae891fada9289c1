"""Export: DocumentResults -> the four Parquet files, with the Arrow schemas declared in
`schemas/parquet.yaml`, streamed in row groups and each written atomically (a temporary file
renamed into place), so a failed run never leaves a half-written file.
"""
from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path
from typing import Iterable

import pyarrow as pa
import pyarrow.compute  # noqa: F401  (pa.compute)
import pyarrow.parquet as pq

from .data_files import load_yaml, pipeline_version
from .models import DocumentResult


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None

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


def results_to_rows(results: Iterable[DocumentResult]) -> dict[str, list[dict]]:
    """Given the documents' results, return the rows of each table."""
    rows: dict[str, list[dict]] = {name: [] for name in FILES}
    for r in results:
        m = r.meta
        rows["documents"].append({
            "doc_id": r.doc_id, "source_path": r.source_path, "format": r.format, "sha256": r.sha256,
            "pages": r.pages, "status": r.status, "error": r.error, "issuer": m.issuer, "province": m.province,
            "doc_type": m.doc_type, "doc_number": m.doc_number, "doc_date": m.doc_date, "plan_year": m.plan_year,
            "title": m.title, "signer": m.signer, "text": r.text, "issuer_level": m.issuer_level,
            "doc_place": m.doc_place, "term": m.term, "furniture": r.furniture, "province_2025": m.province_2025,
            "n_targets": sum(t.kind == "target" for t in r.targets),
            "n_actuals": sum(t.kind == "actual" for t in r.targets), "seconds": r.seconds,
            "ocr_pages": sorted(r.ocr_confidence),
            "ocr_confidence": mean([c for c in r.ocr_confidence.values() if c is not None]),
            "warnings": r.warnings, "pipeline_version": pipeline_version(),
        })
        for t in r.targets:
            row = {name: getattr(t, name) for name in schemas()["targets"].names if hasattr(t, name)}
            row["source_path"] = r.source_path
            row["parent_text"] = r.targets[t.parent_index].text if t.parent_index is not None else None
            row["ocr_confidence"] = r.ocr_confidence.get(t.page)
            rows["targets"].append(row)
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


class ParquetSink:
    """Writes documents' rows into the four Parquet files as they come, in row groups, so memory
    does not grow with the batch. The files are written under temporary names in the output
    folder and renamed into place only when all four are whole (`close`); on an error nothing is
    replaced and the temporary files are removed (`abort`). `keep` names documents (doc_id) whose
    rows already in the folder are kept (an incremental run's unchanged files): they follow the
    new rows. Use it as a context manager."""

    def __init__(self, out_dir: str | Path, keep: set[str] | frozenset = frozenset()):
        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.keep = frozenset(keep)
        self.buffers: dict[str, list[dict]] = {name: [] for name in FILES}  # rows not yet in a batch
        self.batches: dict[str, list[pa.RecordBatch]] = {name: [] for name in FILES}  # the row group so far
        self.batched_rows: dict[str, int] = {name: 0 for name in FILES}
        self.temps: dict[str, Path] = {}
        self.writers: dict[str, pq.ParquetWriter] = {}
        try:
            for name, filename in FILES.items():
                fd, tmp = tempfile.mkstemp(prefix=f".{filename}.", suffix=".tmp", dir=self.out)
                os.close(fd)
                self.temps[name] = Path(tmp)
                self.writers[name] = pq.ParquetWriter(tmp, schemas()[name], compression="zstd")
        except BaseException:
            self.abort()
            raise

    def write(self, result: DocumentResult) -> None:
        """Add one document's rows (written once a table has a row group's worth)."""
        for name, rows in results_to_rows([result]).items():
            self.buffers[name].extend(rows)
            if len(self.buffers[name]) >= CHUNK_ROWS[name]:
                self._batch(name)
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

    def close(self) -> dict[str, Path]:
        """Write what is buffered and the kept rows, close the files and put them in place."""
        try:
            for name in FILES:
                self._flush(name)
                if self.keep:
                    self._copy_kept(name)
                self.writers[name].close()
        except BaseException:
            self.abort()
            raise
        paths = {}
        for name, filename in FILES.items():
            paths[name] = self.out / filename
            os.replace(self.temps[name], paths[name])
        return paths

    def _copy_kept(self, name: str) -> None:
        old = self.out / FILES[name]
        keep = pa.array(sorted(self.keep))
        for batch in pq.ParquetFile(old).iter_batches():
            kept = pa.Table.from_batches([batch]).filter(pa.compute.is_in(batch["doc_id"], value_set=keep))
            if kept.num_rows:
                self.writers[name].write_table(kept.select(schemas()[name].names).cast(schemas()[name]))

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

    def __enter__(self) -> "ParquetSink":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


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
