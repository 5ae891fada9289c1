"""OCR throughput: scanned pages read per second with one and with several Tesseract processes.

usage: python benchmarks/ocr.py [--threads N] [--scan corpus/NAME.pdf]

Reads every page of the scan (default: corpus/hung-yen-01-NQ-TU-2020-scan.pdf, 8 pages) by OCR
once with one page at a time, then with N pages at a time (default: the machine's cores), each
Tesseract held to one thread, and prints pages/s for both and the speed-up. The in-process OCR
cache is cleared before each pass, so both passes really OCR every page.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(data: bytes, pages: list[int], threads: int) -> float:
    from extract.ingest import ocr

    ocr._CACHE.clear()
    started = time.perf_counter()
    results = ocr.ocr_pages(data, pages, threads=threads)
    elapsed = time.perf_counter() - started
    assert all(r.lines for r in results.values()), "a page gave no text"
    return len(pages) / elapsed


def main() -> None:
    from extract.ingest import ocr

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--scan", type=Path, default=ROOT / "corpus" / "hung-yen-01-NQ-TU-2020-scan.pdf")
    args = parser.parse_args()
    problem = ocr.tesseract_status()
    if problem:
        raise SystemExit(f"benchmarks/ocr.py: {problem}")
    import pypdfium2 as pdfium

    data = args.scan.read_bytes()
    count = len(pdfium.PdfDocument(data))
    pages = list(range(count))
    print(f"OCR of {args.scan.name}: {count} pages at {ocr.DPI} dpi, Tesseract {ocr.LANGUAGE}, {os.cpu_count()} cores")
    one = measure(data, pages, 1)
    print(f"  1 page at a time:   {one:6.2f} pages/s")
    many = measure(data, pages, args.threads)
    print(f"  {args.threads} pages at a time:   {many:6.2f} pages/s")
    print(f"  speed-up:           {many / one:6.2f} x")


if __name__ == "__main__":
    main()
