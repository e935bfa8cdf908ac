"""The series an SPC chart is drawn from: one slice of a metric, one figure a month.

The command line (`oneworkforce spc`) and the web API both chart a metric for a slice named
as dimension=value pairs; choosing the slice and checking it gives one figure a month lives
here so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import pandas as pd

from oneworkforce.errors import OneWorkforceError
from oneworkforce.metrics import NoDataError, compute_metric, get_metric
from oneworkforce.metrics.cache import ResultCache
from oneworkforce.metrics.disclosure import THRESHOLD
from oneworkforce.metrics.model import MetricError, Tables
from oneworkforce.spc.chart import SpcChart, spc_chart
from oneworkforce.spc.rules import RULES, RuleOptions


def parse_slice(text: str, name: str = "where") -> dict[str, str]:
    """'org=RXA,staff_group=nursing' as a mapping; ``name`` is what the caller calls it."""
    out = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        dimension, sep, value = part.partition("=")
        if not sep or not dimension.strip() or not value.strip():
            raise OneWorkforceError(f"{name} takes dimension=value pairs, not {part!r}.")
        out[dimension.strip()] = value.strip()
    return out


def slice_label(where: Mapping[str, str]) -> str:
    """The slice as it is written, or 'the system' when it is the whole system."""
    return ",".join(f"{k}={v}" for k, v in where.items()) or "the system"


def metric_series(
    tables: Tables,
    metric_id: str,
    where: Mapping[str, str],
    start: str | None = None,
    end: str | None = None,
    shared: bool = False,
    threshold: int = THRESHOLD,
    entitled_orgs: Collection[str] = (),
    results: ResultCache | None = None,
) -> pd.DataFrame:
    """The metric's tidy rows (as ``compute_metric`` gives them) for one slice, one a month.

    The metric is split by the slice's dimensions and the slice picked out afterwards, so a
    shared series is suppressed exactly as the same rows of the whole split would be.
    """
    frame = compute_metric(
        tables,
        metric_id,
        list(where),
        start,
        end,
        shared=shared,
        threshold=threshold,
        entitled_orgs=entitled_orgs,
        results=results,
    )
    for name, value in where.items():
        frame = frame[frame[name].astype(str) == value]
    if frame.empty:
        raise NoDataError(f"No {metric_id} figures for {slice_label(where)}.")
    if frame["month"].duplicated().any():
        raise MetricError(
            f"{metric_id} has several figures a month for this slice; name the slice in full "
            "(a dimension=value pair for each dimension it is split by)."
        )
    return frame.reset_index(drop=True)


def series_chart(
    series: pd.DataFrame,
    metric_id: str,
    target: float | None = None,
    baseline: int | None = None,
    rebase_at: Sequence[str] = (),
    screen_outliers: bool = True,
    run_length: int = 7,
) -> SpcChart:
    """The chart of a ``metric_series``, months as x, in the metric's good direction.

    A chart that cannot be drawn as asked (a short baseline, an unknown month to rebase at)
    raises a ``OneWorkforceError`` saying why."""
    try:
        return spc_chart(
            series["month"].tolist(),
            series["value"].tolist(),
            get_metric(metric_id).good_direction,
            target,
            baseline,
            list(rebase_at),
            screen_outliers,
            RuleOptions(run_length),
        )
    except ValueError as exc:
        raise OneWorkforceError(str(exc)) from None


def rules_broken(points: pd.DataFrame) -> list[list[str]]:
    """For each point of a chart, the special-cause rules it breaks, in ``RULES`` order."""
    if points.empty:
        return []
    return [[rule for rule in RULES if row[rule]] for _, row in points[list(RULES)].iterrows()]
