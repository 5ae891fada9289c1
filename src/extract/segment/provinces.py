"""Provinces named in a document, by the gazetteer of the vietnamadminunits package: the 63 provinces
before the July 2025 merger and the 34 after it (Nghị quyết 202/2025/QH15)."""
from __future__ import annotations

import functools

import regex

from ..text.vietnamese import tone_key
from .vocabulary import PROVINCE_PREFIXES


@functools.lru_cache(maxsize=1)
def province_names() -> list[tuple[str, str]]:
    """Return (key, canonical name) for every province before and after the July 2025 merger
    (Nghị quyết 202/2025/QH15), from the vietnamadminunits package, longest first."""
    from vietnamadminunits.database import query  # (a gazetteer loaded only when asked)

    names: set[str] = set()
    for table in ("admin_units", "admin_units_legacy"):
        for row in query(f"SELECT DISTINCT provinceShort FROM [{table}]"):
            names.add(row["provinceShort"])
    return sorted(((tone_key(n).casefold(), tone_key(n)) for n in names), key=lambda kv: -len(kv[0]))


@functools.lru_cache(maxsize=1)
def province_patterns() -> list[tuple[regex.Pattern, str]]:
    """(pattern of the name as a whole word, canonical name) for every province, longest first."""
    return [(regex.compile(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(key)}(?![\p{{L}}\p{{M}}])"), name)
            for key, name in province_names()]


def find_province(text: str) -> str | None:
    """The province `text` names (the longest name first, "Bà Rịa - Vũng Tàu" before shorter
    ones; case and tone placement ignored), or None."""
    folded = tone_key(text).casefold()
    for pattern, name in province_patterns():
        if pattern.search(folded):
            return name
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
