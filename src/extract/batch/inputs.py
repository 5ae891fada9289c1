"""The files of a batch: files and folders walked, sidecar files left out."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

# Files beside the documents that are not documents: gold fixtures and notes.
SIDECAR_SUFFIXES = (".gold.yaml", ".gold.yml", ".md")



def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Given files and folders, yield the files, folders walked recursively in name order;
    hidden files and sidecar files (gold fixtures, notes) are skipped inside folders. Links to
    folders are not followed (no loop can make the walk endless); anything else a folder holds
    that is not a folder is yielded, so a broken link, a link loop or a named pipe gets its failed
    row saying what it is rather than being passed over."""
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if not f.is_dir() and not any(part.startswith(".") for part in rel) \
                        and not f.name.lower().endswith(SIDECAR_SUFFIXES):
                    yield f
        else:
            yield p  # a named file is always tried, so a missing one is reported
