"""The reviewed data files of the targets stage under `schemas/`, loaded once: units, indicators, cue
words, clause words, table header words, number words.

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
    flow: bool = False  # itself a flow (jobs created, enterprises founded): its count is its level
    units: tuple[str, ...] = ()  # the units a count indicator counts in (empty: any)
    unit_names: tuple[str, ...] = ()  # unit words that name it when no phrase does ("lượt khách")


@dataclass(frozen=True)
class Lexicon:
    scales: dict[str, float]
    units: dict[str, tuple[str, ...]]
    pers: dict[str, tuple[str, ...]]
    indicators: dict[str, Indicator]
    cues: dict


@dataclass(frozen=True)
class NumberWords:
    """Numbers in words (schemas/number_words.yaml), each word's role in parse_number_words."""
    digits: dict[str, int]
    scales: dict[str, float]  # the one-word scales of units.yaml
    ten: frozenset[str]
    tens: frozenset[str]
    hundred: frozenset[str]
    zero_tens: frozenset[str]
    decimal_point: frozenset[str]
    half: frozenset[str]
    never_first: frozenset[str]  # scale words included

    @property
    def others(self) -> frozenset[str]:
        """The number words that are neither digits nor scales."""
        return self.ten | self.tens | self.hundred | self.zero_tens | self.decimal_point | self.half

    @property
    def all(self) -> list[str]:
        """Every number word."""
        return list(self.digits) + list(self.scales) + sorted(self.others)


def _keys(values) -> tuple[str, ...]:
    """The words tone-canonicalised, as document text is."""
    return tuple(tone_key(v) for v in values)


def _indicator(code: str, spec: dict, vocabularies: dict) -> Indicator:
    """One taxonomy entry of indicators.yaml; its qualifiers may name a shared vocabulary."""
    qualifiers = spec.get("qualifiers") or {}
    if isinstance(qualifiers, str):
        qualifiers = vocabularies[qualifiers]
    else:
        qualifiers = {k: _keys(v) for k, v in qualifiers.items()}
    return Indicator(
        code=code, type=spec["type"], names=_keys(spec["names"]),
        parts={k: _keys(v) for k, v in (spec.get("parts") or {}).items()},
        qualifiers=qualifiers, measure=spec.get("measure"), per=spec.get("per"), flow=bool(spec.get("flow")),
        units=tuple(spec.get("units") or ()), unit_names=_keys(spec.get("unit_names") or ()))


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Units, scales, denominators (units.yaml), the indicator taxonomy (indicators.yaml) and the cue words (cues.yaml)."""
    units = load_yaml("units.yaml")
    taxonomy = load_yaml("indicators.yaml")
    vocabularies = {name: {code: _keys(words) for code, words in vocab.items()}
                    for name, vocab in taxonomy.get("vocabularies", {}).items()}
    indicators = {code: _indicator(code, spec, vocabularies) for code, spec in taxonomy["indicators"].items()}
    return Lexicon(
        scales={tone_key(k): float(v) for k, v in units["scales"].items()},
        units={code: _keys(forms) for code, forms in units["units"].items()},
        pers={code: _keys(forms) for code, forms in units["pers"].items()},
        indicators=indicators, cues=load_words("cues.yaml"))


@functools.cache
def load_words(name: str) -> dict:
    """A data file of word lists (cues.yaml, clauses.yaml, table_headers.yaml), every word
    tone-canonicalised, the nesting kept."""
    return _normalise_words(load_yaml(name))


@functools.lru_cache(maxsize=1)
def load_number_words() -> NumberWords:
    """The number words of number_words.yaml and the one-word scales of units.yaml."""
    data = load_yaml("number_words.yaml")
    scales = {k: v for k, v in load_lexicon().scales.items() if " " not in k}

    def words(key: str) -> frozenset[str]:
        return frozenset(_keys(data[key]))

    return NumberWords(
        digits={tone_key(k): int(v) for k, v in data["digits"].items()}, scales=scales,
        ten=words("ten"), tens=words("tens"), hundred=words("hundred"), zero_tens=words("zero_tens"),
        decimal_point=words("decimal_point"), half=words("half"), never_first=words("never_first") | set(scales))


def _normalise_words(node):
    """Every word of a nested data file tone-canonicalised, the nesting kept."""
    if isinstance(node, dict):
        return {k: _normalise_words(v) for k, v in node.items()}
    if isinstance(node, list):
        return [tone_key(v) for v in node]
    return node
