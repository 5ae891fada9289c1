"""The public Parquet contract, as the project's own tests check it (a user's machine has no
../shared/tools/check_contract.py). Columns and types come from schemas/parquet.yaml; allowed
values and the span rule from DESIGN.md "The public contract"."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from extract.contract import ALLOWED, CONTRACT_COLUMNS
from extract.export import FILES, schemas


def contract_problems(out_dir: Path) -> list[str]:
    problems = []
    tables = {}
    for name, filename in FILES.items():
        path = Path(out_dir) / filename
        if not path.exists():
            problems.append(f"{filename}: missing")
            continue
        table = tables[name] = pq.read_table(path)
        if not table.schema.equals(schemas()[name]):
            problems.append(f"{filename}: schema differs from schemas/parquet.yaml")
        missing = [c for c in CONTRACT_COLUMNS[name] if c not in table.column_names]
        if missing:
            problems.append(f"{filename}: contract columns missing {missing}")
        for (tname, column), allowed in ALLOWED.items():
            if tname == name:
                bad = set(table.column(column).to_pylist()) - allowed
                if bad:
                    problems.append(f"{filename}: {column} holds {bad}")
    if "documents" in tables:  # one row per document, so a join on doc_id never multiplies rows
        ids = tables["documents"].column("doc_id").to_pylist()
        if len(set(ids)) != len(ids):
            problems.append("documents.parquet: doc_id repeated")
        if "source_paths" in tables["documents"].column_names:
            for row in tables["documents"].select(["source_path", "source_paths"]).to_pylist():
                if not row["source_paths"] or row["source_paths"][0] != row["source_path"]:
                    problems.append(f"documents.parquet: source_path is not the first of source_paths: {row}")
        known = set(ids)
        for name in ("targets", "sections", "checks"):
            if name in tables and not set(tables[name].column("doc_id").to_pylist()) <= known:
                problems.append(f"{FILES[name]}: rows of a doc_id documents.parquet lacks")
    if "targets" in tables and "documents" in tables:
        text_of = dict(zip(tables["documents"].column("doc_id").to_pylist(),
                           tables["documents"].column("text").to_pylist()))
        for row in tables["targets"].select(["doc_id", "char_start", "char_end", "text"]).to_pylist():
            doc_text = text_of.get(row["doc_id"]) or ""
            if doc_text[row["char_start"]:row["char_end"]] != row["text"]:
                problems.append(f"targets.parquet: span {row} is not documents.text[char_start:char_end]")
    return problems
