"""The pipeline end to end: ingest -> normalise -> segment -> extract -> check, per file, and a
batch over files and folders that never stops on one bad file."""
from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import signal
import threading
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


class FileTimeLimit(Exception):
    """Raised inside a file's processing when its time limit is up."""


DEFAULT_TIME_LIMIT = 600.0  # seconds per file in a batch: a pathological PDF fails, the batch goes on


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Raise FileTimeLimit in this (main) thread after `seconds`; a no-op without a limit, off the
    main thread, or where the system has no interval timer (Windows)."""
    usable = (seconds and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise FileTimeLimit()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process_file(path: str | Path, pdf_engine: str = DEFAULT_PDF_ENGINE,
                 time_limit_s: float | None = None) -> DocumentResult:
    """Given a path, run every stage on it; a bad input gives a failed result, never an exception.
    With `time_limit_s`, a file that takes longer fails with a message saying so."""
    started = time.perf_counter()
    path = Path(path)
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        sha = hashlib.sha256(str(path).encode()).hexdigest()
    result = DocumentResult(doc_id=doc_id_for(sha), source_path=str(path), format=None, sha256=sha,
                            pages=None, status="failed")
    try:
        with time_limit(time_limit_s):
            raw = ingest(path, pdf_engine=pdf_engine)
            result.format, result.pages = raw.format, raw.pages
            return _run_stages(raw, result, started)
    except FileTimeLimit:
        result.status = "failed"
        result.error = (f"took longer than the time limit of {time_limit_s:g} s per file and was stopped "
                        "(a pathological PDF?); raise it with --time-limit")
    except ExtractError as exc:
        result.error = exc.problem
        result.missing_tool = isinstance(exc, MissingToolError)
    except Exception as exc:  # a bug must not sink the batch: record it, name it, go on
        result.error = f"internal error ({type(exc).__name__}: {exc}); please report it with the file"
    result.seconds = time.perf_counter() - started
    return result


def unchanged_files(files: list[Path], out_dir: str | Path) -> dict[Path, str]:
    """Of `files`, those whose rows in `out_dir` can be kept: the same path with the same content
    hash, read successfully by this same version of the pipeline. Returns {file: doc_id}."""
    documents = Path(out_dir) / "documents.parquet"
    if not documents.exists():
        return {}
    import pyarrow.parquet as pq

    from .data_files import pipeline_version

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
        if str(path) in sources:  # hash only files the last run read
            try:
                sha = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                continue
            if (str(path), sha) in done:
                found[path] = done[(str(path), sha)]
    return found


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
              jobs: int = 1, time_limit_s: float | None = None) -> BatchSummary:
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
            work = functools.partial(process_file, time_limit_s=time_limit_s)
            results = pool.map(work, files, chunksize=max(1, len(files) // (8 * jobs)))
            for result in results:
                summary.results.append(result)
                if on_result:
                    on_result(result)
    else:
        for path in files:
            result = process_file(path, time_limit_s=time_limit_s)
            summary.results.append(result)
            if on_result:
                on_result(result)
    summary.seconds = time.perf_counter() - started
    return summary
