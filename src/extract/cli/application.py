"""The Typer application and the consoles every command prints to."""
from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn Vietnamese provincial resolutions into a Parquet dataset of targets and results.")
console = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.callback()
def main_callback() -> None:
    """Turn Vietnamese provincial resolutions into a Parquet dataset of targets and results."""
