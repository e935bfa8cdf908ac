"""Compute a metric for any slice and range of months, as a tidy time series."""

from __future__ import annotations

from collections.abc import Collection

import ibis
import pandas as pd

from oneworkforce.metrics.cache import ResultCache
from oneworkforce.metrics.catalogue import get_metric
from oneworkforce.metrics.dimensions import check_dimensions
from oneworkforce.metrics.disclosure import THRESHOLD, apply_disclosure_control
from oneworkforce.metrics.model import MetricError, Tables, month_index, month_label


class NoDataError(MetricError):
    """The metric has no rows for the slice and months asked for."""


def metric_expression(
    tables: Tables,
    metric_id: str,
    by: list[str],
    start: str | None = None,
    end: str | None = None,
) -> ibis.Table:
    """The Ibis expression for a metric: runs on whichever backend ``tables`` come from."""
    metric = get_metric(metric_id)
    first, last = check_request(metric_id, by, start, end)
    expr = metric.compute(tables, by)
    if first is not None:
        expr = expr.filter(expr.month_index >= first)
    if last is not None:
        expr = expr.filter(expr.month_index <= last)
    return expr.order_by([*by, "month_index"])


def check_request(
    metric_id: str, by: list[str], start: str | None, end: str | None
) -> tuple[int | None, int | None]:
    """The month indexes of ``start`` and ``end``, once the request is known to make sense:
    a known metric, dimensions it can be split by, and a range that does not end before it
    starts."""
    metric = get_metric(metric_id)
    check_dimensions(by, metric.dimensions, metric.id)
    missing = sorted(metric.required_dimensions - set(by))
    if missing:
        raise MetricError(
            f"{metric.id} compares the groups of {', '.join(missing)}, so it must be split by "
            f"{' and '.join(missing)} (for example --by {','.join([*by, *missing])})."
        )
    first = month_index(start) if start else None
    last = month_index(end) if end else None
    if first is not None and last is not None and first > last:
        raise MetricError(f"The range {start} to {end} ends before it starts.")
    return first, last


def _rows(
    tables: Tables,
    metric_id: str,
    by: list[str],
    start: str | None,
    end: str | None,
    results: ResultCache | None,
) -> pd.DataFrame:
    """The metric's rows in full; from ``results`` when given (every month computed once,
    then the range picked out), so a kept result serves any range."""
    if results is None:
        return metric_expression(tables, metric_id, by, start, end).execute()
    first, last = check_request(metric_id, by, start, end)
    frame = results.get(
        (metric_id, tuple(by)), lambda: metric_expression(tables, metric_id, by).execute()
    )
    keep = pd.Series(True, index=frame.index)
    if first is not None:
        keep &= frame["month_index"] >= first
    if last is not None:
        keep &= frame["month_index"] <= last
    return frame[keep].reset_index(drop=True)


def compute_metric(
    tables: Tables,
    metric_id: str,
    by: list[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    shared: bool = False,
    threshold: int = THRESHOLD,
    entitled_orgs: Collection[str] = (),
    results: ResultCache | None = None,
) -> pd.DataFrame:
    """A tidy table: one row per slice and month, with numerator, denominator and value.

    ``shared`` marks the output for sharing: counts of people under ``threshold`` are
    suppressed (see ``disclosure``) and rates on small denominators flagged. Split by
    organisation, the rows of ``entitled_orgs`` (the reader's own organisation, whose
    figures they know) stay in full and never serve to protect another cell. With
    ``results``, the full result is kept there for the next request (see ``cache``).
    """
    by = list(by or [])
    frame = _rows(tables, metric_id, by, start, end, results)
    if frame.empty:
        raise NoDataError(
            f"No data for {metric_id}"
            + (f" from {start}" if start else "")
            + (f" to {end}" if end else "")
            + "; see `oneworkforce status` for the months loaded."
        )
    if shared:
        metric = get_metric(metric_id)
        known = frame["org"].isin(list(entitled_orgs)) if entitled_orgs and "org" in by else None
        frame = apply_disclosure_control(
            frame, by, metric.counts_people, threshold, metric.suppress_denominator_at_most, known
        )
    frame.insert(len(by), "month", [month_label(int(i)) for i in frame["month_index"]])
    frame.insert(0, "metric", metric_id)
    return frame.reset_index(drop=True)
