"""Incremental runs: the files whose rows in an output folder can be kept without reading them again."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.parquet as pq

from ..data_files import pipeline_version
from ..text.display import path_text


def unchanged_files(files: list[Path], out_dir: str | Path) -> dict[Path, str]:
    """Of `files`, those whose rows in `out_dir` can be kept: the same path with the same content
    hash, read successfully by this same version of the pipeline. Returns {file: doc_id}."""
    documents = Path(out_dir) / "documents.parquet"
    if not documents.exists():
        return {}
    try:
        rows = pq.read_table(documents, columns=["doc_id", "source_path", "sha256", "status",
                                                 "pipeline_version"]).to_pylist()
    except Exception:  # an older layout or a damaged file: nothing is reused
        return {}
    done = {(r["source_path"], r["sha256"]): r["doc_id"] for r in rows
            if r["status"] == "ok" and r["pipeline_version"] == pipeline_version()}
    sources = {source for source, _ in done}
    found = {}
    for path in files:
        if path_text(path) in sources:  # hash only files the last run read
            try:
                sha = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                continue
            if (path_text(path), sha) in done:
                found[path] = done[(path_text(path), sha)]
    return found
