"""The reviewed data files under `schemas/`, loaded once: units, indicators, cue words, Arrow schemas.

Every Vietnamese string is put through the same NFC + tone canonicalisation as document text,
so "khoá"/"khóa" in a data file and in a document meet.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..data_files import load_yaml
from ..text.vietnamese import tone_key


@dataclass(frozen=True)
class Indicator:
    code: str
    type: str  # amount, rate, count, index
    names: tuple[str, ...]
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # breakdown -> names implying the indicator
    qualifiers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # breakdown -> qualifying words
    measure: str | None = None
    per: str | None = None


@dataclass(frozen=True)
class Lexicon:
    scales: dict[str, float]
    units: dict[str, tuple[str, ...]]
    pers: dict[str, tuple[str, ...]]
    indicators: dict[str, Indicator]
    cues: dict


def _keys(values) -> tuple[str, ...]:
    return tuple(tone_key(v) for v in values)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    units = load_yaml("units.yaml")
    taxonomy = load_yaml("indicators.yaml")
    vocabularies = {name: {code: _keys(words) for code, words in vocab.items()}
                    for name, vocab in taxonomy.get("vocabularies", {}).items()}
    indicators = {}
    for code, spec in taxonomy["indicators"].items():
        qualifiers = spec.get("qualifiers") or {}
        if isinstance(qualifiers, str):
            qualifiers = vocabularies[qualifiers]
        else:
            qualifiers = {k: _keys(v) for k, v in qualifiers.items()}
        indicators[code] = Indicator(
            code=code, type=spec["type"], names=_keys(spec["names"]),
            parts={k: _keys(v) for k, v in (spec.get("parts") or {}).items()},
            qualifiers=qualifiers, measure=spec.get("measure"), per=spec.get("per"))
    cues = load_yaml("cues.yaml")
    cues = _normalise_cues(cues)
    return Lexicon(
        scales={tone_key(k): float(v) for k, v in units["scales"].items()},
        units={code: _keys(forms) for code, forms in units["units"].items()},
        pers={code: _keys(forms) for code, forms in units["pers"].items()},
        indicators=indicators, cues=cues)


def _normalise_cues(node):
    if isinstance(node, dict):
        return {k: _normalise_cues(v) for k, v in node.items()}
    if isinstance(node, list):
        return [tone_key(v) for v in node]
    return node
