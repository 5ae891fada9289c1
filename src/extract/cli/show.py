"""`extract show`: one document's metadata and outline."""
from __future__ import annotations

from pathlib import Path

import typer

from ..outline import outline
from ..pipeline import process_file
from .application import app, console, err


@app.command()
def show(file: Path = typer.Argument(..., help="One resolution: PDF, DOCX or text.")) -> None:
    """Print a document's metadata with where each field was read, and its outline with the count of
    targets and results under each heading."""
    result = process_file(file)
    if result.status == "failed":
        err.print(f"{result.source_path}: {result.error}", markup=False)
        raise typer.Exit(1)
    console.print(outline(result, evidence=True).rstrip("\n"), markup=False, highlight=False, soft_wrap=True)
