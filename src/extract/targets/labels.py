"""Typed labels of the lexicon spans: what a tagged phrase says, as (group, value).

spaCy keeps a span's label as a string ("export_turnover", "social_investment:state_budget",
"directions:increase", "share_cues"); this stage reads it once into a `Label` and never splits
strings again. For an indicator phrase the group is the indicator code and the value its
breakdown (a part name), for a qualifier word the code and the breakdown it gives, for a cue word
its cue group and, in the groups that have values, the value ("increase", "target").
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

SEPARATOR = ":"


class CueGroup(StrEnum):
    """The groups of cues.yaml that are tagged as spans."""
    DIRECTIONS = "directions"  # valued: decrease, increase, reach, maintain
    KINDS = "kinds"  # valued: target, actual
    HEADING_KINDS = "heading_kinds"  # valued: actual, target
    SHARE = "share_cues"
    CHANGE = "change_cues"
    LEVEL_DIRECTIONS = "level_directions"
    DIRECTION_NOUNS = "direction_nouns"


VALUED_CUE_GROUPS = (CueGroup.DIRECTIONS, CueGroup.KINDS, CueGroup.HEADING_KINDS)
PLAIN_CUE_GROUPS = (CueGroup.SHARE, CueGroup.CHANGE, CueGroup.LEVEL_DIRECTIONS, CueGroup.DIRECTION_NOUNS)


@dataclass(frozen=True, slots=True)
class Label:
    """A span's label: its group (an indicator code or a cue group) and, if any, its value."""
    group: str
    value: str | None = None

    @classmethod
    def parse(cls, text: str) -> Label:
        """The label a spaCy span's string label stands for."""
        label = _PARSED.get(text)
        if label is None:  # a document's spans repeat a few hundred labels: each parsed once
            group, _, value = text.partition(SEPARATOR)
            label = _PARSED[text] = cls(group, value or None)
        return label

    def __str__(self) -> str:
        return f"{self.group}" if self.value is None else f"{self.group}{SEPARATOR}{self.value}"


_PARSED: dict[str, Label] = {}  # the labels Label.parse has read, by their string (a Label is immutable)
