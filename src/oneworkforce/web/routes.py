"""The endpoints: each parses its request, opens the warehouse and asks ``queries``.

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
from oneworkforce.web.models import Catalogue, MetricResult, Problem, SpcResult, Status
from oneworkforce.web.scope import Viewer, current_viewer

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


def known_metric(
    metric_id: Annotated[str, Path(description="A metric id, e.g. vacancy_rate.")],
) -> Metric:
    """The metric named in the path, checked before the warehouse is opened."""
    return get_metric(metric_id)


SettingsDep = Annotated[Settings, Depends(app_settings)]
MetricDep = Annotated[Metric, Depends(known_metric)]


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
