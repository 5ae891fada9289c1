"""Ctrl-C and SIGTERM during a run: the first stops it, the second never waits.

The first signal raises KeyboardInterrupt in the main process: the batch closes its engine (the
local workers terminated, extract.batch.local.stop_workers), the dataset run removes its
temporary files and releases the folder's lock, nothing is put in place, and the command ends
with one line and exit status 130. Workers ignore SIGINT themselves (a terminal sends it to the
whole process group), so none prints a traceback. A second signal while that is under way ends
the process at once (os._exit): what it leaves (temporary files, at worst a commit's journal) is
exactly what a killed run leaves, and the next run into the folder finishes or removes it.
"""
from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator

INTERRUPTED_EXIT = 130
SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def interruptible(second_message: str) -> Iterator[None]:
    """While inside: the first SIGINT or SIGTERM raises KeyboardInterrupt, a second one writes
    `second_message` (one line) to standard error and exits 130 at once."""
    received = 0

    def handler(signum: int, frame: object) -> None:
        nonlocal received
        received += 1
        if received > 1:
            os.write(2, (second_message + "\n").encode("utf-8", "replace"))
            os._exit(INTERRUPTED_EXIT)
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, handler) for s in SIGNALS}
    try:
        yield
    finally:
        if not received:
            for s, h in previous.items():
                signal.signal(s, h)


def ignore_further_signals() -> None:
    """Once the interrupted run has cleaned up and is about to exit: ignore the signals. Python
    puts its own handlers back to the default as it shuts down, so a second Ctrl-C in those last
    moments would otherwise kill the process by SIGINT instead of letting it exit 130."""
    for s in SIGNALS:
        signal.signal(s, signal.SIG_IGN)
