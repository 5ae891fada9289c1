"""Verify: score a run's targets against hand-labelled gold fixtures.

A gold file (`*.gold.yaml`, beside the documents it labels) names the documents it applies to
(a text and its DOCX and PDF renditions share one) and lists records with the fields a person
can judge. A predicted and a gold record match on (value × scale, unit); among candidates the one
with the same kind, then the same indicator, then the same quote, then the earliest is taken.
Precision, recall and F1 are on those matches; field accuracies (kind, measure and year among
them) are over matched pairs; a field a gold record leaves out is not scored, except `relative_to`
(absent: null, so every figure of a plan is checked). A file that holds several documents is
scored as one against its gold, its figures those of all its documents; a
gold record's `part` (which document of the file, 1-based) is checked as a field.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow.parquet as pq
import yaml

FIELDS = ("kind", "indicator", "measure", "relative_to", "breakdown", "comparator", "direction", "year", "period",
          "section_path", "part")
NULL_WHEN_ABSENT = frozenset({"relative_to"})  # a gold record without the field says null


def record_key(rec: dict) -> tuple:
    """What a gold and a predicted record must share to match: the amount in base units and the unit."""
    scale = rec.get("scale") or 1.0
    amount: tuple[float | None, ...]
    if rec.get("value") is None:
        amount = (_round(rec.get("value_low"), scale), _round(rec.get("value_high"), scale))
    else:
        amount = (_round(rec["value"], scale),)
    return amount, rec.get("unit")


def _round(value, scale) -> float | None:
    return None if value is None else round(float(value) * float(scale), 6)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    field_right: dict = field(default_factory=lambda: defaultdict(int))
    field_total: dict = field(default_factory=lambda: defaultdict(int))
    misses: list = field(default_factory=list)  # gold records not found
    false_positives: list = field(default_factory=list)  # predicted records not in the gold
    field_errors: list = field(default_factory=list)  # (field, gold, predicted, quote)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        total = self.field_total[name]
        return self.field_right[name] / total if total else 1.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        for k, v in other.field_right.items():
            self.field_right[k] += v
        for k, v in other.field_total.items():
            self.field_total[k] += v


def load_gold(gold_dir: str | Path) -> list[tuple[Path, dict]]:
    return [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(Path(gold_dir).rglob("*.gold.yaml"))]


def same(gold_value, predicted_value) -> bool:
    if isinstance(gold_value, float) or isinstance(predicted_value, float):
        try:
            return math.isclose(float(gold_value), float(predicted_value), rel_tol=1e-9)
        except (TypeError, ValueError):
            return False
    return gold_value == predicted_value


def score_document(gold: list[dict], predicted: list[dict]) -> Score:
    """Given a document's gold records and predicted rows, return their score."""
    score = Score()
    unmatched = list(predicted)
    for g in gold:
        key = record_key(g)
        candidates = [p for p in unmatched if record_key(p) == key]
        if not candidates:
            score.fn += 1
            score.misses.append(g)
            continue
        best = sorted(candidates, key=lambda p: (p.get("kind") != g.get("kind"), p.get("indicator") != g.get("indicator"),
                                                 p.get("text") != g.get("quote"),
                                                 p.get("char_start") or 0))[0]
        unmatched.remove(best)
        score.tp += 1
        for name in FIELDS:
            gold_name = "section" if name == "section_path" else name
            if gold_name not in g and name not in NULL_WHEN_ABSENT:
                continue
            score.field_total[name] += 1
            if same(g.get(gold_name), best.get(name)):
                score.field_right[name] += 1
            else:
                score.field_errors.append((name, g.get(gold_name), best.get(name), g.get("quote"), g.get("section")))
    score.fp = len(unmatched)
    score.false_positives = unmatched
    return score


def verify(out_dir: str | Path, gold_dir: str | Path) -> tuple[Score, dict[str, Score]]:
    """Given an output folder and a folder of gold files, return the micro score and one per document."""
    targets = pq.read_table(Path(out_dir) / "targets.parquet").to_pylist()
    path = Path(out_dir) / "documents.parquet"
    columns = ["doc_id", "source_path", "status"] + (["part"] if "part" in pq.read_schema(path).names else [])
    documents = pq.read_table(path, columns=columns).to_pylist()
    part_of = {d["doc_id"]: d.get("part") or 1 for d in documents}
    by_file: dict[str, list[dict]] = defaultdict(list)  # a file's figures: those of all its documents
    for t in targets:
        by_file[t["source_path"]].append({**t, "part": part_of.get(t["doc_id"], 1)})
    files: dict[str, list[dict]] = defaultdict(list)
    for d in documents:
        files[d["source_path"]].append(d)
    total = Score()
    per_document: dict[str, Score] = {}
    for _, gold in load_gold(gold_dir):
        for name in gold["documents"]:
            for source_path, docs in files.items():
                if Path(source_path).name != name:
                    continue  # (a file not in this run is not scored)
                if any(d["status"] != "ok" for d in docs):
                    s = Score(fn=len(gold["records"]), misses=list(gold["records"]))
                else:
                    s = score_document(gold["records"], by_file[source_path])
                per_document[source_path] = s
                total.add(s)
    return total, per_document
