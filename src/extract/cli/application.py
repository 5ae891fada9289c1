"""The Typer application and the consoles every command prints to.

Every string the consoles print, table cells included, passes through `terminal_safe` first: no
document text or file name reaches the terminal raw (an escape sequence in a file's name is shown
as `\x1b[31m`, not obeyed).
"""
from __future__ import annotations

from typing import Any

import typer
from rich.console import Console

from ..text.display import terminal_safe

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False,
                  help="Turn Vietnamese provincial resolutions into a Parquet dataset of targets and results.")


class SafeConsole(Console):
    """A rich console that shows control characters, bidirectional overrides and undecodable bytes
    of every string it renders as escapes (rich renders every str through render_str)."""

    def render_str(self, text: str, *args: Any, **kwargs: Any) -> Any:
        return super().render_str(terminal_safe(text), *args, **kwargs)


console = SafeConsole(highlight=False, soft_wrap=True)
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)


@app.callback()
def main_callback() -> None:
    """Turn Vietnamese provincial resolutions into a Parquet dataset of targets and results."""
