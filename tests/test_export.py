"""Parquet export: declared schemas, and atomic writes."""
from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from extract import export as export_module
from extract.export import FILES, export, schemas


def test_written_files_have_the_declared_schemas(corpus_outputs):
    for name, filename in FILES.items():
        written = pq.read_schema(corpus_outputs / filename)
        assert written.names == schemas()[name].names
        for field in schemas()[name]:
            assert str(written.field(field.name).type).replace("element", "item") == str(field.type), field.name


def test_a_failed_write_leaves_the_previous_file_and_no_debris(corpus_run, tmp_path, monkeypatch):
    export(corpus_run.results, tmp_path)
    before = {f: (tmp_path / f).read_bytes() for f in FILES.values()}
    calls = {"n": 0}
    real_write = pq.write_table

    def failing_write(table, where, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            with open(where, "wb") as fh:
                fh.write(b"half a file")
            raise OSError("disk full")
        return real_write(table, where, **kwargs)

    monkeypatch.setattr(export_module.pq, "write_table", failing_write)
    with pytest.raises(OSError, match="disk full"):
        export(corpus_run.results[:1], tmp_path)
    assert (tmp_path / FILES["documents"]).read_bytes() == before[FILES["documents"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES.values())
    for filename in FILES.values():
        pq.read_table(tmp_path / filename)  # every file is still a whole Parquet file
