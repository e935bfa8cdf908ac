"""Targets: every target with its status and why; a target's trajectory against its metric;
and, for ICS analysts, a form to add, change or remove one, through the same validated and
audited functions as `oneworkforce targets` (JSON twins: /api/targets, /api/targets/{name})."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from oneworkforce.metrics import CATALOGUE
from oneworkforce.targets.store import TargetError
from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import charts, forms, queries
from oneworkforce.web.models import TargetStatus
from oneworkforce.web.pages.common import Download, Page, TableName, ViewerDep, respond
from oneworkforce.web.routes import SettingsDep, TargetsDep
from oneworkforce.web.tables import Column, Table
from oneworkforce.web.targets import can_edit, may_edit

router = APIRouter()


def target_url(name: str) -> str:
    return f"/targets/{quote(name, safe='')}"


def status_table(statuses: list[TargetStatus], caption: str, name: str = "targets") -> Table:
    rows = [s.model_dump() | {"href": target_url(s.name), "suppressed": s.hidden} for s in statuses]
    return Table(
        name=name,
        caption=caption,
        columns=[
            Column("name", "Target", link="href"),
            Column("metric", "Metric"),
            Column("slice", "Slice"),
            Column("target", "Target value", unit_key="unit", kind="number"),
            Column("due_month", "Due", kind="month"),
            Column("latest_value", "Latest", unit_key="unit", kind="number"),
            Column("expected_value", "Expected by now", unit_key="unit", kind="number"),
            Column("status", "Status", kind="status"),
            Column("reason", "Why"),
        ],
        rows=rows,
        hidden_keys=(
            "comparison",
            "kind",
            "target_type",
            "peer_group",
            "unit",
            "baseline_month",
            "baseline_value",
            "latest_month",
            "months_to_due",
            "owner",
            "hidden",
        ),
    )


@router.get("/targets", include_in_schema=False)
def targets_page(
    request: Request,
    settings: SettingsDep,
    targets: TargetsDep,
    viewer: ViewerDep,
    download: Download = None,
    table: TableName = None,
) -> Response:
    specs = targets.specs()
    with open_warehouse(settings, read_only=True) as warehouse:
        statuses = queries.target_statuses(warehouse, viewer, specs)
    counts = {
        s: sum(t.status == s for t in statuses)
        for s in ("met", "on track", "off track", "missed", "no data")
    }
    page = Page(
        template="targets.html",
        title="Targets",
        section="targets",
        api_url="/api/targets",
        context={"statuses": statuses, "counts": counts, "can_edit": can_edit(viewer)},
        tables=[status_table(statuses, "Targets and how each stands against the latest data")],
        breadcrumbs=[("Overview", "/")],
    )
    return respond(request, viewer, page, download, table)


def _form_page(
    request: Request,
    viewer,
    values: dict[str, str],
    editing: str | None,
    problems: list[str] = (),
) -> Response:
    may_edit(viewer)
    token = request.cookies.get(forms.TOKEN_COOKIE) or forms.new_token()
    page = Page(
        template="target_form.html",
        title=f"Change {editing}" if editing else "Add a target",
        section="targets",
        api_url="/api/targets",
        context={
            "values": values,
            "editing": editing,
            "problems": list(problems),
            "token": token,
            "token_field": forms.TOKEN_FIELD,
            "action": f"{target_url(editing)}/edit" if editing else "/targets/new",
            "remove_url": f"{target_url(editing)}/remove" if editing else None,
            "metrics": [(m.id, m.name) for m in CATALOGUE.values()],
        },
        breadcrumbs=[("Overview", "/"), ("Targets", "/targets")],
        status_code=400 if problems else 200,
    )
    response = respond(request, viewer, page)
    response.set_cookie(
        forms.TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/targets"
    )
    return response


@router.get("/targets/new", include_in_schema=False)
def new_target_form(request: Request, viewer: ViewerDep) -> Response:
    return _form_page(request, viewer, {}, None)


@router.post("/targets/new", include_in_schema=False)
async def add_target(request: Request, targets: TargetsDep, viewer: ViewerDep) -> Response:
    return await _save(request, targets, viewer, None)


async def _save(request: Request, targets, viewer, editing: str | None) -> Response:
    may_edit(viewer)
    form = await request.form()
    forms.check_token(request.cookies.get(forms.TOKEN_COOKIE), form.get(forms.TOKEN_FIELD))
    values = {k: str(form.get(k) or "") for k in forms.FIELDS}
    try:
        spec = forms.target_from_form(values)
        saved = targets.save(viewer, editing, spec)
    except TargetError as error:
        return _form_page(request, viewer, values, editing, error.problems)
    return RedirectResponse(target_url(saved.name), status_code=303)


@router.get("/targets/{name}/edit", include_in_schema=False)
def edit_target_form(
    request: Request, name: str, targets: TargetsDep, viewer: ViewerDep
) -> Response:
    may_edit(viewer)
    return _form_page(request, viewer, forms.form_of(targets.spec(name)), name)


@router.post("/targets/{name}/edit", include_in_schema=False)
async def change_target(
    request: Request, name: str, targets: TargetsDep, viewer: ViewerDep
) -> Response:
    targets.spec(name)  # a 404 before anything else
    return await _save(request, targets, viewer, name)


@router.post("/targets/{name}/remove", include_in_schema=False)
async def remove_target(
    request: Request, name: str, targets: TargetsDep, viewer: ViewerDep
) -> Response:
    may_edit(viewer)
    form = await request.form()
    forms.check_token(request.cookies.get(forms.TOKEN_COOKIE), form.get(forms.TOKEN_FIELD))
    targets.remove(viewer, name)
    return RedirectResponse("/targets", status_code=303)


@router.get("/targets/{name}", include_in_schema=False)
def target_page(
    request: Request,
    name: str,
    settings: SettingsDep,
    targets: TargetsDep,
    viewer: ViewerDep,
    download: Download = None,
    table: TableName = None,
) -> Response:
    spec = targets.spec(name)
    with open_warehouse(settings, read_only=True) as warehouse:
        detail = queries.target_detail(warehouse, viewer, spec)
    status = detail.status
    unit = status.unit or ""
    metric = CATALOGUE.get(spec.metric_id)
    label = metric.name if metric else spec.metric_id
    path = {p.month: p.value for p in detail.path}
    months = sorted({p.month for p in detail.series} | set(path))
    values = {p.month: p.value for p in detail.series}
    rows = [{"month": m, "value": values.get(m), "path": path.get(m), "unit": unit} for m in months]
    series_table = Table(
        name="trajectory",
        caption=f"{label} for {status.slice or 'the whole system'}, and the path to the target",
        columns=[
            Column("month", "Month", kind="month"),
            Column("value", "Value", unit=unit, kind="number"),
            Column("path", "Path to the target", unit=unit, kind="number"),
        ],
        rows=rows,
        note="Path: the baseline, the milestones and the target at its due month; the value "
        "expected in between lies on straight lines joining them.",
    )
    summary = (
        f"{label} month by month for {status.slice or 'the whole system'}"
        + (
            f", with the path from the baseline to the target due {status.due_month}"
            if detail.path
            else ""
        )
        + f". Status: {status.status}. {status.reason}"
    )
    page = Page(
        template="target.html",
        title=status.name,
        section="targets",
        api_url=f"/api/targets/{quote(name, safe='')}",
        context={
            "detail": detail,
            "status": status,
            "spec": spec,
            "metric_name": label,
            "can_edit": can_edit(viewer),
            "edit_url": f"{target_url(spec.name)}/edit",
            "figure": charts.trajectory_figure(detail.series, detail.path, unit, label)
            if detail.series
            else None,
            "summary": summary,
        },
        tables=[series_table],
        breadcrumbs=[("Overview", "/"), ("Targets", "/targets")],
        charts=bool(detail.series),
    )
    # No form here (removing is on the change page), so no cookie: the page can be kept.
    return respond(request, viewer, page, download, table)
