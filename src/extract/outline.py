"""A document's metadata and outline as text: what `extract show` prints."""
from __future__ import annotations

from .models import DocumentMeta, DocumentResult

META_FIELDS = ("issuer", "issuer_level", "province", "province_2025", "jurisdiction", "doc_type", "doc_number",
               "doc_place", "doc_date", "term", "plan_year", "plan_period", "title", "signer", "source_kind")
EVIDENCE_CHARS = 90  # the evidence's text is cut to this many characters


def meta_line(meta: DocumentMeta, name: str, evidence: bool) -> str:
    """One metadata field's line: its name and value, with `evidence` where it was read and the
    words that say it ("province     Kon Tum  <- opening: HĐND tỉnh Kon Tum")."""
    line = f"{name:12} {getattr(meta, name)}"
    said = meta.evidence.get(name) if evidence and getattr(meta, name) is not None else None
    return f"{line}  <- {said.source}: {said.text[:EVIDENCE_CHARS]}" if said else line


def outline(result: DocumentResult, evidence: bool = False) -> str:
    """What `extract show` prints of a file (see document_outline): a file of several documents
    shows each in turn, the later ones under a "--- part K of N" line."""
    return "".join((f"--- part {r.part} of {r.parts}\n" if r.part > 1 else "") + document_outline(r, evidence)
                   for r in result.documents())


def document_outline(result: DocumentResult, evidence: bool = False) -> str:
    """A document's metadata and its outline as an indented tree (bullets left out), with the count
    of targets and results under each heading: what `extract show` prints (with `evidence`: where
    each metadata field was read), and what the reviewed outline snapshots under tests/snapshots/ hold."""
    m = result.meta
    out = [meta_line(m, name, evidence) for name in META_FIELDS]
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
