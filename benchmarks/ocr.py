"""OCR cost and word recall against the Tesseract CLI on the same page images, and pages/s with one
and with several Tesseract processes.

usage: python benchmarks/ocr.py [--pages N] [--threads N] [--scan corpus/NAME.pdf ...]

For every page of the scans (default: the corpus scans; --pages N: the first N pages of each),
measured in this run, one page at a time:

- the baseline: `tesseract PAGE.png stdout -l vie` (plain text, OMP_THREAD_LIMIT=1) on the page
  rendered as the pipeline renders it (written to a PNG file beforehand, not timed);
- the pipeline's OCR of the same page (`extract.ingest.ocr.ocr_pages`: render, level (despeckled
  where turned), ruled tables, Tesseract's hOCR, lines), its in-process cache cleared;

each as wall time and as CPU time (this process's and its children's: steadier on a shared
machine), and each one's word recall: the share of the words of the scan's text version (the
.txt of the same document, where the corpus has one) that it read, counted as multisets. Then,
with --threads, pages/s of the pipeline's OCR one page at a time and N pages at a time.
"""
from __future__ import annotations

import argparse
import collections
import os
import resource
import subprocess
import tempfile
import time
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
WORD = regex.compile(r"[\p{L}\p{N}]+")


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def truth_words(scan: Path) -> collections.Counter | None:
    """The words of the scan's text version (NAME.txt beside NAME-scan*.pdf), None if there is none."""
    text = CORPUS / (scan.stem.split("-scan")[0] + ".txt")
    return collections.Counter(WORD.findall(text.read_text(encoding="utf-8").lower())) if text.exists() else None


def found(truth: collections.Counter, words: list[str]) -> int:
    """How many of the truth's words (a multiset) the words hold."""
    got = collections.Counter(w.lower() for w in words)
    return sum(min(n, got[w]) for w, n in truth.items())


def compare_with_cli(scans: list[Path], pages: int | None = None) -> dict:
    """Per-page OCR of the scans by the Tesseract CLI and by the pipeline: totals of wall and CPU
    seconds, words found of the text versions, pages."""
    import pypdfium2 as pdfium

    from extract.ingest import ocr

    totals = collections.Counter()
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        for scan in scans:
            data, truth = scan.read_bytes(), truth_words(scan)
            pdf = pdfium.PdfDocument(data)
            indexes = list(range(len(pdf)))[:pages]
            cli_words: list[str] = []
            pipeline_words: list[str] = []
            for i in indexes:
                image = Path(tmp) / f"{scan.stem}-{i}.png"
                page = pdf[i]
                page.render(scale=ocr.DPI / 72, grayscale=True).to_pil().save(image)
                page.close()
                wall, cpu = time.perf_counter(), cpu_seconds()
                done = subprocess.run(["tesseract", str(image), "stdout", "-l", ocr.LANGUAGE], capture_output=True,
                                      env=env, check=True)
                totals["cli_wall"] += time.perf_counter() - wall
                totals["cli_cpu"] += cpu_seconds() - cpu
                cli_words += WORD.findall(done.stdout.decode("utf-8"))
                ocr._CACHE.clear()
                wall, cpu = time.perf_counter(), cpu_seconds()
                read = ocr.ocr_pages(data, [i], threads=1)[i]
                totals["pipeline_wall"] += time.perf_counter() - wall
                totals["pipeline_cpu"] += cpu_seconds() - cpu
                pipeline_words += [w for line in read.lines for w in WORD.findall(line["text"])]
                totals["pages"] += 1
            pdf.close()
            if truth is not None:
                totals["truth_words"] += sum(truth.values()) if pages is None else 0
                totals["cli_found"] += found(truth, cli_words)
                totals["pipeline_found"] += found(truth, pipeline_words)
    return dict(totals)


def pages_per_second(data: bytes, pages: list[int], threads: int) -> float:
    from extract.ingest import ocr

    ocr._CACHE.clear()
    started = time.perf_counter()
    results = ocr.ocr_pages(data, pages, threads=threads)
    elapsed = time.perf_counter() - started
    assert all(r.lines for r in results.values()), "a page gave no text"
    return len(pages) / elapsed


def report(m: dict) -> list[str]:
    """The comparison's lines: per page, ratios, recall."""
    n = m["pages"]
    lines = [f"OCR per page, {n} pages: Tesseract CLI {m['cli_wall'] / n:.2f} s wall, {m['cli_cpu'] / n:.2f} s CPU; "
             f"pipeline {m['pipeline_wall'] / n:.2f} s wall, {m['pipeline_cpu'] / n:.2f} s CPU",
             f"OCR pipeline / Tesseract CLI: {m['pipeline_wall'] / m['cli_wall']:.2f} (wall), "
             f"{m['pipeline_cpu'] / m['cli_cpu']:.2f} (CPU)"]
    if m.get("cli_found"):
        total = f" of {m['truth_words']}" if m.get("truth_words") else ""
        lines.append(f"OCR words found of the text versions: CLI {m['cli_found']}{total}, "
                     f"pipeline {m['pipeline_found']}{total}")
    return lines


def main() -> None:
    from extract.ingest import ocr

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, help="the first N pages of each scan only")
    parser.add_argument("--threads", type=int, default=0, help="also pages/s with N pages at a time")
    parser.add_argument("--scan", type=Path, nargs="*", default=sorted(CORPUS.glob("*-scan*.pdf")))
    args = parser.parse_args()
    problem = ocr.tesseract_status()
    if problem:
        raise SystemExit(f"benchmarks/ocr.py: {problem}")
    print(f"OCR of {', '.join(p.name for p in args.scan)} at {ocr.DPI} dpi, Tesseract {ocr.LANGUAGE}, "
          f"{os.cpu_count()} cores")
    print("\n".join(report(compare_with_cli(args.scan, args.pages))))
    if args.threads:
        import pypdfium2 as pdfium

        data = args.scan[0].read_bytes()
        pages = list(range(len(pdfium.PdfDocument(data))))[:args.pages]
        one = pages_per_second(data, pages, 1)
        many = pages_per_second(data, pages, args.threads)
        print(f"pipeline OCR of {args.scan[0].name}: {one:.2f} pages/s one page at a time, {many:.2f} with "
              f"{args.threads} at a time ({many / one:.2f} x)")


if __name__ == "__main__":
    main()
