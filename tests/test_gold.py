"""The hand-labelled gold (corpus/*.gold.yaml): well-formed records, quotes that are in the documents.

The gold is reviewed data written by reading the documents (corpus/GOLD_GUIDE.md); these tests
check its form and that each record's quote is text of every document it labels, so a typo in a
quote or a document edited after labelling shows up here rather than as a silent miss in
`extract verify`.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import CORPUS, SAMPLE, corpus_files
from extract.targets.lexicon import load_lexicon

GOLD_FILES = sorted(CORPUS.glob("*.gold.yaml"))
KINDS = {"target", "actual"}
MEASURES = {"level", "growth", "change", "share"}
COMPARATORS = {"eq", "ge", "gt", "le", "lt", "approx", "range"}
DIRECTIONS = {"increase", "decrease", "reach", "maintain", None}
REQUIRED = ("quote", "kind", "year", "section", "indicator", "measure", "breakdown", "comparator", "direction",
            "scale", "unit")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_corpus_has_fifteen_labelled_documents_besides_the_sample():
    others = [g for g in GOLD_FILES if g.name != f"{SAMPLE}.gold.yaml"]
    assert len(others) >= 15, [g.name for g in others]


@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: p.name)
def test_gold_records_are_well_formed(gold):
    data = load(gold)
    lex = load_lexicon()
    assert data["documents"] and all((CORPUS / name).is_file() for name in data["documents"])
    assert data["records"]
    for rec in data["records"]:
        where = f"{gold.name}: {rec.get('quote')!r}"
        assert all(name in rec for name in REQUIRED), where
        assert rec["kind"] in KINDS and rec["measure"] in MEASURES, where
        assert rec["comparator"] in COMPARATORS and rec["direction"] in DIRECTIONS, where
        assert rec["indicator"] is None or rec["indicator"] in lex.indicators, where
        assert rec["unit"] in set(lex.units) | {"times"}, where  # ("gấp N lần": the grammar's ratio unit)
        assert rec["year"] is not None or rec.get("period"), where  # a figure is of a year or a period
        if rec["comparator"] == "range":
            assert rec.get("value") is None and rec["value_low"] < rec["value_high"], where
        else:
            assert rec.get("value") is not None, where


@pytest.mark.parametrize("gold", GOLD_FILES, ids=lambda p: p.name)
def test_every_quote_is_in_the_text_of_every_document_it_labels(gold, corpus_run):
    data = load(gold)
    texts = {Path(r.source_path).name: [d.text or "" for d in r.documents()] for r in corpus_run.results}
    readable = {p.name for p in corpus_files()}
    checked = 0
    for name in data["documents"]:
        if name not in readable:  # a scan or .doc this machine cannot read (the header says why)
            continue
        text = texts[name]
        # a file of several documents: a record's quote is in the text of its `part` (any, without one)
        missing = [rec["quote"] for rec in data["records"]
                   if not any(rec["quote"] in t for t in (text[rec["part"] - 1:rec["part"]] if "part" in rec else text))]
        assert missing == [], f"{name}: quotes not in its text"
        checked += 1
    if not checked:
        pytest.skip("no document of this gold is readable here")
