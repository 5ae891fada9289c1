"""`extract serve`: the dataset in a browser (search, review, compare), served on this machine."""
from __future__ import annotations

import ipaddress
from pathlib import Path

import typer

from ..dataset.search import DatasetNotFoundError, dataset_files
from ..serve.app import LOOPBACK_HOSTS, create_app
from .application import app, console, err


def is_loopback(host: str) -> bool:
    """Whether a host to bind names this machine only (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    out: Path = typer.Option(Path("outputs"), "--out", "-o", help="The dataset folder (the Parquet files of `extract run`)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; 0.0.0.0 opens it to the network."),
    port: int = typer.Option(8000, "--port", "-p", min=0, max=65535, help="Port to listen on."),
) -> None:
    """Serve the dataset as web pages: overview, search, review of each document, compare.

    The dataset at a glance, search with facets, each document's review page (figures highlighted,
    corrections downloaded as a gold file), target against result with its chart. Read only, and
    everything (scripts, styles) is served by the app itself: it works offline.
    """
    import uvicorn  # the server is needed by this command only

    try:
        dataset_files(out)
    except DatasetNotFoundError as exc:
        err.print(str(exc), markup=False)
        raise typer.Exit(2) from None
    allowed = LOOPBACK_HOSTS + [host] if is_loopback(host) else None
    console.print(f"Serving {out} on http://{host}:{port}/ (Ctrl+C stops it)", markup=False)
    uvicorn.run(create_app(out, allowed_hosts=allowed), host=host, port=port, log_level="warning")
