"""Equality: the pay gap headline and the WRES and WDES indicator tables, for the system or
an organisation (JSON twin: /api/equality), and experience and wellbeing: the health and
wellbeing panel and the staff survey's People Promise scores (JSON twin: /api/wellbeing)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from oneworkforce.metrics.equality_report import WDES, WRES
from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import queries
from oneworkforce.web.pages.common import (
    Blank,
    Download,
    FormMonth,
    Page,
    TableName,
    ViewerDep,
    api,
    respond,
)
from oneworkforce.web.routes import SettingsDep
from oneworkforce.web.tables import Column, Table

router = APIRouter()


def standard_table(name: str, rows: list[dict], layout, caption: str) -> Table:
    groups = [layout.columns[c] for c in layout.order]
    return Table(
        name=name,
        caption=caption,
        columns=[
            Column("indicator", "Indicator"),
            Column("breakdown", "Breakdown"),
            Column("measure", "Measure"),
            *(Column(g, g.replace("_", " ").capitalize(), kind="number") for g in groups),
            Column("total", "Total", kind="number"),
            Column("value", "Value", kind="number"),
            Column("unit", "Unit of value"),
        ],
        rows=rows,
        hidden_keys=("note",),
        note="Empty cells are hidden by disclosure control or have no figure.",
    )


@router.get("/equality", include_in_schema=False)
def equality_page(
    request: Request,
    settings: SettingsDep,
    viewer: ViewerDep,
    org: Annotated[str | None, Query(description="ODS code (default the system).")] = None,
    year: Annotated[int | None, Blank, Query(description="Year ending 31 March.")] = None,
    download: Download = None,
    table: TableName = None,
) -> Response:
    code = org.strip().upper() if org and org.strip() else None
    with open_warehouse(settings, read_only=True) as warehouse:
        equality = queries.equality(warehouse, viewer, code, year)
        register = queries.register(warehouse)
    names = {o.org: o.name or o.org for o in register.organisations}
    scope = names.get(code, code) if code else "the whole system"
    year_text = f"year to 31 March {equality.year}" if equality.year else "latest year"
    gaps = Table(
        name="pay_gaps",
        caption=f"Pay gaps for {scope}, at the latest snapshot",
        columns=[
            Column("name", "Pay gap"),
            Column("value", "Gap", unit="percent", kind="number"),
            Column("month", "Snapshot", kind="month"),
        ],
        rows=[{**g, "href": f"/metrics/{g['metric']}"} for g in equality.pay_gaps],
        hidden_keys=("metric", "suppressed"),
        note="A positive gap means men, White staff or non-disabled staff are paid more per "
        "hour on average; 0 is parity.",
    )
    page = Page(
        template="equality.html",
        title="Equality",
        section="equality",
        api_url=api("/api/equality", request),
        context={
            "equality": equality,
            "scope": scope,
            "organisations": register.organisations,
            "org": code or "",
            "year": year or "",
        },
        tables=[
            gaps,
            standard_table(
                "wres", equality.wres, WRES, f"WRES indicators for {scope}, {year_text}"
            ),
            standard_table("wdes", equality.wdes, WDES, f"WDES metrics for {scope}, {year_text}"),
        ],
        breadcrumbs=[("Overview", "/")],
    )
    return respond(request, viewer, page, download, table)


def _wide(rows: list[dict], key: str, label_of) -> tuple[list[dict], list[tuple[str, str, str]]]:
    """Tidy rows (one per organisation and measure) as one row per organisation, a column per
    measure; returns the rows and the measures (key, name, unit) in order."""
    measures: dict[str, tuple[str, str]] = {}
    wide: dict[str | None, dict] = {}
    for row in rows:
        measures.setdefault(row[key], (row["name"], row.get("unit") or "score"))
        entry = wide.setdefault(
            row.get("org"), {"org": row.get("org"), "label": label_of(row.get("org"))}
        )
        entry[row[key]] = row["value"]
    return list(wide.values()), [(k, n, u) for k, (n, u) in measures.items()]


@router.get("/wellbeing", include_in_schema=False)
def wellbeing_page(
    request: Request,
    settings: SettingsDep,
    viewer: ViewerDep,
    month: FormMonth = None,
    download: Download = None,
    table: TableName = None,
) -> Response:
    with open_warehouse(settings, read_only=True) as warehouse:
        wellbeing = queries.wellbeing(warehouse, viewer, month)
        register = queries.register(warehouse)
    names = {o.org: o.name or o.org for o in register.organisations}

    def label(org: str | None) -> str:
        return "The whole system" if org is None else names.get(org, org)

    panel_rows, panel_measures = _wide(wellbeing.panel, "measure", label)
    survey_rows, survey_measures = _wide(wellbeing.experience, "measure", label)
    panel = Table(
        name="wellbeing",
        caption="Health and wellbeing: sickness absence over 12 months and the latest survey",
        columns=[
            Column("label", "Organisation"),
            *(Column(k, n, unit=u, kind="number") for k, n, u in panel_measures),
        ],
        rows=panel_rows,
        hidden_keys=("org",),
        note="Sickness absence rates are over the 12 months to the month shown; survey "
        "figures are from the latest annual NHS Staff Survey. Hidden: too few to share.",
    )
    survey = Table(
        name="experience",
        caption="Staff experience: People Promise, engagement and morale scores (0 to 10)",
        columns=[
            Column("label", "Organisation"),
            *(Column(k, n, unit="score", kind="number") for k, n, _ in survey_measures),
        ],
        rows=survey_rows,
        hidden_keys=("org",),
        note="Higher is better. Results from 10 or fewer responses are hidden.",
    )
    page = Page(
        template="wellbeing.html",
        title="Experience and wellbeing",
        section="wellbeing",
        api_url=api("/api/wellbeing", request),
        context={"wellbeing": wellbeing, "month": month or ""},
        tables=[panel, survey],
        breadcrumbs=[("Overview", "/")],
    )
    return respond(request, viewer, page, download, table)
