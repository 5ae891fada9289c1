"""Faults around a run: Ctrl-C once and twice, an --out that cannot be written, limits set on the
command line, a worker that dies, and what reaches the terminal from file names and documents."""
from __future__ import annotations

import faulthandler
import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CORPUS, ROOT, SAMPLE
from extract.cli import app
from extract.models import Block, RawDocument
from extract.normalise import normalise
from extract.text.display import path_text, terminal_safe
from make_hostile import RESOLUTION, blank_pdf

runner = CliRunner()
EXTRACT = str(Path(sys.executable).with_name("extract"))
CONTROLS = "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\u202e\u2066"


def slow_folder(folder: Path, n: int = 24) -> Path:
    """Documents that take seconds each, so that a run is still reading when it is interrupted."""
    folder.mkdir()
    text = (CORPUS / f"{SAMPLE}.txt").read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"doc{i:02d}.txt").write_text("\n".join([text] * 6).replace("13.593,9", f"13.{i:03d},9"),
                                                encoding="utf-8")
    return folder


def interrupt(tmp_path: Path, times: int, *options: str) -> tuple[int, str, float, Path]:
    """Start `extract run -j 2 OPTIONS` on slow documents into a folder holding a dataset, send
    SIGINT to its process group (as a terminal's Ctrl-C does) `times` times once it is reading;
    (exit status, standard error, seconds from the first signal to the exit, output folder).
    Within 10 s of the exit no process of the run is left (a worker left reading would hold the
    folder's lock)."""
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(CORPUS / f"{SAMPLE}.txt"), "--out", str(out), "-j", "1"]).exit_code == 0
    log = tmp_path / "err.log"
    with open(log, "wb") as err:
        process = subprocess.Popen([EXTRACT, "run", str(slow_folder(tmp_path / "in")), "--out", str(out), "-j", "2",
                                    *options],
                                   stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT, start_new_session=True)
        deadline = time.monotonic() + 120
        while not any(p.name.endswith(".tmp") for p in out.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)  # the run has begun writing: workers are reading
        time.sleep(0.5)
        first = time.monotonic()
        for _ in range(times):
            os.killpg(process.pid, signal.SIGINT)
            time.sleep(0.05)
        try:
            code = process.wait(timeout=60)  # a hang fails here, not by SIGKILL from outside
            ended = time.monotonic()
            gone_by = time.monotonic() + 10
            while group_alive(process.pid) and time.monotonic() < gone_by:
                time.sleep(0.05)  # what outlives the run (multiprocessing's resource tracker) writes too
            assert not group_alive(process.pid), "a process of the interrupted run is still alive"
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
    return code, log.read_text(encoding="utf-8"), ended - first, out


def group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def dataset_bytes(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.suffix == ".parquet"}


ENGINES = [["--engine", "local"], pytest.param(["--engine", "dask"], id="dask", marks=pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None, reason="the Dask engine is an extra"))]


@pytest.mark.parametrize("engine", ENGINES)
def test_one_ctrl_c_stops_the_workers_and_leaves_the_folder_unchanged(tmp_path, engine):
    """Dask's local cluster too: its workers print nothing of their own (no traceback, no log)."""
    code, err, seconds, out = interrupt(tmp_path, 1, *engine)
    assert code == 130
    assert err.strip().splitlines() == [f"Interrupted: the run was stopped and its workers ended; {out} is unchanged."]
    assert "Traceback" not in err
    assert pq.read_table(out / "documents.parquet").num_rows == 1  # only the earlier run's document
    assert sorted(p.name for p in out.iterdir()) == ["checks.parquet", "documents.parquet", "sections.parquet",
                                                     "targets.parquet"]
    print(f"exited {seconds:.2f} s after Ctrl-C")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_second_ctrl_c_ends_the_run_at_once_and_the_next_run_tidies_up(tmp_path, engine):
    code, err, seconds, out = interrupt(tmp_path, 2, *engine)
    assert code == 130 and "Traceback" not in err and " - ERROR - " not in err and "Warning" not in err
    assert err.strip().splitlines()[-1].startswith("Interrupted")
    assert pq.read_table(out / "documents.parquet").num_rows == 1
    again = runner.invoke(app, ["run", str(CORPUS / f"{SAMPLE}.txt"), "--out", str(out), "-j", "1"])
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in out.iterdir()) == ["checks.parquet", "documents.parquet", "sections.parquet",
                                                     "targets.parquet"]


def test_ctrl_c_while_the_command_loads_is_one_line_and_exit_130(tmp_path):
    """Loading `extract run` imports spaCy and the readers for about a second: a Ctrl-C then is no
    traceback from whatever import it lands in."""
    process = subprocess.Popen([EXTRACT, "run", str(CORPUS / f"{SAMPLE}.txt"), "--out", str(tmp_path / "out")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT, start_new_session=True)
    time.sleep(0.4)
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    lines = err.decode("utf-8").strip().splitlines()
    assert process.returncode == 130
    assert len(lines) == 1 and lines[0].startswith("Interrupted"), lines
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*.parquet"))


def test_a_signal_inside_held_is_raised_where_the_code_allows():
    """Under `interruptible`, a first Ctrl-C inside `held()` runs none of the block's code twice and
    skips none of it: it comes out as KeyboardInterrupt at raise_if_interrupted or as the outermost
    block ends."""
    from extract.interrupts import SIGNALS, held, interruptible, raise_if_interrupted

    def interrupted_once(block) -> list[str]:
        reached: list[str] = []
        previous = {s: signal.getsignal(s) for s in SIGNALS}
        try:
            with interruptible("again"), pytest.raises(KeyboardInterrupt):
                block(reached)
        finally:  # an interrupted block leaves its handler in place (for a second signal)
            for s, h in previous.items():
                signal.signal(s, h)
        return reached

    def nested(reached):
        with held():
            with held():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.01)  # the handler has run by now
                reached.append("inner")
            reached.append("outer")  # the inner block's end does not raise
        reached.append("after the block")

    def asked(reached):
        with held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.01)
            reached.append("before")
            raise_if_interrupted()
            reached.append("after")

    def not_held(reached):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.01)
        reached.append("after the signal")

    assert interrupted_once(nested) == ["inner", "outer"]
    assert interrupted_once(asked) == ["before"]
    assert interrupted_once(not_held) == []


# A worker that dies having sent part of its result: the header of a 1 MB message and 10 bytes.
MID_SEND = """
import gc, multiprocessing.queues, struct, sys, time
from extract.batch.local import new_pool, stop_workers

def half_sent():
    queue = next(o for o in gc.get_objects() if isinstance(o, multiprocessing.queues.SimpleQueue))
    queue._writer._send(struct.pack("!i", 1_000_000) + b"0123456789")
    time.sleep(60)

if __name__ == "__main__":
    pool = new_pool(1)
    pool.submit(half_sent)
    time.sleep(2)  # the pool's manager thread is reading the message
    stop_workers(pool)
    print("stopped", flush=True)
"""


def test_a_worker_ended_while_sending_its_result_does_not_hold_the_exit(tmp_path):
    """The pool's manager thread, left reading a message its worker never finished, once kept the
    interpreter from exiting after an interrupted run (it joins that thread)."""
    script = tmp_path / "mid_send.py"
    script.write_text(MID_SEND, encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "stopped\n", done.stderr
    assert time.monotonic() - started < 20


def test_the_workers_of_a_killed_run_end_with_it_and_free_the_folder(tmp_path):
    """SIGKILL to the main process alone (the out-of-memory killer's way): its workers end too,
    instead of reading on as orphans that hold the folder's lock, inherited from it."""
    out = tmp_path / "out"
    process = subprocess.Popen([EXTRACT, "run", str(slow_folder(tmp_path / "in")), "--out", str(out), "-j", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not (out.is_dir() and any(p.name.endswith(".tmp") for p in out.iterdir())) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        gone_by = time.monotonic() + 10
        while group_alive(process.pid) and time.monotonic() < gone_by:
            time.sleep(0.05)
        assert not group_alive(process.pid), "a worker of the killed run is still alive"
    finally:
        if group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
    again = runner.invoke(app, ["run", str(CORPUS / f"{SAMPLE}.txt"), "--out", str(out), "-j", "1", "--no-wait"])
    assert again.exit_code == 0, again.output


@pytest.mark.parametrize("where, problem", [
    ("a-file", "it is a file, not a folder"),
    ("a-file/under", "a-file is a file, not a folder"),
])
def test_an_out_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, where, problem):
    (tmp_path / "a-file").write_text("not a folder")
    result = runner.invoke(app, ["run", str(CORPUS / f"{SAMPLE}.txt"), "--out", str(tmp_path / where)])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and problem in result.output
    assert "Traceback" not in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes any folder")
def test_an_unwritable_out_is_one_line_and_exit_2(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = runner.invoke(app, ["run", str(CORPUS / f"{SAMPLE}.txt"), "--out", str(locked / "out")])
    assert result.exit_code == 2 and "permission denied" in result.output


def test_limits_are_set_on_the_command_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "two-pages.pdf").write_bytes(blank_pdf(2))
    (folder / "resolution.txt").write_text(RESOLUTION, encoding="utf-8")
    result = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "out"), "-j", "1", "--max-pages", "1",
                                 "--max-chars", "100"])
    assert result.exit_code == 1
    assert "a PDF of 2 pages, more than the limit of 1 (raise it with --max-pages)" in result.output
    assert "more than the limit of 100 (raise it with --max-chars)" in result.output


def test_file_names_reach_the_terminal_escaped(tmp_path):
    name = os.fsdecode(b"b\xe1o c\xc3\xa1o \x1b[31m\xe2\x80\xae.txt")  # a byte that is not UTF-8, ESC, RTL override
    path = tmp_path / name
    path.write_text(RESOLUTION, encoding="utf-8")
    result = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "b\\xe1o cáo \\x1b[31m\\u202e.txt" in result.output
    assert pq.read_table(tmp_path / "out" / "documents.parquet")["source_path"].to_pylist() == [path_text(path)]


def test_show_writes_no_escape_sequence_of_the_document(tmp_path):
    path = tmp_path / "resolution.txt"
    path.write_text(RESOLUTION.replace("Mục tiêu", "Mục \x1b]0;owned\x07tiêu \x1b[2J"), encoding="utf-8")
    result = runner.invoke(app, ["show", str(path)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "owned" not in result.output


@given(st.text(alphabet=st.sampled_from(list(CONTROLS) + list("aăâđê7,5% \nTổng"))))
@settings(max_examples=300, deadline=None)
def test_terminal_safe_leaves_no_control_character(text):
    shown = terminal_safe(text)
    assert not any(ch in shown for ch in CONTROLS)
    assert terminal_safe(shown) == shown


@given(st.lists(st.text(alphabet=st.sampled_from(list(CONTROLS) + list("Tổng sản phẩm tăng 7,5% [31m\r")), min_size=1),
                min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_normalised_text_holds_no_control_character_and_maps_to_the_raw_text(lines):
    raw = RawDocument(source_path="<t>", format="text", sha256="0" * 64, pages=None,
                      blocks=[Block(text=line) for line in lines])
    norm = normalise(raw)
    assert not any(ch in norm.text for ch in CONTROLS + "\r")
    assert len(norm.offsets) == len(norm.text)
    for ch, offset in zip(norm.text, norm.offsets):
        assert 0 <= offset <= len(norm.raw_text)
        if ch.isdigit():
            assert norm.raw_text[offset] == ch  # every digit is the raw file's own


def crash_on(name: str):
    """A stand-in for `process_file` that crashes its process as a C library's fault does (SIGSEGV)
    on the file called `name`, and reads every other file as usual."""
    from extract.batch import local

    real = local.process_file

    def process(path, **options):
        if Path(path).name == name:
            faulthandler.disable()  # pytest's handler would print the worker's stack
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(path, **options)
    return process


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_that_crashes_its_worker_fails_alone_and_the_batch_goes_on(tmp_path, monkeypatch, jobs):
    """One job as two: a crash in a library while reading a file costs that file only (the workers
    are forked, so they read with the stand-in)."""
    from extract.batch import local, run_batch
    from extract.batch.local import WORKER_DIED

    for name in ("a.txt", "crash.txt", "c.txt"):
        (tmp_path / name).write_text(RESOLUTION, encoding="utf-8")
    monkeypatch.setattr(local, "process_file", crash_on("crash.txt"))
    summary = run_batch([tmp_path], jobs=jobs)
    assert [(Path(r.source_path).name, r.status) for r in summary.results] == [
        ("a.txt", "ok"), ("c.txt", "ok"), ("crash.txt", "failed")]
    assert summary.results[2].error == WORKER_DIED
    assert summary.results[0].targets and summary.results[1].targets


def test_in_process_reads_the_files_in_this_process(tmp_path, monkeypatch):
    from extract.batch import local, run_batch

    (tmp_path / "a.txt").write_text(RESOLUTION, encoding="utf-8")
    readers = []
    real = local.process_file
    monkeypatch.setattr(local, "process_file", lambda path, **options: readers.append(os.getpid()) or real(path, **options))
    assert run_batch([tmp_path], in_process=True).results[0].status == "ok"
    assert runner.invoke(app, ["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--in-process",
                               "-q"]).exit_code == 0
    assert readers == [os.getpid(), os.getpid()]



def collector_state() -> tuple[tuple[int, int, int], int]:
    import gc

    return gc.get_threshold(), gc.get_freeze_count()


def test_a_worker_keeps_what_it_inherits_out_of_the_collector_s_walks():
    """A worker freezes the objects it was forked with (the language pipeline, the data files) and
    collects less often: without it a 200-page PDF paid ~100 collections, each older-generation one
    walking everything inherited."""
    from extract.batch.local import GC_THRESHOLDS, new_pool, stop_workers

    pool = new_pool(1)
    try:
        thresholds, frozen = pool.submit(collector_state).result(timeout=60)
    finally:
        stop_workers(pool)
    assert thresholds == GC_THRESHOLDS
    assert frozen > 10_000  # a test process holds far more objects than that


def test_a_batch_freezes_this_process_s_heap_only_while_it_runs(tmp_path):
    """The main process's objects are out of the collector's view during a batch (unpickled results
    set off no walk of the whole heap) and given back after it, even when it fails midway."""
    import gc

    from extract.batch.local import heap_frozen, iter_local

    assert gc.get_freeze_count() == 0
    with heap_frozen():
        assert gc.get_freeze_count() > 10_000
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), heap_frozen():
        raise RuntimeError("a failed batch")
    assert gc.get_freeze_count() == 0
    doc = tmp_path / "a.txt"
    doc.write_text("NGHỊ QUYẾT\nTổng sản phẩm trên địa bàn tỉnh (GRDP) tăng 7,5%.\n", encoding="utf-8")
    seen = [gc.get_freeze_count() for _ in iter_local([doc, doc], jobs=1, time_limit_s=60)]
    assert all(n > 10_000 for n in seen) and gc.get_freeze_count() == 0
    gc.freeze()  # objects frozen by someone else stay frozen
    try:
        with heap_frozen():
            pass
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
