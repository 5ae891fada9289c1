"""The Dask engine: the same outputs as the local engine, on a local cluster of two workers."""
from __future__ import annotations

import sys

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import CORPUS, SAMPLE, readable_corpus
from extract.cli import app

distributed = pytest.importorskip("distributed", reason="the Dask engine needs dask[distributed] (the test extra)")
runner = CliRunner()


@pytest.fixture(scope="module")
def scheduler():
    """The address of a local Dask cluster of two single-threaded worker processes."""
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    yield cluster.scheduler_address
    cluster.close()


def test_dask_engine_writes_the_local_engines_outputs(scheduler, tmp_path):
    corpus = readable_corpus(tmp_path / "corpus", scans=False)  # OCR is compared in tests/test_ocr.py
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n%%EOF")
    local, dask = tmp_path / "local", tmp_path / "dask"
    first = runner.invoke(app, ["run", str(corpus), "--out", str(local), "-j", "1", "-q"])
    second = runner.invoke(app, ["run", str(corpus), "--out", str(dask), "-q", "--engine", "dask",
                                 "--scheduler", scheduler])
    assert first.exit_code == second.exit_code == 1  # the broken PDF, recorded by both
    assert "FAILED" in second.output and "broken.pdf" in second.output
    for name in ("targets.parquet", "sections.parquet", "checks.parquet"):
        assert pq.read_table(local / name).equals(pq.read_table(dask / name)), name
    drop = ["seconds"]
    assert pq.read_table(local / "documents.parquet").drop(drop).equals(
        pq.read_table(dask / "documents.parquet").drop(drop))
    paths = pq.read_table(dask / "documents.parquet")["source_path"].to_pylist()  # a row per document: a file may hold several
    assert len(set(paths)) == len(list(corpus.glob("*"))) - len(list(corpus.glob("*.gold.yaml")))


def test_dask_engine_keeps_the_time_limit_and_goes_on(scheduler, tmp_path):
    from extract.batch import run_batch

    sample = (CORPUS / f"{SAMPLE}.txt").read_text(encoding="utf-8")
    (tmp_path / "a-long.txt").write_text("\n".join([sample] * 60), encoding="utf-8")  # seconds of work
    (tmp_path / "b-short.txt").write_text("Năm 2024, thu ngân sách đạt 5.000 tỷ đồng.\n", encoding="utf-8")
    summary = run_batch([tmp_path], time_limit_s=0.5, engine="dask", scheduler=scheduler)
    long, short = summary.results
    assert long.status == "failed" and "time limit of 0.5 s" in long.error and long.source_path.endswith("a-long.txt")
    assert long.doc_id and short.status == "ok" and [t.text for t in short.targets] == ["5.000 tỷ đồng"]


def test_dask_engine_without_its_package_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    (tmp_path / "a.txt").write_text("Thu ngân sách đạt 5.000 tỷ đồng.\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--engine", "dask"])
    assert result.exit_code == 2
    assert "pip install 'vn-resolution-extract[dask]'" in result.output


def test_scheduler_without_the_dask_engine_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("Thu ngân sách đạt 5.000 tỷ đồng.\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2 and "--engine dask" in result.output


def test_an_unanswering_scheduler_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text("Thu ngân sách đạt 5.000 tỷ đồng.\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--engine", "dask",
                                 "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in result.output
    assert not (tmp_path / "out" / "documents.parquet").exists()
