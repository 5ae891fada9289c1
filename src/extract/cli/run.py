"""`extract run`: process files and folders into the output folder, a dataset that grows run by run
(extract.dataset.store)."""
from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..batch import ENGINES, BatchSummary, iter_inputs, run_batch
from ..dataset.files import DatasetError, output_problem, write_problem
from ..dataset.lock import DatasetBusyError
from ..dataset.store import DatasetRun, dataset_totals
from ..errors import SetupError
from ..ingest.limits import DEFAULT_LIMITS, MIB
from ..interrupts import INTERRUPTED_EXIT, ignore_further_signals, interruptible
from ..pipeline import DEFAULT_TIME_LIMIT
from .application import app, console, err


@app.command()
def run(
    paths: list[Path] = typer.Argument(..., help="Files or folders (walked recursively) of resolutions: PDF, DOCX or text."),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="Folder for the four Parquet files."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only the summary."),
    jobs: int = typer.Option(os.cpu_count() or 1, "--jobs", "-j", min=1,
                             help="Worker processes (default: the machine's cores)."),
    time_limit: float = typer.Option(DEFAULT_TIME_LIMIT, "--time-limit", min=0,
                                     help="Seconds one file may take before it fails (0: no limit)."),
    force: bool = typer.Option(False, "--force", help="Read every file again, even those whose content the folder holds."),
    fresh: bool = typer.Option(False, "--fresh", help="Start the folder's dataset over: only this run's documents are kept."),
    no_wait: bool = typer.Option(False, "--no-wait", help="Fail at once if another run into the folder is under way "
                                 "(by default the run waits for it)."),
    lock_timeout: float = typer.Option(0, "--lock-timeout", min=0, help="Seconds to wait for another run into the "
                                       "folder before failing (0: as long as it takes)."),
    engine: str = typer.Option("local", "--engine", help="Where files are processed: 'local' (worker processes "
                               "of this machine) or 'dask' (a Dask distributed cluster)."),
    scheduler: str = typer.Option(None, "--scheduler", help="With --engine dask: the scheduler's address "
                                  "(tcp://HOST:8786); without it, a local cluster of -j workers."),
    max_pages: int = typer.Option(DEFAULT_LIMITS.max_pages, "--max-pages", min=1,
                                  help="A PDF of more pages fails before a page is read."),
    max_chars: int = typer.Option(DEFAULT_LIMITS.max_chars, "--max-chars", min=1,
                                  help="A document whose text holds more characters fails before it is normalised."),
    max_mb: int = typer.Option(DEFAULT_LIMITS.max_bytes // MIB, "--max-mb", min=1,
                               help="A file larger than this many MiB fails before it is read."),
    in_process: bool = typer.Option(False, "--in-process", help="Read the files in this process, not in worker "
                                    "processes (to profile or debug; a crash in a library then ends the run)."),
) -> None:
    """Process resolutions into targets.parquet, documents.parquet, sections.parquet and checks.parquet.

    The folder is a dataset: a run adds the documents it reads to what it holds, a document read
    again replaces its own rows, the same content under several paths is one document, and a run
    that reads nothing changes nothing. Runs into one folder wait for each other.
    Exit status: 0 every file read; 1 some files failed (the others written); 2 a usage or output
    error (nothing read: a bad option, no input, an --out that cannot be written, a busy folder);
    130 interrupted (Ctrl-C or SIGTERM; the folder unchanged).
    Files that failed only because a program is not installed (Tesseract for scans, LibreOffice for
    .doc) are listed with how to install it and do not change the exit status.
    """
    limits = replace(DEFAULT_LIMITS, max_pages=max_pages, max_chars=max_chars, max_bytes=max_mb * MIB)
    options = dict(jobs=jobs, time_limit_s=time_limit or None, engine=engine, scheduler=scheduler, limits=limits,
                   in_process=in_process)
    with interruptible(f"Interrupted again: stopped at once; the next run into {out} tidies what this one left."):
        try:
            check_engine(engine, scheduler)
            check_output(out)
            files = list(iter_inputs(paths))  # a large tree takes a while: interruptible too
            if not files:
                err.print(f"No input files found in {', '.join(map(str, paths))}; give PDF, DOCX or text files or "
                          "folders.", markup=False)
                raise typer.Exit(2)
            summary, dataset, committed = run_into(out, files, quiet, fresh=fresh, force=force, wait=not no_wait,
                                                   timeout=lock_timeout or None, **options)
        except KeyboardInterrupt:
            ignore_further_signals()
            err.print(f"Interrupted: the run was stopped and its workers ended; {out} is unchanged.", markup=False)
            raise typer.Exit(INTERRUPTED_EXIT) from None
    ignore_further_signals()  # the run is committed: a Ctrl-C now would only turn its status into a kill
    console.print(summary_line(summary, dataset, committed, out), markup=False)
    exit_for_failures(summary)


def run_into(out: Path, files: list[Path], quiet: bool, fresh: bool, force: bool, wait: bool, timeout: float | None,
             **options: Any) -> tuple[BatchSummary, DatasetRun, bool]:
    """The run proper: the folder locked and planned, the files read and written, the result
    committed; a one-line message and exit 2 for a busy or unusable folder or a write that fails."""
    try:
        with DatasetRun(out, files, fresh=fresh, force=force, wait=wait, timeout=timeout,
                        on_wait=lambda line: err.print(line, markup=False)) as dataset:
            for line in dataset.recovered:
                err.print(f"{out}: {line}", markup=False)
            summary = read_files(dataset, quiet, **options)
            committed = dataset.commit()
    except (DatasetBusyError, DatasetError, SetupError) as exc:
        err.print(f"[red]Cannot run:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    except OSError as exc:
        err.print(f"Cannot write to {out}: {write_problem(exc)}; nothing was put in place.", markup=False)
        raise typer.Exit(2) from None
    return summary, dataset, committed


def check_output(out: Path) -> None:
    """Stop with one line and exit 2, before any file is read, if the output folder cannot be written."""
    problem = output_problem(out)
    if problem:
        err.print(f"Cannot write to {out}: {problem}; give another --out.", markup=False)
        raise typer.Exit(2)


def exit_for_failures(summary: BatchSummary) -> None:
    """Exit 1 if a file failed for a reason of its own; files that failed only for want of a
    program (Tesseract, LibreOffice) are told apart and do not change the exit status."""
    missing = [r for r in summary.failed if r.missing_tool]
    if missing:
        err.print(f"[yellow]{len(missing)} documents were not read because a program is not installed[/yellow] "
                  "(see their lines above); their rows in documents.parquet say how to install it.")
    if len(missing) < len(summary.failed):
        raise typer.Exit(1)


def check_engine(engine: str, scheduler: str | None) -> None:
    """Stop with a one-line message on an unknown engine or a scheduler without the Dask engine."""
    if engine not in ENGINES:
        err.print(f"Unknown engine {engine!r}; use one of {', '.join(ENGINES)}.", markup=False)
        raise typer.Exit(2)
    if scheduler and engine != "dask":
        err.print("--scheduler is the address of a Dask scheduler: give it with --engine dask.")
        raise typer.Exit(2)


def read_files(dataset: DatasetRun, quiet: bool, **batch_options) -> BatchSummary:
    """Read the files the run's plan reads, each result written to the dataset as it comes and told
    in one line (and a line for each file that is a copy of another); return the batch's summary."""
    plan = dataset.plan
    if not quiet:
        for copy, first in plan.copies.items():
            console.print(f"same   {copy}: the same content as {first}, one document with it", markup=False)
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err, transient=True,
                        disable=quiet or not err.is_terminal)
    task = progress.add_task("files", total=len(plan.read), rate="")
    started, pages = time.perf_counter(), 0

    def report(result) -> None:
        nonlocal pages
        dataset.write(result)
        pages += result.pages or 1
        elapsed = max(time.perf_counter() - started, 1e-9)
        done = progress.tasks[task].completed + 1
        progress.update(task, advance=1, rate=f"{done / elapsed:.1f} files/s, {pages / elapsed:.1f} pages/s")
        if result.status == "failed":
            progress.console.print(f"[red]FAILED[/red] {escape(result.source_path)}: {escape(result.error or '')}")
        elif not quiet:
            docs = result.documents()  # a file of several documents: all of them
            n_t = sum(t.kind == "target" for d in docs for t in d.targets)
            n_a = sum(len(d.targets) for d in docs) - n_t
            parts = f"{len(docs)} documents, " if len(docs) > 1 else ""
            (progress.console if progress.live.is_started else console).print(
                f"ok     {result.source_path}: {parts}{n_t} targets, {n_a} results, "
                f"{sum(len(d.sections) for d in docs)} sections ({result.seconds:.2f}s)", markup=False)

    if not plan.read:
        return BatchSummary()
    with progress:
        return run_batch(plan.read, on_result=report, keep_results=False, **batch_options)


def summary_line(summary: BatchSummary, dataset: DatasetRun, committed: bool, out: Path) -> str:
    """The run's last line: what this run read, then what the folder's dataset holds after it."""
    plan = dataset.plan
    unchanged = len(plan.unchanged)
    kept = f" ({unchanged} unchanged since the last run, kept without reading; --force reads them)" if unchanged else ""
    copies = f", {len(plan.copies)} the same content as another file" if plan.copies else ""
    line = (f"{summary.n_ok + len(set(plan.unchanged.values()))} documents ok{kept}{copies}, {len(summary.failed)} failed; "
            f"{summary.n_targets} targets and {summary.n_actuals} results found"
            f"{f' in the {len(plan.read)} files read' if unchanged else ''} in {summary.seconds:.1f}s")
    if summary.peak_worker_rss_mib:
        line += f" (peak memory per worker {summary.peak_worker_rss_mib:.0f} MiB)"
    totals = dataset_totals(out).describe()
    if committed:
        return f"{line}; written to {out}/, which now holds {totals}"
    if plan.read and not summary.n_ok:
        return f"{line}; no document could be read, so {out}/ is unchanged (it holds {totals})"
    return f"{line}; nothing new, so {out}/ is unchanged (it holds {totals})"
