"""`extract review`: one document's review page as one self-contained HTML file, to share without a server."""
from __future__ import annotations

from pathlib import Path

import typer

from ..dataset.search import DatasetNotFoundError
from ..pipeline import process_file
from ..serve.app import standalone_page
from ..serve.data import Dataset, DocumentRows
from ..serve.review import is_file_argument, rows_of_result
from .application import app, console, err


def rows_from_file(path: Path) -> DocumentRows:
    """The document of a file, read by the pipeline now (the file's first one if it holds several)."""
    result = process_file(path)
    if result.status == "failed":
        err.print(f"{result.source_path}: {result.error}", markup=False)
        raise typer.Exit(1)
    documents = rows_of_result(result)
    if len(documents) > 1:
        others = ", ".join(d.doc["doc_id"] for d in documents[1:])
        err.print(f"{path} holds {len(documents)} documents; writing the first (run it into a dataset and give "
                  f"the doc_id of another: {others})", markup=False)
    return documents[0]


def rows_from_dataset(doc_id: str, out: Path) -> DocumentRows:
    """A document of the dataset in `out`, by its doc_id."""
    try:
        rows = Dataset(out).document(doc_id)
    except DatasetNotFoundError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    if rows is None:
        err.print(f"{doc_id}: neither a file nor the doc_id of a document of the dataset in {out}", markup=False)
        raise typer.Exit(2)
    return rows


@app.command()
def review(
    source: str = typer.Argument(..., metavar="FILE_OR_DOC_ID",
                                 help="A resolution (PDF, DOCX, text: read now) or the doc_id of a document of the dataset."),
    html: Path = typer.Option(..., "--html", help="The HTML file to write."),
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="The dataset folder a doc_id is looked up in."),
) -> None:
    """Write the review page of one document as one self-contained HTML file.

    No server needed and nothing loaded from elsewhere: figures highlighted, their fields on click, rows marked wrong or
    corrected, missed figures added, the review downloaded as a gold file for `extract verify`."""
    rows = rows_from_file(Path(source)) if is_file_argument(source) else rows_from_dataset(source, out)
    html.parent.mkdir(parents=True, exist_ok=True)
    html.write_text(standalone_page(rows), encoding="utf-8")
    console.print(f"{html}: review page of {rows.doc['doc_id']} ({len(rows.targets)} figures)", markup=False)
