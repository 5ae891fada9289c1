"""The text path with and without the readers of issue 16 (text tables, annexes, document parts),
timed in one process, so the figures share the machine's state.

usage: python benchmarks/text_tables.py [--rounds 7]

Input: every text document of the corpus (corpus/*.txt: prose, pipe and one-cell-per-line tables,
annexes), read as bytes once. Each round processes all of them through the whole pipeline
(extract.pipeline.process_bytes), once with the readers and once without them (the three entry
points replaced by no-ops: `with_text_tables` returns the document as it is, `find_annexes` finds
none, `document_parts` gives the file as one document), the order alternating from round to round;
a first untimed pass warms the caches (spaCy, the lexicon, patterns). Printed: the median time per
round of each, their ratio, and the readers' own time (the three calls' time inside the "with"
rounds, measured around each call).
"""
from __future__ import annotations

import argparse
import statistics
import time
from contextlib import contextmanager
from pathlib import Path

import extract.pipeline as pipeline
import extract.segment as segment_stage

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def without_readers():
    """The pipeline with the three readers replaced by no-ops."""
    saved = (segment_stage.with_text_tables, segment_stage.find_annexes, pipeline.document_parts)
    segment_stage.with_text_tables = lambda norm: norm
    segment_stage.find_annexes = lambda text, paragraphs, end: []
    pipeline.document_parts = lambda norm: [norm]
    try:
        yield
    finally:
        segment_stage.with_text_tables, segment_stage.find_annexes, pipeline.document_parts = saved


def run_all(files: list[tuple[str, bytes]]) -> float:
    started = time.perf_counter()
    for name, data in files:
        result = pipeline.process_bytes(data, name)
        assert result.status == "ok", (name, result.error)
    return time.perf_counter() - started


@contextmanager
def timed_readers(spent: list[float]):
    """The pipeline with the three readers timed: each call's time added to spent[0]."""
    saved = (segment_stage.with_text_tables, segment_stage.find_annexes, pipeline.document_parts)

    def timed(function):
        def call(*args):
            started = time.perf_counter()
            try:
                return function(*args)
            finally:
                spent[0] += time.perf_counter() - started
        return call

    segment_stage.with_text_tables, segment_stage.find_annexes, pipeline.document_parts = map(timed, saved)
    try:
        yield
    finally:
        segment_stage.with_text_tables, segment_stage.find_annexes, pipeline.document_parts = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    files = [(str(p), p.read_bytes()) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    chars = sum(len(data) for _, data in files)
    run_all(files)  # warm-up
    with without_readers():
        run_all(files)
    with_times, without_times, alone = [], [], []
    for k in range(args.rounds):
        order = (True, False) if k % 2 == 0 else (False, True)
        for readers in order:
            if readers:
                spent = [0.0]
                with timed_readers(spent):
                    with_times.append(run_all(files))
                alone.append(spent[0])
            else:
                with without_readers():
                    without_times.append(run_all(files))
    w, wo, readers = statistics.median(with_times), statistics.median(without_times), statistics.median(alone)
    spread = (max(without_times) - min(without_times)) / wo
    print(f"text path, {len(files)} corpus texts ({chars / 1e3:.0f} kB), median of {args.rounds} rounds: "
          f"with the text-table, annex and part readers {w * 1e3:.0f} ms, without {wo * 1e3:.0f} ms, "
          f"ratio {w / wo:.3f} (round-to-round spread without: {spread:.1%}); the readers alone "
          f"{readers * 1e3:.1f} ms ({readers / w:.1%} of the path)")


if __name__ == "__main__":
    main()
