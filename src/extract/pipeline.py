"""The pipeline of one file: ingest -> normalise -> segment -> targets -> check. A bad input gives a
failed result, never an exception; batches over many files live in `extract.batch`."""
from __future__ import annotations

import contextlib
import hashlib
import resource
import signal
import sys
import threading
import time
from pathlib import Path

from .check import check
from .errors import ExtractError, MissingToolError
from .ingest import DEFAULT_PDF_ENGINE, bytes_to_document
from .ingest.document import read_file
from .ingest.limits import DEFAULT_LIMITS, Limits
from .models import DocumentResult
from .normalise import normalise
from .segment import segment
from .segment.parts import document_parts
from .targets import extract
from .text.display import path_text


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


def part_doc_id(file_doc_id: str, part: int) -> str:
    """The id of a file's `part`-th document: the file's for the first, "<file's>-<part>" after it."""
    return file_doc_id if part == 1 else f"{file_doc_id}-{part}"


def _run_stages(raw, result: DocumentResult, started: float) -> DocumentResult:
    """Every stage after ingest, on each document the file holds (segment.parts): the first is
    `result`, the later ones its `later_parts`, all "ok" only once every part is read."""
    result.ocr_confidence, result.warnings = dict(raw.ocr_confidence), list(raw.warnings)
    parts = document_parts(normalise(raw))
    results = [result] + [
        DocumentResult(doc_id=part_doc_id(result.doc_id, k), source_path=result.source_path, format=result.format,
                       sha256=result.sha256, pages=result.pages, status="failed", part=k,
                       ocr_confidence=result.ocr_confidence, warnings=result.warnings)
        for k in range(2, len(parts) + 1)]
    for r, norm in zip(results, parts):
        seg = segment(norm)
        r.meta, r.text, r.sections, r.furniture = seg.meta, seg.text, seg.sections, seg.norm.furniture
        r.targets = extract(seg, r.doc_id)
        r.findings = check(r.doc_id, r.targets, seg.annexes)
    for r in results:
        r.status, r.parts = "ok", len(results)
    result.later_parts = results[1:]
    result.seconds = time.perf_counter() - started
    return result


class FileTimeLimit(Exception):
    """Raised inside a file's processing when its time limit is up."""


DEFAULT_TIME_LIMIT = 600.0  # seconds per file in a batch: a pathological PDF fails, the batch goes on


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Raise FileTimeLimit in this (main) thread after `seconds`; a no-op without a limit, off the
    main thread, or where the system has no interval timer (Windows)."""
    if (not seconds or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
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
                 time_limit_s: float | None = None, limits: Limits = DEFAULT_LIMITS) -> DocumentResult:
    """Given a path, run every stage on it; a bad input gives a failed result, never an exception.
    With `time_limit_s`, a file that takes longer fails with a message saying so; `limits` bound
    what one file may make the readers do (extract.ingest.limits)."""
    started = time.perf_counter()
    data = read_input(path, limits)
    if isinstance(data, DocumentResult):
        return data
    return process_bytes(data, path_text(path), pdf_engine=pdf_engine, time_limit_s=time_limit_s, started=started,
                         limits=limits)


def read_input(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> bytes | DocumentResult:
    """A file's bytes, or the failed result of a file that cannot be read (missing, not a regular
    file, over the size limit); its id is then from its path."""
    try:
        return read_file(Path(path), limits)
    except ExtractError as exc:
        sha = hashlib.sha256(path_text(path).encode()).hexdigest()
        return DocumentResult(doc_id=doc_id_for(sha), source_path=path_text(path), format=None, sha256=sha, pages=None,
                              status="failed", error=exc.problem)


def process_bytes(data: bytes, source_path: str, pdf_engine: str = DEFAULT_PDF_ENGINE,
                  time_limit_s: float | None = None, started: float | None = None,
                  limits: Limits = DEFAULT_LIMITS) -> DocumentResult:
    """Given a file's bytes and the path it came from, run every stage on it (process_file's work,
    for a worker that cannot see the file: a cluster's)."""
    started = time.perf_counter() if started is None else started
    sha = hashlib.sha256(data).hexdigest()
    result = DocumentResult(doc_id=doc_id_for(sha), source_path=source_path, format=None, sha256=sha,
                            pages=None, status="failed")
    try:
        with time_limit(time_limit_s):
            raw = bytes_to_document(data, source_path, pdf_engine=pdf_engine, limits=limits)
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


def peak_rss_mib() -> float:
    """The largest resident memory this process has reached, in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB elsewhere


