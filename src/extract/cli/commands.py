"""The entry point: load only the command that is run.

Each command lives in a module of this package that adds itself to the app when imported. The
commands over a dataset (search, compare, export) need neither spaCy nor the readers, whose import
alone takes about two seconds; `main` therefore imports the module of the command named on the
command line, and all of them only to list them (`extract --help`, an unknown name). This is the
package's one dynamic import, by name from the table below, so no cycle or upward import hides in it.
"""
from __future__ import annotations

import importlib
import sys

from ..interrupts import exit_at_once
from .application import app

# command name -> module of this package that defines it
COMMAND_MODULES = {"run": "run", "verify": "verify", "show": "show", "export": "export",
                   "search": "search", "compare": "compare", "serve": "serve", "review": "review"}


def load_commands(names: list[str] | None = None) -> None:
    """Import the modules of the named commands (all of them if None), which registers them."""
    for name in names if names is not None else list(COMMAND_MODULES):
        importlib.import_module(f"{__package__}.{COMMAND_MODULES[name]}")


def command_named(argv: list[str]) -> str | None:
    """The command an argument list runs, if it names a known one first."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in COMMAND_MODULES else None


def main() -> None:
    """`extract`: run the command the arguments name, having loaded only it."""
    name = command_named(sys.argv[1:])
    with exit_at_once("Interrupted: nothing was done."):
        load_commands([name] if name else None)
    app()
