"""`extract verify`: score a run against the hand-labelled gold."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from ..batch import run_batch
from ..data_files import load_yaml
from ..dataset.files import output_problem
from ..export import ParquetSink
from ..verify import FIELDS
from ..verify import verify as score_run
from .application import app, console, err


@app.command()
def verify(
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="Folder of a run's Parquet files."),
    gold: Path = typer.Option(Path("corpus"), "--gold", "-g", help="Folder of *.gold.yaml fixtures (searched recursively)."),
    run_first: bool = typer.Option(False, "--run", help="First run the pipeline on the gold folder's documents into --out."),
    show_fields: bool = typer.Option(True, "--fields/--no-fields", help="List field disagreements of matched records."),
) -> None:
    """Score a run's targets against hand-labelled gold: precision, recall, F1, field accuracy, every miss.

    Exits 1 below the thresholds of schemas/verify.yaml.
    """
    if run_first or not (out / "targets.parquet").exists():
        problem = output_problem(out)
        if problem:
            err.print(f"Cannot write to {out}: {problem}; give another --out.", markup=False)
            raise typer.Exit(2)
        with ParquetSink(out) as sink:
            run_batch([gold], on_result=sink.write, keep_results=False)
    total, per_document = score_run(out, gold)
    if not per_document:
        err.print(f"No document of {out}/documents.parquet is named by a gold file in {gold}/; "
                  f"run `extract run {gold} --out {out}` first.", markup=False)
        raise typer.Exit(2)
    for path, s in per_document.items():
        console.print(f"[bold]{escape(str(path))}[/bold]: precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}  "
                      f"(tp {s.tp}, fp {s.fp}, fn {s.fn})")
        for g in s.misses:
            console.print(f"  MISS  {g['kind']} {g.get('quote')!r} {g.get('indicator')} in {g.get('section')}", markup=False)
        for p in s.false_positives:
            console.print(f"  EXTRA {p['kind']} {p['text']!r} {p.get('indicator')} in {p.get('section_path')}", markup=False)
        if show_fields:
            for name, want, got, quote, section in s.field_errors:
                console.print(f"  FIELD {name}: gold {want!r}, got {got!r} for {quote!r} in {section}", markup=False)
    console.print(f"micro: precision {total.precision:.3f}  recall {total.recall:.3f}  F1 {total.f1:.3f}  "
                  f"(tp {total.tp}, fp {total.fp}, fn {total.fn})")
    console.print("field accuracy: " + "  ".join(f"{n} {total.accuracy(n):.3f}" for n in FIELDS))
    thresholds = load_yaml("verify.yaml")["thresholds"]
    measured = {"precision": total.precision, "recall": total.recall, "f1": total.f1,
                **{f"{n}_accuracy": total.accuracy(n) for n in FIELDS}}
    below = [f"{k} {measured[k]:.3f} < {v}" for k, v in thresholds.items() if measured[k] < v]
    if below:
        err.print("[red]Below thresholds:[/red] " + "; ".join(below))
        raise typer.Exit(1)
