"""The dataset's four files as one unit: put in place together, recovered after a crash, read as
one snapshot.

Commit (`commit_files`), once the four temporary files are whole and synced:
1. the journal DIR/.commit.json is written (under a temporary name, synced, renamed: it exists
   whole or not at all); it lists the renames to do. This is the commit point.
2. the four temporary files are renamed over the dataset's files (targets, sections, checks,
   then documents), and the folder synced;
3. the journal is removed.

What a crash leaves: before 1, the previous dataset untouched and temporary files (removed by the
next run, `recover`); between 1 and 3, the journal and some files renamed: the next run completes
the renames before anything else, so no run ever builds on a mix, and `extract export` refuses one.
In that window, a reader that opens the files itself may see files of two writes: each file names
its write in its Parquet metadata (`extract.export.GENERATION_KEY`), and `open_snapshot` opens the
four files only when they name the same one (files open keep their content whatever is renamed
over them later, so what it opened stays one consistent dataset).
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pyarrow.parquet as pq

from ..errors import ExtractError
from ..export import FILES, GENERATION_KEY, TEMP_SUFFIX, temp_prefix

JOURNAL_NAME = ".commit.json"
JOURNAL_TEMP = ".commit.json.tmp"
# The order the files are put in place: documents.parquet, what the next run's plan reads, last.
COMMIT_ORDER = ("targets", "sections", "checks", "documents")


class DatasetError(ExtractError):
    """A dataset folder whose files cannot be read or do not belong together; the message says what to do."""


def sync_folder(folder: Path) -> None:
    """Make the folder's renames durable (a crash after this cannot undo them)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit_files(out: Path, temps: dict[str, Path], generation: str) -> None:
    """Put the four whole temporary files in place as one change (steps 1-3 of the module's docstring)."""
    renames = [[temps[name].name, FILES[name]] for name in COMMIT_ORDER]
    journal_temp = out / JOURNAL_TEMP
    with open(journal_temp, "w", encoding="utf-8") as fh:
        json.dump({"generation": generation, "renames": renames}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(journal_temp, out / JOURNAL_NAME)
    sync_folder(out)
    apply_renames(out, renames)
    (out / JOURNAL_NAME).unlink()
    sync_folder(out)


def apply_renames(out: Path, renames: list[list[str]]) -> None:
    """Rename each temporary file still there over its dataset file (those already renamed are gone)."""
    for temp, final in renames:
        if (out / temp).exists():
            os.replace(out / temp, out / final)
    sync_folder(out)


def is_temporary(name: str) -> bool:
    """Whether a file in a dataset folder is a temporary file of a run (this store's, never another tool's)."""
    if name == JOURNAL_TEMP:
        return True
    return name.endswith(TEMP_SUFFIX) and any(name.startswith(temp_prefix(f)) for f in FILES.values())


def recover(out: Path) -> list[str]:
    """Under the folder's lock: finish a commit a crash interrupted (its journal), then remove the
    temporary files of runs that did not finish. Returns what was done, one phrase each."""
    done = []
    journal = out / JOURNAL_NAME
    if journal.exists():
        try:
            renames = json.loads(journal.read_text(encoding="utf-8"))["renames"]
        except (ValueError, KeyError):
            renames = []  # cannot happen (written whole, then renamed), but never stop on it
        apply_renames(out, renames)
        journal.unlink()
        done.append("finished the commit an interrupted run had begun")
    if out.is_dir():
        debris = [p for p in out.iterdir() if is_temporary(p.name)]
        for path in debris:
            path.unlink()
        if debris:
            files = "file" if len(debris) == 1 else "files"
            done.append(f"removed {len(debris)} temporary {files} of a run that did not finish")
    return done


def generation_of(parquet: pq.ParquetFile) -> str | None:
    """The write a dataset file belongs to (None for a file written before writes were named)."""
    metadata = parquet.schema_arrow.metadata or {}
    value = metadata.get(GENERATION_KEY)
    return value.decode() if value else None


def open_snapshot(out: Path, attempts: int = 20, pause: float = 0.1) -> dict[str, pq.ParquetFile]:
    """The four files of a dataset, opened, all of one write: retried while a commit is under way;
    DatasetError when they are missing or stay of different writes (run `extract run` to recover)."""
    missing = [f for f in FILES.values() if not (out / f).exists()]
    if missing:
        raise DatasetError(str(out), f"no dataset here ({', '.join(missing)} missing); make one with "
                                     f"`extract run PATH --out {out}`")
    for _ in range(attempts):
        files = {name: pq.ParquetFile(out / filename) for name, filename in FILES.items()}
        if len({generation_of(f) for f in files.values()}) == 1:
            return files
        for f in files.values():
            f.close()
        time.sleep(pause)
    raise DatasetError(str(out), "its four files are of different runs (a run was stopped while it put them in "
                                 "place); any `extract run` into the folder finishes it")


def output_problem(out: Path) -> str | None:
    """Why a run could not write its dataset into `out`, found before any file is read: it is a
    file, it lies under a file, or the folder it would be made in cannot be written; None if it can."""
    if out.exists() and not out.is_dir():
        return "it is a file, not a folder"
    ancestor = out
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        return f"{ancestor} is a file, not a folder"
    if not os.access(ancestor, os.W_OK | os.X_OK):
        return f"{ancestor} cannot be written (permission denied)"
    return None


def write_problem(exc: OSError) -> str:
    """An error met while writing the dataset, in a few words."""
    return exc.strerror or type(exc).__name__
