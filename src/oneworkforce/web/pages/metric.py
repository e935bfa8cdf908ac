"""The metric catalogue, and a page per metric: its SPC chart for any slice with the points in
a table, the definition and source, and downloads (JSON twins: /api/metrics and
/api/metrics/{id}/spc)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from oneworkforce.metrics import CATALOGUE
from oneworkforce.metrics.dimensions import DIMENSIONS
from oneworkforce.spc.series import parse_slice
from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import charts, queries
from oneworkforce.web import formatting as fmt
from oneworkforce.web.models import SpcResult
from oneworkforce.web.pages.common import (
    Blank,
    Download,
    FormEnd,
    FormStart,
    Page,
    TableName,
    ViewerDep,
    respond,
    twin_query,
)
from oneworkforce.web.pages.overview import scope_words, scopes
from oneworkforce.web.routes import MetricDep, SettingsDep, TargetsDep, Where
from oneworkforce.web.tables import Column, Table

router = APIRouter()
RULE_WORDS = {
    "outside_limits": "outside the limits",
    "two_of_three": "two of three near a limit",
    "shift": "shift",
    "trend": "trend",
}
POINT_WORDS = {
    "common_cause": "common cause",
    "improvement": "improvement",
    "concern": "concern",
    "neither": "special cause, neither",
}


@router.get("/metrics", include_in_schema=False)
def catalogue_page(
    request: Request, viewer: ViewerDep, download: Download = None, table: TableName = None
) -> Response:
    rows = [
        {
            "name": m.name,
            "href": f"/metrics/{m.id}",
            "id": m.id,
            "unit": m.unit,
            "good_direction": m.good_direction,
            "definition": m.definition,
            "source": m.source,
        }
        for m in CATALOGUE.values()
    ]
    table_ = Table(
        name="catalogue",
        caption=f"The {len(rows)} metrics of the catalogue",
        columns=[
            Column("name", "Metric", link="href"),
            Column("unit", "Unit"),
            Column("good_direction", "Better when"),
            Column("definition", "Definition"),
        ],
        rows=rows,
        hidden_keys=("id", "source"),
    )
    page = Page(
        template="catalogue.html",
        title="Metrics",
        section="metrics",
        api_url="/api/metrics",
        tables=[table_],
        breadcrumbs=[("Overview", "/")],
    )
    return respond(request, viewer, page, download, table)


def points_table(chart: SpcResult, unit: str, caption: str, name: str = "spc") -> Table:
    rows = [
        p.model_dump()
        | {
            "unit": unit,
            "signal": POINT_WORDS.get(p.point_type, p.point_type),
            "rules_text": ", ".join(RULE_WORDS.get(r, r) for r in p.rules),
        }
        for p in chart.points
    ]
    return Table(
        name=name,
        caption=caption,
        columns=[
            Column("month", "Month", kind="month"),
            Column("value", "Value", unit=unit, kind="number"),
            Column("mean", "Mean", unit=unit, kind="number"),
            Column("lower", "Lower limit", unit=unit, kind="number"),
            Column("upper", "Upper limit", unit=unit, kind="number"),
            Column("signal", "Signal"),
            Column("rules_text", "Rules broken"),
        ],
        rows=rows,
        hidden_keys=("period", "near_lower", "near_upper", "baseline", "point_type"),
    )


@router.get("/metrics/{metric_id}", include_in_schema=False)
def metric_page(
    request: Request,
    metric: MetricDep,
    settings: SettingsDep,
    targets: TargetsDep,
    viewer: ViewerDep,
    where: Where = "",
    start: FormStart = None,
    end: FormEnd = None,
    target: Annotated[float | None, Blank, Query(description="Target value.")] = None,
    download: Download = None,
    table: TableName = None,
) -> Response:
    """The metric's SPC chart for a slice, against the given target or else the value
    target stored for exactly this metric and slice."""
    chosen = parse_slice(where)
    stored = None
    if target is None:
        wanted = [
            s
            for s in targets.specs()
            if s.target_type == "value" and s.metric_id == metric.id and s.slice == chosen
        ]
        stored = wanted[0] if wanted else None
    with open_warehouse(settings, read_only=True) as warehouse:
        status = queries.target_statuses(warehouse, viewer, [stored])[0] if stored else None
        goal = target if target is not None else (status.target if status else None)
        chart = queries.metric_spc(warehouse, viewer, metric.id, chosen, start, end, goal)
        register = queries.register(warehouse)
    scope = scope_words(chosen, register)
    caption = f"{metric.name} for {scope}, month by month"
    query = urlencode(
        twin_query(request, drop=["target"]) + ([("target", f"{goal}")] if goal is not None else [])
    )
    page = Page(
        template="metric.html",
        title=metric.name,
        section="metrics",
        api_url=f"/api/metrics/{metric.id}/spc" + (f"?{query}" if query else ""),
        context={
            "metric": metric,
            "chart": chart,
            "scope": scope,
            "scopes": scopes(register),
            "where_text": where,
            "start": start or "",
            "end": end or "",
            "target_value": "" if target is None else f"{target:g}",
            "stored_target": status,
            "figure": charts.spc_figure(chart, metric.unit),
            "summary": charts.spc_summary(metric.name, chart, metric.unit, scope),
            "dimensions": {d: DIMENSIONS[d] for d in sorted(metric.dimensions)},
            "drill": "place" in metric.dimensions,
            "last": chart.points[-1] if chart.points else None,
            "fmt": fmt,
        },
        tables=[points_table(chart, metric.unit, caption)],
        breadcrumbs=[("Overview", "/"), ("Metrics", "/metrics")],
        charts=True,
    )
    return respond(request, viewer, page, download, table)
