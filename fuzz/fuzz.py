"""Coverage-guided fuzzing (atheris, libFuzzer) of the parts that read what a file holds: the
normaliser, the number grammar, and the text, DOCX and PDF readers.

    pip install -e '.[fuzz]'
    python fuzz/fuzz.py TARGET [-runs=N] [-max_total_time=S] [libFuzzer options...]
    python fuzz/fuzz.py all RUNS [SECONDS]   # every target side by side, RUNS iterations in all
                                             # shared by weight, each stopped after SECONDS if given

TARGET is one of normalise, quantities, text, docx, pdf. Each starts from seeds made from a short
resolution (a text, a DOCX and a PDF of it) and mutates them; an input passes when it gives a
result or one of the project's own errors (ExtractError, a one-line reason): any other exception
is a bug, and libFuzzer stops with the input that raised it. Each target prints its iterations
and result in one line at the end ("fuzz TARGET: N iterations, no unhandled exception").
Without atheris (it has no wheel for every platform), the same targets run on hypothesis-made
inputs instead: `python fuzz/fuzz.py TARGET --hypothesis N`.
"""
from __future__ import annotations

import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

TARGETS = ("normalise", "quantities", "text", "docx", "pdf")
WEIGHTS = {"normalise": 0.3, "quantities": 0.4, "text": 0.2, "docx": 0.05, "pdf": 0.05}  # by cost per input
CORPUS = Path("fuzz-corpus")  # in the working folder: libFuzzer adds the inputs it finds to it


def seed_inputs() -> dict[str, list[bytes]]:
    """Seeds of each target: the hostile set's short resolution as text, DOCX and PDF, with damage."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from make_hostile import RESOLUTION, base_docx, pdf_of, zip_bytes

    text = RESOLUTION.encode("utf-8")
    docx = zip_bytes(list(base_docx().items()))
    pdf = pdf_of([RESOLUTION.strip().splitlines()])
    damaged = "Tá»‰nh á»§y &amp; 13.593,9 tá»· Ä‘á»“ng u\u0302\u0301 Ð \x1b[31m7,5%\x00 hoà".encode()
    return {"normalise": [text, damaged], "quantities": [text, "từ 7% đến 7,5%; 2,33 vạn; (02 - 05) xã".encode()],
            "text": [text, damaged, RESOLUTION.encode("utf-16")], "docx": [docx], "pdf": [pdf]}


def check_normalise(data: bytes) -> None:
    from extract.models import Block, RawDocument
    from extract.normalise import normalise

    text = data.decode("utf-8", "replace")
    blocks = [Block(text=line) for line in text.split("\n") if line.strip()] or [Block(text=text)]
    raw = RawDocument(source_path="<fuzz>", format="text", sha256="0" * 64, pages=None, blocks=blocks)
    norm = normalise(raw)
    assert len(norm.offsets) == len(norm.text)
    assert all(0 <= o <= len(norm.raw_text) for o in norm.offsets)


def check_quantities(data: bytes) -> None:
    from extract.targets.quantities import find_quantities

    text = data.decode("utf-8", "replace")
    for q in find_quantities(text):
        assert 0 <= q.start <= q.end <= len(text)


def check_reader(data: bytes) -> None:
    from extract.errors import ExtractError
    from extract.ingest import bytes_to_document

    try:
        bytes_to_document(data, "<fuzz>")
    except ExtractError as exc:
        assert "\n" not in exc.problem, exc.problem


CHECKS = {"normalise": check_normalise, "quantities": check_quantities, "text": check_reader, "docx": check_reader,
          "pdf": check_reader}


def run_atheris(target: str, argv: list[str]) -> None:
    """Fuzz one target with atheris until libFuzzer's -runs or -max_total_time."""
    import atheris

    with atheris.instrument_imports(include=["extract"]):
        import extract.ingest  # noqa: F401
        import extract.normalise  # noqa: F401
        import extract.targets.quantities  # noqa: F401
    check = CHECKS[target]
    corpus = CORPUS / target
    corpus.mkdir(parents=True, exist_ok=True)
    for i, seed in enumerate(seed_inputs()[target]):
        (corpus / f"seed-{i}").write_bytes(seed)
    atheris.Setup([sys.argv[0], *argv, str(corpus)], check)
    atheris.Fuzz()  # libFuzzer ends with "Done N runs in S second(s)", or stops at the failing input


def run_hypothesis(target: str, examples: int) -> None:
    """The same check on `examples` inputs made by hypothesis from the seeds (no coverage guidance)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    seeds = seed_inputs()[target]
    mutated = st.tuples(st.sampled_from(seeds), st.integers(0, 4096), st.binary(max_size=64), st.integers(0, 64)).map(
        lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + t[3]:])
    count = 0

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.one_of(mutated, st.binary(max_size=512), st.text(max_size=300).map(lambda s: s.encode("utf-8", "replace"))))
    def one_input(data: bytes) -> None:
        nonlocal count
        count += 1
        CHECKS[target](data)

    one_input()
    print(f"fuzz {target} (hypothesis): {count} iterations, no unhandled exception", flush=True)


def run_target(target: str, runs: int, seconds: int | None = None) -> tuple[int, int]:
    """One target in its own process for `runs` iterations (or `seconds`); (exit status, iterations done)."""
    options = [f"-runs={runs}", "-max_len=65536", "-rss_limit_mb=2048", "-timeout=120"]
    if seconds:
        options.append(f"-max_total_time={seconds}")
    done = subprocess.run([sys.executable, __file__, target, *options], capture_output=True, text=True, errors="replace")
    log = Path(f"fuzz-{target}.log")
    log.write_text(done.stderr, encoding="utf-8")
    found = re.search(r"Done (\d+) runs in (\d+) second", done.stderr)
    iterations = int(found.group(1)) if found else 0
    result = "no unhandled exception" if done.returncode == 0 else f"FAILED (exit {done.returncode}, see {log})"
    print(f"fuzz {target}: {iterations} iterations in {found.group(2) if found else '?'} s, {result}", flush=True)
    return done.returncode, iterations


def run_all(total: int, seconds: int | None = None) -> int:
    """Every target in its own process, side by side, `total` iterations shared by WEIGHTS (each
    stopped after `seconds` if given); the exit status is the first failure's."""
    with ThreadPoolExecutor(max_workers=len(TARGETS)) as pool:
        outcomes = list(pool.map(lambda t: run_target(t, int(total * WEIGHTS[t]), seconds), TARGETS))
    failed = next((code for code, _ in outcomes if code), 0)
    print(f"fuzz all: {sum(n for _, n in outcomes)} iterations, "
          f"{'no unhandled exception' if not failed else 'FAILED'}")
    return failed


if __name__ == "__main__":
    name, rest = sys.argv[1], sys.argv[2:]
    if name == "all":
        sys.exit(run_all(int(rest[0]), int(rest[1]) if len(rest) > 1 else None))
    if "--hypothesis" in rest:
        run_hypothesis(name, int(rest[rest.index("--hypothesis") + 1]))
    else:
        run_atheris(name, rest)
