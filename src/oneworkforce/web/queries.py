"""What each endpoint answers, as calls on the library: no HTTP here, and no figures worked
out anywhere but the library. Every function takes the viewer, so access rules stay in
``scope`` and the answers follow them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from oneworkforce.metrics import CATALOGUE, compute_metric
from oneworkforce.metrics.dimensions import DIMENSIONS
from oneworkforce.metrics.disclosure import THRESHOLD, apply_disclosure_control
from oneworkforce.spc.series import metric_series, rules_broken, series_chart
from oneworkforce.warehouse import Warehouse
from oneworkforce.warehouse.summary import summarise
from oneworkforce.web.models import (
    Catalogue,
    ExtractStatus,
    MetricInfo,
    MetricResult,
    MetricRow,
    SpcPoint,
    SpcResult,
    Status,
)
from oneworkforce.web.scope import Viewer


def catalogue(viewer: Viewer) -> Catalogue:
    """Every metric of the catalogue (the same for every viewer: it holds no figures)."""
    metrics = [
        MetricInfo(
            id=m.id,
            name=m.name,
            unit=m.unit,
            good_direction=m.good_direction,
            definition=m.definition,
            formula=m.formula,
            source=m.source,
            caveats=m.caveats,
            dimensions=sorted(m.dimensions),
            required_dimensions=sorted(m.required_dimensions),
            shared_rule=str(m.shared_rule),
        )
        for m in CATALOGUE.values()
    ]
    return Catalogue(metrics=metrics, dimensions=dict(DIMENSIONS))


def metric_rows(
    warehouse: Warehouse,
    viewer: Viewer,
    metric_id: str,
    by: list[str],
    start: str | None = None,
    end: str | None = None,
) -> MetricResult:
    """The metric's tidy rows, shared or in full as the viewer may see them."""
    disclosure = viewer.disclosure()
    frame = compute_metric(
        warehouse.extract_tables(),
        metric_id,
        by,
        start,
        end,
        shared=disclosure.shared,
        entitled_orgs=disclosure.entitled_orgs,
    )
    frame = frame.drop(columns=["month_index"]).assign(shared=disclosure.shared_rows(frame, by))
    if "suppressed" not in frame.columns:
        frame["suppressed"] = False
    rows = [MetricRow(**row) for row in records(frame)]
    return MetricResult(
        metric=metric_id,
        by=by,
        start=start,
        end=end,
        viewer=viewer,
        threshold=THRESHOLD,
        rows=rows,
    )


def metric_spc(
    warehouse: Warehouse,
    viewer: Viewer,
    metric_id: str,
    where: Mapping[str, str],
    start: str | None = None,
    end: str | None = None,
    target: float | None = None,
    baseline: int | None = None,
    rebase: Sequence[str] = (),
    run_length: int = 7,
    screen: bool = True,
) -> SpcResult:
    """The SPC chart of one slice; a shared series leaves its hidden months out."""
    disclosure = viewer.disclosure(where)
    series = metric_series(
        warehouse.extract_tables(),
        metric_id,
        where,
        start,
        end,
        shared=disclosure.shared,
        entitled_orgs=disclosure.entitled_orgs,
    )
    chart = series_chart(series, metric_id, target, baseline, rebase, screen, run_length)
    points = chart.points.rename(columns={"x": "month"})
    if not points.empty:
        points = points.assign(rules=rules_broken(points))
    return SpcResult(
        metric=metric_id,
        where=dict(where),
        start=start,
        end=end,
        good_direction=chart.good_direction,
        target=target,
        baseline=baseline,
        rebase=list(rebase),
        run_length=run_length,
        screen=screen,
        variation=chart.variation,
        assurance=chart.assurance,
        warnings=chart.warnings,
        viewer=viewer,
        shared=disclosure.shared,
        points=[SpcPoint(**row) for row in records(points)],
    )


def status(warehouse: Warehouse, viewer: Viewer) -> Status:
    """What the warehouse holds (as `oneworkforce status`). An extract's row count can be a
    count of people (employee relations cases), so shared viewers get small ones hidden."""
    summaries = summarise(warehouse)
    rows = pd.Series([float(s.rows) for s in summaries])
    if viewer.disclosure().shared:
        counts = pd.DataFrame(
            {"month_index": 0, "numerator": rows, "denominator": float("nan"), "value": rows}
        )
        rows = apply_disclosure_control(counts, [], counts_people=True)["numerator"]
    return Status(
        viewer=viewer,
        extracts=[
            ExtractStatus(
                extract=s.extract,
                rows=None if pd.isna(count) else int(count),
                organisations=s.organisations,
                first_month=s.first_period,
                last_month=s.last_period,
            )
            for s, count in zip(summaries, rows, strict=True)
        ],
    )


def records(frame: pd.DataFrame) -> list[dict]:
    """The frame's rows as plain Python values, empty cells (NaN, NaT, NA) as None."""
    plain = frame.astype(object).where(frame.notna(), None)
    return plain.to_dict(orient="records")
