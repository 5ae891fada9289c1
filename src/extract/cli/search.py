"""`extract search`: figures found by the words of their indicator, sentence or document title."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from ..dataset.search import DEFAULT_LIMIT, RESULT_FIELDS, DatasetNotFoundError, SearchFilters
from ..dataset.search import search as search_dataset
from .application import app, console, err

FORMATS = ("table", "csv", "json")
KINDS = ("target", "actual")
PIPED_WIDTH = 220  # columns of a table written to a pipe or file


def check_choice(name: str, value: str | None, allowed: tuple[str, ...]) -> None:
    """Stop with a one-line message when an option's value is not one of its choices."""
    if value is not None and value not in allowed:
        err.print(f"{name} must be one of {', '.join(allowed)} (got {value!r}).", markup=False)
        raise typer.Exit(2)


def table_console() -> Console:
    """Where tables go: the terminal at its width, or, piped, a console wide enough to keep rows on one line."""
    return console if console.is_terminal else Console(width=PIPED_WIDTH, highlight=False)


def print_table(rows: list[dict[str, Any]]) -> None:
    """The results as a table for the terminal: the figure as written (with its unit) and where it is."""
    table = Table(pad_edge=False)
    for column, wrap in (("#", False), ("province", True), ("year", False), ("kind", False), ("indicator", True),
                         ("value", True), ("unit", False), ("indicator phrase", True), ("document, page", True)):
        table.add_column(column, overflow="fold", no_wrap=not wrap)
    for r in rows:
        where = Path(r["doc_path"]).name + (f" p.{r['page']}" if r["page"] else "")
        table.add_row(str(r["rank"]), r["province"] or "", str(r["year"] or ""), r["kind"] or "", r["indicator"] or "",
                      r["text"] or "", r["unit"] or "", r["indicator_text"] or "", where)
    table_console().print(table)


def write_rows(rows: list[dict[str, Any]], fmt: str, fields: tuple[str, ...]) -> None:
    """The rows as CSV (a header, then one line each) or JSON lines on stdout."""
    if fmt == "json":
        for r in rows:
            sys.stdout.write(json.dumps({k: r.get(k) for k in fields}, ensure_ascii=False, default=str) + "\n")
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(fields), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in r.items()})


@app.command()
def search(
    query: str = typer.Argument(..., help="Words to look for, with or without diacritics: 'thu ngan sach'."),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="The dataset folder (the Parquet files of `extract run`)."),
    province: str = typer.Option(None, "--province", "-p", help="Only this province ('Ha Tinh' finds Hà Tĩnh)."),
    year: int = typer.Option(None, "--year", "-y", help="Only figures of this year."),
    kind: str = typer.Option(None, "--kind", "-k", help="Only targets ('target') or reported results ('actual')."),
    indicator: str = typer.Option(None, "--indicator", "-i", help="Only this indicator code (schemas/indicators.yaml)."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json (one object a line)."),
    limit: int = typer.Option(DEFAULT_LIMIT, "--limit", "-n", min=1, help="At most this many results, best first."),
) -> None:
    """Find figures by the words of their indicator phrase, sentence, indicator code or label and
    document title, whatever the case, diacritics or tone-mark placement ("đ" matches "d").

    Results are ranked (BM25, the indicator phrase weighted over the sentence); the words are looked
    for as a phrase first, and one by one when the phrase finds nothing.
    """
    check_choice("--format", fmt, FORMATS)
    check_choice("--kind", kind, KINDS)
    try:
        rows = search_dataset(out, query, SearchFilters(province, year, kind, indicator), limit)
    except DatasetNotFoundError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    if fmt != "table":
        write_rows(rows, fmt, RESULT_FIELDS + ("match",))
    elif rows:
        print_table(rows)
    else:
        err.print(f"No figure matches {query!r}" + (" with these filters." if province or year or kind or indicator else "."),
                  markup=False)
