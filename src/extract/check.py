"""Check: list[Target] -> list[Finding].

Tests what the extracted figures claim about each other:
- shares_sum_to_100: the sector shares of one structure ("cơ cấu kinh tế") add up to 100%;
- parts_sum_to_total: the parts listed under a total ("trong đó: ...") add up to it;
- restated_value: one indicator stated twice for the same year and kind agrees with itself;
- repeated_in_annex: a figure of the body repeated in an annex (the annex's table of main targets)
  is linked to it, both rows kept: the same value, or a warning where the annex says another.
A confirmation is a finding too (severity "ok"), so a reader sees what was checked.
"""
from __future__ import annotations

from collections import defaultdict

from .models import Finding, Target

SHARE_TOLERANCE = 0.15  # percentage points: published shares are rounded to one or two decimals
PART_TOLERANCE = 0.001  # relative: parts are rounded like their total


def fmt(value: float | None) -> str:
    """A number as a Vietnamese document writes it: 13.593,9 ("?" for none)."""
    if value is None:
        return "?"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def reading(t: Target) -> str:
    if t.value is None:
        return f"{fmt(t.value_low)}-{fmt(t.value_high)}"
    return fmt(t.value)


def finding(doc_id: str, check: str, severity: str, message: str, targets: list[Target]) -> Finding:
    paths = [t.section_path for t in targets if t.section_path]
    return Finding(doc_id=doc_id, check=check, severity=severity, message=message,
                   section_path=paths[0] if paths else None,
                   spans=[(t.char_start, t.char_end) for t in targets], texts=[t.text for t in targets])


def check_shares(doc_id: str, targets: list[Target]) -> list[Finding]:
    groups: dict[tuple, list[Target]] = defaultdict(list)
    for t in targets:
        if t.measure == "share" and t.breakdown and t.unit == "percent" and t.value is not None:
            groups[(t.indicator, t.kind, t.year, t.period, t.section_path)].append(t)
    findings = []
    for (indicator, kind, year, period, _), parts in groups.items():
        if len({p.breakdown for p in parts}) < 2:
            continue
        total = sum(p.value or 0.0 for p in parts)  # (each part has a value)
        listing = " + ".join(f"{p.breakdown} {fmt(p.value)}" for p in parts)
        when = year or period
        if abs(total - 100) <= SHARE_TOLERANCE:
            findings.append(finding(doc_id, "shares_sum_to_100", "ok",
                                    f"{indicator} shares ({kind} {when}) sum to 100%: {listing}", parts))
        else:
            findings.append(finding(doc_id, "shares_sum_to_100", "warning",
                                    f"{indicator} shares ({kind} {when}) sum to {fmt(total)}%, not 100%: {listing}", parts))
    return findings


def check_parts(doc_id: str, targets: list[Target]) -> list[Finding]:
    children: dict[int, list[Target]] = defaultdict(list)
    for t in targets:
        if t.parent_index is not None:
            children[t.parent_index].append(t)
    findings = []
    for parent_index, parts in children.items():
        total = targets[parent_index]
        parts = [p for p in parts if p.value is not None and p.unit == total.unit and p.breakdown
                 and p.indicator == total.indicator and p.measure == total.measure]
        if len(parts) < 2 or total.value is None:
            continue
        whole = total.value * total.scale
        summed = sum((p.value or 0.0) * p.scale for p in parts)  # (each part has a value)
        listing = " + ".join(f"{p.breakdown} {p.text}" for p in parts)
        label = f"{total.indicator} {total.kind} {total.year or total.period}"
        involved = [total] + parts
        if abs(summed - whole) <= PART_TOLERANCE * abs(whole):
            findings.append(finding(doc_id, "parts_sum_to_total", "ok",
                                    f"{label}: parts {listing} sum to the total {total.text}", involved))
        elif summed > whole:
            findings.append(finding(doc_id, "parts_sum_to_total", "error",
                                    f"{label}: parts {listing} sum to {fmt(summed / total.scale)}, "
                                    f"more than the total {total.text}", involved))
        else:
            findings.append(finding(doc_id, "parts_sum_to_total", "info",
                                    f"{label}: parts {listing} cover {fmt(100 * summed / whole)}% of the total "
                                    f"{total.text}; the rest is not listed", involved))
    return findings


def check_restated(doc_id: str, targets: list[Target]) -> list[Finding]:
    groups: dict[tuple, list[Target]] = defaultdict(list)
    for t in targets:
        if t.indicator:
            groups[(t.indicator, t.breakdown, t.measure, t.kind, t.year, t.period, t.unit, t.per)].append(t)
    findings = []
    for (indicator, breakdown, measure, kind, year, period, _, _), stated in groups.items():
        # A restatement is the same figure in another sentence; two figures of one sentence
        # ("69 dự án với 13 nghìn tỷ đồng ..., 1.100 doanh nghiệp với 10,5 nghìn tỷ đồng") are two things.
        if len(stated) < 2 or len({t.sentence for t in stated}) < 2:
            continue
        name = f"{indicator}" + (f"/{breakdown}" if breakdown else "") + f" ({measure}, {kind} {year or period})"
        places = "; ".join(f"{reading(t)} ({t.text}) in {t.section_path or 'body'}" for t in stated)
        values = {(t.value, t.value_low, t.value_high, t.scale) for t in stated}
        if len(values) == 1:
            findings.append(finding(doc_id, "restated_value", "ok",
                                    f"{name} stated {len(stated)} times alike: {places}", stated))
        else:
            findings.append(finding(doc_id, "restated_value", "warning",
                                    f"{name} stated with different values: {places}", stated))
    return findings


def figure_key(t: Target) -> tuple:
    """What makes two rows one figure: indicator, breakdown, measure, kind, year or period, unit, per."""
    return (t.indicator, t.breakdown, t.measure, t.kind, t.year, t.period, t.unit, t.per)


def check_annex_repeats(doc_id: str, targets: list[Target], annexes: list[tuple[int, int]]) -> list[Finding]:
    """Link each annex figure to the body figure it repeats (the same indicator, breakdown, measure,
    kind, year and unit): "ok" when the values agree, a warning when they do not."""
    def in_annex(t: Target) -> bool:
        return any(a <= t.char_start < b for a, b in annexes)

    body: dict[tuple, list[Target]] = defaultdict(list)
    for t in targets:
        if t.indicator and not in_annex(t):
            body[figure_key(t)].append(t)
    findings = []
    for t in targets:
        stated = body.get(figure_key(t)) if t.indicator and in_annex(t) else None
        if not stated:
            continue
        same_value = [b for b in stated if (b.value, b.value_low, b.value_high, b.scale) ==
                      (t.value, t.value_low, t.value_high, t.scale)]
        name = f"{t.indicator} ({t.measure}, {t.kind} {t.year or t.period})"
        if same_value:
            b = same_value[0]
            findings.append(finding(doc_id, "repeated_in_annex", "ok",
                                    f"{name} {b.text} in {b.section_path or 'body'} repeated in the annex "
                                    f"({t.section_path}: {t.text})", [b, t]))
        else:
            findings.append(finding(doc_id, "repeated_in_annex", "warning",
                                    f"{name}: the body says {reading(stated[0])} ({stated[0].text}), the annex "
                                    f"{reading(t)} ({t.section_path}: {t.text})", [stated[0], t]))
    return findings


def check(doc_id: str, targets: list[Target], annexes: list[tuple[int, int]] | None = None) -> list[Finding]:
    """Given one document's targets (and the text ranges of its annexes), return the arithmetic and
    consistency findings."""
    return (check_shares(doc_id, targets) + check_parts(doc_id, targets) + check_restated(doc_id, targets)
            + check_annex_repeats(doc_id, targets, annexes or []))
