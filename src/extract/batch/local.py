"""The local engine: a batch over worker processes of this machine, results in input order."""
from __future__ import annotations

import itertools
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..ingest.ocr import set_ocr_threads
from ..models import DocumentResult
from ..pipeline import peak_rss_mib, process_file


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
    workers = min(jobs, len(files))
    # each worker OCRs its documents' pages over its share of the cores
    threads = max(1, (os.cpu_count() or 1) // workers)
    with ProcessPoolExecutor(max_workers=workers, initializer=set_ocr_threads, initargs=(threads,)) as pool:
        queue = iter(files)
        pending = deque(pool.submit(process_file_in_worker, path, time_limit_s)
                        for path in itertools.islice(queue, AHEAD_PER_WORKER * workers))
        while pending:
            result = pending.popleft().result()
            following = next(queue, None)  # one in, one out
            if following is not None:
                pending.append(pool.submit(process_file_in_worker, following, time_limit_s))
            yield result
