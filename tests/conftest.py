"""Shared fixtures: the corpus run once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.export import export
from extract.pipeline import run_batch

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SAMPLE = "hung-yen-01-NQ-TU-2020"


@pytest.fixture(scope="session")
def corpus_run():
    """Every corpus document processed: the batch summary."""
    return run_batch([CORPUS])


@pytest.fixture(scope="session")
def corpus_outputs(corpus_run, tmp_path_factory):
    """The corpus run exported to a temporary output folder."""
    out = tmp_path_factory.mktemp("outputs")
    export(corpus_run.results, out)
    return out


@pytest.fixture(scope="session")
def sample_results(corpus_run):
    """The sample resolution's results by format: {"text", "docx", "pdf", "docx-tcvn3"}."""
    found = {}
    for r in corpus_run.results:
        stem = Path(r.source_path).stem
        if stem == SAMPLE:
            found[r.format] = r
        elif stem == f"{SAMPLE}-tcvn3":
            found[f"{r.format}-tcvn3"] = r
    return found
