"""Adding 10 documents to a dataset of 5,000 documents, against reading those 10 documents.

usage: python benchmarks/dataset.py [--documents 5000] [--add 10] [--repeat 3] [--keep DIR]

Builds the dataset quickly: the corpus documents with a text layer (text and DOCX) read once by
the pipeline, then replicated with the project's writer (extract.export.ParquetSink) into
DOCUMENTS documents, each copy with a new doc_id, content hash and path (the rows are the
templates' rows: the size and shape of a real dataset of that many documents, not new reading).

The ADD documents to add are corpus text documents with one figure changed per copy (new content,
so each is read). Then, each in a fresh process, wall clock, median of REPEAT:
- `extract run ADD-FILES --out FRESH -j 1` into an empty folder: the whole command with nothing to keep;
- `extract run ADD-FILES --out DATASET -j 1` into a copy of the 5,000-document dataset: the add;
- the pipeline alone on the same files (process_file in a fresh process, imports excluded, timed inside);
and, in this process, where the add's time goes: the plan (hashing the inputs, reading the index),
copying the kept rows, and the commit; peak memory of each command (its max RSS).
"""
from __future__ import annotations

import argparse
import copy
import os
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


def template_results() -> list:
    """The corpus documents with a text layer, read by the pipeline once."""
    from extract.pipeline import process_file

    paths = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx"))
    return [r for r in (process_file(p) for p in paths) if r.status == "ok"]


def replicate(result, i: int):
    """A copy of one document's result as document number i (new doc_id, hash and path)."""
    import dataclasses

    doc_id = f"bench{i:011d}"
    copied = copy.copy(result)
    copied.doc_id, copied.sha256 = doc_id, f"{i:064x}"
    copied.source_path = f"bench/{i:05d}/{Path(result.source_path).name}"
    # a unique text and sentences (after every span, so spans still hold), as real documents have:
    # identical copies would shrink to nothing under the files' dictionary encoding and compression
    copied.text = f"{result.text}\n[{doc_id}]"
    copied.targets = [dataclasses.replace(t, doc_id=doc_id, sentence=f"{t.sentence} [{doc_id}]") for t in result.targets]
    copied.findings = [dataclasses.replace(f, doc_id=doc_id) for f in result.findings]
    return copied


def build_dataset(out: Path, documents: int) -> float:
    """Write the benchmark dataset into `out`; return the seconds it took."""
    from extract.export import ParquetSink

    started = time.perf_counter()
    templates = template_results()
    with ParquetSink(out) as sink:
        for i in range(documents):
            sink.write(replicate(templates[i % len(templates)], i))
    return time.perf_counter() - started


def documents_to_add(folder: Path, count: int) -> list[Path]:
    """`count` text documents of new content: corpus texts with one figure changed."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = sorted(p for p in CORPUS.glob("*.txt"))
    files = []
    for i in range(count):
        source = texts[i % len(texts)]
        path = folder / f"add-{i:02d}-{source.name}"
        path.write_text(source.read_text(encoding="utf-8") + f"\nGhi chú {i}: bản sao thứ {i}.\n", encoding="utf-8")
        files.append(path)
    return files


def timed(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds and peak memory (max RSS, MiB) of a command in a fresh process, and its last line."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stdout:
        process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.DEVNULL, cwd=ROOT, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed with {process.returncode}")
        stdout.seek(0)
        last = (stdout.read().strip().splitlines() or [""])[-1]
    return seconds, usage.ru_maxrss / 1024, last


PIPELINE_ALONE = """
import sys, time
from extract.pipeline import process_file, process_text
process_text("Thu ngân sách đạt 5 tỷ đồng.")  # the language model loaded before the clock starts
started = time.perf_counter()
for path in sys.argv[1:]:
    process_file(path)
print(time.perf_counter() - started)
"""


def pipeline_alone(files: list[Path]) -> float:
    done = subprocess.run([sys.executable, "-c", PIPELINE_ALONE, *map(str, files)], capture_output=True,
                          text=True, cwd=ROOT, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def where_time_goes(dataset: Path, files: list[Path]) -> dict[str, float]:
    """The add's store stages in this process, on a copy of the dataset: plan, kept rows, commit."""
    from extract.dataset.store import DatasetRun, copy_kept_rows
    from extract.export import ParquetSink
    from extract.pipeline import process_file

    results = [process_file(p) for p in files]
    stages = {}
    started = time.perf_counter()
    with DatasetRun(dataset, files) as run:
        stages["lock, recovery, plan (hash inputs, read the index)"] = time.perf_counter() - started
        t = time.perf_counter()
        run.sink = ParquetSink(run.out)
        copy_kept_rows(run.sink, run.out, run.plan)
        stages["copy the kept rows (Arrow batches)"] = time.perf_counter() - t
        t = time.perf_counter()
        for r in results:
            run.write(r)
        stages["write the new rows"] = time.perf_counter() - t
        t = time.perf_counter()
        run.commit()
        stages["finish the files and commit"] = time.perf_counter() - t
    return stages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=5000)
    parser.add_argument("--add", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="Work here and keep it (default: a temporary folder).")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="dataset-bench-"))
    base = work / "dataset"
    if not (base / "documents.parquet").exists():
        print(f"building {args.documents} documents: {build_dataset(base, args.documents):.1f}s")
    sizes = {p.name: p.stat().st_size / 2**20 for p in sorted(base.glob("*.parquet"))}
    print("dataset files (MiB): " + ", ".join(f"{n} {s:.1f}" for n, s in sizes.items()))
    files = documents_to_add(work / "add", args.add)
    fresh_times, add_times, alone_times, peaks = [], [], [], {"fresh": 0.0, "add": 0.0}
    for _ in range(args.repeat):
        shutil.rmtree(work / "fresh", ignore_errors=True)
        seconds, peak, _ = timed([EXTRACT, "run", *map(str, files), "--out", str(work / "fresh"), "-j", "1", "-q"])
        fresh_times.append(seconds)
        peaks["fresh"] = max(peaks["fresh"], peak)
        shutil.rmtree(work / "target", ignore_errors=True)
        shutil.copytree(base, work / "target")
        seconds, peak, line = timed([EXTRACT, "run", *map(str, files), "--out", str(work / "target"), "-j", "1", "-q"])
        add_times.append(seconds)
        peaks["add"] = max(peaks["add"], peak)
        alone_times.append(pipeline_alone(files))
    print(f"last line of the add: {line}")
    fresh, add, alone = (statistics.median(x) for x in (fresh_times, add_times, alone_times))
    print(f"extract run of {args.add} documents into an empty folder (whole command): {fresh:.2f}s, "
          f"peak {peaks['fresh']:.0f} MiB")
    print(f"extract run of {args.add} documents into {args.documents} (whole command): {add:.2f}s, peak {peaks['add']:.0f} MiB")
    print(f"pipeline alone on the {args.add} documents (in process, model loaded): {alone:.2f}s")
    print(f"add / empty-folder run: {add / fresh:.2f}; add - empty-folder run (the dataset's cost): {add - fresh:.2f}s; "
          f"add / pipeline alone: {add / alone:.2f}")
    shutil.rmtree(work / "target", ignore_errors=True)
    shutil.copytree(base, work / "target")
    for stage, seconds in where_time_goes(work / "target", files).items():
        print(f"  {stage}: {seconds:.3f}s")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
