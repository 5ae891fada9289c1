"""Every file of the hostile set alone, in a fresh `extract run` process: its status, reason, time
and peak memory (the process's maximum resident set), against the limits of issue 18 (120 s and
2 GiB a file).

    python benchmarks/hostile.py [--full] [--keep DIR]

`--full` makes the large cases large (a 2,000-page text PDF with one figure on its last page, a
line of 2.5 million characters); the set is made by tests/make_hostile.py in a temporary folder
(or DIR, kept).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from make_hostile import make_hostile  # noqa: E402

EXTRACT = str(Path(sys.executable).with_name("extract"))
LIMIT_S, LIMIT_MIB = 120, 2048


def run_one(path: Path, out: Path, log: Path) -> tuple[int, float, float]:
    """(exit status, seconds, peak MiB) of `extract run PATH` in a fresh process, its standard error in `log`."""
    started = time.monotonic()
    with open(log, "wb") as err:
        process = subprocess.Popen([EXTRACT, "run", str(path), "--out", str(out), "-j", "1", "-q"],
                                   stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
    return os.waitstatus_to_exitcode(status), time.monotonic() - started, usage.ru_maxrss / 1024


def main() -> int:
    full = "--full" in sys.argv
    keep = Path(sys.argv[sys.argv.index("--keep") + 1]) if "--keep" in sys.argv else None
    base = keep or Path(tempfile.mkdtemp(prefix="hostile-"))
    cases = make_hostile(base / "set", full=full)
    print("| file | expected | got | reason | seconds | peak MiB |\n|---|---|---|---|---|---|")
    over = 0
    for i, case in enumerate(cases):
        out = base / f"out-{i}"
        log = base / f"err-{i}.log"
        code, seconds, mib = run_one(base / "set" / case.name, out, log)
        rows = pq.read_table(out / "documents.parquet").to_pylist() if (out / "documents.parquet").exists() else []
        failed = [ln for ln in log.read_text(encoding="utf-8", errors="replace").splitlines() if ln.startswith("FAILED")]
        got = rows[0]["status"] if rows else ("failed" if code == 1 and failed else f"exit {code}")
        reason = failed[0][len(f"FAILED {base / 'set' / case.name}: "):] if failed else ""
        over += seconds > LIMIT_S or mib > LIMIT_MIB or got != case.status
        name = case.name if len(case.name) < 50 else case.name[:20] + "…" + case.name[-20:]
        print(f"| {name!r} | {case.status} | {got} | {reason[:70]} | {seconds:.1f} | {mib:.0f} |", flush=True)
    print(f"{len(cases)} files, {over} over {LIMIT_S} s or {LIMIT_MIB} MiB or not as expected")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
