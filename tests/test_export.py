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
    real_write = pq.ParquetWriter.write_table

    def failing_write(self, table, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # the second row group: some files begun, none finished
            raise OSError("disk full")
        return real_write(self, table, *args, **kwargs)

    monkeypatch.setattr(export_module.pq.ParquetWriter, "write_table", failing_write)
    with pytest.raises(OSError, match="disk full"):
        export(corpus_run.results[:2], tmp_path)
    assert calls["n"] == 2
    assert {f: (tmp_path / f).read_bytes() for f in FILES.values()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FILES.values())
    for filename in FILES.values():
        pq.read_table(tmp_path / filename)  # every file is still a whole Parquet file


def test_rows_stream_in_row_groups_and_read_back_whole(corpus_run, tmp_path, monkeypatch):
    # Small row groups: a batch is written as it comes, in several groups, and reads back as one table
    # equal to writing it in one go.
    export(corpus_run.results, tmp_path / "whole")
    monkeypatch.setitem(export_module.ROW_GROUP_ROWS, "documents", 2)
    monkeypatch.setitem(export_module.CHUNK_ROWS, "documents", 1)
    monkeypatch.setitem(export_module.ROW_GROUP_ROWS, "targets", 50)
    monkeypatch.setitem(export_module.CHUNK_ROWS, "targets", 20)
    export(corpus_run.results, tmp_path / "groups")
    assert pq.ParquetFile(tmp_path / "groups" / FILES["targets"]).num_row_groups > 3
    assert pq.ParquetFile(tmp_path / "groups" / FILES["documents"]).num_row_groups >= len(corpus_run.results) // 2
    for filename in FILES.values():
        assert pq.read_table(tmp_path / "groups" / filename).equals(pq.read_table(tmp_path / "whole" / filename))


def test_a_sink_holds_less_than_a_row_group_per_table(corpus_run, tmp_path, monkeypatch):
    from extract.export import ParquetSink

    monkeypatch.setitem(export_module.ROW_GROUP_ROWS, "targets", 40)
    monkeypatch.setitem(export_module.CHUNK_ROWS, "targets", 10)
    with ParquetSink(tmp_path) as sink:
        for result in corpus_run.results:
            sink.write(result)
            assert len(sink.buffers["targets"]) < 10  # as dicts: less than a chunk
            assert sink.batched_rows["targets"] < 40  # as record batches: less than a row group
            assert len(sink.buffers["documents"]) < export_module.CHUNK_ROWS["documents"]
    assert pq.ParquetFile(tmp_path / FILES["targets"]).num_row_groups > 3
