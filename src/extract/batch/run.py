"""A batch over files and folders that never stops on one bad file, on the local or the Dask engine."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from ..ingest.limits import DEFAULT_LIMITS, Limits
from ..models import DocumentResult
from .dask import iter_dask
from .inputs import iter_inputs
from .local import iter_local
from .summary import BatchSummary

ENGINES = ("local", "dask")


def run_batch(paths: Iterable[str | Path], on_result: Callable[[DocumentResult], None] | None = None,
              jobs: int = 1, time_limit_s: float | None = None, keep_results: bool = True,
              engine: str = "local", scheduler: str | None = None, limits: Limits = DEFAULT_LIMITS,
              in_process: bool = False) -> BatchSummary:
    """Given files and folders, process every file and return the batch's summary; `on_result` is
    called with each result in input order as it is ready (to stream it to disk). With
    `keep_results=False` the summary keeps only the failed results, so memory does not grow with
    the batch. `engine="local"` runs over `jobs` processes of this machine, `engine="dask"` on the
    Dask cluster whose scheduler is at `scheduler` (a local cluster when None). Files are read in
    worker processes, one job included, so a crash in a C library costs only its file;
    `in_process=True` reads them in this process (to profile or debug)."""
    started = time.perf_counter()
    summary = BatchSummary()
    files = list(iter_inputs(paths))
    if engine == "local":
        results = iter_local(files, jobs, time_limit_s, limits, in_process)
    elif engine == "dask":
        results = iter_dask(files, scheduler, time_limit_s, workers=jobs, limits=limits)
    else:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    try:
        for result in results:
            summary.add(result, keep_results)
            if on_result:
                on_result(result)
    finally:  # on an interrupt too: the engine's workers are stopped now, not when the generator is collected
        close = getattr(results, "close", None)
        if close:
            close()
    summary.seconds = time.perf_counter() - started
    return summary
