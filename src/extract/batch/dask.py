"""The Dask engine: the per-file work of a batch on a Dask distributed cluster.

`extract run --engine dask --scheduler tcp://HOST:8786` sends each file's bytes to the cluster,
where a worker runs every stage on them (`process_bytes`, as a local worker does), and gets the
results back in input order, so the outputs are the local engine's. Workers need this package
installed (the same version: `documents.pipeline_version` records it), not access to the files.
Without a scheduler address, a local cluster of one single-threaded worker process per core is
started for the run.

A file's time limit is kept by the client: it waits that long for each result once the results
before it are in, then records the file as failed and cancels its task. Dask cannot stop a task
that is already running, so such a task keeps its worker's thread until it ends.
"""
from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from ..errors import SetupError
from ..ingest.limits import DEFAULT_LIMITS, Limits
from ..models import DocumentResult
from ..pipeline import doc_id_for, peak_rss_mib, process_bytes, read_input, time_limit_message
from ..text.display import path_text
from .local import AHEAD_PER_WORKER

INSTALL_HINT = "pip install 'vn-resolution-extract[dask]' (or pip install 'dask[distributed]')"


def process_bytes_on_worker(data: bytes, source_path: str, limits: Limits = DEFAULT_LIMITS) -> DocumentResult:
    result = process_bytes(data, source_path, limits=limits)
    result.peak_rss_mib = peak_rss_mib()
    return result


def connect(scheduler: str | None, workers: int | None = None):
    """A Dask client of the scheduler at `scheduler`, or of a local cluster started for the run."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise SetupError(f"the Dask engine needs the distributed package; install it with {INSTALL_HINT}") from exc
    if scheduler is None:
        quiet_leak_warning()
        with sigint_ignored():  # the workers start with it ignored and keep it so: a Ctrl-C is the client's
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.CRITICAL)
        return Client(cluster)
    try:
        return Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise SetupError(f"no Dask scheduler answers at {scheduler} ({exc}); start one with "
                         "`dask scheduler` and workers with `dask worker ADDRESS`, or leave --scheduler out "
                         "for a local cluster") from exc


LEAK_WARNING = "ignore:resource_tracker:UserWarning"


def quiet_leak_warning() -> None:
    """A run ended at once by a second Ctrl-C leaves the local cluster's semaphores to
    multiprocessing's resource tracker, a process of its own that outlives the run, removes them
    and warns about each "leaked" one on standard error after the run's last line. The tracker
    is started with this interpreter's -W options, so this one silences that warning there."""
    if LEAK_WARNING not in sys.warnoptions:
        sys.warnoptions.append(LEAK_WARNING)


@contextlib.contextmanager
def sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while the local cluster's processes start: an ignored signal stays ignored in
    a started program (Python and asyncio then install no handler of their own), so a Ctrl-C at the
    terminal, which reaches the whole process group, is left to the client, which stops the run
    with one line, instead of every worker printing its own traceback. A Ctrl-C in these seconds is
    lost."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def iter_dask(files: list[Path], scheduler: str | None, time_limit_s: float | None,
              workers: int | None = None, limits: Limits = DEFAULT_LIMITS) -> Iterator[DocumentResult]:
    """The results of `files` in input order, computed on a Dask cluster."""
    client = connect(scheduler, workers)
    try:
        ahead = AHEAD_PER_WORKER * max(1, sum(client.nthreads().values()))
        queue = iter(files)
        pending: deque = deque()  # (path, content hash, future), or a result already known

        def submit_next() -> bool:
            path = next(queue, None)
            if path is None:
                return False
            data = read_input(path, limits)
            if isinstance(data, DocumentResult):  # unreadable here: failed without the cluster
                pending.append(data)
            else:
                future = client.submit(process_bytes_on_worker, data, path_text(path), limits, pure=False)
                pending.append((path, hashlib.sha256(data).hexdigest(), future))
            return True

        while len(pending) < ahead and submit_next():
            pass
        while pending:
            head = pending.popleft()
            if isinstance(head, DocumentResult):
                yield head
            else:
                path, sha, future = head
                yield result_of(path, sha, future, time_limit_s)
            submit_next()
    finally:
        cluster = client.cluster
        client.close()
        if scheduler is None and cluster is not None:
            cluster.close()


def result_of(path: Path, sha: str, future, time_limit_s: float | None) -> DocumentResult:
    """A task's result, or a failed result when it is not in after the time limit."""
    from distributed import TimeoutError as DaskTimeout

    try:
        return future.result(timeout=time_limit_s)
    except (DaskTimeout, TimeoutError):
        future.cancel()
        return DocumentResult(doc_id=doc_id_for(sha), source_path=path_text(path), format=None, sha256=sha, pages=None,
                              status="failed", error=time_limit_message(time_limit_s))
