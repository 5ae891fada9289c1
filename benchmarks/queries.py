"""`extract search` and `extract compare` on a dataset of 5,000 documents, timed as whole commands.

usage: python benchmarks/queries.py [--documents 5000] [--repeat 5] [--keep DIR]

Builds the dataset: the corpus documents with a text layer (text and DOCX; no scans or Word 97
files) read once by the pipeline, then replicated with the project's own writer
(extract.export.ParquetSink) into DOCUMENTS documents, each copy with a new doc_id, a province of the
gazetteer (extract.segment.provinces, 63 + 34 names) and its years (document date, plan year, every
figure's year) shifted, so provinces hold several consecutive years of targets and results.

Then times, each in a fresh process (subprocess, the median of REPEAT runs, wall clock):
- baselines: `extract --help` (the command line's start-up: Python, Typer and the package's imports)
  and a bare `python -c` that reads targets.parquet's columns with pyarrow;
- `extract search` the first time (the search index is built) and again (index reused), with and
  without filters;
- `extract compare` for one province and indicator, for one province, for everything, and with --chart;
and, in this process after one warm-up call, the library calls alone (`search`, `compare`), which is
the command's time less its start-up.
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import datetime as dt
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
EXTRACT = str(Path(sys.executable).with_name("extract"))
PROVINCE = "Hà Tĩnh"  # the first province given (benchmark_provinces), so it holds documents at any size


def template_results() -> list:
    """The corpus documents with a text layer, read by the pipeline once."""
    from extract.pipeline import process_file

    paths = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx"))
    results = [process_file(p) for p in paths]
    return [r for r in results if r.status == "ok"]


def shift_date(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    return day.replace(year=day.year + years, day=min(day.day, 28))


def replicate(result, i: int, province: str, years: int):
    """A copy of one document's result as document number i of `province`, its years moved by `years`."""
    doc_id = f"bench{i:06d}"
    meta = dataclasses.replace(result.meta, province=province, province_2025=None,
                               doc_date=shift_date(result.meta.doc_date, years),
                               plan_year=result.meta.plan_year + years if result.meta.plan_year else None)
    targets = [dataclasses.replace(t, doc_id=doc_id, year=t.year + years if t.year else None) for t in result.targets]
    findings = [dataclasses.replace(f, doc_id=doc_id) for f in result.findings]
    copied = copy.copy(result)
    copied.doc_id, copied.sha256, copied.meta = doc_id, f"{i:064x}", meta
    copied.source_path = f"bench/{province}/{years:+d}/{Path(result.source_path).name}"
    copied.targets, copied.findings = targets, findings
    return copied


def benchmark_provinces() -> list[str]:
    """The provinces the copies are given, in the order they are given (PROVINCE first)."""
    from extract.segment.provinces import province_names

    return [PROVINCE] + sorted({name for _, name in province_names()} - {PROVINCE})


def build_dataset(out: Path, documents: int) -> tuple[int, float]:
    """Write the benchmark dataset into `out`; return its number of figures and the seconds it took."""
    from extract.export import ParquetSink

    started = time.perf_counter()
    templates = template_results()
    provinces = benchmark_provinces()
    figures = 0
    with ParquetSink(out) as sink:
        for i in range(documents):
            template = templates[i % len(templates)]
            province = provinces[(i // len(templates)) % len(provinces)]
            years = (i // (len(templates) * len(provinces))) * 2 - 2  # -2, 0, 2, 4, ...: targets meet results
            copied = replicate(template, i, province, years)
            figures += len(copied.targets)
            sink.write(copied)
    return figures, time.perf_counter() - started


def timed(command: list[str], repeat: int) -> tuple[float, str]:
    """Median wall seconds of a command run `repeat` times in fresh processes, and its last output."""
    times, output = [], ""
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.strip()}")
        output = done.stdout
    return statistics.median(times), output


def in_process(out: Path, repeat: int) -> dict[str, float]:
    """The library calls alone, after one warm-up call each: median seconds."""
    from extract.dataset.compare import CompareFilters, compare
    from extract.dataset.search import SearchFilters, search

    calls = {
        "search('thu ngan sach')": lambda: search(out, "thu ngan sach"),
        "search('ty le ho ngheo', province)": lambda: search(out, "ty le ho ngheo", SearchFilters(province=PROVINCE)),
        "compare(province, indicator)": lambda: compare(out, CompareFilters(province=PROVINCE, indicator="budget_revenue")),
        "compare(province)": lambda: compare(out, CompareFilters(province=PROVINCE)),
        "compare() everything": lambda: compare(out),
    }
    medians = {}
    for name, call in calls.items():
        call()
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        medians[name] = statistics.median(times)
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="Build the dataset here and keep it (default: a temporary folder).")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="queries-"))
    out = folder / "dataset"
    try:
        figures, seconds = build_dataset(out, args.documents)
        print(f"dataset: {args.documents} documents, {figures} figures, built in {seconds:.1f} s "
              f"({sum(p.stat().st_size for p in out.glob('*.parquet')) / 2**20:.1f} MiB of Parquet) in {out}")
        run_commands(out, folder, args.repeat)
        for name, median in in_process(out, args.repeat).items():
            print(f"in process  {name:<44} {median * 1000:8.1f} ms")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


def run_commands(out: Path, folder: Path, repeat: int) -> None:
    """Time the whole commands against the start-up baselines and print one line each."""
    o = ["--out", str(out)]
    read = ("import pyarrow.parquet as pq; "
            f"print(pq.read_table({str(out / 'targets.parquet')!r}, columns=['doc_id','indicator','value']).num_rows)")
    (out / ".search-index.sqlite").unlink(missing_ok=True)
    rows = [
        ("baseline: extract --help (start-up)", [EXTRACT, "--help"], repeat),
        ("baseline: python -c pyarrow read of targets.parquet", [sys.executable, "-c", read], repeat),
        ("extract search 'thu ngan sach' (first: builds the index)", [EXTRACT, "search", "thu ngan sach", *o], 1),
        ("extract search 'thu ngan sach'", [EXTRACT, "search", "thu ngan sach", *o], repeat),
        ("extract search 'THU NGÂN SÁCH' --format json --limit 100",
         [EXTRACT, "search", "THU NGÂN SÁCH", *o, "--format", "json", "--limit", "100"], repeat),
        (f"extract search 'ty le ho ngheo' --province {PROVINCE!r} --kind target",
         [EXTRACT, "search", "ty le ho ngheo", *o, "--province", PROVINCE, "--kind", "target"], repeat),
        (f"extract compare --province {PROVINCE!r} --indicator budget_revenue",
         [EXTRACT, "compare", *o, "--province", PROVINCE, "--indicator", "budget_revenue"], repeat),
        (f"extract compare --province {PROVINCE!r} --format json",
         [EXTRACT, "compare", *o, "--province", PROVINCE, "--format", "json"], repeat),
        ("extract compare --format json (every row)", [EXTRACT, "compare", *o, "--format", "json"], repeat),
        ("extract compare ... --chart chart.png",
         [EXTRACT, "compare", *o, "--province", PROVINCE, "--indicator", "grdp", "--chart", str(folder / "chart.png")],
         repeat),
    ]
    baseline = None
    for label, command, n in rows:
        median, output = timed(command, n)
        baseline = median if baseline is None else baseline
        lines = len(output.splitlines())
        print(f"{label:<66} {median:6.2f} s  ({median - baseline:+.2f} s over start-up; {lines} lines out)")


if __name__ == "__main__":
    main()
