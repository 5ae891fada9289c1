"""The pipeline end to end: ingest -> normalise -> segment -> extract -> check, per file, and a
batch over files and folders that never stops on one bad file."""
from __future__ import annotations

import contextlib
import hashlib
import itertools
import os
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .check import check
from .errors import ExtractError, MissingToolError
from .extraction import extract
from .ingest import DEFAULT_PDF_ENGINE, bytes_to_document
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
    data = read_input(path)
    if isinstance(data, DocumentResult):
        return data
    return process_bytes(data, str(path), pdf_engine=pdf_engine, time_limit_s=time_limit_s, started=started)


def read_input(path: str | Path) -> bytes | DocumentResult:
    """A file's bytes, or the failed result of a file that cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        sha = hashlib.sha256(str(path).encode()).hexdigest()
        return DocumentResult(doc_id=doc_id_for(sha), source_path=str(path), format=None, sha256=sha, pages=None,
                              status="failed", error=f"cannot be read ({exc.strerror or exc})")


def process_bytes(data: bytes, source_path: str, pdf_engine: str = DEFAULT_PDF_ENGINE,
                  time_limit_s: float | None = None, started: float | None = None) -> DocumentResult:
    """Given a file's bytes and the path it came from, run every stage on it (process_file's work,
    for a worker that cannot see the file: a cluster's)."""
    started = time.perf_counter() if started is None else started
    sha = hashlib.sha256(data).hexdigest()
    result = DocumentResult(doc_id=doc_id_for(sha), source_path=source_path, format=None, sha256=sha,
                            pages=None, status="failed")
    try:
        with time_limit(time_limit_s):
            raw = bytes_to_document(data, source_path, pdf_engine=pdf_engine)
            result.format, result.pages = raw.format, raw.pages
            return _run_stages(raw, result, started)
    except FileTimeLimit:
        result.status = "failed"
        result.error = time_limit_message(time_limit_s)
    except ExtractError as exc:
        result.error = exc.problem
        result.missing_tool = isinstance(exc, MissingToolError)
    except Exception as exc:  # a bug must not sink the batch: record it, name it, go on
        result.error = f"internal error ({type(exc).__name__}: {exc}); please report it with the file"
    result.seconds = time.perf_counter() - started
    return result


def time_limit_message(seconds: float | None) -> str:
    return (f"took longer than the time limit of {seconds:g} s per file and was stopped "
            "(a pathological PDF?); raise it with --time-limit")


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
    """What a batch did: counts, the failed documents, and (when asked to keep them) every result."""

    results: list[DocumentResult] = field(default_factory=list)  # all, in input order, if kept
    failed: list[DocumentResult] = field(default_factory=list)
    n_ok: int = 0
    n_targets: int = 0
    n_actuals: int = 0
    pages: int = 0
    seconds: float = 0.0
    peak_worker_rss_mib: float = 0.0  # the largest resident memory a worker reached

    @property
    def ok(self) -> list[DocumentResult]:
        """The kept results that succeeded (none kept with keep_results=False: see n_ok)."""
        return [r for r in self.results if r.status == "ok"]

    def add(self, result: DocumentResult, keep: bool) -> None:
        if keep:
            self.results.append(result)
        if result.status == "ok":
            self.n_ok += 1
        else:
            self.failed.append(result)
        n_targets = sum(t.kind == "target" for t in result.targets)
        self.n_targets += n_targets
        self.n_actuals += len(result.targets) - n_targets
        self.pages += result.pages or 0
        self.peak_worker_rss_mib = max(self.peak_worker_rss_mib, result.peak_rss_mib)


ENGINES = ("local", "dask")


def run_batch(paths: Iterable[str | Path], on_result: Callable[[DocumentResult], None] | None = None,
              jobs: int = 1, time_limit_s: float | None = None, keep_results: bool = True,
              engine: str = "local", scheduler: str | None = None) -> BatchSummary:
    """Given files and folders, process every file and return the batch's summary; `on_result` is
    called with each result in input order as it is ready (to stream it to disk). With
    `keep_results=False` the summary keeps only the failed results, so memory does not grow with
    the batch. `engine="local"` runs over `jobs` processes of this machine, `engine="dask"` on the
    Dask cluster whose scheduler is at `scheduler` (a local cluster when None)."""
    started = time.perf_counter()
    summary = BatchSummary()
    files = list(iter_inputs(paths))
    if engine == "local":
        results = iter_local(files, jobs, time_limit_s)
    elif engine == "dask":
        from .cluster import iter_dask

        results = iter_dask(files, scheduler, time_limit_s, workers=jobs)
    else:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    for result in results:
        summary.add(result, keep_results)
        if on_result:
            on_result(result)
    summary.seconds = time.perf_counter() - started
    return summary


def peak_rss_mib() -> float:
    """The largest resident memory this process has reached, in MiB."""
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


def process_file_in_worker(path: Path, time_limit_s: float | None) -> DocumentResult:
    result = process_file(path, time_limit_s=time_limit_s)
    result.peak_rss_mib = peak_rss_mib()
    return result


# Results wait in input order, so at most this many files per worker are out at once: memory stays
# bounded whatever the batch size, and a slow file holds back only that many finished ones.
AHEAD_PER_WORKER = 4


def iter_local(files: list[Path], jobs: int, time_limit_s: float | None) -> Iterator[DocumentResult]:
    """The results of `files` in input order, over `jobs` worker processes (in this process for one)."""
    if jobs <= 1 or len(files) <= 1:
        for path in files:
            yield process_file_in_worker(path, time_limit_s)
        return
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs, len(files))
    # each worker OCRs its documents' pages over its share of the cores
    threads = max(1, (os.cpu_count() or 1) // workers)
    with ProcessPoolExecutor(max_workers=workers, initializer=set_ocr_threads, initargs=(threads,)) as pool:
        queue = iter(files)
        pending = deque(pool.submit(process_file_in_worker, path, time_limit_s)
                        for path in itertools.islice(queue, AHEAD_PER_WORKER * workers))
        while pending:
            result = pending.popleft().result()
            path = next(queue, None)  # one in, one out
            if path is not None:
                pending.append(pool.submit(process_file_in_worker, path, time_limit_s))
            yield result
