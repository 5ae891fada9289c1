"""`extract run`: process files and folders into the output folder."""
from __future__ import annotations

import os
import time
from pathlib import Path
from typing import List

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..batch import ENGINES, BatchSummary, iter_inputs, run_batch, unchanged_files
from ..errors import SetupError
from ..export import ParquetSink
from ..pipeline import DEFAULT_TIME_LIMIT
from .app import app, console, err


@app.command()
def run(
    paths: List[Path] = typer.Argument(..., help="Files or folders (walked recursively) of resolutions: PDF, DOCX or text."),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="Folder for the four Parquet files."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary."),
    jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", "-j", min=1,
                             help="Worker processes (default: the machine's cores)."),
    time_limit: float = typer.Option(DEFAULT_TIME_LIMIT, "--time-limit", min=0,
                                     help="Seconds one file may take before it fails (0: no limit)."),
    force: bool = typer.Option(False, "--force", help="Read every file again, even those unchanged since the last run into --out."),
    engine: str = typer.Option("local", "--engine", help="Where files are processed: 'local' (worker processes "
                               "of this machine) or 'dask' (a Dask distributed cluster)."),
    scheduler: str = typer.Option(None, "--scheduler", help="With --engine dask: the scheduler's address "
                                  "(tcp://HOST:8786); without it, a local cluster of -j workers."),
) -> None:
    """Process resolutions into targets.parquet, documents.parquet, sections.parquet and checks.parquet.

    Exits 1 if any file failed, after writing the rest; failed files get a row in documents.parquet.
    Files that failed only because a program is not installed (Tesseract for scans, LibreOffice for
    .doc) are listed with how to install it and do not change the exit status.
    """
    if engine not in ENGINES:
        err.print(f"Unknown engine {engine!r}; use one of {', '.join(ENGINES)}.", markup=False)
        raise typer.Exit(2)
    if scheduler and engine != "dask":
        err.print("--scheduler is the address of a Dask scheduler: give it with --engine dask.")
        raise typer.Exit(2)
    files = list(iter_inputs(paths))
    if not files:
        err.print(f"No input files found in {', '.join(map(str, paths))}; give PDF, DOCX or text files or folders.", markup=False)
        raise typer.Exit(2)
    unchanged = {} if force else unchanged_files(files, out)
    files = [f for f in files if f not in unchanged]
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err, transient=True,
                        disable=quiet or not err.is_terminal)
    task = progress.add_task("files", total=len(files), rate="")
    started, pages = time.perf_counter(), 0

    def report(result) -> None:
        nonlocal pages
        sink.write(result)
        pages += result.pages or 1
        elapsed = max(time.perf_counter() - started, 1e-9)
        done = progress.tasks[task].completed + 1
        progress.update(task, advance=1, rate=f"{done / elapsed:.1f} files/s, {pages / elapsed:.1f} pages/s")
        if result.status == "failed":
            progress.console.print(f"[red]FAILED[/red] {escape(result.source_path)}: {escape(result.error or '')}")
        elif not quiet:
            n_t = sum(t.kind == "target" for t in result.targets)
            n_a = len(result.targets) - n_t
            (progress.console if progress.live.is_started else console).print(
                f"ok     {result.source_path}: {n_t} targets, {n_a} results, "
                f"{len(result.sections)} sections ({result.seconds:.2f}s)", markup=False)

    try:
        with ParquetSink(out, keep=set(unchanged.values())) as sink, progress:
            summary = run_batch(files, on_result=report, jobs=jobs, time_limit_s=time_limit or None,
                                keep_results=False, engine=engine, scheduler=scheduler) if files else BatchSummary()
    except SetupError as exc:
        err.print(f"[red]Cannot run:[/red] {escape(str(exc))}")
        raise typer.Exit(2)
    kept = f" ({len(unchanged)} unchanged since the last run, kept without reading; --force reads them)" \
        if unchanged else ""
    console.print(f"{summary.n_ok + len(unchanged)} documents ok{kept}, {len(summary.failed)} failed; "
                  f"{summary.n_targets} targets and {summary.n_actuals} results found "
                  f"in {summary.seconds:.1f}s; written to {out}/"
                  + (f" (peak memory per worker {summary.peak_worker_rss_mib:.0f} MiB)" if summary.peak_worker_rss_mib else ""))
    missing = [r for r in summary.failed if r.missing_tool]
    if missing:
        err.print(f"[yellow]{len(missing)} documents were not read because a program is not installed[/yellow] "
                  "(see their lines above); their rows in documents.parquet say how to install it.")
    if len(missing) < len(summary.failed):
        raise typer.Exit(1)
