"""The lock that serialises runs into one dataset folder: an exclusive `fcntl.flock` on DIR/.lock.

The second run into a folder waits for the first (saying once that it waits), or fails at once
(`wait=False`) or after `timeout` seconds, with a message naming the run it waits for. The kernel
releases a lock when its process ends, however it ends, so a killed run never leaves the folder
locked. The holder removes the lock file when it is done (a dataset folder holds only its files
between runs); a waiter that then gets the lock of the removed file sees that the file at DIR/.lock
is no longer the one it locked and locks the new one, so two runs never both hold the lock.
"""
from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from ..errors import ExtractError

LOCK_NAME = ".lock"
POLL_SECONDS = 0.1


class DatasetBusyError(ExtractError):
    """Another run holds the dataset folder's lock and this one would not (or no longer) wait."""


class DatasetLock:
    """An exclusive lock on a dataset folder, held from `acquire` (or `with`) until `release`."""

    def __init__(self, folder: str | Path, wait: bool = True, timeout: float | None = None,
                 on_wait: Callable[[str], None] | None = None):
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self.wait, self.timeout, self.on_wait = wait, timeout, on_wait
        self.fd: int | None = None

    def acquire(self) -> DatasetLock:
        """Take the lock, waiting for another run's end as told; DatasetBusyError if it would not."""
        started = time.monotonic()
        told = False
        while True:
            self.folder.mkdir(parents=True, exist_ok=True)  # again: an empty folder may have been removed
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = read_holder(fd)
                os.close(fd)
                if not self.wait or self.timeout is not None and time.monotonic() - started >= self.timeout:
                    raise DatasetBusyError(str(self.folder), busy_message(holder, self.wait, self.timeout)) from None
                if not told and self.on_wait:
                    self.on_wait(f"Waiting for another run into {self.folder} to finish ({holder})...")
                    told = True
                time.sleep(POLL_SECONDS)
                continue
            if is_current(fd, self.path):
                self.fd = fd
                os.ftruncate(fd, 0)
                os.write(fd, f"pid {os.getpid()}\n".encode())
                return self
            os.close(fd)  # the holder removed the file we locked: lock the one there now

    def release(self) -> None:
        """Remove the lock file and let go of the lock (removal first, so a waiter never keeps a removed one)."""
        if self.fd is None:
            return
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None

    def __enter__(self) -> DatasetLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def is_current(fd: int, path: Path) -> bool:
    """Whether the open file `fd` is still the file at `path` (the holder before may have removed it)."""
    try:
        there = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def read_holder(fd: int) -> str:
    """Who holds the lock, as its lock file says ("pid 1234"), or "another process"."""
    try:
        text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text or "another process"


def busy_message(holder: str, wait: bool, timeout: float | None) -> str:
    """What a run that will not wait says (after the folder's name), and what to do."""
    if not wait:
        return f"in use by another run ({holder}); wait for it to end, or leave out --no-wait to wait"
    return f"still in use by another run ({holder}) after {timeout or 0:g} s; try again later or give a longer --lock-timeout"
