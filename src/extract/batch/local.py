"""The local engine: a batch over worker processes of this machine, results in input order.

Workers ignore SIGINT: a Ctrl-C at the terminal reaches the whole process group, and it is the
main process that decides (it stops the workers, `stop_workers`, and the run ends with one line).
A worker that dies (killed, out of memory, a crash in a C library) breaks the pool: the files it
had in hand are read again, each alone in a fresh pool, so the one that kills its worker is found
and gets a failed row, and the batch goes on. One job is one worker process too, for the same
reason; `in_process=True` reads the files in this process instead (for a profiler or a debugger),
where a crash in a C library ends the run.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import signal
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..ingest.limits import DEFAULT_LIMITS, Limits
from ..ingest.ocr import set_ocr_threads
from ..models import DocumentResult
from ..pipeline import doc_id_for, peak_rss_mib, process_file, read_input
from ..text.display import path_text

WORKER_DIED = ("the worker process reading it died (out of memory, killed, or a crash in a library); "
               "the batch went on without it")


def process_file_in_worker(path: Path, time_limit_s: float | None, limits: Limits = DEFAULT_LIMITS) -> DocumentResult:
    result = process_file(path, time_limit_s=time_limit_s, limits=limits)
    result.peak_rss_mib = peak_rss_mib()
    return result


def start_worker(threads: int) -> None:
    """A worker's setup: its share of the cores for OCR, SIGINT left to the main process, and
    SIGTERM (how the main process stops it) ending it quietly, whatever handler it was forked with."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    set_ocr_threads(threads)


# Results wait in input order, so at most this many files per worker are out at once: memory stays
# bounded whatever the batch size, and a slow file holds back only that many finished ones.
AHEAD_PER_WORKER = 4


def iter_local(files: list[Path], jobs: int, time_limit_s: float | None,
               limits: Limits = DEFAULT_LIMITS, in_process: bool = False) -> Iterator[DocumentResult]:
    """The results of `files` in input order, over `jobs` worker processes (or in this process)."""
    if in_process or not files:
        for path in files:
            yield process_file_in_worker(path, time_limit_s, limits)
        return
    workers = max(1, min(jobs, len(files)))
    queue = iter(files)
    pending: deque[tuple[Path, Future]] = deque()
    while True:
        pool = new_pool(workers)
        try:
            for path, _ in list(pending):  # files a dead worker's pool had in hand, first
                pending.popleft()
                yield run_alone(path, time_limit_s, limits)
            yield from iter_pool(pool, queue, pending, workers, time_limit_s, limits)
            return
        except BrokenProcessPool:
            continue  # `pending` holds the files to read again
        finally:
            stop_workers(pool)


def new_pool(workers: int) -> ProcessPoolExecutor:
    # each worker OCRs its documents' pages over its share of the cores
    threads = max(1, (os.cpu_count() or 1) // workers)
    return ProcessPoolExecutor(max_workers=workers, initializer=start_worker, initargs=(threads,))


def iter_pool(pool: ProcessPoolExecutor, queue: Iterator[Path], pending: deque[tuple[Path, Future]], workers: int,
              time_limit_s: float | None, limits: Limits) -> Iterator[DocumentResult]:
    """The results of the files of `queue` over the pool, one in for one out; on a broken pool
    (BrokenProcessPool) `pending` holds the files not yet given back."""
    for path in itertools.islice(queue, AHEAD_PER_WORKER * workers):
        pending.append((path, submit(pool, path, time_limit_s, limits)))
    while pending:
        result = pending[0][1].result()
        pending.popleft()
        following = next(queue, None)
        if following is not None:
            pending.append((following, submit(pool, following, time_limit_s, limits)))
        yield result


def submit(pool: ProcessPoolExecutor, path: Path, time_limit_s: float | None, limits: Limits) -> Future:
    """The future of one file's result; on a pool already broken, a future that says so (the file
    stays in the queue of files to read again)."""
    try:
        return pool.submit(process_file_in_worker, path, time_limit_s, limits)
    except BrokenProcessPool as exc:
        broken: Future = Future()
        broken.set_exception(exc)
        return broken


def run_alone(path: Path, time_limit_s: float | None, limits: Limits) -> DocumentResult:
    """One file in a pool of its own: its result, or a failed result if it kills its worker."""
    pool = new_pool(1)
    try:
        return pool.submit(process_file_in_worker, path, time_limit_s, limits).result()
    except BrokenProcessPool:
        return died_result(path, limits)
    finally:
        stop_workers(pool)


def died_result(path: Path, limits: Limits) -> DocumentResult:
    """The failed result of a file whose worker died."""
    data = read_input(path, limits)
    if isinstance(data, DocumentResult):
        return data
    sha = hashlib.sha256(data).hexdigest()
    return DocumentResult(doc_id=doc_id_for(sha), source_path=path_text(path), format=None, sha256=sha, pages=None,
                          status="failed", error=WORKER_DIED)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """Shut a pool down now: tasks not started cancelled, running workers terminated (a worker in a
    long file would otherwise keep the run alive), so an interrupted run ends at once."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=1)
        if process.is_alive():
            process.kill()
