"""The dataset store: an output folder that grows run by run (`extract run PATH... --out DIR`).

What a run does to the folder, decided before any file is read (`plan_run`):
- Every input file is hashed; its content is its document (doc_id from the hash). The same content
  under several paths is one document, read once, with every path in `documents.source_paths`
  (`source_path` is the first). A file that holds several documents (`documents.part`) is kept,
  read again and removed as one: the plan keys content by the file's id (the first part's doc_id,
  the hash's 16 hex digits), and its rows go with all of its parts' doc_ids.
- A document the folder already holds, read without failure by this same pipeline version, is kept
  without reading (`--force` reads it again); a path found newly under it is added to its paths.
- A document read again replaces its own rows, and nothing else.
- A path whose content changed leaves the document it pointed to; a document left with no path
  (the older content that only that path pointed to) is removed with its rows. A document one of
  whose paths still holds its content keeps its rows and its other paths. Paths not given to the
  run are not looked at: a document whose file was moved away keeps its rows.
- A file that cannot be read, or fails, gets a failed documents row and no other rows.
- `--fresh` starts from an empty dataset.
A run in which no document could be read (every file missing or failed) and that found no known
content under a new path changes nothing: the folder stays byte for byte as it was.

How: under the folder's lock (`lock.DatasetLock`), the folder is first recovered (`files.recover`),
then the kept rows are copied into the four new temporary files as Arrow record batches (never as
Python rows), the new documents' rows are streamed after them, and the four files are put in place
as one change (`files.commit_files`).
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..data_files import pipeline_version
from ..export import FILES, ROW_GROUP_ROWS, ParquetSink, conform
from ..ingest.limits import file_problem
from ..models import DocumentResult
from ..pipeline import read_input
from ..text.display import path_text
from .files import DatasetError, commit_files, recover
from .lock import DatasetLock

INDEX_COLUMNS = ("doc_id", "source_path", "source_paths", "sha256", "status", "pipeline_version")


@dataclass
class StoredDocument:
    """What a plan needs to know of a document the folder holds."""
    doc_id: str
    status: str
    pipeline_version: str | None
    paths: list[str]
    doc_ids: list[str] = field(default_factory=list)  # its documents' ids (several when the file holds several)


@dataclass
class RunPlan:
    """What a run will do to the folder (see the module's docstring)."""
    read: list[Path] = field(default_factory=list)  # one path per content to read, in input order
    paths: dict[str, list[str]] = field(default_factory=dict)  # doc_id -> its paths after the run (read docs)
    unchanged: dict[Path, str] = field(default_factory=dict)  # input path -> the held document it is kept as
    copies: dict[Path, Path] = field(default_factory=dict)  # input path -> the input of the same content read
    replaced: set[str] = field(default_factory=set)  # held documents whose rows go (read again, or no path left)
    repathed: dict[str, list[str]] = field(default_factory=dict)  # held documents kept whose paths change
    new_paths: int = 0  # inputs kept without reading under a path their document did not have
    doc_ids: dict[str, list[str]] = field(default_factory=dict)  # held file id -> its documents' doc_ids


def read_index(out: Path) -> dict[str, StoredDocument]:
    """The documents the folder holds (none when it holds no dataset); DatasetError if documents.parquet
    cannot be read (the run would otherwise replace what it cannot see)."""
    path = out / FILES["documents"]
    if not path.exists():
        return {}
    try:
        names = set(pq.read_schema(path).names)
        rows = pq.read_table(path, columns=[c for c in INDEX_COLUMNS if c in names]).to_pylist()
    except Exception as exc:
        raise DatasetError(str(path), f"cannot be read ({exc}); move the folder's files away, or start it over "
                                      "with --fresh") from exc
    index: dict[str, StoredDocument] = {}
    for r in rows:
        paths = r.get("source_paths") or ([r["source_path"]] if r.get("source_path") else [])
        key = file_key(r["doc_id"], r.get("sha256"))
        held = index.setdefault(key, StoredDocument(key, r["status"], r.get("pipeline_version"), []))
        held.paths.extend(p for p in paths if p not in held.paths)  # a folder from before the store may repeat a doc_id
        if r["doc_id"] not in held.doc_ids:
            held.doc_ids.append(r["doc_id"])
        if r["status"] != "ok":
            held.status = r["status"]
    return index


def file_key(doc_id: str, sha256: str | None) -> str:
    """The id of the file a documents row is of: its first document's doc_id (the content hash's 16
    hex digits), the same for every part of the file."""
    return sha256[:16] if sha256 else doc_id


def content_id(path: Path) -> tuple[str, bool]:
    """A file's document id from its content hash, and whether it could be read; an unreadable file
    gets the id its failed row will have (the pipeline's: from its path)."""
    try:
        if file_problem(os.stat(path)):  # a named pipe would block the open, a device never end
            raise OSError(path)
        with open(path, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        failed = read_input(path)
        assert isinstance(failed, DocumentResult)
        return failed.doc_id, False
    return digest[:16], True  # keep in sync with extract.pipeline.doc_id_for


def is_reusable(held: StoredDocument | None, force: bool) -> bool:
    """Whether a held document's rows stand for its content without reading it: read without failure
    by this same version of the pipeline, and not forced."""
    return not force and held is not None and held.status == "ok" and held.pipeline_version == pipeline_version()


def plan_run(files: Iterable[Path], index: dict[str, StoredDocument], force: bool = False) -> RunPlan:
    """Given a run's files and the documents the folder holds, decide what the run reads, keeps,
    replaces and removes (the rules of the module's docstring)."""
    plan = RunPlan()
    inputs = list(dict.fromkeys(files))  # a file given twice is one input
    ids = {path: content_id(path) for path in inputs}
    owner = {p: doc_id for doc_id, held in index.items() for p in held.paths}
    paths = {doc_id: list(held.paths) for doc_id, held in index.items()}
    for path in inputs:  # a path whose content changed leaves its old document
        old = owner.get(path_text(path))
        if old is not None and old != ids[path][0]:
            paths[old].remove(path_text(path))
    groups: dict[str, list[Path]] = {}
    for path in inputs:
        groups.setdefault(ids[path][0], []).append(path)
    for doc_id, group in groups.items():
        before = paths.setdefault(doc_id, [])
        added = [path_text(p) for p in group if path_text(p) not in before]
        before.extend(added)
        if is_reusable(index.get(doc_id), force) and all(ids[p][1] for p in group):
            plan.unchanged.update({p: doc_id for p in group})
            plan.new_paths += len(added)
        else:
            plan.read.append(group[0])
            plan.copies.update({p: group[0] for p in group[1:]})
            plan.paths[doc_id] = paths[doc_id]
    plan.replaced = {d for d in index if d in plan.paths or not paths[d]}
    plan.doc_ids = {d: held.doc_ids or [d] for d, held in index.items()}
    plan.repathed = {d: paths[d] for d, held in index.items() if d not in plan.replaced and paths[d] != held.paths}
    return plan


def with_paths(batch: pa.RecordBatch, repathed: dict[str, list[str]]) -> pa.RecordBatch:
    """A batch of documents rows with the new paths of the documents in `repathed`."""
    ids = [file_key(i, s) for i, s in zip(batch["doc_id"].to_pylist(), batch["sha256"].to_pylist())]
    if not any(i in repathed for i in ids):
        return batch
    lists = [repathed.get(i, old) for i, old in zip(ids, batch["source_paths"].to_pylist())]
    firsts = [paths[0] if paths else None for paths in lists]
    columns = {"source_paths": pa.array(lists, pa.list_(pa.string())), "source_path": pa.array(firsts, pa.string())}
    arrays = [columns.get(name, batch[name]) for name in batch.schema.names]
    return pa.RecordBatch.from_arrays(arrays, schema=batch.schema)


def copy_kept_table(sink: ParquetSink, out: Path, plan: RunPlan, name: str) -> None:
    """Copy one table's rows of the held documents the run keeps into the sink, as Arrow batches in
    their order, with the new paths of documents whose paths change."""
    path = out / FILES[name]
    if not path.exists():
        return
    drop = pa.array(sorted({d for key in plan.replaced for d in plan.doc_ids.get(key, [key])}), pa.string())
    for batch in pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP_ROWS[name]):
        if len(drop):
            batch = batch.filter(pc.invert(pc.is_in(batch["doc_id"], value_set=drop)))
        batch = conform(name, batch)
        if name == "documents" and plan.repathed:
            batch = with_paths(batch, plan.repathed)
        sink.add_batch(name, batch)


def copy_kept_rows(sink: ParquetSink, out: Path, plan: RunPlan) -> None:
    """Copy the kept rows of the four tables, one thread each: reading and writing Parquet release
    the GIL and each table has its own writer, so the tables are copied side by side."""
    with ThreadPoolExecutor(max_workers=len(FILES)) as pool:
        for done in [pool.submit(copy_kept_table, sink, out, plan, name) for name in FILES]:
            done.result()


@dataclass
class Totals:
    """What a dataset folder holds."""
    documents: int = 0
    failed: int = 0
    targets: int = 0
    actuals: int = 0

    def describe(self) -> str:
        return (f"{self.documents} documents ({self.failed} failed), {self.targets} targets and "
                f"{self.actuals} results")


def dataset_totals(out: Path) -> Totals:
    """Count the documents (and failed ones) and the targets and results a folder holds."""
    totals = Totals()
    documents, targets = out / FILES["documents"], out / FILES["targets"]
    if documents.exists():
        status = pq.read_table(documents, columns=["status"])["status"]
        totals.documents = len(status)
        totals.failed = int(pc.sum(pc.equal(status, "failed")).as_py() or 0)
    if targets.exists():
        kind = pq.read_table(targets, columns=["kind"])["kind"]
        totals.targets = int(pc.sum(pc.equal(kind, "target")).as_py() or 0)
        totals.actuals = len(kind) - totals.targets
    return totals


class DatasetRun:
    """One run into a dataset folder, used as a context manager: the folder locked and recovered on
    entry and its plan made (`plan`); `start` copies the kept rows, `write` adds each result, and
    `commit` puts the new files in place unless the run read nothing (then nothing changes). On
    exit the temporary files of an uncommitted run are removed and the lock released."""

    def __init__(self, out: str | Path, files: Iterable[Path], fresh: bool = False, force: bool = False,
                 wait: bool = True, timeout: float | None = None, on_wait: Callable[[str], None] | None = None):
        self.out = Path(out)
        self.files = list(files)
        self.fresh, self.force = fresh, force
        self.existed = self.out.exists()
        self.lock = DatasetLock(self.out, wait=wait, timeout=timeout, on_wait=on_wait)
        self.plan = RunPlan()
        self.recovered: list[str] = []
        self.sink: ParquetSink | None = None
        self.n_ok = 0
        self.committed = False

    def __enter__(self) -> DatasetRun:
        self.lock.acquire()
        try:
            self.recovered = recover(self.out)
            index = {} if self.fresh else read_index(self.out)
            self.plan = plan_run(self.files, index, self.force)
        except BaseException:
            self.close()
            raise
        return self

    def start(self) -> None:
        """Open the new files and copy the kept rows into them (nothing is replaced yet)."""
        self.sink = ParquetSink(self.out)
        if not self.fresh:
            copy_kept_rows(self.sink, self.out, self.plan)

    def write(self, result: DocumentResult) -> None:
        """Add one document's rows, with every path of its content."""
        if self.sink is None:
            self.start()
        assert self.sink is not None
        self.sink.write(result, self.plan.paths.get(result.doc_id))
        self.n_ok += result.status == "ok"

    @property
    def changes(self) -> bool:
        """Whether the run changes the dataset: a document read, or known content found under a new path."""
        return self.n_ok > 0 or self.plan.new_paths > 0

    def commit(self) -> bool:
        """Put the new files in place if the run changes the dataset; return whether it did."""
        if not self.changes:
            return False
        if self.sink is None:
            self.start()
        assert self.sink is not None
        temps = self.sink.finish()
        commit_files(self.out, temps, self.sink.generation)
        self.sink, self.committed = None, True
        return True

    def close(self) -> None:
        """Remove an uncommitted run's temporary files, release the lock, and remove the folder if the
        run made it and left it empty."""
        if self.sink is not None:
            self.sink.abort()
            self.sink = None
        self.lock.release()
        if not self.existed:
            try:
                self.out.rmdir()  # only if empty
            except OSError:
                pass

    def __exit__(self, *exc: object) -> None:
        self.close()
