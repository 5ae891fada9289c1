"""The public contract's closed vocabularies: the values each coded column of the four Parquet
files may hold (../shared/DESIGN.md, "The public contract"), defined once for the package and its
tests. Column names and types live in schemas/parquet.yaml."""
from __future__ import annotations

from typing import Final

# The contract columns of each file: never renamed (extensions may be added).
CONTRACT_COLUMNS: Final = {
    "targets": ("doc_id", "kind", "year", "period", "section_path", "indicator", "measure", "breakdown",
                "indicator_text", "comparator", "direction", "value", "value_low", "value_high", "scale", "unit",
                "per", "text", "char_start", "char_end", "page", "sentence"),
    "documents": ("doc_id", "source_path", "format", "sha256", "pages", "status", "error", "issuer", "province",
                  "doc_type", "doc_number", "doc_date", "plan_year", "title", "signer", "text"),
    "sections": ("doc_id", "section_path", "label", "title", "level", "char_start", "char_end", "page"),
    "checks": ("doc_id", "check", "severity", "message", "section_path"),
}

KINDS: Final = frozenset({"target", "actual"})  # a figure set for the future, or one reported
MEASURES: Final = frozenset({"level", "growth", "change", "share"})  # or None: not decided
COMPARATORS: Final = frozenset({"eq", "ge", "gt", "le", "lt", "approx", "range"})
DIRECTIONS: Final = frozenset({"increase", "decrease", "reach", "maintain"})  # or None
RELATIVE_TO: Final = frozenset({"plan", "previous_year"})  # or None: the figure is the indicator's own
STATUSES: Final = frozenset({"ok", "failed"})
SEVERITIES: Final = frozenset({"ok", "info", "warning", "error"})
ISSUER_LEVELS: Final = frozenset({"party_committee", "party_congress", "party_organisation", "peoples_council",
                                  "peoples_committee", "national"})  # or None: no issuer found
JURISDICTIONS: Final = frozenset({"national", "province", "district", "commune"})  # or None
SOURCE_KINDS: Final = frozenset({"document", "news", "excerpt"})  # or None for a failed file

# (file, column) -> the values allowed there (None where the column may be null).
ALLOWED: Final = {
    ("targets", "kind"): KINDS,
    ("targets", "measure"): MEASURES | {None},
    ("targets", "comparator"): COMPARATORS,
    ("targets", "direction"): DIRECTIONS | {None},
    ("targets", "relative_to"): RELATIVE_TO | {None},
    ("documents", "status"): STATUSES,
    ("checks", "severity"): SEVERITIES,
    ("documents", "jurisdiction"): JURISDICTIONS | {None},
    ("documents", "source_kind"): SOURCE_KINDS | {None},
}
