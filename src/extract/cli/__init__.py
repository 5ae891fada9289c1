"""The command line: a thin layer over the library.

extract run PATH... [--out DIR] [-j N] [--engine dask --scheduler ADDRESS]
                                     process files and folders into the dataset's four Parquet files
extract verify [--out DIR] [--gold DIR] [--run]   score a run against the gold fixtures
extract show FILE                    metadata and outline of one document
extract search QUERY [--out DIR]     targets by the words of their indicator, accent-insensitive
extract compare [--out DIR]          targets against the results reported later
extract export --format csv|xlsx FILE   the dataset for spreadsheets

`extract.cli.app` is the application with every command loaded (for CliRunner and embedding); the
`extract` program (extract.cli.commands.main) loads only the command it runs.
"""
from __future__ import annotations

from typing import Any

from .application import app as _app
from .commands import load_commands

__all__ = ["app"]


def __getattr__(name: str) -> Any:
    """`app`, with every command loaded on first use."""
    if name == "app":
        load_commands()
        return _app
    raise AttributeError(name)
