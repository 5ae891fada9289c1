"""Shared fixtures: the corpus run once per test session."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extract.batch import iter_inputs, run_batch
from extract.export import export

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SAMPLE = "hung-yen-01-NQ-TU-2020"


def tool_problems() -> dict[str, str | None]:
    """What is missing for the corpus documents that need a program outside Python: Tesseract for
    the scans, LibreOffice for the Word 97 files (.ci/run installs both)."""
    from extract.ingest.ocr import tesseract_status

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    return {"scan": tesseract_status(), "doc": None if soffice else "LibreOffice is not installed"}


def corpus_files() -> list[Path]:
    """The corpus documents this machine can read: all of them where Tesseract and LibreOffice are
    installed; without them, the scans or .doc files are left out (and the header says so)."""
    missing = tool_problems()
    files = []
    for path in iter_inputs([CORPUS]):
        if "-scan" in path.stem and missing["scan"] or path.suffix == ".doc" and missing["doc"]:
            continue
        files.append(path)
    return files


def readable_corpus(folder: Path, scans: bool = True) -> Path:
    """A copy of the corpus in `folder` holding the documents this machine can read (all but the
    scans when `scans` is false) and the gold files."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in corpus_files():
        if scans or "-scan" not in path.stem:
            shutil.copy(path, folder / path.name)
    for gold in CORPUS.glob("*.gold.yaml"):
        shutil.copy(gold, folder / gold.name)
    return folder


def pytest_report_header(config):
    return [f"corpus: {kind} documents left out: {problem}" for kind, problem in tool_problems().items() if problem]


@pytest.fixture(scope="session")
def corpus_run():
    """Every corpus document this machine can read, processed: the batch summary."""
    return run_batch(corpus_files())


@pytest.fixture(scope="session")
def corpus_outputs(corpus_run, tmp_path_factory):
    """The corpus run exported to a temporary output folder."""
    out = tmp_path_factory.mktemp("outputs")
    export(corpus_run.results, out)
    return out


@pytest.fixture(scope="session")
def sample_results(corpus_run):
    """The sample resolution's results by format: {"text", "docx", "pdf", "docx-tcvn3"}, and where
    LibreOffice is installed {"doc", "doc-tcvn3"}, where Tesseract is {"scan", "scan-skewed"}."""
    found = {}
    for r in corpus_run.results:
        stem = Path(r.source_path).stem
        if stem == SAMPLE:
            found[r.format] = r
        elif stem == f"{SAMPLE}-tcvn3":
            found[f"{r.format}-tcvn3"] = r
        elif stem.startswith(f"{SAMPLE}-scan"):
            found[stem.removeprefix(f"{SAMPLE}-")] = r
    return found
