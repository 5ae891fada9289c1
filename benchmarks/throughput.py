"""Throughput of the pipeline on the corpus's PDF rendition, against two text-extraction baselines.

usage: python benchmarks/throughput.py [--copies N]

Prints, measured in one run on this machine: end-to-end pages/s and documents/s of
`process_file` (every stage) over N copies of corpus/hung-yen-01-NQ-TU-2020.pdf; pdfplumber's
`extract_text` alone (pages closed) and pypdfium2's raw text alone over the same files; the
ratios; and peak resident memory of this process. The copies are byte-identical, so only
reading and parsing are timed (nothing is cached between files by the pipeline).
"""
from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_PDF = ROOT / "corpus" / "hung-yen-01-NQ-TU-2020.pdf"


def pdfplumber_text(paths: list[Path]) -> int:
    import pdfplumber

    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return pages


def pypdfium2_text(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return pages


def pipeline(paths: list[Path]) -> int:
    from extract.pipeline import process_file

    pages = 0
    for path in paths:
        result = process_file(path)
        assert result.status == "ok", result.error
        pages += result.pages or 0
    return pages


def timed(fn, paths):
    started = time.perf_counter()
    pages = fn(paths)
    return pages, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of the sample PDF to process")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(args.copies):
            paths.append(Path(tmp) / f"copy-{i:04d}.pdf")
            shutil.copy(SAMPLE_PDF, paths[-1])
        pipeline(paths[:1])  # warm up: imports, spaCy pipeline, lexicons
        results = {name: timed(fn, paths) for name, fn in
                   (("pipeline end to end", pipeline), ("pdfplumber extract_text", pdfplumber_text),
                    ("pypdfium2 raw text", pypdfium2_text))}
    for name, (pages, seconds) in results.items():
        print(f"{name:24} {pages:6d} pages  {seconds:7.2f} s  {pages / seconds:8.1f} pages/s  "
              f"{args.copies / seconds:7.2f} documents/s")
    end_to_end = results["pipeline end to end"]
    for baseline in ("pdfplumber extract_text", "pypdfium2 raw text"):
        b = results[baseline]
        print(f"end to end / {baseline}: {(end_to_end[0] / end_to_end[1]) / (b[0] / b[1]):.3f}")
    print(f"peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
