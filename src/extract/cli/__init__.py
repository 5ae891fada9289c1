"""The command line: a thin layer over the library.

extract run PATH... [--out DIR] [-j N] [--engine dask --scheduler ADDRESS]
                                     process files and folders into the four Parquet files
extract verify [--out DIR] [--gold DIR] [--run]   score a run against the gold fixtures
extract show FILE                    metadata and outline of one document
extract export --format csv|xlsx FILE   the dataset for spreadsheets
"""
from . import compare, export, run, search, show, verify  # noqa: F401  (each module adds its command to the app)
from .app import app

__all__ = ["app"]

if __name__ == "__main__":
    app()
