"""The pipeline end to end: ingest -> normalise -> segment -> extract -> check, per file, and a
batch over files and folders that never stops on one bad file."""
from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .check import check
from .errors import ExtractError, MissingToolError
from .extraction import extract
from .ingest import DEFAULT_PDF_ENGINE, bytes_to_document, ingest
from .models import DocumentResult
from .normalise import normalise
from .ocr import set_ocr_threads
from .segment import segment

# Files beside the documents that are not documents: gold fixtures and notes.
SIDECAR_SUFFIXES = (".gold.yaml", ".gold.yml", ".md")


def doc_id_for(sha256: str) -> str:
    """The stable id of a source: the first 16 hex digits of its content hash."""
    return sha256[:16]


def process_text(text: str, source_path: str = "<text>") -> DocumentResult:
    """Given a document's text, run every stage on it (handy for excerpts and tests)."""
    started = time.perf_counter()
    raw = bytes_to_document(text.encode("utf-8"), source_path)
    result = DocumentResult(doc_id=doc_id_for(raw.sha256), source_path=source_path, format=raw.format,
                            sha256=raw.sha256, pages=raw.pages, status="failed")
    return _run_stages(raw, result, started)


def _run_stages(raw, result: DocumentResult, started: float) -> DocumentResult:
    result.ocr_confidence, result.warnings = dict(raw.ocr_confidence), list(raw.warnings)
    seg = segment(normalise(raw))
    result.meta, result.text, result.sections = seg.meta, seg.text, seg.sections
    result.furniture = seg.norm.furniture
    result.targets = extract(seg, result.doc_id)
    result.findings = check(result.doc_id, result.targets)
    result.status = "ok"
    result.seconds = time.perf_counter() - started
    return result


def process_file(path: str | Path, pdf_engine: str = DEFAULT_PDF_ENGINE) -> DocumentResult:
    """Given a path, run every stage on it; a bad input gives a failed result, never an exception."""
    started = time.perf_counter()
    path = Path(path)
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        sha = hashlib.sha256(str(path).encode()).hexdigest()
    result = DocumentResult(doc_id=doc_id_for(sha), source_path=str(path), format=None, sha256=sha,
                            pages=None, status="failed")
    try:
        raw = ingest(path, pdf_engine=pdf_engine)
        result.format, result.pages = raw.format, raw.pages
        return _run_stages(raw, result, started)
    except ExtractError as exc:
        result.error = exc.problem
        result.missing_tool = isinstance(exc, MissingToolError)
    except Exception as exc:  # a bug must not sink the batch: record it, name it, go on
        result.error = f"internal error ({type(exc).__name__}: {exc}); please report it with the file"
    result.seconds = time.perf_counter() - started
    return result


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Given files and folders, yield the files, folders walked recursively in name order;
    hidden files and sidecar files (gold fixtures, notes) are skipped inside folders."""
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel) \
                        and not f.name.lower().endswith(SIDECAR_SUFFIXES):
                    yield f
        else:
            yield p  # a named file is always tried, so a missing one is reported


@dataclass
class BatchSummary:
    results: list[DocumentResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status == "ok"]

    @property
    def failed(self) -> list[DocumentResult]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def n_targets(self) -> int:
        return sum(t.kind == "target" for r in self.results for t in r.targets)

    @property
    def n_actuals(self) -> int:
        return sum(t.kind == "actual" for r in self.results for t in r.targets)


def run_batch(paths: Iterable[str | Path], on_result: Callable[[DocumentResult], None] | None = None,
              jobs: int = 1) -> BatchSummary:
    """Given files and folders, process every file, over `jobs` processes; return all results in
    input order, failed ones included."""
    started = time.perf_counter()
    summary = BatchSummary()
    files = list(iter_inputs(paths))
    if jobs > 1 and len(files) > 1:
        from concurrent.futures import ProcessPoolExecutor

        # each worker OCRs its documents' pages over its share of the cores
        threads = max(1, (os.cpu_count() or 1) // jobs)
        with ProcessPoolExecutor(max_workers=min(jobs, len(files)), initializer=set_ocr_threads,
                                 initargs=(threads,)) as pool:
            results = pool.map(process_file, files, chunksize=max(1, len(files) // (8 * jobs)))
            for result in results:
                summary.results.append(result)
                if on_result:
                    on_result(result)
    else:
        for path in files:
            result = process_file(path)
            summary.results.append(result)
            if on_result:
                on_result(result)
    summary.seconds = time.perf_counter() - started
    return summary
