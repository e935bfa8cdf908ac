"""How each target stands, from the latest month of data for its metric and slice.

Statuses of value targets, decided in this order (rank targets: ``rank_status``):

- ``no data``: nothing to judge (no values for the slice, or no baseline where one is needed);
- ``met``: the latest value satisfies the comparison with the target;
- ``missed``: not met, and the latest data is for the due month or later;
- ``on track``: not met yet, but the latest value satisfies the value expected for its month;
- ``off track``: otherwise.

Deadlines are judged by the month of the latest data, not the calendar: figures arrive weeks
after a month ends, and calling a target missed before its due month's figures exist would
be wrong. The expected value follows the trajectory's points (straight lines between them,
starting from the baseline and ending at the target); without a trajectory, a straight line
from the baseline to the target at the due month, or for a yearly percentage change, that
growth compounded month by month.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import pandas as pd

from oneworkforce.metrics import CATALOGUE, MetricError, compute_metric
from oneworkforce.metrics.cache import ResultCache
from oneworkforce.metrics.model import Tables, month_index, month_label
from oneworkforce.targets.files import format_slice
from oneworkforce.targets.ranks import ordinal
from oneworkforce.targets.store import TargetSpec

MET = "met"
ON_TRACK = "on track"
OFF_TRACK = "off track"
MISSED = "missed"
NO_DATA = "no data"
STATUSES = (MET, ON_TRACK, OFF_TRACK, MISSED, NO_DATA)
COLUMNS = [
    "name",
    "metric",
    "slice",
    "comparison",
    "kind",
    "target_type",
    "peer_group",
    "unit",
    "target",
    "due_month",
    "baseline_month",
    "baseline_value",
    "latest_month",
    "latest_value",
    "expected_value",
    "months_to_due",
    "status",
    "reason",
]
# Values within this of the goal count as reaching it: metrics are sums of floats.
TOLERANCE = 1e-9


def satisfies(value: float, goal: float, comparison: str) -> bool:
    if comparison == "at_most":
        return value <= goal + TOLERANCE
    return value >= goal - TOLERANCE


def describe(value: float | None, unit: str) -> str:
    """A value as people read it: '4.8 %', '1,250', '£12,300', '3rd' (a rank)."""
    if value is None:
        return ""
    if unit == "rank":
        return ordinal(int(value))
    if unit == "percent":
        return f"{value:.2f}".rstrip("0").rstrip(".") + " %"
    if unit == "gbp":
        return f"£{value:,.0f}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return {"fte": f"{text} FTE", "hours": f"{text} hours", "years": f"{text} years"}.get(
        unit, text
    )


def resolve_target(spec: TargetSpec, baseline_index: int | None, baseline: float | None) -> float:
    """The value the target asks for by its due month (its kind applied to the baseline)."""
    if spec.kind == "absolute":
        return spec.target_value
    if baseline is None or baseline_index is None:
        raise ValueError("this kind of target needs a baseline")
    if spec.kind == "change_points":
        return baseline + spec.target_value
    years = (month_index(spec.due_month) - baseline_index) / 12
    return baseline * (1 + spec.target_value / 100) ** years


def _interpolate(points: list[tuple[int, float]], at: int) -> float:
    """The straight-line value at a month; flat before the first point and after the last."""
    if at <= points[0][0]:
        return points[0][1]
    for (left, low), (right, high) in pairwise(points):
        if at <= right:
            return low + (high - low) * (at - left) / (right - left)
    return points[-1][1]


def expected_value(
    spec: TargetSpec,
    at: int,
    baseline_index: int | None,
    baseline: float | None,
    target: float,
) -> float | None:
    """The value the path to the target expects at a month, or None if no path can be drawn."""
    due = month_index(spec.due_month)
    if spec.trajectory:
        points = [(month_index(p["month"]), float(p["value"])) for p in spec.trajectory]
        if baseline is not None and baseline_index is not None and baseline_index < points[0][0]:
            points.insert(0, (baseline_index, baseline))
        if points[-1][0] < due:
            points.append((due, target))
        return _interpolate(points, at)
    if baseline is None or baseline_index is None:
        return None
    if spec.kind == "change_per_year_percent":
        months = min(max(at - baseline_index, 0), due - baseline_index)
        return baseline * (1 + spec.target_value / 100) ** (months / 12)
    return _interpolate([(baseline_index, baseline), (due, target)], at)


@dataclass(frozen=True)
class Words:
    """How the comparison reads: 'at or below' / 'above' for at_most."""

    within: str
    beyond: str


WORDS = {"at_most": Words("at or below", "above"), "at_least": Words("at or above", "below")}


def assess(spec: TargetSpec, series: pd.Series, unit: str) -> dict:
    """One target against its metric's monthly values (indexed by month index)."""
    row: dict = {
        "unit": unit,
        "target": None,
        "baseline_month": spec.baseline_month,
        "baseline_value": spec.baseline_value,
        "latest_month": None,
        "latest_value": None,
        "expected_value": None,
        "months_to_due": None,
    }
    where = format_slice(spec.slice) or "the whole system"
    series = series.dropna().sort_index()
    if series.empty:
        return row | {"status": NO_DATA, "reason": f"No {spec.metric_id} figures for {where}."}
    due = month_index(spec.due_month)
    latest_index = int(series.index[-1])
    latest = float(series.iloc[-1])
    latest_text = f"{describe(latest, unit)} in {month_label(latest_index)}"
    row |= {
        "latest_month": month_label(latest_index),
        "latest_value": latest,
        "months_to_due": due - latest_index,
    }

    if spec.baseline_month is not None:
        baseline_index = month_index(spec.baseline_month)
        baseline = spec.baseline_value
        if baseline is None and baseline_index in series.index:
            baseline = float(series[baseline_index])
    else:  # the first month of data
        baseline_index, baseline = int(series.index[0]), float(series.iloc[0])
    row |= {"baseline_month": month_label(baseline_index), "baseline_value": baseline}
    missing = (
        f"No {spec.metric_id} figure for the baseline month {spec.baseline_month} for {where}, so "
    )
    if baseline is None and spec.kind != "absolute":
        return row | {
            "status": NO_DATA,
            "reason": missing + "the target cannot be set; give a baseline value.",
        }
    if spec.kind == "change_per_year_percent" and baseline is not None and baseline <= 0:
        return row | {
            "status": NO_DATA,
            "reason": f"The baseline is {describe(baseline, unit)} in "
            f"{month_label(baseline_index)}: a yearly percentage change needs one above zero.",
        }
    target = resolve_target(spec, baseline_index, baseline)
    row["target"] = target
    words = WORDS[spec.comparison]
    target_text = f"the target of {describe(target, unit)}"
    if satisfies(latest, target, spec.comparison):
        return row | {"status": MET, "reason": f"{latest_text} is {words.within} {target_text}."}
    if latest_index >= due:
        return row | {
            "status": MISSED,
            "reason": f"{latest_text} is {words.beyond} {target_text}, due {spec.due_month}.",
        }
    expected = expected_value(spec, latest_index, baseline_index, baseline, target)
    if expected is None:
        return row | {
            "status": NO_DATA,
            "reason": missing + "the path to the target cannot be drawn; give a baseline value "
            "or a trajectory.",
        }
    row["expected_value"] = expected
    expected_text = f"the {describe(expected, unit)} expected by {month_label(latest_index)}"
    if satisfies(latest, expected, spec.comparison):
        return row | {
            "status": ON_TRACK,
            "reason": f"{latest_text} is {words.beyond} {target_text} due {spec.due_month}, "
            f"but {words.within} {expected_text}.",
        }
    return row | {
        "status": OFF_TRACK,
        "reason": f"{latest_text} is {words.beyond} {expected_text}, on the way to "
        f"{describe(target, unit)} by {spec.due_month}.",
    }


def _series(frame: pd.DataFrame | None, spec: TargetSpec) -> pd.Series:
    """The target's slice of a metric frame as values by month index."""
    if frame is None or frame.empty:
        return pd.Series(dtype="float64")
    mask = pd.Series(True, index=frame.index)
    for dimension, value in spec.slice.items():
        # Values missing from the data (an organisation not in the register) match nothing.
        mask &= (frame[dimension].astype("string") == str(value)).fillna(False).astype(bool)
    chosen = frame[mask]
    return pd.Series(
        chosen["value"].astype("float64").to_numpy(),
        index=chosen["month_index"].astype("int64").to_numpy(),
    )


def evaluate_targets(
    targets: Iterable[TargetSpec], tables: Tables, results: ResultCache | None = None
) -> pd.DataFrame:
    """A tidy frame, one row per target in the order given, with its status and the reason.

    ``tables`` are the warehouse tables (``Warehouse.table``) or any Ibis tables of that shape.
    Each metric is computed once per set of slice dimensions, however many targets share it;
    each staff survey ranking once, for rank targets. With ``results``, metrics already
    computed since the last load are read from there (``metrics.cache``).
    """
    # Imported here: rank_status builds on this module's statuses.
    from oneworkforce.targets.rank_status import Rankings, assess_rank

    computed: dict[tuple[str, tuple[str, ...]], pd.DataFrame | None] = {}
    rankings = Rankings(tables)
    rows = []
    for spec in targets:
        base = {
            "name": spec.name,
            "metric": spec.metric_id,
            "slice": format_slice(spec.slice),
            "comparison": spec.comparison,
            "kind": spec.kind,
            "target_type": spec.target_type,
            "peer_group": spec.peer_group,
            "due_month": spec.due_month,
        }
        if spec.target_type == "rank":
            rows.append(base | assess_rank(spec, rankings))
            continue
        metric = CATALOGUE.get(spec.metric_id)
        if metric is None:
            rows.append(
                base
                | {
                    "status": NO_DATA,
                    "reason": f"The metric {spec.metric_id} is not in the catalogue any more.",
                }
            )
            continue
        by = tuple(sorted(spec.slice))
        key = (spec.metric_id, by)
        if key not in computed:
            try:
                computed[key] = compute_metric(tables, spec.metric_id, by=list(by), results=results)
            except MetricError:  # no data at all for the metric
                computed[key] = None
        rows.append(base | assess(spec, _series(computed[key], spec), metric.unit))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.astype({"months_to_due": "Int64"})
