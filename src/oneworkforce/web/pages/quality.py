"""Data quality: which partners have not sent this month's data, every load with its
reconciliation (rows read = loaded + quarantined), the reasons rows were quarantined, and a
load's quarantined rows for those who may see them (JSON twins: /api/quality and
/api/quality/loads/{id}/quarantine)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import queries
from oneworkforce.web.pages.common import Download, Page, TableName, ViewerDep, respond
from oneworkforce.web.routes import SettingsDep
from oneworkforce.web.tables import Column, Table

router = APIRouter()


@router.get("/quality", include_in_schema=False)
def quality_page(
    request: Request,
    settings: SettingsDep,
    viewer: ViewerDep,
    download: Download = None,
    table: TableName = None,
) -> Response:
    with open_warehouse(settings, read_only=True) as warehouse:
        quality = queries.quality(warehouse, viewer)
    coverage = Table(
        name="missing",
        caption="Partners missing from each extract's latest month",
        columns=[
            Column("extract", "Extract"),
            Column("month", "Latest month", kind="month"),
            Column("sent_count", "Partners sent", kind="number", unit="count"),
            Column("missing", "Missing this month", kind="list"),
            Column("never_sent", "Never sent", kind="list"),
        ],
        rows=[m.model_dump() | {"sent_count": len(m.sent)} for m in quality.missing],
        hidden_keys=("sent",),
        note="Missing this month: the partner sent the extract for an earlier month but not "
        "for the latest. Never sent: in the organisations register, with no load of it.",
    )
    loads = Table(
        name="loads",
        caption=f"The latest {len(quality.loads)} loads, newest first",
        columns=[
            Column("load_id", "Load", link="href"),
            Column("extract", "Extract"),
            Column("file", "File"),
            Column("status", "Status"),
            Column("read", "Rows read", kind="number", unit="count"),
            Column("loaded", "Loaded", kind="number", unit="count"),
            Column("quarantined", "Quarantined", kind="number", unit="count"),
            Column("reconciles", "Reconciles", kind="flag"),
            Column("finished", "Finished"),
        ],
        rows=[
            load.model_dump()
            | {"href": f"/quality/loads/{load.load_id}" if load.own and load.quarantined else None}
            for load in quality.loads
        ],
        hidden_keys=("version", "org", "period", "replaced", "scopes"),
        note="Reconciles: rows read = rows loaded + rows quarantined, so no row was lost. "
        "Counts of 1 to 4 are hidden from shared viewers, since a row can be a person.",
    )
    reasons = Table(
        name="reasons",
        caption="Why rows were quarantined, by load and rule",
        columns=[
            Column("load_id", "Load"),
            Column("extract", "Extract"),
            Column("rule", "Rule broken"),
            Column("rows", "Rows", kind="number", unit="count"),
        ],
        rows=[r.model_dump() for r in quality.reasons],
    )
    page = Page(
        template="quality.html",
        title="Data quality",
        section="quality",
        api_url="/api/quality",
        context={"quality": quality},
        tables=[coverage, loads, reasons],
        breadcrumbs=[("Overview", "/")],
    )
    return respond(request, viewer, page, download, table)


@router.get("/quality/loads/{load_id}", include_in_schema=False)
def quarantine_page(
    request: Request,
    load_id: int,
    settings: SettingsDep,
    viewer: ViewerDep,
    download: Download = None,
    table: TableName = None,
) -> Response:
    with open_warehouse(settings, read_only=True) as warehouse:
        quarantine = queries.quarantine(warehouse, viewer, load_id)
    rows = Table(
        name="quarantine",
        caption=f"Quarantined rows of load {load_id}",
        columns=[
            Column("row", "File row"),
            Column("column", "Column"),
            Column("value", "Value as sent"),
            Column("rule", "Rule broken"),
            Column("message", "What to fix"),
        ],
        rows=[r.model_dump() for r in quarantine.rows],
        note="The first 500 entries; `oneworkforce quarantine` writes them all.",
    )
    page = Page(
        template="quarantine.html",
        title=f"Quarantined rows of load {load_id}",
        section="quality",
        api_url=f"/api/quality/loads/{load_id}/quarantine",
        context={"quarantine": quarantine},
        tables=[rows],
        breadcrumbs=[("Overview", "/"), ("Data quality", "/quality")],
    )
    return respond(request, viewer, page, download, table)
