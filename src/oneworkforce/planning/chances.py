"""The probability of meeting each target: the share of Monte Carlo runs that meet it.

A target is judged in its due month on the projected value of its metric for its slice,
run by run, with the comparison and target value the target store gives it (relative
targets worked out from their baseline in the warehouse, as ``targets list --status`` does).
Only metrics the projection produces can be judged; others are listed with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from oneworkforce.metrics.model import Tables, month_index
from oneworkforce.targets.files import format_slice
from oneworkforce.targets.status import satisfies
from oneworkforce.targets.store import TargetSpec

SLICE_DIMENSIONS = ("org", "place", "sector", "system", "staff_group")
COLUMNS = [
    "name",
    "metric",
    "slice",
    "comparison",
    "target",
    "due_month",
    "probability",
    "p10",
    "p50",
    "p90",
    "reason",
]


def _metric_values(
    metric: str,
) -> Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None:
    """Per-run value of a metric from supply FTE, heads and demand (each summed over the
    slice), or None when the projection does not produce the metric."""

    def rate(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(denominator > 0, numerator / denominator * 100, np.nan)

    return {
        "vacancy_rate": lambda f, h, d: rate(d - f, d),
        "vacancies": lambda f, h, d: d - f,
        "fill_rate": lambda f, h, d: rate(f, d),
        "staff_in_post_fte": lambda f, h, d: f,
        "fte": lambda f, h, d: f,
        "staff_in_post": lambda f, h, d: h,
        "headcount": lambda f, h, d: h,
        "establishment": lambda f, h, d: d,
    }.get(metric)


def _resolved_target(spec: TargetSpec, tables: Tables | None) -> tuple[float | None, str]:
    if spec.kind == "absolute":
        return spec.target_value, ""
    if tables is None:
        return None, "a relative target needs the warehouse for its baseline"
    from oneworkforce.targets.status import evaluate_targets

    row = evaluate_targets([spec], tables).iloc[0]
    if pd.isna(row["target"]):
        return None, f"its baseline cannot be found ({row['reason']})"
    return float(row["target"]), ""


def target_chances(
    specs: Iterable[TargetSpec],
    units: pd.DataFrame,
    months: np.ndarray,
    fte: np.ndarray,
    heads: np.ndarray,
    demand: np.ndarray,
    tables: Tables | None = None,
) -> pd.DataFrame:
    """One row per value target: the probability (0-100) that it is met in its due month.

    ``fte`` and ``heads`` are runs x months x units, ``demand`` months x units, for the
    ``units`` (org, place, sector, system, staff_group) of a projection over ``months``.
    """
    rows = []
    for spec in specs:
        if spec.target_type != "value":
            continue
        row = {
            "name": spec.name,
            "metric": spec.metric_id,
            "slice": format_slice(spec.slice),
            "comparison": spec.comparison,
            "target": None,
            "due_month": spec.due_month,
            "probability": None,
            "p10": None,
            "p50": None,
            "p90": None,
            "reason": "",
        }
        rows.append(row)
        compute = _metric_values(spec.metric_id)
        if compute is None:
            row["reason"] = f"The projection does not produce {spec.metric_id}."
            continue
        unknown = [d for d in spec.slice if d not in SLICE_DIMENSIONS]
        if unknown:
            row["reason"] = f"The projection is not split by {', '.join(unknown)}."
            continue
        due = month_index(spec.due_month)
        if due < months[0]:
            row["reason"] = "Due before the projection starts: see `targets list --status`."
            continue
        if due > months[-1]:
            row["reason"] = "Due after the projection ends: project more months."
            continue
        chosen = np.ones(len(units), dtype=bool)
        for dimension, value in spec.slice.items():
            chosen &= (units[dimension].astype(str) == str(value)).to_numpy()
        if not chosen.any():
            row["reason"] = "Nothing in the projection matches the target's slice."
            continue
        target, why = _resolved_target(spec, tables)
        if target is None:
            row["reason"] = f"The target cannot be worked out: {why}."
            continue
        t = due - int(months[0])
        values = compute(
            fte[:, t, chosen].sum(axis=1, dtype=np.float64),
            heads[:, t, chosen].sum(axis=1, dtype=np.float64),
            np.full(fte.shape[0], demand[t, chosen].sum()),
        )
        values = values[~np.isnan(values)]
        if values.size == 0:
            row["reason"] = "No projected value (no demand for the slice)."
            continue
        met = np.array([satisfies(float(v), target, spec.comparison) for v in values])
        p10, p50, p90 = np.quantile(values, (0.1, 0.5, 0.9))
        row |= {
            "target": target,
            "probability": float(met.mean() * 100),
            "p10": float(p10),
            "p50": float(p50),
            "p90": float(p90),
            "reason": f"{met.sum()} of {values.size} runs meet it in {spec.due_month}.",
        }
    return pd.DataFrame(rows, columns=COLUMNS)
