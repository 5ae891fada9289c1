"""The dataset for people who work in spreadsheets: `extract export --format csv|xlsx FILE`.

- xlsx: one sheet per table (targets, documents, sections, checks), written with openpyxl in
  write-only mode (streamed, so memory does not grow with the dataset), header row frozen.
- csv: one file per table, `NAME.csv`, in the folder FILE, or in the zip file FILE when it ends
  in `.zip`; UTF-8 with a byte-order mark, so Excel opens Vietnamese text as it is.

Cells: integers are written as integers (a float that is a whole number too: 40 projects, not
40.0); dates as dates (xlsx) or ISO dates (csv); lists (paths, furniture, spans) joined by " | ";
null as an empty cell. A spreadsheet cell holds at most 32,767 characters (Excel's limit): a
longer text (a document's whole text) is cut to that with a note at its end saying how long it
was and where the whole is. Characters a spreadsheet file cannot hold (control characters other
than tab and line breaks) are dropped from xlsx cells.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from ..errors import SetupError
from ..export import FILES
from .files import open_snapshot

CELL_LIMIT = 32_767  # characters an Excel cell holds
LIST_SEPARATOR = " | "
FORMATS = ("csv", "xlsx")
BATCH_ROWS = 2048
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cut_note(length: int, table: str, column: str) -> str:
    """The note that ends a text cut to a cell's limit."""
    return f" […cut: {length:,} characters, the whole in {table}.parquet, column {column}]"


def cell_value(value: Any, table: str, column: str) -> Any:
    """A Parquet value as a spreadsheet cell: whole floats as integers, lists joined, long texts cut."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, list):
        value = LIST_SEPARATOR.join("" if v is None else str(v) for v in value)
    if isinstance(value, str) and len(value) > CELL_LIMIT:
        note = cut_note(len(value), table, column)
        return value[:CELL_LIMIT - len(note)] + note
    return value


def table_rows(parquet: pq.ParquetFile, table: str) -> Iterator[list[Any]]:
    """The header, then every row of a table as cells, read in batches."""
    names = parquet.schema_arrow.names
    yield list(names)
    for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
        columns = [batch[name].to_pylist() for name in names]
        for row in zip(*columns):
            yield [cell_value(v, table, name) for v, name in zip(row, names)]


def csv_text_cell(value: Any) -> Any:
    """A cell as CSV text: dates in ISO form, None empty (numbers as they are)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_csv_table(parquet: pq.ParquetFile, table: str, stream: io.TextIOBase) -> int:
    """Write one table as CSV into a text stream; return its number of rows."""
    writer = csv.writer(stream, lineterminator="\r\n")
    rows = -1
    for row in table_rows(parquet, table):
        writer.writerow([csv_text_cell(v) for v in row])
        rows += 1
    return rows


def export_csv(files: dict[str, pq.ParquetFile], target: Path) -> dict[str, int]:
    """One CSV file per table (UTF-8 with BOM) in the folder `target`, or in a zip if it ends in .zip."""
    counts = {}
    if target.suffix.lower() == ".zip":
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, parquet in files.items():
                with archive.open(f"{name}.csv", "w") as raw, \
                        io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as stream:
                    counts[name] = write_csv_table(parquet, name, stream)
        return counts
    target.mkdir(parents=True, exist_ok=True)
    for name, parquet in files.items():
        with open(target / f"{name}.csv", "w", encoding="utf-8-sig", newline="") as stream:
            counts[name] = write_csv_table(parquet, name, stream)
    return counts


def xlsx_cell(value: Any) -> Any:
    """A cell as openpyxl takes it: text without the control characters XML cannot hold."""
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value)
    return value


def export_xlsx(files: dict[str, pq.ParquetFile], target: Path) -> dict[str, int]:
    """One sheet per table in the workbook `target`, header row frozen."""
    try:
        from openpyxl import Workbook
    except ImportError as exc:
        raise SetupError("extract export --format xlsx needs openpyxl: pip install openpyxl") from exc
    workbook = Workbook(write_only=True)
    counts = {}
    for name, parquet in files.items():
        sheet = workbook.create_sheet(title=name)
        sheet.freeze_panes = "A2"
        rows = -1
        for row in table_rows(parquet, name):
            sheet.append([xlsx_cell(v) for v in row])
            rows += 1
        counts[name] = rows
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return counts


def export_dataset(out: Path, target: Path, fmt: str) -> dict[str, int]:
    """Write the dataset in folder `out` as `fmt` (csv or xlsx) to `target`; return each table's row count.
    The four files are read as one snapshot (extract.dataset.files.open_snapshot)."""
    files = open_snapshot(out)
    try:
        ordered = {name: files[name] for name in FILES}
        return export_xlsx(ordered, target) if fmt == "xlsx" else export_csv(ordered, target)
    finally:
        for parquet in files.values():
            parquet.close()
