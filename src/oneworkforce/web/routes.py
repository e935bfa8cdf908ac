"""The JSON endpoints: each parses its request, opens the warehouse and asks ``queries``.
Every HTML page (``pages``) has its twin here, answering from the same ``queries`` function.

Endpoints are plain ``def``s, so FastAPI runs each in a worker thread. A DuckDB connection
must not be used by two threads at once, so every request opens its own read-only
connection (about 25 ms) inside its endpoint and closes it before answering; between
requests the warehouse file is free, so `oneworkforce load` can run while the API serves.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from oneworkforce.config import Settings
from oneworkforce.metrics import Metric, get_metric
from oneworkforce.spc.series import parse_slice
from oneworkforce.warehouse import open_warehouse
from oneworkforce.web import queries
from oneworkforce.web.models import (
    BoardPack,
    Catalogue,
    Drill,
    Equality,
    MetricResult,
    Overview,
    Problem,
    Quality,
    Quarantine,
    Register,
    SpcResult,
    Status,
    TargetDetail,
    Targets,
    Wellbeing,
)
from oneworkforce.web.scope import Viewer, current_viewer
from oneworkforce.web.targets import TargetDatabase

router = APIRouter(
    prefix="/api",
    responses={
        400: {"model": Problem, "description": "A request that cannot be met, and why."},
        503: {"model": Problem, "description": "The warehouse cannot be opened just now."},
    },
)
NOT_FOUND = {404: {"model": Problem, "description": "No such metric, or no figures for it."}}

ViewerDep = Annotated[Viewer, Depends(current_viewer)]
Start = Annotated[str | None, Query(alias="from", description="First month, YYYY-MM.")]
End = Annotated[str | None, Query(alias="to", description="Last month, YYYY-MM.")]


def app_settings(request: Request) -> Settings:
    return request.app.state.settings


def target_database(request: Request) -> TargetDatabase:
    return request.app.state.targets


def known_metric(
    metric_id: Annotated[str, Path(description="A metric id, e.g. vacancy_rate.")],
) -> Metric:
    """The metric named in the path, checked before the warehouse is opened."""
    return get_metric(metric_id)


SettingsDep = Annotated[Settings, Depends(app_settings)]
MetricDep = Annotated[Metric, Depends(known_metric)]
TargetsDep = Annotated[TargetDatabase, Depends(target_database)]
Where = Annotated[
    str, Query(description="The slice: place=North or org=RXA (default the whole system).")
]
Month = Annotated[str | None, Query(description="A month, YYYY-MM (default the latest).")]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@router.get("/metrics", response_model=Catalogue, summary="The metric catalogue")
def get_catalogue(viewer: ViewerDep) -> Catalogue:
    """Every metric: definition, formula, source, dimensions and disclosure rule."""
    return queries.catalogue(viewer)


@router.get(
    "/metrics/{metric_id}",
    response_model=MetricResult,
    responses=NOT_FOUND,
    summary="A metric, month by month, for any split",
)
def get_metric_rows(
    metric: MetricDep,
    settings: SettingsDep,
    viewer: ViewerDep,
    by: Annotated[str, Query(description="Dimensions, comma-separated: org,staff_group.")] = "",
    start: Start = None,
    end: End = None,
) -> MetricResult:
    """The metric's tidy rows, one per slice and month, shared or in full for the viewer."""
    with open_warehouse(settings, read_only=True) as warehouse:
        return queries.metric_rows(warehouse, viewer, metric.id, _split(by), start, end)


@router.get(
    "/metrics/{metric_id}/spc",
    response_model=SpcResult,
    responses=NOT_FOUND,
    summary="A Making Data Count SPC chart of one slice",
)
def get_metric_spc(
    metric: MetricDep,
    settings: SettingsDep,
    viewer: ViewerDep,
    where: Annotated[
        str, Query(description="The slice: org=RXA,staff_group=nursing (default the system).")
    ] = "",
    start: Start = None,
    end: End = None,
    target: Annotated[float | None, Query(description="Target value.")] = None,
    baseline: Annotated[
        int | None, Query(description="Fix the limits on the first N points (12+).")
    ] = None,
    rebase: Annotated[
        str, Query(description="Months a process change starts, comma-separated.")
    ] = "",
    run_length: Annotated[int, Query(description="Points in a shift or trend: 7 or 6.")] = 7,
    screen: Annotated[bool, Query(description="Screen out large moving ranges.")] = True,
) -> SpcResult:
    """XmR limits, the special-cause rules each month breaks, and the variation and
    assurance icons."""
    chosen = parse_slice(where)
    with open_warehouse(settings, read_only=True) as warehouse:
        return queries.metric_spc(
            warehouse,
            viewer,
            metric.id,
            chosen,
            start,
            end,
            target,
            baseline,
            _split(rebase),
            run_length,
            screen,
        )


@router.get("/status", response_model=Status, summary="What the warehouse holds")
def get_status(settings: SettingsDep, viewer: ViewerDep) -> Status:
    """Rows, organisations and months for each extract (as `oneworkforce status`)."""
    with open_warehouse(settings, read_only=True) as warehouse:
        return queries.status(warehouse, viewer)


@router.get("/organisations", response_model=Register, summary="The partners of the register")
def get_register(settings: SettingsDep, viewer: ViewerDep) -> Register:
    """Every organisation of the register with its place and sector, and the places."""
    with open_warehouse(settings, read_only=True) as warehouse:
        return queries.register(warehouse)


@router.get("/overview", response_model=Overview, summary="Headline metrics (the overview page)")
def get_overview(
    settings: SettingsDep,
    targets: TargetsDep,
    viewer: ViewerDep,
    where: Where = "",
    end: End = None,
) -> Overview:
    """Each headline metric for the scope: its SPC chart with the variation and assurance
    icons, its latest value, and the value target set for exactly that metric and scope."""
    chosen = parse_slice(where)
    specs = targets.specs()
    with open_warehouse(settings, read_only=True) as warehouse:
        return queries.overview(warehouse, viewer, chosen, end, specs)


@router.get(
    "/drill/{metric_id}",
    response_model=Drill,
    responses=NOT_FOUND,
    summary="A metric a level down: system, place, organisation, staff group",
)
def get_drill(
    metric: MetricDep, settings: SettingsDep, viewer: ViewerDep, where: Where = "", end: End = None
) -> Drill:
    """The metric for the slice, and each slice one level below with its latest figure and
    variation icon (the drill-down page)."""
    chosen = parse_slice(where)
    with open_warehouse(settings, read_only=True) as warehouse:
        return queries.drill(warehouse, viewer, metric.id, chosen, end)


@router.get("/quality", response_model=Quality, summary="Data quality (the data quality page)")
def get_quality(settings: SettingsDep, viewer: ViewerDep) -> Quality:
    """The latest loads with their reconciliation (read = loaded + quarantined), quarantine
    reasons, and which partners have not sent each extract for its latest month."""
    with open_warehouse(settings, read_only=True) as warehouse:
        return queries.quality(warehouse, viewer)


@router.get(
    "/quality/loads/{load_id}/quarantine",
    response_model=Quarantine,
    responses={
        403: {"model": Problem, "description": "Not for this viewer."},
        404: {"model": Problem, "description": "No such load."},
    },
    summary="A load's quarantined rows",
)
def get_quarantine(load_id: int, settings: SettingsDep, viewer: ViewerDep) -> Quarantine:
    """The rows of a load that broke a rule, with the values as sent: for ICS analysts and
    the lead of the organisation that sent it."""
    with open_warehouse(settings, read_only=True) as warehouse:
        return queries.quarantine(warehouse, viewer, load_id)


@router.get("/targets", response_model=Targets, summary="Targets and their status")
def get_targets(settings: SettingsDep, targets: TargetsDep, viewer: ViewerDep) -> Targets:
    """Every target with its status against the latest data, and why."""
    specs = targets.specs()
    with open_warehouse(settings, read_only=True) as warehouse:
        return Targets(viewer=viewer, targets=queries.target_statuses(warehouse, viewer, specs))


@router.get(
    "/targets/{name}",
    response_model=TargetDetail,
    responses={404: {"model": Problem, "description": "No such target."}},
    summary="A target, its trajectory and the metric's values",
)
def get_target_detail(
    name: str, settings: SettingsDep, targets: TargetsDep, viewer: ViewerDep
) -> TargetDetail:
    """The target's status, the path to it (baseline, milestones, target) and the metric's
    monthly values for its slice."""
    spec = targets.spec(name)
    with open_warehouse(settings, read_only=True) as warehouse:
        return queries.target_detail(warehouse, viewer, spec)


@router.get("/equality", response_model=Equality, summary="WRES, WDES and pay gaps")
def get_equality(
    settings: SettingsDep,
    viewer: ViewerDep,
    org: Annotated[str | None, Query(description="ODS code (default the system).")] = None,
    year: Annotated[int | None, Query(description="Year ending 31 March YYYY.")] = None,
) -> Equality:
    """The WRES and WDES indicator tables and the latest gender, ethnicity and disability
    pay gaps, for the system or one organisation."""
    with open_warehouse(settings, read_only=True) as warehouse:
        return queries.equality(warehouse, viewer, org.strip().upper() if org else None, year)


@router.get("/wellbeing", response_model=Wellbeing, summary="Experience and wellbeing")
def get_wellbeing(settings: SettingsDep, viewer: ViewerDep, month: Month = None) -> Wellbeing:
    """The health and wellbeing panel by organisation and for the system, and the People
    Promise, engagement and morale scores of the latest staff survey."""
    with open_warehouse(settings, read_only=True) as warehouse:
        return queries.wellbeing(warehouse, viewer, month)


@router.get("/board-pack", response_model=BoardPack, summary="The board pack's figures")
def get_board_pack(
    settings: SettingsDep,
    targets: TargetsDep,
    viewer: ViewerDep,
    where: Where = "",
    month: Month = None,
) -> BoardPack:
    """The headline metrics' SPC charts for a month and scope, and the targets within it."""
    chosen = parse_slice(where)
    specs = targets.specs()
    with open_warehouse(settings, read_only=True) as warehouse:
        return queries.board_pack(warehouse, viewer, chosen, month, specs)
