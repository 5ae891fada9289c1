"""A picture of target against result over the years, for one province and indicator: `extract compare --chart`.

One panel per series (measure, breakdown, unit) of the comparison rows, years along the bottom. The
target of each year is a hollow diamond (a range: a bar from its low to its high bound), labelled
with its comparator; the reported result a filled marker on a line: a green circle when it met the
target, a red cross when it missed, grey when there is nothing to judge it by. Money is shown in the
scale that suits the series (million, billion or thousand billion) and the unit is on the axis.
PNG or SVG by the file's extension, drawn with matplotlib's Agg backend (no display needed).
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

CHART_FORMATS = (".png", ".svg")
STATUS_STYLE = {  # marker, colour and legend label of a result by its status
    "met": ("o", "#1a7f37", "result: met"),
    "missed": ("X", "#cf222e", "result: missed"),
    "unknown": ("s", "#6e7781", "result (no target to judge it by)"),
}
TARGET_COLOUR = "#0550ae"
MONEY_SCALES = ((1e12, "thousand billion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))
UNIT_LABELS = {"percent": "%", "percentage_point": "percentage points"}
PER_LABELS = {"person": "per person", "10k_people": "per 10,000 people"}
LABELLED_YEARS = 8  # a series over more years is not labelled point by point (the labels would overlap)
MEASURE_LABELS = {"level": "level", "growth": "growth, % a year", "change": "change (added in the year)",
                  "share": "share"}
COMPARATOR_SIGNS = {"ge": "≥ ", "gt": "> ", "le": "≤ ", "lt": "< ", "approx": "≈ "}


class ChartError(Exception):
    """The rows or the file name cannot make a chart: the message says what to give."""


def check_chart_rows(rows: list[dict[str, Any]], path: Path) -> None:
    """Refuse a chart of no rows, of several provinces or indicators, or to an unknown format."""
    if path.suffix.lower() not in CHART_FORMATS:
        raise ChartError(f"{path}: a chart is a .png or .svg file")
    if not rows:
        raise ChartError("nothing to draw: no comparison row matches the filters")
    provinces = {r["province"] for r in rows}
    indicators = {r["indicator"] for r in rows}
    if len(provinces) > 1 or len(indicators) > 1:
        raise ChartError(f"a chart shows one province and one indicator; the rows hold {len(provinces)} provinces "
                         f"and {len(indicators)} indicators: add --province and --indicator")


def money_scale(values: list[float]) -> tuple[float, str]:
    """The divisor and word for money values: the largest scale below the largest value."""
    top = max((abs(v) for v in values), default=0.0)
    for divisor, word in MONEY_SCALES:
        if top >= divisor:
            return divisor, word
    return 1.0, ""


def axis_unit(unit: str | None, per: str | None, values: list[float]) -> tuple[float, str]:
    """The divisor the series is shown in and the axis label of its unit."""
    divisor, label = 1.0, UNIT_LABELS.get(unit or "", (unit or "no unit").replace("_", " "))
    if unit in ("VND", "USD"):
        divisor, word = money_scale(values)
        label = f"{word} {unit}".strip()
    if per:
        label += " " + PER_LABELS.get(per, f"per {per}")
    return divisor, label


def series_of(rows: list[dict[str, Any]]) -> dict[tuple, list[dict[str, Any]]]:
    """The rows by series (measure, breakdown, unit, per), each in year order."""
    series: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: r["year"]):
        series[(r["measure"], r["breakdown"], r["unit"], r["per"])].append(r)
    return dict(sorted(series.items(), key=lambda kv: tuple(str(k) for k in kv[0])))


def series_values(rows: list[dict[str, Any]]) -> list[float]:
    """Every number a series shows (targets, bounds, results)."""
    keys = ("target_value", "target_low", "target_high", "actual_value")
    return [r[k] for r in rows for k in keys if r.get(k) is not None]


def draw_targets(ax: Any, rows: list[dict[str, Any]], divisor: float, labels: bool) -> None:
    """The targets: a hollow diamond at the value, a bar over a range, the comparator beside it."""
    for r in rows:
        if r["target_comparator"] == "range" and r["target_low"] is not None and r["target_high"] is not None:
            low, high = r["target_low"] / divisor, r["target_high"] / divisor
            ax.vlines(r["year"], low, high, colors=TARGET_COLOUR, linewidth=6, alpha=0.35, label="target (range)")
            if labels:
                    ax.annotate(f"{low:g} – {high:g}", (r["year"], high), textcoords="offset points", xytext=(8, 0),
                            fontsize=8, color=TARGET_COLOUR, va="center")
        elif r["target_value"] is not None:
            value = r["target_value"] / divisor
            ax.plot(r["year"], value, "D", mfc="none", mec=TARGET_COLOUR, mew=1.8, ms=9, label="target")
            sign = COMPARATOR_SIGNS.get(r["target_comparator"] or "", "")
            if labels:
                ax.annotate(f"{sign}{value:g}", (r["year"], value), textcoords="offset points", xytext=(8, 0),
                            fontsize=8, color=TARGET_COLOUR, va="center")


def draw_results(ax: Any, rows: list[dict[str, Any]], divisor: float, labels: bool) -> None:
    """The results: a thin line through them, each marked by its status."""
    points = [(r["year"], r["actual_value"] / divisor, r["status"]) for r in rows if r["actual_value"] is not None]
    if len(points) > 1:
        ax.plot([p[0] for p in points], [p[1] for p in points], "-", color="#57606a", linewidth=1, zorder=1)
    for year, value, status in points:
        marker, colour, label = STATUS_STYLE[status]
        ax.plot(year, value, marker, color=colour, ms=9, label=label, zorder=3)
        if labels:
            ax.annotate(f"{value:g}", (year, value), textcoords="offset points", xytext=(-8, 0), fontsize=8,
                        color=colour, ha="right", va="center")


def panel_title(key: tuple, rows: list[dict[str, Any]]) -> str:
    """What a series is: its measure (a change or growth that is a decrease says so), and its part."""
    measure, breakdown = key[0], key[1]
    title = MEASURE_LABELS.get(measure, measure)
    directions = {r["target_direction"] for r in rows if r["target_text"]} | \
        {r["actual_direction"] for r in rows if r["actual_text"]}
    if measure in ("change", "growth") and directions == {"decrease"}:
        title = "decrease in the year (amount of reduction)" if measure == "change" else "decline, % a year"
    return title + (f" — part: {breakdown.replace('_', ' ')}" if breakdown else "")


def draw_panel(ax: Any, key: tuple, rows: list[dict[str, Any]], years: list[int]) -> None:
    """One series over the chart's years: targets, results, axes labelled with the unit, a legend without repeats."""
    divisor, unit_label = axis_unit(key[2], key[3], series_values(rows))
    labels = len({r["year"] for r in rows}) <= LABELLED_YEARS
    draw_targets(ax, rows, divisor, labels)
    draw_results(ax, rows, divisor, labels)
    ax.set_xticks(years)
    if len(years) > LABELLED_YEARS:
        ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.margins(y=0.25)
    ax.set_xlabel("year")
    ax.set_ylabel(unit_label)
    ax.set_title(panel_title(key, rows), fontsize=10, loc="left")
    ax.grid(axis="y", alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    ax.legend(unique.values(), unique.keys(), fontsize=8, loc="best", framealpha=0.8)


def draw_chart(rows: list[dict[str, Any]], path: Path) -> Path:
    """Given comparison rows of one province and indicator, write the chart to `path` (.png or .svg)."""
    check_chart_rows(rows, path)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = series_of(rows)
    fig, axes = plt.subplots(len(series), 1, figsize=(7.5, 3.2 * len(series) + 0.8), squeeze=False,
                             layout="constrained")  # room for the title over the panels
    years = sorted({r["year"] for r in rows})
    for ax, (key, series_rows) in zip(axes[:, 0], series.items()):
        draw_panel(ax, key, series_rows, years)
    first = rows[0]
    label = first.get("indicator_label") or first["indicator"]
    fig.suptitle(f"{first['province']}: {label} ({first['indicator']})\n"
                 "targets (hollow) against the results reported for the same year", fontsize=11)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
