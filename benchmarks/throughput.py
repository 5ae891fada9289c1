"""Throughput, memory and re-run time of batches of text-layer PDFs, against text-extraction baselines.

usage: python benchmarks/throughput.py [--documents 1000] [--pdfplumber-documents 40] [--keep DIR]

Builds a benchmark corpus from the sample resolution's PDF rendition (corpus/hung-yen-01-NQ-TU-2020.pdf,
8 pages): DOCUMENTS documents of 6 pages (pages 1-6, 2-7 or 3-8 of the sample, each made a distinct
file) and one 200-page PDF (the sample 25 times over). Then prints, all measured in this run on
this machine, each in a fresh process:

- pypdfium2 raw text extraction of the same files (open, text page, text, close): pages/s;
- pdfplumber extract_text alone (pages closed) on the first PDFPLUMBER_DOCUMENTS files: pages/s;
- the pipeline end to end (every stage and the Parquet files written, as `extract run` does)
  with -j 1 and with -j 2: pages/s, documents/s, and the ratios to both baselines and -j 2 / -j 1;
- peak resident memory per worker after 100 documents, after all of them, and on the 200-page PDF;
- the wall time of `extract run` again on the unchanged 1,000 documents (every row kept).

A process's start-up (imports, the language pipeline) is not timed, except in the re-run, which
is the whole command.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PDF = ROOT / "corpus" / "hung-yen-01-NQ-TU-2020.pdf"
PAGES_PER_DOCUMENT = 6


def build_corpus(folder: Path, documents: int) -> tuple[list[Path], Path]:
    """Write the benchmark documents into folder/docs and the 200-page PDF into folder/long."""
    import pypdfium2 as pdfium

    sample = pdfium.PdfDocument(SAMPLE_PDF)
    windows = []
    for first in range(len(sample) - PAGES_PER_DOCUMENT + 1):
        part = pdfium.PdfDocument.new()
        part.import_pages(sample, list(range(first, first + PAGES_PER_DOCUMENT)))
        out = tempfile.SpooledTemporaryFile()
        part.save(out)
        out.seek(0)
        windows.append(out.read())
    (folder / "docs").mkdir(parents=True)
    paths = []
    for i in range(documents):
        path = folder / "docs" / f"doc-{i:05d}.pdf"
        # a comment after the end of the file makes each copy a file of its own (hash, doc_id)
        path.write_bytes(windows[i % len(windows)] + f"\n% benchmark copy {i}\n".encode())
        paths.append(path)
    long = pdfium.PdfDocument.new()
    for _ in range(200 // len(sample)):
        long.import_pages(sample)
    (folder / "long").mkdir()
    long_path = folder / "long" / "long-200-pages.pdf"
    long.save(long_path)
    return paths, long_path


# --- what a child process measures ----------------------------------------------------------------

def child_pypdfium2(paths: list[str]) -> dict:
    import pypdfium2 as pdfium

    started, pages = time.perf_counter(), 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return {"seconds": time.perf_counter() - started, "pages": pages, "documents": len(paths)}


def child_pdfplumber(paths: list[str]) -> dict:
    import pdfplumber

    started, pages = time.perf_counter(), 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return {"seconds": time.perf_counter() - started, "pages": pages, "documents": len(paths)}


def child_pipeline(paths: list[str], jobs: int, out: str) -> dict:
    from extract.batch import run_batch
    from extract.export import ParquetSink
    from extract.pipeline import peak_rss_mib, process_text

    process_text("Thu ngân sách đạt 5 tỷ đồng.")  # the language pipeline loaded outside the timing
    started = time.perf_counter()
    with ParquetSink(out) as sink:
        summary = run_batch(paths, on_result=sink.write, jobs=jobs, keep_results=False)
    seconds = time.perf_counter() - started
    assert not summary.failed, [r.error for r in summary.failed]
    return {"seconds": seconds, "pages": summary.pages, "documents": summary.n_ok,
            "worker_peak_mib": summary.peak_worker_rss_mib if jobs > 1 else peak_rss_mib(),
            "targets": summary.n_targets + summary.n_actuals}


def in_child(kind: str, paths: list[Path], **options) -> dict:
    """Run one measurement in a fresh Python process; return what it measured."""
    request = json.dumps({"kind": kind, "paths": [str(p) for p in paths], **options})
    done = subprocess.run([sys.executable, __file__, "--child"], input=request, capture_output=True, text=True,
                          check=False)
    if done.returncode:
        raise SystemExit(f"the {kind} measurement failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child_main() -> None:
    request = json.loads(sys.stdin.read())
    kind, paths = request.pop("kind"), request.pop("paths")
    measure = {"pypdfium2": child_pypdfium2, "pdfplumber": child_pdfplumber, "pipeline": child_pipeline}[kind]
    print(json.dumps(measure(paths, **request)))


# --- the report ------------------------------------------------------------------------------------

def rate(m: dict) -> float:
    return m["pages"] / m["seconds"]


def line(name: str, m: dict) -> str:
    return (f"{name:34} {m['documents']:5d} docs {m['pages']:6d} pages {m['seconds']:7.2f} s "
            f"{rate(m):8.1f} pages/s {m['documents'] / m['seconds']:7.2f} docs/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000, help="6-page documents in the benchmark corpus")
    parser.add_argument("--pdfplumber-documents", type=int, default=40,
                        help="documents the (slow) pdfplumber baseline reads")
    parser.add_argument("--keep", type=Path, help="build the corpus and outputs in this folder and keep them")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_main()

    with tempfile.TemporaryDirectory(prefix="extract-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        paths, long_path = build_corpus(work / "corpus", args.documents)
        print(f"benchmark corpus: {len(paths)} documents of {PAGES_PER_DOCUMENT} pages from {SAMPLE_PDF.name}, "
              f"and a 200-page PDF; in {work}")
        raw = in_child("pypdfium2", paths)
        plumber = in_child("pdfplumber", paths[:args.pdfplumber_documents])
        one = in_child("pipeline", paths, jobs=1, out=str(work / "out-j1"))
        two = in_child("pipeline", paths, jobs=2, out=str(work / "out-j2"))
        hundred = in_child("pipeline", paths[:100], jobs=1, out=str(work / "out-100"))
        long = in_child("pipeline", [long_path], jobs=1, out=str(work / "out-long"))
        started = time.perf_counter()
        again = subprocess.run([str(Path(sys.executable).with_name("extract")), "run", str(work / "corpus" / "docs"),
                                "--out", str(work / "out-j2"), "-q"], capture_output=True, text=True)
        rerun = time.perf_counter() - started

    print(line("pypdfium2 raw text", raw))
    print(line(f"pdfplumber extract_text (first {args.pdfplumber_documents})", plumber))
    print(line("pipeline end to end, -j 1", one))
    print(line("pipeline end to end, -j 2", two))
    print(line("pipeline, the 200-page PDF", long))
    print(f"end to end (-j 1) / pypdfium2 raw text:      {rate(one) / rate(raw):.3f}")
    print(f"end to end (-j 1) / pdfplumber extract_text: {rate(one) / rate(plumber):.1f}")
    print(f"-j 2 / -j 1:                                 {rate(two) / rate(one):.2f}")
    print(f"peak memory per worker: {hundred['worker_peak_mib']:.0f} MiB after 100 documents, "
          f"{one['worker_peak_mib']:.0f} MiB after {len(paths)} (-j 1), {two['worker_peak_mib']:.0f} MiB (-j 2), "
          f"{long['worker_peak_mib']:.0f} MiB on the 200-page PDF")
    kept = "every row kept" if "unchanged since the last run" in again.stdout else f"NOT kept: {again.stdout[-300:]}"
    print(f"unchanged re-run of {len(paths)} documents (`extract run`, whole command): {rerun:.2f} s ({kept})")
    print(f"rows: {one['targets']} targets and results (-j 1), {two['targets']} (-j 2)")


if __name__ == "__main__":
    main()
