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
    changing: bool = False  # its direction changes it ("tăng 7%"), not a level reached ("tăng lên 40%")
    relative_to: str | None = None  # "plan": a percent of a plan ("đạt 103,4% dự toán")


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
