"""The hostile set (tests/make_hostile.py) through `extract run`, as a user would run it: every file
gets its expected status and reason; no output holds a traceback, a raw escape sequence, or text
pulled in through an XML entity; failed files keep only their documents row; control characters
change no figure."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import regex

from conftest import ROOT
from extract.pipeline import process_text
from extract.text.display import path_text
from make_hostile import FIGURE, RESOLUTION, SECRET, make_hostile

EXTRACT = str(Path(sys.executable).with_name("extract"))
CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The set, run once into a fresh folder with two workers: (cases, stdout, stderr, exit code, out)."""
    base = tmp_path_factory.mktemp("hostile")
    folder, out = base / "set", base / "out"
    cases = make_hostile(folder)
    done = subprocess.run([EXTRACT, "run", str(folder), "--out", str(out), "-j", "2"], capture_output=True,
                          cwd=ROOT, timeout=600, env={**os.environ, "COLUMNS": "200"})
    return cases, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"), done.returncode, \
        folder, out


def documents(out: Path) -> dict[str, dict]:
    return {row["source_path"]: row for row in pq.read_table(out / "documents.parquet").to_pylist()}


def test_every_hostile_file_gets_its_status_and_reason(hostile):
    cases, stdout, stderr, code, folder, out = hostile
    assert code == 1, stderr
    rows = documents(out)
    copies = {line.split(": the same content as ")[0][len("same   "):] for line in stdout.splitlines()
              if line.startswith("same ")}
    for case in cases:
        path = path_text(folder / case.name)
        row = rows.get(path)
        if row is None:  # the same content as another file of the set: one document, both paths
            row = next(r for r in rows.values() if path in (r["source_paths"] or []))
        assert row["status"] == case.status, (case.name, row["error"])
        if case.status == "failed":
            assert case.reason in row["error"], (case.name, row["error"])
            assert "\n" not in row["error"] and "Traceback" not in row["error"]
    assert len(rows) + len(copies) == len(cases)  # nothing left out, nothing twice


def test_no_output_holds_a_traceback_an_escape_sequence_or_entity_text(hostile):
    cases, stdout, stderr, code, folder, out = hostile
    for stream in (stdout, stderr):
        assert "Traceback" not in stream and "\x1b" not in stream and "\u202e" not in stream
        assert SECRET not in stream and "hahaha" not in stream
    assert "\\x1b[31m" in stdout  # the odd file name shown, escaped
    for name in ("documents", "targets", "sections", "checks"):
        table = pq.read_table(out / f"{name}.parquet")
        for column in table.column_names:
            if pa.types.is_string(table[column].type):
                values = [v for v in table[column].to_pylist() if v]
                assert not any(SECRET in v or "hahaha" in v for v in values), (name, column)
                if column not in ("source_path", "error"):  # the file names keep their characters
                    assert not any(CONTROL.search(v) for v in values), (name, column)


def test_failed_hostile_files_keep_only_their_documents_row(hostile):
    *_, out = hostile
    docs = pq.read_table(out / "documents.parquet")
    failed = pc.filter(docs["doc_id"], pc.equal(docs["status"], "failed"))
    assert len(failed) > 10
    for name in ("targets", "sections", "checks"):
        ids = pq.read_table(out / f"{name}.parquet", columns=["doc_id"])["doc_id"]
        assert not pc.any(pc.is_in(ids, value_set=failed)).as_py(), name


def test_control_characters_change_no_figure(hostile):
    cases, stdout, stderr, code, folder, out = hostile
    clean = process_text(RESOLUTION + "\n")
    row = documents(out)[str(folder / "control-characters.txt")]
    targets = pq.read_table(out / "targets.parquet").filter(pc.equal(pq.read_table(out / "targets.parquet")["doc_id"],
                                                                      row["doc_id"])).to_pylist()
    assert sorted((t["value"], t["unit"]) for t in targets) == sorted((t.value, t.unit) for t in clean.targets)
    for t in targets:
        assert row["text"][t["char_start"]:t["char_end"]] == t["text"]
    assert "[31m" not in row["text"] and "owned" not in row["text"]  # the escape sequences went whole


def test_readable_hostile_files_give_their_figures(hostile):
    cases, stdout, stderr, code, folder, out = hostile
    rows = documents(out)
    targets = pq.read_table(out / "targets.parquet", columns=["doc_id", "text", "page"]).to_pylist()
    for case in cases:
        row = rows.get(path_text(folder / case.name))
        if case.status == "ok" and row is not None:
            texts = [t["text"] for t in targets if t["doc_id"] == row["doc_id"]]
            assert any(FIGURE in t for t in texts), case.name
    last = rows[str(folder / "many-pages-figure-last.pdf")]
    pages = {t["page"] for t in targets if t["doc_id"] == last["doc_id"]}
    assert pages == {last["pages"]} and last["ocr_pages"] == []  # the figure on its last page, no page OCR'd
