"""A document's metadata and outline as text: what `extract show` prints."""
from __future__ import annotations

from .models import DocumentResult


def outline(result: DocumentResult) -> str:
    """A document's metadata and its outline as an indented tree (bullets left out), with the count
    of targets and results under each heading: what `extract show` prints, and what the reviewed
    outline snapshots under tests/snapshots/ hold."""
    m = result.meta
    out = [f"{name:12} {getattr(m, name)}" for name in (
        "issuer", "issuer_level", "province", "province_2025", "doc_type", "doc_number", "doc_place", "doc_date",
        "term", "plan_year", "title", "signer")]
    out.append(f"{'format':12} {result.format}, {result.pages or '-'} pages")
    for s in result.sections:
        if s.kind == "bullet":
            continue
        inside = [t for t in result.targets if t.section_path == s.section_path
                  or (t.section_path or "").startswith(s.section_path + "/")]
        n_t = sum(t.kind == "target" for t in inside)
        n_a = len(inside) - n_t
        counts = f"  [{n_t} targets, {n_a} results]" if inside else ""
        out.append(f"{'  ' * (s.level - 1)}{s.label}  {s.title[:70]}{counts}")
    return "\n".join(out) + "\n"
