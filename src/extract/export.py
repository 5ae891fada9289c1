"""Export: list[DocumentResult] -> the four Parquet files, with the Arrow schemas declared in
`schemas/parquet.yaml`, each written atomically (a temporary file renamed into place), so a
failed run never leaves a half-written file.
"""
from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

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


def results_to_rows(results: list[DocumentResult]) -> dict[str, list[dict]]:
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


def write_atomic(table: pa.Table, path: Path) -> None:
    """Write a Parquet file under a temporary name in the same folder, then rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def export(results: list[DocumentResult], out_dir: str | Path, keep: set[str] | frozenset = frozenset()
           ) -> dict[str, Path]:
    """Given the documents' results, write the four Parquet files into `out_dir`; return their paths.
    `keep` names documents (doc_id) whose rows already in `out_dir` are kept (an incremental run's
    unchanged files); they follow the new rows. All tables are built (and so validated against
    their schemas) before any file is replaced."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows = results_to_rows(results)
    tables = {name: pa.Table.from_pylist(rows[name], schema=schemas()[name]) for name in FILES}
    if keep:
        for name, filename in FILES.items():
            old = pq.read_table(out / filename, schema=schemas()[name])
            kept = old.filter(pa.compute.is_in(old["doc_id"], value_set=pa.array(sorted(keep))))
            tables[name] = pa.concat_tables([tables[name], kept])
    paths = {}
    for name, filename in FILES.items():
        paths[name] = out / filename
        write_atomic(tables[name], paths[name])
    return paths
