"""A metric pack: many metrics for one slice, computed together so they share their work.

A monthly pack (every metric by organisation and staff group, say) is what dashboards and
board reports read. Run as a pack, metrics that rest on the same intermediate (the snapshot
comparison behind leaver rates, stability and leaver counts; the establishment-against-staff
join behind vacancies, vacancy and fill rates) compute it once; see ``shared``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from oneworkforce.metrics.catalogue import CATALOGUE, get_metric
from oneworkforce.metrics.compute import NoDataError, compute_metric
from oneworkforce.metrics.disclosure import THRESHOLD
from oneworkforce.metrics.model import Tables
from oneworkforce.metrics.shared import shared_intermediates


def pack_dimensions(metric_id: str, by: Iterable[str]) -> list[str]:
    """The dimensions of ``by`` that the metric can be split by, in the order given, then
    any it must always be split by (the groups a representation index compares)."""
    metric = get_metric(metric_id)
    chosen = [d for d in by if d in metric.dimensions]
    return chosen + sorted(metric.required_dimensions - set(chosen))


def compute_pack(
    tables: Tables,
    by: list[str],
    metric_ids: Iterable[str] | None = None,
    start: str | None = None,
    end: str | None = None,
    shared: bool = False,
    threshold: int = THRESHOLD,
) -> dict[str, pd.DataFrame]:
    """Each metric (default: the whole catalogue) by the dimensions of ``by`` it supports.

    Returns the tidy table of each metric (as ``compute_metric`` gives it), keyed by metric
    id; a metric with no data in the range maps to an empty table rather than stopping the
    pack.
    """
    ids = list(metric_ids) if metric_ids is not None else list(CATALOGUE)
    for metric_id in ids:
        get_metric(metric_id)  # unknown ids stop the pack before any work
    out: dict[str, pd.DataFrame] = {}
    with shared_intermediates(tables) as pack:
        for metric_id in ids:
            slice_by = pack_dimensions(metric_id, by)
            try:
                out[metric_id] = compute_metric(
                    pack, metric_id, slice_by, start, end, shared, threshold
                )
            except NoDataError:
                out[metric_id] = pd.DataFrame()
    return out


def pack_contents(pack: dict[str, pd.DataFrame], by: list[str]) -> pd.DataFrame:
    """One row per metric of a pack: what it is, how it is split, and how many rows it has,
    for the first sheet of a workbook."""
    rows = []
    for metric_id, frame in pack.items():
        metric = get_metric(metric_id)
        rows.append(
            {
                "metric": metric_id,
                "name": metric.name,
                "unit": metric.unit,
                "good_direction": metric.good_direction,
                "split_by": ", ".join(pack_dimensions(metric_id, by)) or "system",
                "rows": len(frame),
                "definition": metric.definition,
                "formula": metric.formula,
                "source": metric.source,
            }
        )
    return pd.DataFrame(rows)
