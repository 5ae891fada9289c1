"""`extract compare`: each year's target against the result reported for it by a later document."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from ..dataset.chart import ChartError, draw_chart
from ..dataset.compare import OUTPUT_FIELDS, CompareFilters
from ..dataset.compare import compare as compare_dataset
from ..dataset.search import DatasetNotFoundError
from .application import app, err
from .search import FORMATS, check_choice, table_console, write_rows

STATUS_COLOURS = {"met": "green", "missed": "red", "unknown": "dim"}
COMPARATOR_WORDS = {"ge": "≥ ", "gt": "> ", "le": "≤ ", "lt": "< ", "approx": "≈ ", "range": ""}


def target_cell(r: dict[str, Any]) -> str:
    """The target as the table shows it: comparator sign and the figure as written."""
    if r["target_text"] is None:
        return ""
    return COMPARATOR_WORDS.get(r["target_comparator"] or "", "") + r["target_text"]


def print_table(rows: list[dict[str, Any]]) -> None:
    """The comparison as a table for the terminal: figures as written (--format json has base units
    and both documents)."""
    table = Table(pad_edge=False)
    for column, wrap in (("province", True), ("indicator", True), ("measure", True), ("year", False), ("target", True),
                         ("result", True), ("status", False), ("result from", True)):
        table.add_column(column, overflow="fold", no_wrap=not wrap)
    for r in rows:
        colour = STATUS_COLOURS[r["status"]]
        measure = r["measure"] + (f" ({r['breakdown']})" if r["breakdown"] else "")
        table.add_row(r["province"] or "", r["indicator"], measure, str(r["year"]), target_cell(r), r["actual_text"] or "",
                      f"[{colour}]{r['status']}[/{colour}]", Path(r["actual_doc"]).name if r["actual_doc"] else "")
    table_console().print(table)


@app.command()
def compare(
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="The dataset folder (the Parquet files of `extract run`)."),
    province: str = typer.Option(None, "--province", "-p", help="Only this province ('Ha Tinh' finds Hà Tĩnh)."),
    indicator: str = typer.Option(None, "--indicator", "-i", help="Only this indicator code (schemas/indicators.yaml)."),
    year: int = typer.Option(None, "--year", "-y", help="Only this year."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json (one object a line, values in base units)."),
    chart: Path = typer.Option(None, "--chart", help="Also draw target against result over the years to this "
                               ".png or .svg file (one province and indicator)."),
) -> None:
    """Set each year's target against the result a later document reports for that year, per
    province, indicator, measure and breakdown, with status met, missed or unknown.

    The rules (which figure is chosen when several compete, how comparator and direction decide) are
    at the top of src/extract/dataset/compare.py; figures not chosen are listed in `alternatives`.
    """
    check_choice("--format", fmt, FORMATS)
    try:
        rows = compare_dataset(out, CompareFilters(province, indicator, year))
        if chart is not None:
            draw_chart(rows, chart)
    except (DatasetNotFoundError, ChartError) as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    if fmt != "table":
        write_rows(rows, fmt, OUTPUT_FIELDS)
    elif rows:
        print_table(rows)
    else:
        err.print("No target or result matches these filters.", markup=False)
    if chart is not None:
        err.print(f"chart written to {chart}", markup=False)
