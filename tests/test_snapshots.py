"""Outline snapshots: `extract show` of every corpus document (metadata and the heading tree with
its counts), as reviewed by a person and committed under tests/snapshots/. A change to
segmentation or extraction that moves a heading, a metadata field (or where it was read: each
field's evidence is shown, as `extract show` prints it) or a count shows up here as a diff to review; after reviewing it, refresh a snapshot with
`extract show corpus/NAME > tests/snapshots/NAME.outline.txt`."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CORPUS, corpus_files
from extract.outline import outline

SNAPSHOTS = Path(__file__).parent / "snapshots"


def test_every_corpus_document_has_a_snapshot():
    """Every document but the scans (whose tree test_ocr.py compares with the text version's)."""
    documents = {p.name for p in CORPUS.iterdir()
                 if p.suffix not in (".md", ".yaml") and "-scan" not in p.stem}
    assert documents == {p.name.removesuffix(".outline.txt") for p in SNAPSHOTS.glob("*.outline.txt")}


@pytest.mark.parametrize("snapshot", sorted(SNAPSHOTS.glob("*.outline.txt")), ids=lambda p: p.name)
def test_outline_matches_the_reviewed_snapshot(corpus_run, snapshot):
    name = snapshot.name.removesuffix(".outline.txt")
    if CORPUS / name not in corpus_files():
        pytest.skip(f"{name} needs a program this machine lacks")
    result = next(r for r in corpus_run.results if Path(r.source_path).name == name)
    assert outline(result, evidence=True) == snapshot.read_text(encoding="utf-8")


def test_the_samples_tree_is_the_documents_own():
    """I (1, 2), II (1 with 1.1-1.9, 2 with 2.1-2.3), III (1, 2), as the resolution numbers them."""
    lines = (SNAPSHOTS / "hung-yen-01-NQ-TU-2020.pdf.outline.txt").read_text(encoding="utf-8").splitlines()
    tree = [ln.split("  ")[0] if not ln.startswith(" ") else ln[:len(ln) - len(ln.lstrip())] + ln.split()[0]
            for ln in lines[next(i for i, ln in enumerate(lines) if ln.startswith("format")) + 1:]]
    assert tree == ["I", "  1", "  2", "II", "  1"] + [f"    1.{i}" for i in range(1, 10)] + \
        ["  2", "    2.1", "    2.2", "    2.3", "III", "  1", "  2"]
