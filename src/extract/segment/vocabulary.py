"""The segment stage's words, from schemas/letterhead.yaml, and the patterns built from them.

Every Vietnamese word the stage looks for (issuers, document types, signing marks, roles, enacting
formulas, heading words) lives in that file; this module only gives them their shape: a phrase's
words joined by runs of spaces, alternatives in the file's order. Layout rules: Nghị định
30/2020/NĐ-CP Phụ lục I for state documents, Quy định 66-QĐ/TW and Hướng dẫn 36-HD/VPTW for Party
documents. Patterns are applied to normalised (NFC, canonical tone) text.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import regex

from ..data_files import load_yaml
from ..text.vietnamese import tone_key

LETTERHEAD_FILE = "letterhead.yaml"


@dataclass(frozen=True, slots=True)
class Issuer:
    """An issuing body: its name in running text (the province follows it) and its level."""

    name: str
    level: str
    letterhead: tuple[str, ...]  # the letterhead lines that name it, before the province


def normalised(value: Any) -> Any:
    """A YAML value with every string in the form normalised text has (NFC, canonical tones)."""
    if isinstance(value, str):
        return tone_key(value)
    if isinstance(value, list):
        return [normalised(v) for v in value]
    if isinstance(value, dict):
        return {normalised(k): normalised(v) for k, v in value.items()}
    return value


@functools.lru_cache(maxsize=1)
def letterhead_words() -> dict[str, Any]:
    """The contents of schemas/letterhead.yaml, normalised, read once."""
    return normalised(load_yaml(LETTERHEAD_FILE))


def phrase(words: str) -> str:
    """The pattern of a phrase: its words escaped, joined by any run of spaces."""
    return r"\s+".join(regex.escape(word) for word in words.split())


def one_of(phrases: Iterable[str]) -> str:
    """A group matching any of the phrases, tried in the order given."""
    return "(?:" + "|".join(phrase(p) for p in phrases) + ")"


def case_forms(word: str) -> list[str]:
    """A word in lower case, capitalised and in capitals ("khóa", "Khóa", "KHÓA")."""
    return [word.lower(), word.capitalize(), word.upper()]


WORDS = letterhead_words()

# --- letterhead ------------------------------------------------------------------------------

ISSUERS = [Issuer(e["name"], e["level"], tuple(e["letterhead"])) for e in WORDS["issuers"]]
# One named group per issuer ("i0", "i1", ...): which one matched says whose letterhead it is.
ISSUER_LINE = regex.compile(r"^\s*(?:" + "|".join(f"(?P<i{k}>{one_of(issuer.letterhead)})"
                                                  for k, issuer in enumerate(ISSUERS)) + r")\b")
PROVINCE_LINE = regex.compile(rf"^{one_of(WORDS['province_lines'])}\s")
PROVINCE_PREFIXES: list[str] = WORDS["province_prefixes"]
PARTY_COMMITTEES: dict[str, str] = WORDS["party_committees"]
CONGRESS = WORDS["congress"]
CONGRESS_NAME: str = CONGRESS["name"]
# "ĐẠI HỘI ĐẠI BIỂU LẦN THỨ XVII" under a Party organisation's line.
CONGRESS_LINE = regex.compile(rf"^\s*{phrase(CONGRESS['word'])}\s+(?:{phrase(CONGRESS['delegates'])}\s+)?"
                              rf"(?:{phrase(CONGRESS['ordinal'])}\s+[IVXLC]+)?\s*$")

# --- number, date, type, term, title ---------------------------------------------------------

DOCUMENT_TYPES: dict[str, str] = WORDS["document_types"]
TYPE_SYMBOLS: dict[str, str] = WORDS["type_symbols"]
NUMBER_WORD = rf"{phrase(WORDS['number_word'])}\s*:?\s*"
# Party numbers: "Số 01-NQ/TU" (number, type symbol, issuer symbol).
PARTY_NUMBER = regex.compile(rf"\b{NUMBER_WORD}(?P<n>\d{{1,4}})\s*-\s*(?P<type>[A-ZĐ][A-Za-zĐđ]{{0,4}})\s*/\s*"
                             r"(?P<issuer>[A-ZĐ][A-ZĐ0-9]{0,9})\b")
# State numbers: "Số: 38/2012/NQ-HĐND", "Số: 0315/KH-UBND" (number, year, type, issuer symbols).
STATE_NUMBER = regex.compile(rf"\b(?:{NUMBER_WORD})(?P<n>\d{{1,5}})(?:/(?P<year>(?:19|20)\d{{2}}))?/"
                             r"(?P<type>[A-ZĐ][A-Za-zĐđ]{0,5})-(?P<issuer>[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*)")
# A national act's number: "Số: 103/2023/QH15" (number, year, the issuer's symbol and term).
LAW_NUMBER = regex.compile(rf"\b{NUMBER_WORD}(?P<n>\d{{1,5}})/(?P<year>(?:19|20)\d{{2}})/(?P<issuer>[A-ZĐ]{{2,6}}\d{{0,2}})\b")
NUMBER_PREFIX = regex.compile(rf"^{NUMBER_WORD}")
# The type symbol inside a number: "NQ" in "01-NQ/TU" and in "38/2012/NQ-HĐND".
TYPE_SYMBOL = regex.compile(r"[-/](?P<t>[A-ZĐ][A-Za-zĐđ]{0,4})[/-]")
DATE = WORDS["date_words"]
# "Sơn La, ngày 12 tháng 12 năm 2012": the place, then day, month and year.
PLACE_DATE = regex.compile(rf"(?P<place>[\p{{Lu}}][^\d,;\n]{{1,40}}),\s*{phrase(DATE['day'])}\s+(?P<d>\d{{1,2}})\s+"
                           rf"{phrase(DATE['month'])}\s+(?P<m>\d{{1,2}})\s+{phrase(DATE['year'])}\s+(?P<y>\d{{4}})")
TERM = regex.compile(rf"\b{one_of(case_forms(WORDS['term_word']))}\s+(?P<roman>[IVXLC]+)\b")
SUBJECT_LINE = regex.compile(rf"^{one_of(WORDS['subject_openers'])}\s")
# A subject run into the capitals line before it opens with a capital ("... LẦN THỨ 22 Về ...").
SUBJECT_START = regex.compile(rf"\s(?={one_of(w for w in WORDS['subject_openers'] if w[:1].isupper())}\s)")
BODY_OPENERS: tuple[str, ...] = tuple(WORDS["body_openers"])
ENACTING_FORMULA = regex.compile(rf"^\s*{one_of(WORDS['enacting_formulas'])}\s*:?\s*$")

# --- signature block -------------------------------------------------------------------------

# "TM. ỦY BAN NHÂN DÂN", or a congress signing as itself.
SIGNING = regex.compile(rf"^\s*(?:{one_of(WORDS['signing_marks'])}\s*[\p{{Lu}}/ ]+"
                        rf"|{phrase(CONGRESS['word'])}\s+(?:{phrase(CONGRESS['delegates'])}\s+)?"
                        rf"{phrase(CONGRESS['organisation'])}\s+[\p{{Lu}}\p{{M}} ,\-]+"
                        rf"|{one_of(WORDS['signing_lines'])})$")
RECIPIENTS = regex.compile(rf"^\s*{one_of(WORDS['recipients'])}\s*:?")
ROLE_LINE = regex.compile(rf"^(?:{one_of(WORDS['role_prefixes'])}\s+)?{one_of(WORDS['roles'])}\b", regex.I)

# --- headings --------------------------------------------------------------------------------

PART_WORDS = one_of(WORDS["part_words"])
ARTICLE_WORDS = one_of(WORDS["article_words"])
WORD_HEADING_STYLE = regex.compile(rf"^{one_of(WORDS['heading_styles'])}\s*(\d)$", regex.I)

# --- metadata outside the letterhead (schemas/metadata.yaml) ------------------------------------

METADATA_FILE = "metadata.yaml"


@functools.lru_cache(maxsize=1)
def metadata_words() -> dict[str, Any]:
    """The contents of schemas/metadata.yaml, normalised, read once."""
    return normalised(load_yaml(METADATA_FILE))


MORE = metadata_words()
REACH: dict[str, int] = MORE["reach"]
SITE_FIELDS: dict[str, list[str]] = MORE["site_block"]
# "Số hiệu:", "| Nơi ban hành: |": a site block's label, its field named by the group.
SITE_LABEL = regex.compile(r"(?:^|(?<=[|\s]))(?:" + "|".join(
    f"(?P<{field}>{one_of(labels)})" for field, labels in SITE_FIELDS.items()) + r")\s*:", regex.I)
SITE_BLANK = regex.compile(rf"^\s*{one_of(MORE['site_blanks'])}\s*$", regex.I)
RUNNING_ISSUERS = [Issuer(e["name"], e["level"], tuple(e["forms"])) for e in MORE["running_issuers"]]
UNIT_WORDS: dict[str, list[str]] = MORE["unit_words"]
# An issuer in running text and its place's unit word: "Hội đồng nhân dân tỉnh", "HĐND TP." (not the issuer
# symbol of a number: "48/NQ-HĐND").
RUNNING_ISSUER = regex.compile(
    r"(?<![\p{L}\p{M}/-])(?:" + "|".join(
        f"(?P<i{k}>{one_of(sorted(issuer.letterhead, key=len, reverse=True))})"
        for k, issuer in enumerate(RUNNING_ISSUERS)) + r")(?![\p{L}\p{M}])"
    + r"(?:\s+(?P<unit>" + "|".join(
        f"(?P<{level}>{one_of(sorted(words, key=len, reverse=True))})"
        for level, words in UNIT_WORDS.items()) + r")(?![\p{L}\p{M}]))?\s*", regex.I)
# A unit word before a place's name: "tỉnh", "thành phố", "TP." (for the body's province).
PROVINCE_UNIT = regex.compile(rf"(?<![\p{{L}}\p{{M}}])(?:{one_of(sorted(UNIT_WORDS['province'], key=len, reverse=True))})"
                              r"(?![\p{L}\p{M}])\s*")
PROVINCE_ALIASES: dict[str, str] = MORE["province_aliases"]
NEWS_OPENER = regex.compile(rf"^\s*(?:{one_of(MORE['news_openers'])}\s*:|\([^()\n]{{2,40}}\)\s*[-–—])", regex.I)
RUNNING_TYPE = regex.compile(r"(?<![\p{L}\p{M}])(?P<t>" + "|".join(
    phrase(w.capitalize()) for w in MORE["running_types"]) + r")(?![\p{L}\p{M}])")
RUNNING_TYPES: dict[str, str] = {w.capitalize(): name for w, name in MORE["running_types"].items()}
