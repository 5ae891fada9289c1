"""The local engine: a batch over worker processes of this machine, results in input order.

Workers ignore SIGINT: a Ctrl-C at the terminal reaches the whole process group, and it is the
main process that decides (it stops the workers, `stop_workers`, and the run ends with one line).
Every call into the pool is made under `interrupts.held()`, and waiting for a result polls, so the
KeyboardInterrupt of a Ctrl-C is raised between those calls, never inside the executor's locks.
A worker that dies (killed, out of memory, a crash in a C library) breaks the pool: the files it
had in hand are read again, each alone in a fresh pool, so the one that kills its worker is found
and gets a failed row, and the batch goes on. One job is one worker process too, for the same
reason; `in_process=True` reads the files in this process instead (for a profiler or a debugger),
where a crash in a C library ends the run.
"""
from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import itertools
import os
import signal
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..ingest.limits import DEFAULT_LIMITS, Limits
from ..ingest.ocr import set_ocr_threads
from ..interrupts import held, raise_if_interrupted
from ..models import DocumentResult
from ..pipeline import doc_id_for, peak_rss_mib, process_file, read_input
from ..text.display import path_text

WORKER_DIED = ("the worker process reading it died (out of memory, killed, or a crash in a library); "
               "the batch went on without it")


def process_file_in_worker(path: Path, time_limit_s: float | None, limits: Limits = DEFAULT_LIMITS) -> DocumentResult:
    result = process_file(path, time_limit_s=time_limit_s, limits=limits)
    result.peak_rss_mib = peak_rss_mib()
    return result


def start_worker(threads: int, parent: int) -> None:
    """A worker's setup: its share of the cores for OCR, SIGINT left to the main process, SIGTERM
    (how the main process stops it) ending it quietly, whatever handler it was forked with, and
    an end with its parent's; the garbage collector told what it inherited is there to stay."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent(parent)
    set_ocr_threads(threads)
    quiet_collector()


# A document allocates millions of container objects (runs, lines, spans, rows), few of them in
# cycles: the collector's default first threshold (700) runs about a hundred collections a
# document, and each older-generation one walks everything the worker inherited (the language
# pipeline, the data files). 0.03 to 0.1 s of the 0.9 s of the table-heavy PDF; 0.013 s like this.
GC_THRESHOLDS = (20_000, 20, 20)


def quiet_collector() -> None:
    """The objects the worker was forked with moved out of the collector's view (gc.freeze: they
    live as long as the worker, and untouched pages stay shared with the parent) and collections
    made rarer (GC_THRESHOLDS)."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """On Linux, SIGTERM to this worker when the main process ends, however it ends (a second
    Ctrl-C exits at once, a SIGKILL runs no code): an orphan would go on reading, and it holds the
    output folder's lock, inherited with the main process's open files, so the next run would wait
    for it. Elsewhere the main process's own stop (stop_workers) is all there is."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent ended before the call
        os._exit(0)


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
    with heap_frozen():
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


@contextlib.contextmanager
def heap_frozen() -> Iterator[None]:
    """This process's objects moved out of the garbage collector's view for the batch (gc.freeze,
    as Python's documentation advises before forking workers): the workers' collections do not
    touch them (their pages stay shared), and here the results' objects, unpickled by the
    thousand, set off no collection that walks the whole heap (one took 0.07 s of a 1.1 s file).
    They are given back after the batch, unless something had frozen objects before it."""
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield
    finally:
        if not frozen_before:
            gc.unfreeze()


def new_pool(workers: int) -> ProcessPoolExecutor:
    # each worker OCRs its documents' pages over its share of the cores
    threads = max(1, (os.cpu_count() or 1) // workers)
    return ProcessPoolExecutor(max_workers=workers, initializer=start_worker, initargs=(threads, os.getpid()))


def iter_pool(pool: ProcessPoolExecutor, queue: Iterator[Path], pending: deque[tuple[Path, Future]], workers: int,
              time_limit_s: float | None, limits: Limits) -> Iterator[DocumentResult]:
    """The results of the files of `queue` over the pool, one in for one out; on a broken pool
    (BrokenProcessPool) `pending` holds the files not yet given back."""
    for path in itertools.islice(queue, AHEAD_PER_WORKER * workers):
        pending.append((path, submit(pool, path, time_limit_s, limits)))
    while pending:
        result = result_of(pending[0][1])
        pending.popleft()
        following = next(queue, None)
        if following is not None:
            pending.append((following, submit(pool, following, time_limit_s, limits)))
        yield result


def submit(pool: ProcessPoolExecutor, path: Path, time_limit_s: float | None, limits: Limits) -> Future:
    """The future of one file's result; on a pool already broken, a future that says so (the file
    stays in the queue of files to read again)."""
    try:
        with held():
            return pool.submit(process_file_in_worker, path, time_limit_s, limits)
    except BrokenProcessPool as exc:
        broken: Future = Future()
        broken.set_exception(exc)
        return broken


def run_alone(path: Path, time_limit_s: float | None, limits: Limits) -> DocumentResult:
    """One file in a pool of its own: its result, or a failed result if it kills its worker."""
    pool = new_pool(1)
    try:
        with held():
            future = pool.submit(process_file_in_worker, path, time_limit_s, limits)
        return result_of(future)
    except BrokenProcessPool:
        return died_result(path, limits)
    finally:
        stop_workers(pool)


# How often a wait for a result looks whether a Ctrl-C came: the latency it adds to an interrupt.
POLL_S = 0.2


def result_of(future: Future) -> DocumentResult:
    """The future's result (or its exception, BrokenProcessPool for a dead worker), waited for in
    short waits under `held()`, with a Ctrl-C raised between them."""
    with held():
        while not future.done():
            wait([future], timeout=POLL_S)
            raise_if_interrupted()
        return future.result()


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
    with held():
        terminate_workers(pool)


def terminate_workers(pool: ProcessPoolExecutor) -> None:
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way before Python 3.14
    result_queue = getattr(pool, "_result_queue", None)  # shutdown() forgets both
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=1)
        if process.is_alive():
            process.kill()
            process.join(timeout=1)
    # A worker ended while sending its result (a large one takes many pipe writes) leaves the pool's
    # manager thread waiting for the rest of the message, and the interpreter joins that thread as
    # it exits: closing this process's own copy of the pipe's writing end, the last one open once
    # the workers are gone, gives the thread an end of file, and it ends.
    writer = getattr(result_queue, "_writer", None)
    if writer is not None and not any(process.is_alive() for process in processes):
        writer.close()
