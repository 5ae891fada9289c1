"""Provinces named in a document, by the gazetteer of the vietnamadminunits package: the 63 provinces
before the July 2025 merger and the 34 after it (Nghị quyết 202/2025/QH15)."""
from __future__ import annotations

import functools
from collections import Counter

import regex

from ..text.vietnamese import tone_key
from .vocabulary import PROVINCE_ALIASES, PROVINCE_PREFIXES, PROVINCE_UNIT


@functools.lru_cache(maxsize=1)
def province_names() -> list[tuple[str, str]]:
    """Return (key, canonical name) for every province before and after the July 2025 merger
    (Nghị quyết 202/2025/QH15), from the vietnamadminunits package, longest first."""
    from vietnamadminunits.database import query  # (a gazetteer loaded only when asked)

    names: set[str] = set()
    for table in ("admin_units", "admin_units_legacy"):
        for row in query(f"SELECT DISTINCT provinceShort FROM [{table}]"):
            names.add(row["provinceShort"])
    return sorted(((tone_key(n).casefold(), tone_key(n)) for n in names), key=lambda kv: (-len(kv[0]), kv[0]))


@functools.lru_cache(maxsize=1)
def province_patterns() -> list[tuple[regex.Pattern, str]]:
    """(pattern of the name as a whole word, canonical name) for every province and every other
    name of one (schemas/metadata.yaml province_aliases: "TP.HCM"), longest first."""
    aliases = [(tone_key(alias).casefold(), name) for alias, name in PROVINCE_ALIASES.items()]
    keys = sorted(province_names() + aliases, key=lambda kv: (-len(kv[0]), kv[0]))  # ties in one order in every process
    return [(regex.compile(rf"(?<![\p{{L}}\p{{M}}]){whole(key)}(?![\p{{L}}\p{{M}}])"), name) for key, name in keys]


def whole(key: str) -> str:
    """A name's pattern: its words escaped, any run of spaces between them, a hyphen with or without
    spaces ("Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu")."""
    words = [regex.escape(w) for w in key.replace("-", " - ").split()]
    return r"\s*".join(words) if "-" in key else r"\s+".join(words)


def find_province(text: str) -> str | None:
    """The province `text` names (the longest name first, "Bà Rịa - Vũng Tàu" before shorter
    ones; case and tone placement ignored), or None."""
    folded = tone_key(text).casefold()
    for pattern, name in province_patterns():
        if pattern.search(folded):
            return name
    return None


def province_at_start(text: str) -> tuple[str, int] | None:
    """(province, length of the name) when `text` opens with a province's name ("Bình Định khóa
    XII ..."; case and tone placement ignored), else None."""
    folded = tone_key(text).casefold()
    for pattern, name in province_patterns():
        m = pattern.match(folded)
        if m:
            return name, m.end()
    return None


def province_mentions(text: str) -> Counter[str]:
    """How often the text names each province after a province's unit word, the name capitalised
    as a place name is ("tỉnh Vĩnh Phúc", "TP. Hồ Chí Minh"; not "hòa bình", peace)."""
    counts: Counter[str] = Counter()
    for m in PROVINCE_UNIT.finditer(text):
        rest = text[m.end():m.end() + 40]
        found = province_at_start(rest) if rest[:1].isupper() else None
        if found:
            counts[found[0]] += 1
    return counts


@functools.lru_cache(maxsize=1)
def district_provinces() -> dict[str, str]:
    """Each district's name (folded) -> its province, for the names only one province has (before
    the 2025 merger, when districts still existed), from vietnamadminunits."""
    from vietnamadminunits.database import query  # (a gazetteer loaded only when asked)

    found: dict[str, set[str]] = {}
    for row in query("SELECT DISTINCT districtShort, provinceShort FROM [admin_units_legacy]"):
        found.setdefault(tone_key(row["districtShort"]).casefold(), set()).add(tone_key(row["provinceShort"]))
    return {name: next(iter(provinces)) for name, provinces in found.items() if len(provinces) == 1}


def province_of_district(text: str) -> str | None:
    """The province of the district `text` opens with ("Tuy Phước ..." -> Bình Định), when only one
    province has a district of that name; else None."""
    words = tone_key(text).casefold().split()
    table = district_provinces()
    for n in range(min(4, len(words)), 0, -1):
        name = " ".join(words[:n]).strip(",.;:")
        if name in table:
            return table[name]
    return None


@functools.lru_cache(maxsize=128)
def province_after_merger(province: str | None) -> str | None:
    """The province `province` belongs to since 1 July 2025 (Nghị quyết 202/2025/QH15: 63
    provinces merged into 34, each old province whole into one new), by vietnamadminunits."""
    if not province:
        return None
    from vietnamadminunits import convert_address

    for prefix in PROVINCE_PREFIXES:
        try:
            return convert_address(f"{prefix} {province}").short_province or None
        except Exception:  # the package raises plain exceptions for names it does not know
            continue
    return None
