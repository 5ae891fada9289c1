"""Ctrl-C and SIGTERM during a run: the first stops it, the second never waits.

The first signal raises KeyboardInterrupt in the main process: the batch closes its engine (the
local workers terminated, extract.batch.local.stop_workers), the dataset run removes its
temporary files and releases the folder's lock, nothing is put in place, and the command ends
with one line and exit status 130. Workers ignore SIGINT themselves (a terminal sends it to the
whole process group), so none prints a traceback. A second signal while that is under way ends
the process at once (os._exit): what it leaves (temporary files, at worst a commit's journal) is
exactly what a killed run leaves, and the next run into the folder finishes or removes it.

Where the first signal lands matters: raised inside the standard library's thread machinery (a
future's condition or an executor's lock just acquired, as `with` statements in Python code cannot
guard against) it leaves a lock held that the pool's manager thread then waits on for ever, and the
interpreter joins that thread as it exits. Code that works the pool therefore runs `held()`: a
first signal arriving inside is recorded, and raised as KeyboardInterrupt where the code asks
(`raise_if_interrupted`) or as the block ends, so it lands only in the batch's own code.
"""
from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator

INTERRUPTED_EXIT = 130
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _Holding:
    depth = 0  # how many held() blocks the main thread is in
    pending = False  # a first signal came while held, not raised yet


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Inside: a first signal under `interruptible` is kept for later, not raised wherever it lands;
    raised as the (outermost) block ends normally, or earlier by `raise_if_interrupted`."""
    _Holding.depth += 1
    try:
        yield
    finally:
        _Holding.depth -= 1
    if not _Holding.depth:
        raise_if_interrupted()


def raise_if_interrupted() -> None:
    """Raise the KeyboardInterrupt a held block kept, if one came (called from a safe point)."""
    if _Holding.pending:
        _Holding.pending = False
        raise KeyboardInterrupt


def interrupt_pending() -> bool:
    return _Holding.pending


@contextlib.contextmanager
def interruptible(second_message: str) -> Iterator[None]:
    """While inside: the first SIGINT or SIGTERM raises KeyboardInterrupt (kept until the block
    ends inside `held()`), a second one writes `second_message` (one line) to standard error and
    exits 130 at once."""
    received = 0
    _Holding.pending = False

    def handler(signum: int, frame: object) -> None:
        nonlocal received
        received += 1
        if received > 1:
            os.write(2, (second_message + "\n").encode("utf-8", "replace"))
            os._exit(INTERRUPTED_EXIT)
        if _Holding.depth:
            _Holding.pending = True
            return
        raise KeyboardInterrupt

    previous = {s: signal.signal(s, handler) for s in SIGNALS}
    try:
        yield
    finally:
        if not received:
            for s, h in previous.items():
                signal.signal(s, h)


@contextlib.contextmanager
def exit_at_once(message: str) -> Iterator[None]:
    """While inside (the program loading its command, nothing yet to tidy): SIGINT or SIGTERM
    writes `message` (one line) to standard error and exits 130, instead of a traceback from
    whatever import it lands in."""
    def handler(signum: int, frame: object) -> None:
        os.write(2, (message + "\n").encode("utf-8", "replace"))
        os._exit(INTERRUPTED_EXIT)

    previous = {s: signal.signal(s, handler) for s in SIGNALS}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def ignore_further_signals() -> None:
    """Once the run has cleaned up after an interrupt, or committed, and is about to exit: ignore
    the signals. Python puts its own handlers back to the default as it shuts down, so a Ctrl-C in
    those last moments would otherwise kill the process by SIGINT instead of letting it exit with
    its status (130, or the finished run's)."""
    for s in SIGNALS:
        signal.signal(s, signal.SIG_IGN)
