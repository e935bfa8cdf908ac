"""The planning page: a scenario's five-year projection as fan charts (P10 to P90) for any
area and staff group, its financial years with pay cost, the chance of meeting each target,
and a second scenario beside it. Its JSON twin is /api/planning."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import charts, forms, plans
from oneworkforce.web import formatting as fmt
from oneworkforce.web.pages.common import Download, Page, TableName, ViewerDep, api, respond
from oneworkforce.web.routes import SettingsDep, TargetsDep
from oneworkforce.web.tables import Column, Table

router = APIRouter()
ScenarioName = Annotated[str | None, Query(description="The scenario (default the first).")]
CompareName = Annotated[str | None, Query(description="A second scenario, beside the first.")]
Level = Annotated[str, Query(description="system, place, sector or org.")]
Area = Annotated[str | None, Query(description="The place, sector or organisation.")]
StaffGroup = Annotated[str, Query(description="A staff group, or all.")]
MEASURE_WORDS = {"fte": "Supply (FTE)", "demand": "Demand (FTE)", "vacancy_rate": "Vacancy rate"}


def _view(request, settings, targets, viewer, scenario, compare, level, area, staff_group):
    with open_warehouse(settings, read_only=True) as warehouse:
        return plans.plan_view(
            warehouse,
            settings,
            viewer,
            targets.specs(),
            scenario,
            compare,
            level,
            area,
            staff_group,
        )


@router.get("/api/planning", summary="A scenario's projection (the planning page)")
def planning_json(
    request: Request,
    settings: SettingsDep,
    targets: TargetsDep,
    viewer: ViewerDep,
    scenario: ScenarioName = None,
    compare: CompareName = None,
    level: Level = "system",
    area: Area = None,
    staff_group: StaffGroup = "all",
) -> JSONResponse:
    """Fan chart rows (P10/P50/P90 by month and measure), financial years with pay cost, the
    comparison with a second scenario, and the chance of meeting each target. ICS analysts
    and workforce leads only."""
    view = _view(request, settings, targets, viewer, scenario, compare, level, area, staff_group)
    return JSONResponse(view.as_json())


@router.get("/planning", include_in_schema=False)
def planning_page(
    request: Request,
    settings: SettingsDep,
    targets: TargetsDep,
    viewer: ViewerDep,
    scenario: ScenarioName = None,
    compare: CompareName = None,
    level: Level = "system",
    area: Area = None,
    staff_group: StaffGroup = "all",
    download: Download = None,
    table: TableName = None,
) -> Response:
    view = _view(request, settings, targets, viewer, scenario, compare, level, area, staff_group)
    scope = ("the whole system" if view.level == "system" else f"{view.level} {view.area}") + (
        "" if view.staff_group == "all" else f", {view.staff_group.replace('_', ' ')}"
    )
    supply, rate = [], []
    for name, frame in view.fans.items():
        for measure, out in (("fte", supply), ("vacancy_rate", rate)):
            rows = frame[frame["measure"] == measure]
            out.append(
                (
                    name,
                    rows["month"].tolist(),
                    rows["p10"].tolist(),
                    rows["p50"].tolist(),
                    rows["p90"].tolist(),
                )
            )
    first = view.fans[view.scenarios[0]]
    demand = first[first["measure"] == "demand"]
    figures = {
        "supply": charts.fan_figure(
            supply, "FTE", ("Demand (FTE)", demand["month"].tolist(), demand["p50"].tolist())
        ),
        "vacancy": charts.fan_figure(rate, "%"),
    }
    summaries = {
        "supply": _summary(view, "fte", "Supply", "FTE"),
        "vacancy": _summary(view, "vacancy_rate", "The vacancy rate", "percent"),
    }
    tables = [_years_table(view), _targets_table(view)]
    if view.comparison is not None:
        tables.append(_comparison_table(view))
    page = Page(
        template="planning.html",
        title="Workforce planning",
        section="planning",
        api_url=api("/api/planning", request),
        context={
            "view": view,
            "scope": scope,
            "figures": figures,
            "summaries": summaries,
            "folder": str(plans.scenario_folder(settings)),
            "can_edit": viewer.role == "ics_analyst",
        },
        tables=tables,
        breadcrumbs=[("Overview", "/")],
        charts=True,
    )
    return respond(request, viewer, page, download, table)


def _summary(view: plans.PlanView, measure: str, what: str, unit: str) -> str:
    """The chart in words: where each scenario's P50 ends, with its P10 to P90 range."""
    parts = []
    for name, frame in view.fans.items():
        rows = frame[frame["measure"] == measure]
        if rows.empty:
            continue
        last = rows.iloc[-1]
        parts.append(
            f"{name}: {fmt.number(last['p50'], unit)} in {fmt.month_name(last['month'])} "
            f"(P10 {fmt.number(last['p10'], unit)}, P90 {fmt.number(last['p90'], unit)})"
        )
    return f"{what}, projected from {fmt.month_name(view.base_month)}. " + "; ".join(parts) + "."


def _years_table(view: plans.PlanView) -> Table:
    return Table(
        name="years",
        caption=f"{view.scenarios[0]}: each financial year (P50 unless stated)",
        columns=[
            Column("year", "Financial year"),
            Column("supply_fte_p50", "Supply (FTE)", unit="fte", kind="number"),
            Column("demand_fte", "Demand (FTE)", unit="fte", kind="number"),
            Column("gap_fte_p50", "Gap (FTE)", unit="fte", kind="number"),
            Column("vacancy_rate_p10", "Vacancy rate P10", unit="percent", kind="number"),
            Column("vacancy_rate_p50", "Vacancy rate P50", unit="percent", kind="number"),
            Column("vacancy_rate_p90", "Vacancy rate P90", unit="percent", kind="number"),
            Column("pay_cost_p50", "Pay cost", unit="gbp", kind="number"),
        ],
        rows=view.years.to_dict(orient="records"),
        note="Figures at the end of each year (March, or the last month projected); pay cost "
        "is the year's total. The download has every column, including P10 and P90 supply.",
    )


def _targets_table(view: plans.PlanView) -> Table:
    return Table(
        name="targets",
        caption="The chance of meeting each target, on this scenario",
        columns=[
            Column("name", "Target"),
            Column("due_month", "Due", kind="month"),
            Column("target", "Target value", kind="number"),
            Column("probability", "Chance it is met", unit="percent", kind="number"),
            Column("p50", "P50 then", kind="number"),
            Column("reason", "Note", missing=""),
        ],
        rows=view.targets.to_dict(orient="records"),
        note="The share of the Monte Carlo runs in which the target is met in its due month.",
    )


def _comparison_table(view: plans.PlanView) -> Table:
    return Table(
        name="comparison",
        caption=f"{' and '.join(view.scenarios)} side by side",
        columns=[
            Column("scenario", "Scenario"),
            Column("year", "Financial year"),
            Column("supply_fte_p50", "Supply (FTE)", unit="fte", kind="number"),
            Column("vacancy_rate_p50", "Vacancy rate P50", unit="percent", kind="number"),
            Column("pay_cost_p50", "Pay cost", unit="gbp", kind="number"),
            Column("supply_vs_first", "Supply against the first", unit="fte", kind="number"),
            Column("pay_cost_vs_first", "Pay cost against the first", unit="gbp", kind="number"),
        ],
        rows=view.comparison.to_dict(orient="records") if view.comparison is not None else [],
    )


@router.get("/planning/scenarios/new", include_in_schema=False)
def new_scenario_form(
    request: Request,
    settings: SettingsDep,
    viewer: ViewerDep,
    start_from: Annotated[str | None, Query(alias="from")] = None,
) -> Response:
    """A scenario to write, starting from a copy of another (default the baseline)."""
    plans.may_edit_scenarios(viewer)
    source = start_from or "example: baseline"
    name = "" if source.startswith("example: ") else source
    return _scenario_form(request, viewer, name, plans.scenario_text(settings, source))


@router.post("/planning/scenarios/new", include_in_schema=False)
async def save_scenario(request: Request, settings: SettingsDep, viewer: ViewerDep) -> Response:
    plans.may_edit_scenarios(viewer)
    form = await request.form()
    forms.check_token(request.cookies.get(forms.TOKEN_COOKIE), form.get(forms.TOKEN_FIELD))
    name = str(form.get("name") or "").strip()
    text = str(form.get("text") or "")
    problems = plans.save_scenario(settings, name, text)
    if problems:
        return _scenario_form(request, viewer, name, text, problems)
    return RedirectResponse(f"/planning?scenario={quote(name)}", status_code=303)


def _scenario_form(
    request: Request, viewer, name: str, text: str, problems: list[str] = ()
) -> Response:
    token = request.cookies.get(forms.TOKEN_COOKIE) or forms.new_token()
    page = Page(
        template="scenario_form.html",
        title="Write a scenario",
        section="planning",
        api_url="/api/planning",
        context={
            "name": name,
            "text": text,
            "problems": list(problems),
            "token": token,
            "token_field": forms.TOKEN_FIELD,
        },
        breadcrumbs=[("Overview", "/"), ("Workforce planning", "/planning")],
        status_code=400 if problems else 200,
    )
    response = respond(request, viewer, page)
    response.set_cookie(
        forms.TOKEN_COOKIE, token, httponly=True, samesite="strict", path="/planning"
    )
    return response
