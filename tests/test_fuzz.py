"""A short run of the fuzzer (fuzz/fuzz.py) on each target: the normaliser, the number grammar and
the text, DOCX and PDF readers, each from its seeds, with no unhandled exception. Coverage-guided
with atheris where it is installed (the test extra installs it on Linux x86-64), else on inputs
made by hypothesis. The long run (10^6 iterations) is `python fuzz/fuzz.py all 1000000`."""
from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from conftest import ROOT

FUZZ = ROOT / "fuzz" / "fuzz.py"
RUNS = {"normalise": 300, "quantities": 300, "text": 300, "docx": 30, "pdf": 30}


@pytest.mark.parametrize("target", sorted(RUNS))
def test_a_short_fuzz_run_finds_no_unhandled_exception(target, tmp_path):
    if importlib.util.find_spec("atheris"):
        command = [sys.executable, str(FUZZ), target, f"-runs={RUNS[target]}", "-max_len=65536", "-timeout=60",
                   "-seed=1"]
        expected = "Done "  # libFuzzer's last line: "Done N runs in S second(s)"
    else:
        command = [sys.executable, str(FUZZ), target, "--hypothesis", str(RUNS[target] // 4)]
        expected = "no unhandled exception"
    done = subprocess.run(command, capture_output=True, text=True, errors="replace", cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert expected in done.stdout + done.stderr
