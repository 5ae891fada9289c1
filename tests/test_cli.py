"""The command line, tested in-process on exit codes, messages and outputs."""
from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import CORPUS, SAMPLE, readable_corpus
from extract.cli import app

runner = CliRunner()


@pytest.fixture()
def mixed_folder(tmp_path):
    """Good files beside a corrupt PDF, an empty file and a PNG, one level down for recursion."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(CORPUS / f"{SAMPLE}.txt", folder / "good.txt")
    shutil.copy(CORPUS / f"{SAMPLE}.pdf", folder / "sub" / "good.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n%%EOF")
    (folder / "empty.docx").write_bytes(b"")
    (folder / "sub" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return folder


def test_run_processes_good_files_and_records_each_failure(mixed_folder, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(mixed_folder), "--out", str(out)])
    assert result.exit_code == 1
    for name, reason in (("broken.pdf", "damaged PDF"), ("empty.docx", "empty"), ("photo.png", "PNG image")):
        line = next(ln for ln in result.output.splitlines() if ln.startswith("FAILED") and name in ln)
        assert reason in line
    assert "2 documents ok, 3 failed" in result.output
    docs = {d["source_path"].rsplit("/", 1)[-1]: d for d in pq.read_table(out / "documents.parquet").to_pylist()}
    assert {n: d["status"] for n, d in docs.items()} == {
        "good.txt": "ok", "good.pdf": "ok", "broken.pdf": "failed", "empty.docx": "failed", "photo.png": "failed"}
    for d in docs.values():
        if d["status"] == "failed":
            assert d["error"] and "\n" not in d["error"]
            assert d["text"] is None
    targets = pq.read_table(out / "targets.parquet").to_pylist()
    assert {t["source_path"].rsplit("/", 1)[-1] for t in targets} == {"good.txt", "good.pdf"}
    assert len(targets) == 2 * 67


def test_a_failed_file_is_named_as_it_is_even_with_brackets(tmp_path):
    # rich would read "[nháp]" as markup and drop it: the file's name must reach the user whole
    bad = tmp_path / "báo cáo [nháp].pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n%%EOF")
    result = runner.invoke(app, ["run", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"FAILED {bad}: a damaged PDF file" in result.output


def test_run_on_good_files_exits_zero(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(CORPUS / f"{SAMPLE}.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 documents ok, 0 failed; 31 targets and 36 results found" in result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "checks.parquet", "documents.parquet", "sections.parquet", "targets.parquet"]


def test_run_on_a_missing_file_reports_it(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path / "missing.pdf"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "missing.pdf: cannot be read" in result.output


def test_run_on_an_empty_folder_says_so(tmp_path):
    result = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "No input files found" in result.output


def test_verify_prints_scores_and_passes_on_the_corpus(tmp_path):
    corpus = readable_corpus(tmp_path / "corpus")
    result = runner.invoke(app, ["verify", "--run", "--out", str(tmp_path / "out"), "--gold", str(corpus)])
    assert result.exit_code == 0, result.output
    assert f"{SAMPLE}.pdf: precision 1.000  recall 1.000" in result.output
    assert "micro: precision" in result.output


def test_verify_lists_misses_and_fails_below_thresholds(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    shutil.copy(CORPUS / f"{SAMPLE}.txt", gold)
    text = (CORPUS / f"{SAMPLE}.gold.yaml").read_text(encoding="utf-8")
    # a gold that claims a figure the document does not have, and mislabels 40 projects
    text = text.replace("value: 40, scale: 1, unit: project", "value: 41, scale: 1, unit: project")
    (gold / f"{SAMPLE}.gold.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["verify", "--run", "--out", str(tmp_path / "out"), "--gold", str(gold)])
    assert "MISS  actual '40 dự án'" in result.output
    assert "EXTRA actual '40 dự án'" in result.output
    assert "tp 66, fp 1, fn 1" in result.output
    assert result.exit_code == 0  # 66/67 = 0.985 is above the thresholds


def test_show_prints_metadata_and_outline(tmp_path):
    result = runner.invoke(app, ["show", str(CORPUS / f"{SAMPLE}.docx")])
    assert result.exit_code == 0, result.output
    assert "doc_number   01-NQ/TU" in result.output
    assert "II  MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP" in result.output
    assert "[31 targets, 0 results]" in result.output
    assert "    1.2  Thu ngân sách đạt 13.593,9 tỷ đồng (trong đó" in result.output


@pytest.mark.parametrize("command", ["run", "verify", "show"])
def test_every_command_has_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    callback = next(c.callback for c in app.registered_commands if c.callback.__name__ == command)
    assert callback.__doc__
    assert " ".join(callback.__doc__.split()[:4]) in " ".join(result.output.split())


def test_parallel_run_writes_the_same_outputs(tmp_path):
    one, two = tmp_path / "j1", tmp_path / "j2"
    corpus = readable_corpus(tmp_path / "corpus", scans=False)  # OCR is compared in tests/test_ocr.py
    assert runner.invoke(app, ["run", str(corpus), "--out", str(one), "-j", "1", "-q"]).exit_code == 0
    assert runner.invoke(app, ["run", str(corpus), "--out", str(two), "-j", "2", "-q"]).exit_code == 0
    for name in ("targets.parquet", "sections.parquet", "checks.parquet"):
        assert pq.read_table(one / name).equals(pq.read_table(two / name)), name
    drop = ["seconds"]
    assert pq.read_table(one / "documents.parquet").drop(drop).equals(pq.read_table(two / "documents.parquet").drop(drop))


def test_a_file_over_the_time_limit_fails_and_the_batch_goes_on(tmp_path):
    from extract.batch import run_batch
    from extract.pipeline import process_text

    process_text("Thu ngân sách đạt 5 tỷ đồng.")  # load the language pipeline outside the timed run
    sample = (CORPUS / f"{SAMPLE}.txt").read_text(encoding="utf-8")
    (tmp_path / "long.txt").write_text("\n".join([sample] * 40), encoding="utf-8")  # seconds of work
    (tmp_path / "short.txt").write_text("Năm 2024, thu ngân sách đạt 5.000 tỷ đồng.\n", encoding="utf-8")
    summary = run_batch([tmp_path / "long.txt", tmp_path / "short.txt"], time_limit_s=0.3)
    long, short = summary.results
    assert long.status == "failed" and "time limit of 0.3 s" in long.error and "\n" not in long.error
    assert short.status == "ok" and [t.text for t in short.targets] == ["5.000 tỷ đồng"]
    result = runner.invoke(app, ["run", str(tmp_path / "long.txt"), "--out", str(tmp_path / "out"),
                                 "--time-limit", "0.3", "-j", "1"])
    assert result.exit_code == 1 and "--time-limit" in result.output


def test_an_unchanged_rerun_keeps_rows_without_reading_and_force_reads_again(tmp_path):
    import pyarrow.parquet as pq

    folder = tmp_path / "in"
    folder.mkdir()
    for name in (f"{SAMPLE}.txt", "quang-ninh-45-2023-NQ-HDND.txt"):
        shutil.copy(CORPUS / name, folder / name)
    out = tmp_path / "out"
    first = runner.invoke(app, ["run", str(folder), "--out", str(out), "-j", "1", "-q"])
    assert first.exit_code == 0
    before = {name: pq.read_table(out / name) for name in ("targets.parquet", "sections.parquet")}
    again = runner.invoke(app, ["run", str(folder), "--out", str(out), "-j", "1", "-q"])
    assert "2 unchanged since the last run" in again.output and "0 targets and 0 results found" in again.output
    for name, table in before.items():
        assert pq.read_table(out / name).equals(table), name
    # a changed file is read again, the unchanged one kept
    changed = folder / "quang-ninh-45-2023-NQ-HDND.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("10,2%", "10,4%"), encoding="utf-8")
    third = runner.invoke(app, ["run", str(folder), "--out", str(out), "-j", "1", "-q"])
    assert "1 unchanged since the last run" in third.output
    values = {t["text"] for t in pq.read_table(out / "targets.parquet").to_pylist()}
    assert "10,4%" in values and "10,2%" not in values
    assert pq.read_table(out / "documents.parquet").num_rows == 2
    forced = runner.invoke(app, ["run", str(folder), "--out", str(out), "-j", "1", "-q", "--force"])
    assert "unchanged since" not in forced.output and "2 documents ok," in forced.output
