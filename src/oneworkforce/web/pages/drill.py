"""The drill-down: a metric for the system, then a place, an organisation and a staff group,
each level listing the slices below it with their latest figure and variation icon (JSON
twin: /api/drill/{id})."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from oneworkforce.metrics import CATALOGUE
from oneworkforce.spc.series import parse_slice
from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import charts, queries
from oneworkforce.web import formatting as fmt
from oneworkforce.web.models import Drill
from oneworkforce.web.pages.common import (
    Download,
    Page,
    TableName,
    ViewerDep,
    api,
    respond,
    where_param,
)
from oneworkforce.web.pages.overview import scope_words
from oneworkforce.web.routes import End, MetricDep, SettingsDep, Where
from oneworkforce.web.tables import Column, Table

router = APIRouter()
LEVEL_WORDS = {"place": "Place", "org": "Organisation", "staff_group": "Staff group"}


def drill_url(metric_id: str, where: dict[str, str]) -> str:
    query = fmt.query_slice(where)
    return f"/drill/{metric_id}" + (where_param(query) if query else "")


def rows_table(drill: Drill, unit: str, scope: str) -> Table:
    rows = []
    for row in drill.rows:
        query = fmt.query_slice(row.where)
        rows.append(
            row.model_dump()
            | {
                "href": drill_url(drill.metric, row.where) if row.can_drill else None,
                "chart": "SPC chart",
                "chart_more": f"of {row.label}",
                "chart_href": f"/metrics/{drill.metric}{where_param(query)}",
                "where": query,
            }
        )
    level = LEVEL_WORDS.get(drill.level or "", drill.level or "")
    return Table(
        name="slices",
        caption=f"{CATALOGUE[drill.metric].name} by {level.lower()}, {scope}",
        columns=[
            Column("label", level, link="href"),
            Column("value", "Latest", unit=unit, kind="number"),
            Column("month", "Month", kind="month"),
            Column("variation", "Variation", kind="variation"),
            Column("chart", "Chart", link="chart_href"),
        ],
        rows=rows,
        hidden_keys=("where", "value_code", "shared", "suppressed", "points"),
        note="Hidden: a figure withheld by disclosure control (too few people to share).",
    )


@router.get("/drill/{metric_id}", include_in_schema=False)
def drill_page(
    request: Request,
    metric: MetricDep,
    settings: SettingsDep,
    viewer: ViewerDep,
    where: Where = "",
    end: End = None,
    download: Download = None,
    table: TableName = None,
) -> Response:
    chosen = parse_slice(where)
    with open_warehouse(settings, read_only=True) as warehouse:
        drill = queries.drill(warehouse, viewer, metric.id, chosen, end)
        register = queries.register(warehouse)
    names = {o.org: o.name or o.org for o in register.organisations}
    scope = scope_words(chosen, register)
    trail = [("Overview", "/"), (f"{metric.name}: the system", drill_url(metric.id, {}))]
    keys = list(chosen)
    for depth in range(1, len(keys)):
        part = {k: chosen[k] for k in keys[:depth]}
        value = part[keys[depth - 1]]
        trail.append((names.get(value, value), drill_url(metric.id, part)))
    choices = [
        (m.id, m.name)
        for m in CATALOGUE.values()
        if "place" in m.dimensions and "org" in m.dimensions
    ]
    chart = drill.headline.spc
    page = Page(
        template="drill.html",
        title=f"{metric.name}: {scope}",
        section="drill",
        api_url=api(f"/api/drill/{metric.id}", request),
        context={
            "metric": metric,
            "drill": drill,
            "scope": scope,
            "choices": choices,
            "where_text": where,
            "level_words": LEVEL_WORDS.get(drill.level or "", ""),
            "figure": charts.spc_figure(chart, metric.unit) if chart and chart.points else None,
            "summary": charts.spc_summary(metric.name, chart, metric.unit, scope),
            "metric_href": f"/metrics/{metric.id}" + (where_param(where) if where else ""),
        },
        tables=[rows_table(drill, metric.unit, scope)],
        breadcrumbs=trail if chosen else [("Overview", "/")],
        charts=True,
    )
    return respond(request, viewer, page, download, table)


@router.get("/drill", include_in_schema=False)
def drill_choice(metric: str = "headcount") -> Response:
    """The metric chosen in the drill-down's form (a form cannot put it in the path)."""
    from fastapi.responses import RedirectResponse

    from oneworkforce.metrics import get_metric

    return RedirectResponse(f"/drill/{get_metric(metric).id}", status_code=303)
