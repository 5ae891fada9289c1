"""The pages of `extract serve`: the dataset at a glance, search, one document's review, compare.

Parameters are checked before anything is read: a year that is not a year, a kind or indicator code
that does not exist, a limit out of range is a 400 page naming the parameter; a doc_id the dataset
does not hold is a 404. Links between pages carry only doc_ids and query parameters.
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import PurePath
from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..contract import KINDS
from ..dataset.chart import ChartError
from ..dataset.compare import CompareFilters
from ..dataset.search import RESULT_FIELDS, SearchFilters, document_path, indicator_labels
from .data import FACETS, MAX_MATCHES, Dataset, SearchResult, documents_by_province_year
from .review import review_context

PAGE_ROWS = 100  # search results shown before "show more"
MAX_QUERY = 300  # characters of a query
YEARS = (1900, 2200)
SEARCH_PARAMS = ("q", "province", "year", "kind", "indicator")
CSV_FIELDS = RESULT_FIELDS + ("match",)


def dataset_of(request: Request) -> Dataset:
    return request.app.state.dataset


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status)


def bad(message: str) -> HTTPException:
    return HTTPException(400, message)


def text_param(request: Request, name: str, limit: int = MAX_QUERY) -> str | None:
    """A text parameter, stripped (None when absent or empty); 400 when longer than `limit`."""
    value = (request.query_params.get(name) or "").strip()
    if len(value) > limit:
        raise bad(f"The parameter {name} is longer than {limit} characters.")
    return value or None


def int_param(request: Request, name: str, low: int, high: int) -> int | None:
    """A whole-number parameter between `low` and `high` (None when absent); 400 otherwise."""
    value = text_param(request, name, 12)
    if value is None:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise bad(f"The parameter {name} must be a whole number from {low} to {high} (got {value!r}).")
    return int(value)


def code_param(request: Request, name: str, allowed: set[str] | frozenset[str]) -> str | None:
    """A parameter that is one of a closed set of codes; 400 otherwise."""
    value = text_param(request, name, 80)
    if value is not None and value not in allowed:
        raise bad(f"The parameter {name} must be one of the known codes (got {value!r}).")
    return value


def search_params(request: Request) -> dict[str, Any]:
    """The search's parameters, checked: q, province, year, kind, indicator."""
    return {"q": text_param(request, "q"), "province": text_param(request, "province", 100),
            "year": int_param(request, "year", *YEARS), "kind": code_param(request, "kind", KINDS),
            "indicator": code_param(request, "indicator", set(indicator_labels()))}


def search_href(params: dict[str, Any], changes: dict[str, Any] | None = None, path: str = "/search") -> str:
    """A link to the search with these parameters and changes (a None value drops one)."""
    merged = {**params, **(changes or {})}
    return path + "?" + urlencode({k: v for k, v in merged.items() if v is not None and v != ""})


def facet_items(params: dict[str, Any], result: SearchResult) -> list[dict[str, Any]]:
    """Each facet's values with their counts and the link that narrows (or, when active, widens) the search."""
    labels = indicator_labels()
    facets = []
    for name in FACETS:
        items = []
        for value, count in result.facets[name]:
            active = params.get(name) is not None and str(params[name]) == str(value)
            label = f"{value} · {labels.get(value, '')}" if name == "indicator" else str(value)
            items.append({"label": label, "count": count, "active": active,
                          "href": search_href(params, {name: None if active else value})})
        facets.append({"name": name, "items": items})
    return facets


def run_search(request: Request) -> tuple[dict[str, Any], SearchResult]:
    params = search_params(request)
    filters = SearchFilters(params["province"], params["year"], params["kind"], params["indicator"])
    result = dataset_of(request).search(params["q"] or "", filters)
    for row in result.rows:
        row["doc_name"] = PurePath(row.get("doc_path") or "").name
    return params, result


def search_page(request: Request) -> Response:
    """GET /search: the query box, the facets with their counts, the results, a CSV of them."""
    params, result = run_search(request)
    shown = int_param(request, "limit", 1, MAX_MATCHES) or PAGE_ROWS
    active = [(name, params[name]) for name in SEARCH_PARAMS[1:] if params[name] is not None]
    return render(request, "search.html", {
        "q": params["q"] or "", "result": result, "facets": facet_items(params, result), "shown": shown,
        "active": active, "active_links": [(n, v, search_href(params, {n: None})) for n, v in active],
        "csv_href": search_href(params, path="/search.csv"), "more_href": search_href(params, {"limit": shown + PAGE_ROWS})})


def search_csv(request: Request) -> Response:
    """GET /search.csv: the current search's results (all of them, up to MAX_MATCHES) as UTF-8 CSV
    with a byte-order mark (so a spreadsheet opens Vietnamese as it is)."""
    _, result = run_search(request)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=list(CSV_FIELDS), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for rank, row in enumerate(result.rows, 1):
        row = {**row, "rank": rank, "match": result.match}
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()})
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="search.csv"'})


def home(request: Request) -> Response:
    """GET /: documents by province and year, the counts of targets and results, failed files, the search box."""
    dataset = dataset_of(request)
    snapshot = dataset.snapshot()
    documents = sorted((dict(d, doc_name=PurePath(document_path(d)).name) for d in snapshot.documents),
                       key=lambda d: (d.get("province") or "", d.get("plan_year") or 0, d["doc_name"]))
    years, grid = documents_by_province_year(documents)
    return render(request, "index.html", {
        "folder": dataset.out.name, "totals": snapshot.totals, "documents": documents, "grid_years": years,
        "grid": grid, "failed": [d for d in documents if d.get("status") == "failed"]})


def document_page(request: Request) -> Response:
    """GET /documents/{doc_id}: the review page of one document."""
    rows = dataset_of(request).document(request.path_params["doc_id"])
    if rows is None:
        raise HTTPException(404, "The dataset holds no document with this id.")
    return render(request, "document.html", review_context(rows))


def compare_params(request: Request) -> CompareFilters:
    return CompareFilters(text_param(request, "province", 100),
                          code_param(request, "indicator", set(indicator_labels())), int_param(request, "year", *YEARS))


def doc_links(documents: list[dict[str, Any]]) -> dict[str, str]:
    """Each path a document is known by -> its page."""
    return {p: f"/documents/{d['doc_id']}" for d in documents for p in (d.get("source_paths") or [d.get("source_path")]) if p}


def compare_page(request: Request) -> Response:
    """GET /compare: the comparison table and, for one province and indicator, its chart."""
    filters = compare_params(request)
    dataset = dataset_of(request)
    rows = dataset.compare(filters)
    links = doc_links(dataset.documents())
    for r in rows:
        for side in ("target", "actual"):
            path = r.get(f"{side}_doc")
            r[f"{side}_link"], r[f"{side}_name"] = links.get(path or ""), PurePath(path).name if path else ""
    labels = indicator_labels()
    provinces = sorted({d["province"] for d in dataset.documents() if d.get("province") and d.get("status") == "ok"})
    paired = sorted({r["indicator"] for r in rows if r["target_text"] and r["actual_text"]})
    chart = filters.province and filters.indicator and rows
    return render(request, "compare.html", {
        "rows": rows, "province": filters.province, "indicator": filters.indicator, "year": filters.year,
        "provinces": provinces, "indicators": sorted(labels.items()),
        "counts": sorted(Counter(r["status"] for r in rows).items()),
        "chart_href": search_href({"province": filters.province, "indicator": filters.indicator}, path="/compare/chart.svg")
        if chart else None,
        "chartable": [(c, labels.get(c, "")) for c in paired] if filters.province and not filters.indicator else []})


def chart(request: Request) -> Response:
    """GET /compare/chart.svg?province=…&indicator=…: the chart of target against result (dataset/chart.py)."""
    filters = compare_params(request)
    if not filters.province or not filters.indicator:
        raise bad("A chart needs a province and an indicator.")
    rows = dataset_of(request).compare(CompareFilters(filters.province, filters.indicator))
    if not rows:
        raise HTTPException(404, "No comparison row for this province and indicator.")
    try:
        svg = dataset_of(request).chart_svg(rows)
    except ChartError as exc:
        raise bad(str(exc)) from None
    return Response(svg, media_type="image/svg+xml",
                    headers={"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'"})
