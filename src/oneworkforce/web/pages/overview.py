"""The system overview: each headline metric's latest value with its SPC variation and
assurance icons and its target, for the system, a place or an organisation (JSON twin:
/api/overview)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from oneworkforce.spc.series import parse_slice
from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import formatting as fmt
from oneworkforce.web import queries
from oneworkforce.web.models import Headline, Register
from oneworkforce.web.pages.common import (
    Download,
    FormEnd,
    Page,
    TableName,
    ViewerDep,
    api,
    respond,
    where_param,
)
from oneworkforce.web.routes import SettingsDep, TargetsDep, Where
from oneworkforce.web.tables import Column, Table

router = APIRouter()


def scopes(register: Register) -> list[tuple[str, str]]:
    """The scopes a page offers: the system, each place and each organisation."""
    return [
        ("", "The whole system"),
        *((f"place={p}", f"Place: {p}") for p in register.places),
        *((f"org={o.org}", f"Organisation: {o.name or o.org}") for o in register.organisations),
    ]


def scope_words(where: dict[str, str], register: Register) -> str:
    names = {o.org: o.name or o.org for o in register.organisations}
    return fmt.slice_words(where, names)


def headline_rows(headlines: list[Headline], where: dict[str, str]) -> list[dict]:
    """A row per headline metric, as the overview and board pack tables show it."""
    query = fmt.query_slice(where)
    rows = []
    for h in headlines:
        target = h.target
        rows.append(
            {
                "metric": h.metric,
                "name": h.name,
                "href": f"/metrics/{h.metric}" + (where_param(query) if query else ""),
                "unit": h.unit,
                "month": h.month,
                "value": h.value,
                "variation": h.spc.variation if h.spc else None,
                "assurance": h.spc.assurance if h.spc else None,
                "target": h.spc.target if h.spc else None,
                "target_name": target.name if target else None,
                "target_status": target.status if target else None,
                "problem": h.problem,
            }
        )
    return rows


def headline_table(headlines: list[Headline], where: dict[str, str], caption: str) -> Table:
    return Table(
        name="headlines",
        caption=caption,
        columns=[
            Column("name", "Metric", link="href"),
            Column("value", "Latest", unit_key="unit", kind="number"),
            Column("month", "Month", kind="month"),
            Column("variation", "Variation", kind="variation"),
            Column("assurance", "Assurance", kind="assurance"),
            Column("target", "Target", unit_key="unit", kind="number", missing="none set"),
            Column("target_status", "Target status", missing="none set"),
        ],
        rows=headline_rows(headlines, where),
        hidden_keys=("metric", "unit", "target_name", "problem"),
        note="Variation: Making Data Count's reading of the latest month against the process "
        "limits. Assurance: whether the process limits lie on the right side of the target. "
        "A target shows only where one is set for exactly this metric and scope.",
    )


@router.get("/", include_in_schema=False)
def overview_page(
    request: Request,
    settings: SettingsDep,
    targets: TargetsDep,
    viewer: ViewerDep,
    where: Where = "",
    end: FormEnd = None,
    download: Download = None,
    table: TableName = None,
) -> Response:
    chosen = parse_slice(where)
    specs = targets.specs()
    with open_warehouse(settings, read_only=True) as warehouse:
        overview = queries.overview(warehouse, viewer, chosen, end, specs)
        register = queries.register(warehouse)
    scope = scope_words(chosen, register)
    page = Page(
        template="overview.html",
        title="Workforce overview",
        section="overview",
        api_url=api("/api/overview", request),
        context={
            "overview": overview,
            "scope": scope,
            "scopes": scopes(register),
            "where_text": where,
            "end": end or "",
        },
        tables=[headline_table(overview.headlines, chosen, f"Headline metrics for {scope}")],
    )
    return respond(request, viewer, page, download, table)
