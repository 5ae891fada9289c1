"""What the rules of the targets stage share: the document context they read and the reading of
each quantity they build (kept, so later quantities can inherit from earlier ones)."""
from __future__ import annotations

from dataclasses import dataclass

from ..models import Quantity, SegmentedDocument
from .clauses import TextIndex
from .lexicon import Lexicon
from .spans import DocumentSpans


@dataclass
class Reading:
    """What this stage decided about one quantity."""
    q: Quantity
    indicator: str | None = None
    indicator_text: str | None = None
    breakdown: str | None = None
    measure: str | None = None
    direction: str | None = None
    parent: int | None = None


@dataclass
class Context:
    """One document as the rules read it."""
    seg: SegmentedDocument
    idx: TextIndex
    lex: Lexicon
    spans: DocumentSpans
    groups_with_quantities: list[tuple[int, int]]  # closed parenthesis groups that hold a quantity

    @property
    def text(self) -> str:
        return self.idx.text
