"""`extract export`: the dataset as spreadsheet files (extract.dataset.spreadsheet)."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from ..dataset.files import DatasetError
from ..dataset.spreadsheet import FORMATS, export_dataset
from ..errors import SetupError
from .application import app, console, err


@app.command("export")
def export_command(
    file: Path = typer.Argument(..., help="Where to write: a .xlsx workbook, or for csv a folder or a .zip file."),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="The dataset folder (of `extract run --out`)."),
    fmt: str = typer.Option(..., "--format", "-f", help="xlsx (one sheet per table) or csv (one file per table)."),
) -> None:
    """Write the dataset for spreadsheets: xlsx with one sheet per table, or csv with one file per table.

    CSV files are UTF-8 with a byte-order mark (Excel shows Vietnamese as it is); integers are
    written as integers; a text longer than a cell holds (32,767 characters) is cut, with a note.
    """
    if fmt not in FORMATS:
        err.print(f"Unknown format {fmt!r}; use one of {', '.join(FORMATS)}.", markup=False)
        raise typer.Exit(2)
    try:
        counts = export_dataset(out, file, fmt)
    except (DatasetError, SetupError, OSError) as exc:
        err.print(f"[red]Cannot export:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    tables = ", ".join(f"{rows} {name}" for name, rows in counts.items())
    console.print(f"Wrote {file} ({fmt}): {tables} rows", markup=False)
