"""Throughput, memory and re-run time of batches of text-layer PDFs, against text-extraction baselines.

usage: python benchmarks/throughput.py [--documents 1000] [--pdfplumber-documents 40] [--long-pages 2000]
                                       [--table-units 34] [--ocr-pages N | --no-ocr] [--keep DIR]

Builds a benchmark corpus from the sample resolution's PDF rendition (corpus/hung-yen-01-NQ-TU-2020.pdf,
8 pages): DOCUMENTS documents of 6 pages (pages 1-6, 2-7 or 3-8 of the sample, each made a distinct
file), one 200-page PDF (the sample 25 times over), a table-heavy PDF (TABLE_UNITS times five
sample pages and the goal-table fixture's ruled table page: a table every six pages, 204 pages)
and a LONG_PAGES-page text PDF (the sample over and over). Then prints, all measured in this run
on this machine, each in a fresh process:

- pypdfium2 raw text extraction of the same files (open, text page, text, close): pages/s;
- pdfplumber extract_text alone (pages closed) on the first PDFPLUMBER_DOCUMENTS files: pages/s;
- the pipeline end to end (every stage and the Parquet files written, as `extract run` does)
  with -j 1 and with -j 2: pages/s, documents/s, and the ratios to both baselines and -j 2 / -j 1;
- peak resident memory per worker after 100 documents, after all of them, and on the 200-page PDF,
  and of the main process (which writes the Parquet files);
- the wall time of `extract run` again on the unchanged 1,000 documents (every row kept);
- the table-heavy PDF: pypdfium2 raw text and the pipeline end to end, their ratio, peak memory;
- the long PDF: pypdfium2 raw text and the pipeline, the pipeline's time per page against its time
  per page on the 6-page documents (-j 1), peak memory;
- OCR of the corpus scans page by page, the pipeline against the `tesseract` CLI on the same page
  images, and the words of the text version each finds (benchmarks/ocr.py; --ocr-pages N: the
  first N pages of each scan).

A process's start-up (imports, the language pipeline) is not timed, except in the re-run, which
is the whole command. The pipeline's CPU time is its main process's and its workers' (files are
read in worker processes, one job included).
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
TABLE_PDF = ROOT / "tests" / "fixtures" / "tables" / "goal-table.pdf"
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


def build_large(folder: Path, table_units: int, long_pages: int) -> tuple[Path, Path]:
    """Write the table-heavy PDF (five sample pages then the goal table's page, `table_units`
    times) and the `long_pages`-page text PDF into folder/large."""
    import pypdfium2 as pdfium

    sample, table = pdfium.PdfDocument(SAMPLE_PDF), pdfium.PdfDocument(TABLE_PDF)
    (folder / "large").mkdir(parents=True)
    tables = pdfium.PdfDocument.new()
    for unit in range(table_units):
        tables.import_pages(sample, [(5 * unit + k) % len(sample) for k in range(5)])
        tables.import_pages(table, [len(table) - 1])
    tables_path = folder / "large" / f"tables-{len(tables)}-pages.pdf"
    tables.save(tables_path)
    long = pdfium.PdfDocument.new()
    for first in range(0, long_pages, len(sample)):
        long.import_pages(sample, list(range(min(len(sample), long_pages - first))))
    long_path = folder / "large" / f"text-{len(long)}-pages.pdf"
    long.save(long_path)
    return tables_path, long_path


# --- what a child process measures ----------------------------------------------------------------

def child_pypdfium2(paths: list[str]) -> dict:
    import pypdfium2 as pdfium

    from extract.pipeline import peak_rss_mib

    started, cpu, pages = time.perf_counter(), time.process_time(), 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu, "pages": pages,
            "documents": len(paths), "worker_peak_mib": peak_rss_mib()}


def child_ocr(paths: list[str], pages: int | None) -> dict:
    sys.path.insert(0, str(Path(__file__).parent))
    from ocr import compare_with_cli  # benchmarks/ocr.py

    return compare_with_cli([Path(p) for p in paths], pages)


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


def all_cpu_seconds() -> float:
    """CPU time of this process and of its finished (waited-for) children: a batch's workers too."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def child_pipeline(paths: list[str], jobs: int, out: str) -> dict:
    from extract.batch import run_batch
    from extract.export import ParquetSink
    from extract.pipeline import peak_rss_mib, process_file

    # start-up outside the timing: the language pipeline, pypdfium2 and the data files loaded by
    # reading the sample once here, and the export's (the schemas, the indicator labels, the
    # pipeline's fingerprint: ~0.03 s) by writing it once; the workers are forked from this
    # process and inherit them
    with tempfile.TemporaryDirectory() as warm, ParquetSink(warm) as sink:
        sink.write(process_file(SAMPLE_PDF))
    started, cpu = time.perf_counter(), all_cpu_seconds()
    with ParquetSink(out) as sink:
        summary = run_batch(paths, on_result=sink.write, jobs=jobs, keep_results=False)
    # CPU: this process's and its workers' (run_batch has stopped and reaped them); with -j 2 both
    # workers' CPU over the pages read, so its CPU ratio is per core, not per second of the run
    seconds, cpu = time.perf_counter() - started, all_cpu_seconds() - cpu
    assert not summary.failed, [r.error for r in summary.failed]
    return {"seconds": seconds, "cpu_seconds": cpu, "pages": summary.pages, "documents": summary.n_ok,
            "worker_peak_mib": summary.peak_worker_rss_mib, "main_peak_mib": peak_rss_mib(),
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
    measure = {"pypdfium2": child_pypdfium2, "pdfplumber": child_pdfplumber, "pipeline": child_pipeline,
               "ocr": child_ocr}[kind]
    print(json.dumps(measure(paths, **request)))


# --- the report ------------------------------------------------------------------------------------

def rate(m: dict) -> float:
    return m["pages"] / m["seconds"]


def cpu_ratio(pipeline: dict, raw: dict) -> float:
    """The pipeline's pages per CPU second over the baseline's (steadier than wall time on a busy machine)."""
    return (pipeline["pages"] / pipeline["cpu_seconds"]) / (raw["pages"] / raw["cpu_seconds"])


def line(name: str, m: dict) -> str:
    return (f"{name:34} {m['documents']:5d} docs {m['pages']:6d} pages {m['seconds']:7.2f} s "
            f"{rate(m):8.1f} pages/s {m['documents'] / m['seconds']:7.2f} docs/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000, help="6-page documents in the benchmark corpus")
    parser.add_argument("--pdfplumber-documents", type=int, default=40,
                        help="documents the (slow) pdfplumber baseline reads")
    parser.add_argument("--long-pages", type=int, default=2000, help="pages of the long text PDF")
    parser.add_argument("--table-units", type=int, default=34, help="six-page units (one a table page) of the table PDF")
    parser.add_argument("--ocr-pages", type=int, help="OCR only the first N pages of each corpus scan")
    parser.add_argument("--no-ocr", action="store_true", help="leave out the OCR comparison")
    parser.add_argument("--keep", type=Path, help="build the corpus and outputs in this folder and keep them")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child_main()

    with tempfile.TemporaryDirectory(prefix="extract-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        paths, long_path = build_corpus(work / "corpus", args.documents)
        tables_path, text_path = build_large(work / "corpus", args.table_units, args.long_pages)
        print(f"benchmark corpus: {len(paths)} documents of {PAGES_PER_DOCUMENT} pages from {SAMPLE_PDF.name}, "
              f"a 200-page PDF, {tables_path.name} and {text_path.name}; in {work}")
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
        large = {name: (in_child("pypdfium2", [path]), in_child("pipeline", [path], jobs=1, out=str(work / f"out-{name}")))
                 for name, path in (("tables", tables_path), ("text", text_path))}
        scans = sorted((ROOT / "corpus").glob("*-scan*.pdf"))
        ocr = None if args.no_ocr else in_child("ocr", scans, pages=args.ocr_pages)

    print(line("pypdfium2 raw text", raw))
    print(line(f"pdfplumber extract_text (first {args.pdfplumber_documents})", plumber))
    print(line("pipeline end to end, -j 1", one))
    print(line("pipeline end to end, -j 2", two))
    print(line("pipeline, the 200-page PDF", long))
    print(f"end to end (-j 1) / pypdfium2 raw text:      {rate(one) / rate(raw):.3f} "
          f"(CPU time: {cpu_ratio(one, raw):.3f})")
    print(f"end to end (-j 1) / pdfplumber extract_text: {rate(one) / rate(plumber):.1f}")
    print(f"-j 2 / -j 1:                                 {rate(two) / rate(one):.2f}")
    print(f"peak memory per worker: {hundred['worker_peak_mib']:.0f} MiB after 100 documents, "
          f"{one['worker_peak_mib']:.0f} MiB after {len(paths)} (-j 1), {two['worker_peak_mib']:.0f} MiB (-j 2), "
          f"{long['worker_peak_mib']:.0f} MiB on the 200-page PDF; the main process (results to Parquet) "
          f"{one['main_peak_mib']:.0f} MiB (-j 1)")
    kept = "every row kept" if "unchanged since the last run" in again.stdout else f"NOT kept: {again.stdout[-300:]}"
    print(f"unchanged re-run of {len(paths)} documents (`extract run`, whole command): {rerun:.2f} s ({kept})")
    print(f"rows: {one['targets']} targets and results (-j 1), {two['targets']} (-j 2)")
    print_large(large, one)
    if ocr:
        sys.path.insert(0, str(Path(__file__).parent))
        from ocr import report  # benchmarks/ocr.py

        print("\n".join(report(ocr)))


def print_large(large: dict, six_pages: dict) -> None:
    """The table-heavy and the long PDF's figures."""
    for name, (raw, pipeline) in large.items():
        print(line(f"pypdfium2 raw text, {name} PDF", raw))
        print(line(f"pipeline end to end, {name} PDF", pipeline))
    raw, pipeline = large["tables"]
    print(f"table-heavy PDF ({pipeline['pages']} pages): end to end / pypdfium2 raw text {rate(pipeline) / rate(raw):.3f} "
          f"(CPU time: {cpu_ratio(pipeline, raw):.3f}), "
          f"peak memory {pipeline['worker_peak_mib']:.0f} MiB (pypdfium2 alone {raw['worker_peak_mib']:.0f} MiB)")
    raw, pipeline = large["text"]
    per_page, six = pipeline["seconds"] / pipeline["pages"], six_pages["seconds"] / six_pages["pages"]
    cpu_page, cpu_six = pipeline["cpu_seconds"] / pipeline["pages"], six_pages["cpu_seconds"] / six_pages["pages"]
    print(f"long PDF ({pipeline['pages']} pages): end to end / pypdfium2 raw text {rate(pipeline) / rate(raw):.3f}; "
          f"{1000 * per_page:.1f} ms a page against {1000 * six:.1f} ms on the 6-page documents "
          f"({per_page / six:.2f} x; CPU time {1000 * cpu_page:.1f} against {1000 * cpu_six:.1f} ms, "
          f"{cpu_page / cpu_six:.2f} x); peak memory {pipeline['worker_peak_mib']:.0f} MiB in the worker, "
          f"{pipeline['main_peak_mib']:.0f} MiB in the main process (pypdfium2 alone {raw['worker_peak_mib']:.0f} MiB)")


if __name__ == "__main__":
    main()
