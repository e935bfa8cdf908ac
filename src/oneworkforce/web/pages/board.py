"""The board pack: for a chosen month and scope, each headline metric's SPC chart with its
icons, its figures, a commentary box, and the targets within the scope, laid out to print
(JSON twin: /api/board-pack)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from oneworkforce.spc.series import parse_slice
from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import charts, queries
from oneworkforce.web import formatting as fmt
from oneworkforce.web.pages.common import Download, Page, TableName, ViewerDep, api, respond
from oneworkforce.web.pages.metric import points_table
from oneworkforce.web.pages.overview import headline_table, scope_words, scopes
from oneworkforce.web.pages.targets import status_table
from oneworkforce.web.routes import Month, SettingsDep, TargetsDep, Where

router = APIRouter()


@router.get("/board-pack", include_in_schema=False)
def board_pack_page(
    request: Request,
    settings: SettingsDep,
    targets: TargetsDep,
    viewer: ViewerDep,
    where: Where = "",
    month: Month = None,
    download: Download = None,
    table: TableName = None,
) -> Response:
    chosen = parse_slice(where)
    specs = targets.specs()
    with open_warehouse(settings, read_only=True) as warehouse:
        pack = queries.board_pack(warehouse, viewer, chosen, month, specs)
        register = queries.register(warehouse)
    scope = scope_words(chosen, register)
    latest = max((h.month for h in pack.headlines if h.month), default=None)
    sections = []
    tables = [headline_table(pack.headlines, chosen, f"Headline metrics for {scope}")]
    for h in pack.headlines:
        if h.spc is None or not h.spc.points:
            continue
        caption = f"{h.name} for {scope}, month by month"
        points = points_table(h.spc, h.unit, caption, name=f"spc_{h.metric}")
        tables.append(points)
        sections.append(
            {
                "headline": h,
                "table": points,
                "figure": charts.spc_figure(h.spc, h.unit),
                "summary": charts.spc_summary(h.name, h.spc, h.unit, scope),
            }
        )
    tables.append(status_table(pack.targets, f"Targets within {scope}"))
    page = Page(
        template="board_pack.html",
        title=f"Board pack: {scope}",
        section="board",
        api_url=api("/api/board-pack", request),
        context={
            "pack": pack,
            "scope": scope,
            "scopes": scopes(register),
            "where_text": where,
            "month": month or "",
            "month_words": fmt.month_name(month or latest) or "the latest month",
            "sections": sections,
        },
        tables=tables,
        breadcrumbs=[("Overview", "/")],
        charts=True,
    )
    return respond(request, viewer, page, download, table)
