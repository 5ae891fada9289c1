"""The output folder as a dataset (extract.dataset.store): runs that add to it, replace only their
own documents, change nothing when they read nothing, wait for each other, and clean up after a
killed run; duplicates as one document; base values; the data dictionary; spreadsheet exports."""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import CORPUS, ROOT, SAMPLE
from contract import contract_problems
from extract.cli import app
from extract.dataset import files as dataset_files
from extract.dataset.lock import DatasetLock
from extract.dataset.spreadsheet import CELL_LIMIT, cell_value
from extract.export import FILES, ParquetSink, schemas

runner = CliRunner()
EXTRACT = str(Path(sys.executable).with_name("extract"))
BATCH_ONE = (f"{SAMPLE}.txt", "quang-ninh-45-2023-NQ-HDND.txt")
BATCH_TWO = ("can-tho-18-NQ-HDND-2023.txt", "ha-tinh-92-NQ-HDND-2022.txt")


def batch(folder: Path, names: tuple[str, ...]) -> Path:
    """A folder holding copies of the named corpus documents."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def run(*args: str):
    return runner.invoke(app, ["run", *args, "-j", "1"])


def table(out: Path, name: str) -> pa.Table:
    return pq.read_table(out / FILES[name])


def folder_bytes(folder: Path) -> dict[str, bytes]:
    """Every file of a folder (hidden ones too) and its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def rows_of(out: Path, name: str, doc_ids: set[str]) -> list[dict]:
    t = table(out, name)
    return t.filter(pc.is_in(t["doc_id"], value_set=pa.array(sorted(doc_ids)))).drop(
        [c for c in ("seconds",) if c in t.column_names]).to_pylist()


def test_two_batches_into_one_folder_keep_the_first_and_add_the_second(tmp_path):
    out = tmp_path / "out"
    first = run(str(batch(tmp_path / "one", BATCH_ONE)), "--out", str(out))
    assert first.exit_code == 0, first.output
    ids_one = set(table(out, "documents")["doc_id"].to_pylist())
    before = {name: rows_of(out, name, ids_one) for name in FILES}
    second = run(str(batch(tmp_path / "two", BATCH_TWO)), "--out", str(out))
    assert second.exit_code == 0, second.output
    docs = table(out, "documents")
    assert docs.num_rows == 4 and len(set(docs["doc_id"].to_pylist())) == 4
    for name in FILES:
        assert rows_of(out, name, ids_one) == before[name], name  # the first batch's rows intact
    names = {Path(p).name for p in docs["source_path"].to_pylist()}
    assert names == set(BATCH_ONE) | set(BATCH_TWO)
    targets = table(out, "targets")
    n_target = pc.sum(pc.equal(targets["kind"], "target")).as_py()
    # the summary states this run's figures and the dataset's totals
    line = second.output.strip().splitlines()[-1]
    assert line.startswith("2 documents ok, 0 failed;")
    assert f"now holds 4 documents (0 failed), {n_target} targets and {targets.num_rows - n_target} results" in line
    assert contract_problems(out) == []


def test_a_run_on_a_missing_path_or_of_failing_files_leaves_the_folder_byte_identical(tmp_path):
    out = tmp_path / "out"
    assert run(str(batch(tmp_path / "one", BATCH_ONE)), "--out", str(out)).exit_code == 0
    before = folder_bytes(out)
    missing = run(str(tmp_path / "missing.pdf"), "--out", str(out))
    assert missing.exit_code == 1
    assert "missing.pdf: cannot be read" in missing.output
    assert [ln for ln in missing.output.splitlines() if "unchanged" in ln] == [missing.output.strip().splitlines()[-1]]
    assert "no document could be read, so" in missing.output and "is unchanged (it holds 2 documents" in missing.output
    assert folder_bytes(out) == before
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n%%EOF")
    (bad / "empty.docx").write_bytes(b"")
    failing = run(str(bad), "--out", str(out), "--fresh")  # not even --fresh replaces a dataset with nothing
    assert failing.exit_code == 1 and "0 documents ok, 2 failed" in failing.output
    assert folder_bytes(out) == before
    fresh = tmp_path / "never"
    assert run(str(tmp_path / "missing.pdf"), "--out", str(fresh)).exit_code == 1
    assert not fresh.exists()  # a run that reads nothing does not even make the folder


def test_failed_documents_have_a_failed_row_and_no_other_rows(tmp_path):
    folder = batch(tmp_path / "in", (f"{SAMPLE}.txt",))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n%%EOF")
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)).exit_code == 1
    failed = [d for d in table(out, "documents").to_pylist() if d["status"] == "failed"]
    assert [Path(d["source_path"]).name for d in failed] == ["broken.pdf"]
    assert failed[0]["text"] is None and failed[0]["rendition_key"] is None
    for name in ("targets", "sections", "checks"):
        assert failed[0]["doc_id"] not in set(table(out, name)["doc_id"].to_pylist()), name


def test_the_same_content_under_two_paths_is_one_document_and_joins_never_multiply(tmp_path):
    folder = batch(tmp_path / "in", BATCH_ONE)
    shutil.copy(folder / f"{SAMPLE}.txt", folder / "copy-of-the-sample.txt")
    out = tmp_path / "out"
    result = run(str(folder), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "the same content as" in result.output
    docs = table(out, "documents").to_pylist()
    assert len(docs) == 2 and len({d["doc_id"] for d in docs}) == 2
    sample = next(d for d in docs if len(d["source_paths"]) == 2)
    assert sorted(Path(p).name for p in sample["source_paths"]) == ["copy-of-the-sample.txt", f"{SAMPLE}.txt"]
    assert sample["source_path"] == sample["source_paths"][0]
    targets = table(out, "targets")
    assert pc.sum(pc.equal(targets["doc_id"], sample["doc_id"])).as_py() == 67  # read once, not twice
    # the README's join (targets JOIN documents USING (doc_id)): one row per figure
    joined = targets.select(["doc_id", "year", "value"]).join(
        table(out, "documents").select(["doc_id", "province"]), "doc_id", join_type="inner")
    assert joined.num_rows == targets.num_rows
    # a third copy in a later run: a path added to the document, nothing read
    shutil.copy(folder / f"{SAMPLE}.txt", folder / "third.txt")
    again = run(str(folder / "third.txt"), "--out", str(out))
    assert "1 unchanged since the last run" in again.output and "0 targets and 0 results found" in again.output
    paths = {Path(p).name for d in table(out, "documents").to_pylist() for p in d["source_paths"]}
    assert "third.txt" in paths and table(out, "targets").num_rows == targets.num_rows


def test_a_changed_path_replaces_only_the_document_that_only_it_pointed_to(tmp_path):
    folder = batch(tmp_path / "in", (f"{SAMPLE}.txt",))
    shutil.copy(folder / f"{SAMPLE}.txt", folder / "copy.txt")
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)).exit_code == 0
    old_id = table(out, "documents")["doc_id"][0].as_py()
    copy = folder / "copy.txt"
    copy.write_text(copy.read_text(encoding="utf-8").replace("13.593,9", "13.600,0"), encoding="utf-8")
    assert run(str(copy), "--out", str(out)).exit_code == 0
    docs = {d["doc_id"]: d for d in table(out, "documents").to_pylist()}
    assert len(docs) == 2 and old_id in docs  # the original still has a path holding its content
    assert [Path(p).name for p in docs[old_id]["source_paths"]] == [f"{SAMPLE}.txt"]
    new = next(d for i, d in docs.items() if i != old_id)
    assert [Path(p).name for p in new["source_paths"]] == ["copy.txt"]
    # now the last path of the original changes too: the original goes, with its rows
    sample = folder / f"{SAMPLE}.txt"
    sample.write_text(sample.read_text(encoding="utf-8").replace("13.593,9", "13.700,0"), encoding="utf-8")
    assert run(str(sample), "--out", str(out)).exit_code == 0
    assert old_id not in set(table(out, "documents")["doc_id"].to_pylist())
    for name in ("targets", "sections", "checks"):
        assert old_id not in set(table(out, name)["doc_id"].to_pylist()), name
    assert contract_problems(out) == []


def test_fresh_starts_the_folder_over(tmp_path):
    out = tmp_path / "out"
    assert run(str(batch(tmp_path / "one", BATCH_ONE)), "--out", str(out)).exit_code == 0
    assert run(str(batch(tmp_path / "two", BATCH_TWO[:1])), "--out", str(out), "--fresh").exit_code == 0
    assert [Path(p).name for p in table(out, "documents")["source_path"].to_pylist()] == [BATCH_TWO[0]]


def start_run(folder: Path, out: Path, log: Path) -> subprocess.Popen:
    with open(log, "w") as stderr:
        return subprocess.Popen([EXTRACT, "run", str(folder), "--out", str(out), "-j", "1", "-q"],
                                stdout=subprocess.DEVNULL, stderr=stderr, text=True, cwd=ROOT)


def test_two_concurrent_runs_wait_for_each_other_and_both_batches_are_kept(tmp_path):
    out = tmp_path / "out"
    one, two = batch(tmp_path / "one", BATCH_ONE), batch(tmp_path / "two", BATCH_TWO)
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    with DatasetLock(out):  # held here while both start: each must wait, then they take turns
        runs = [start_run(one, out, logs[0]), start_run(two, out, logs[1])]
        deadline = time.monotonic() + 120
        while not all("Waiting for another run into" in log.read_text() for log in logs):
            assert time.monotonic() < deadline and all(r.poll() is None for r in runs)
            time.sleep(0.1)
    for r, log in zip(runs, logs):
        assert r.wait(timeout=300) == 0, log.read_text()
        assert len(log.read_text().strip().splitlines()) == 1  # the one line that says it waits
    names = {Path(p).name for p in table(out, "documents")["source_path"].to_pylist()}
    assert names == set(BATCH_ONE) | set(BATCH_TWO)
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES.values())  # no lock or temporary file left
    assert contract_problems(out) == []


def test_a_run_that_will_not_wait_fails_in_one_line(tmp_path):
    out = tmp_path / "out"
    folder = batch(tmp_path / "one", BATCH_ONE[:1])
    with DatasetLock(out):
        result = run(str(folder), "--out", str(out), "--no-wait")
        assert result.exit_code == 2
        assert len(result.output.strip().splitlines()) == 1 and "in use by another run" in result.output
        timed = run(str(folder), "--out", str(out), "--lock-timeout", "0.3")
        assert timed.exit_code == 2 and "after 0.3 s" in timed.output
    assert run(str(folder), "--out", str(out), "--no-wait").exit_code == 0


def test_a_killed_runs_temporary_files_are_removed_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    assert run(str(batch(tmp_path / "one", BATCH_ONE)), "--out", str(out)).exit_code == 0
    before = {name: table(out, name) for name in FILES}
    many = tmp_path / "many"
    many.mkdir()
    text = (CORPUS / f"{SAMPLE}.txt").read_text(encoding="utf-8")
    for i in range(30):  # different contents, long enough to take seconds of work in all
        (many / f"doc{i:02d}.txt").write_text("\n".join([text] * 8).replace("13.593,9", f"13.{i:03d},9"),
                                             encoding="utf-8")
    process = subprocess.Popen([EXTRACT, "run", str(many), "--out", str(out), "-j", "1", "-q"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 120
    while not any(dataset_files.is_temporary(p.name) for p in out.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    debris = [p.name for p in out.iterdir() if dataset_files.is_temporary(p.name)]
    assert debris, "the run was killed before it wrote anything"
    for name in FILES:
        assert table(out, name).equals(before[name]), name  # the killed run replaced nothing
    result = run(str(batch(tmp_path / "two", BATCH_TWO[:1])), "--out", str(out))
    assert result.exit_code == 0, result.output
    files = "file" if len(debris) == 1 else "files"  # the sink opens its four files one after another
    assert f"removed {len(debris)} temporary {files} of a run that did not finish" in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES.values())
    assert table(out, "documents").num_rows == 3


def test_a_commit_interrupted_between_renames_is_finished_by_the_next_run(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run(str(batch(tmp_path / "one", BATCH_ONE)), "--out", str(out)).exit_code == 0
    sink = ParquetSink(out)
    for name in FILES:  # a new write of the same rows under a new generation
        for b in pq.ParquetFile(out / FILES[name]).iter_batches():
            sink.add_batch(name, b)
    temps = sink.finish()
    real_replace, calls = os.replace, {"n": 0}

    def crash_after_two(src, dst):
        if str(dst).endswith(".parquet"):
            calls["n"] += 1
            if calls["n"] == 3:
                raise KeyboardInterrupt("killed")
        return real_replace(src, dst)

    monkeypatch.setattr(dataset_files.os, "replace", crash_after_two)
    with pytest.raises(KeyboardInterrupt):
        dataset_files.commit_files(out, temps, sink.generation)
    monkeypatch.setattr(dataset_files.os, "replace", real_replace)
    assert (out / dataset_files.JOURNAL_NAME).exists()
    with pytest.raises(dataset_files.DatasetError, match="of different runs"):
        dataset_files.open_snapshot(out, attempts=2, pause=0)
    result = run(str(batch(tmp_path / "two", BATCH_TWO[:1])), "--out", str(out))
    assert "finished the commit an interrupted run had begun" in result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES.values())
    dataset_files.open_snapshot(out)  # one generation again
    assert table(out, "documents").num_rows == 3 and contract_problems(out) == []


def test_renditions_of_one_resolution_share_a_rendition_key(tmp_path):
    folder = batch(tmp_path / "in", (f"{SAMPLE}.txt", f"{SAMPLE}.docx", "quang-ninh-45-2023-NQ-HDND.txt"))
    out = tmp_path / "out"
    assert run(str(folder), "--out", str(out)).exit_code == 0
    keys = {Path(d["source_path"]).name: d["rendition_key"] for d in table(out, "documents").to_pylist()}
    assert keys[f"{SAMPLE}.txt"] == keys[f"{SAMPLE}.docx"] == "tinh uy hung yen|01-nq/tu|2020-11-26"
    assert keys["quang-ninh-45-2023-NQ-HDND.txt"] != keys[f"{SAMPLE}.txt"]


def test_base_values_and_indicator_labels(corpus_outputs):
    from extract.export import indicator_labels

    rows = pq.read_table(corpus_outputs / FILES["targets"]).to_pylist()
    for r in rows:
        for column in ("value", "value_low", "value_high"):
            if r[column] is None:
                assert r[f"{column}_base"] is None
            else:
                assert r[f"{column}_base"] == pytest.approx(r[column] * r["scale"], rel=1e-12)
        assert r["indicator_label"] == (indicator_labels()[r["indicator"]] if r["indicator"] else None)
    revenue = next(r for r in rows if r["text"] == "13.593,9 tỷ đồng")
    assert revenue["value_base"] == 13_593_900_000_000 and revenue["indicator_label"] == "thu ngân sách nhà nước"


def test_every_column_of_the_schema_is_in_the_data_dictionary():
    text = (ROOT / "docs" / "DATA_DICTIONARY.md").read_text(encoding="utf-8")
    for name, schema in schemas().items():
        section = text.split(f"## {FILES[name]}")[1].split("\n## ")[0]
        described = re.findall(r"^\| (\w+) \| ([^|]+) \|", section, flags=re.M)
        declared = [(f.name, str(f.type).replace("list<item: ", "list<").replace("list<element: ", "list<"))
                    for f in schema]
        assert [c for c, _ in described if c != "column"] == [c for c, _ in declared], name
        types = dict(described)
        for column, kind in declared:
            assert types[column].strip() == {"double": "float64", "date32[day]": "date32"}.get(kind, kind), column


@pytest.fixture(scope="module")
def accumulated(tmp_path_factory):
    """A dataset made by two runs, for the exports."""
    tmp = tmp_path_factory.mktemp("accumulated")
    out = tmp / "out"
    assert run(str(batch(tmp / "one", BATCH_ONE)), "--out", str(out)).exit_code == 0
    assert run(str(batch(tmp / "two", BATCH_TWO)), "--out", str(out)).exit_code == 0
    return out


@pytest.mark.parametrize("target", ["tables", "tables.zip"])
def test_export_csv_keeps_vietnamese_and_integers(accumulated, tmp_path, target):
    result = runner.invoke(app, ["export", "--out", str(accumulated), "--format", "csv", str(tmp_path / target)])
    assert result.exit_code == 0, result.output
    if target.endswith(".zip"):
        with zipfile.ZipFile(tmp_path / target) as archive:
            assert sorted(archive.namelist()) == sorted(f"{n}.csv" for n in FILES)
            raw = archive.read("targets.csv")
    else:
        raw = (tmp_path / target / "targets.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == table(accumulated, "targets").num_rows
    revenue = next(r for r in rows if r["text"] == "13.593,9 tỷ đồng")
    assert revenue["indicator_label"] == "thu ngân sách nhà nước"
    assert revenue["year"] == "2021" and revenue["char_start"].isdigit() and revenue["value_base"] == "13593900000000"
    assert revenue["value"] == "13593.9" and revenue["scale"] == "1000000000"


def test_export_xlsx_has_a_sheet_per_table_with_integers_and_vietnamese(accumulated, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "dataset.xlsx"
    result = runner.invoke(app, ["export", "--out", str(accumulated), "--format", "xlsx", str(target)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(target, read_only=True)
    assert book.sheetnames == list(FILES)
    sheet = book["targets"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == schemas()["targets"].names
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == table(accumulated, "targets").num_rows
    revenue = next(r for r in rows if r["text"] == "13.593,9 tỷ đồng")
    assert revenue["indicator_label"] == "thu ngân sách nhà nước"
    assert isinstance(revenue["year"], int) and isinstance(revenue["value_base"], int) and revenue["value"] == 13593.9
    docs = book["documents"]
    dheader = [c.value for c in next(docs.iter_rows(max_row=1))]
    for row in docs.iter_rows(min_row=2):
        d = dict(zip(dheader, (c.value for c in row)))
        assert len(d["text"]) <= CELL_LIMIT
        if d["province"] == "Hưng Yên":
            assert "TỈNH ỦY HƯNG YÊN" in d["text"].upper()


def test_a_text_longer_than_a_cell_is_cut_with_a_note():
    text = "Thu ngân sách " * 5000
    cut = cell_value(text, "documents", "text")
    assert len(cut) == CELL_LIMIT and cut.startswith("Thu ngân sách") and "cut: 70,000 characters" in cut
    assert cell_value(40.0, "targets", "value") == 40 and isinstance(cell_value(40.0, "targets", "value"), int)
    assert cell_value(["a", "b"], "documents", "source_paths") == "a | b"


def test_the_accumulated_folder_is_read_by_duckdb_with_the_readmes_join(accumulated):
    t, d = accumulated / FILES["targets"], accumulated / FILES["documents"]
    con = duckdb.connect()
    joined = con.execute(f"SELECT count(*) FROM '{t}' t JOIN '{d}' d USING (doc_id)").fetchall()[0][0]
    assert joined == table(accumulated, "targets").num_rows
    rows = con.execute(f"SELECT d.province, t.year, t.value_base FROM '{t}' t JOIN '{d}' d USING (doc_id) "
                      "WHERE t.indicator = 'budget_revenue' AND t.text = '13.593,9 tỷ đồng'").fetchall()
    assert rows == [("Hưng Yên", 2021, 13_593_900_000_000.0)]
