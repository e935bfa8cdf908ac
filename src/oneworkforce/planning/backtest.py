"""Back-test: project from an earlier month with only the history before it, and compare
the projection with what then happened.

The baseline (no levers, no demand drivers needed) is projected from ``months`` before the
latest data, with rates estimated from the ``window`` months before that, and compared month
by month with the staff in post FTE actually loaded, for the system and each staff group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from oneworkforce.metrics import compute_metric
from oneworkforce.metrics.model import Tables, month_label
from oneworkforce.planning.history import latest_month
from oneworkforce.planning.rates import PlanningDataError, estimate_rates
from oneworkforce.planning.run import _population, run_with_rates
from oneworkforce.planning.scenario import Scenario


@dataclass(frozen=True)
class Backtest:
    """``frame``: month, staff_group ('all' for the system), actual, p10, p50, p90,
    error_percent ((P50 - actual) / actual x 100) and inside (actual within P10-P90)."""

    base_month: str
    frame: pd.DataFrame

    def summary(self) -> pd.DataFrame:
        """By staff group: mean absolute error (%), the error at the end, and the share of
        months whose actual fell inside the P10-P90 band."""
        grouped = self.frame.groupby("staff_group")
        last = self.frame.sort_values("month").groupby("staff_group").tail(1)
        out = pd.DataFrame(
            {
                "mean_absolute_error_percent": grouped["error_percent"].apply(
                    lambda e: e.abs().mean()
                ),
                "inside_band_percent": grouped["inside"].mean() * 100,
            }
        )
        out["end_error_percent"] = last.set_index("staff_group")["error_percent"]
        return out.reset_index()


def backtest(
    tables: Tables, months: int = 24, window: int = 24, runs: int = 200, seed: int = 0
) -> Backtest:
    latest = latest_month(tables)
    if latest is None:
        raise PlanningDataError("No staff in post in the warehouse to back-test on.")
    base = latest - months
    rates = estimate_rates(tables, base, window)
    scenario = Scenario(
        name="back-test", months=months, runs=runs, seed=seed, history_months=window
    )
    result = run_with_rates(rates, scenario, _population(tables))
    fan = result.fan[(result.fan["level"] == "system") & (result.fan["measure"] == "fte")]
    start, end = month_label(base + 1), month_label(latest)
    by_group = compute_metric(tables, "staff_in_post_fte", ["staff_group"], start, end)
    total = compute_metric(tables, "staff_in_post_fte", [], start, end).assign(staff_group="all")
    actual = pd.concat([by_group, total])[["staff_group", "month", "value"]]
    frame = fan[["staff_group", "month", "p10", "p50", "p90"]].merge(
        actual.rename(columns={"value": "actual"}), on=["staff_group", "month"]
    )
    frame = frame[frame["actual"] > 0].copy()
    frame["error_percent"] = (frame["p50"] - frame["actual"]) / frame["actual"] * 100
    frame["inside"] = (frame["actual"] >= frame["p10"]) & (frame["actual"] <= frame["p90"])
    columns = ["month", "staff_group", "actual", "p10", "p50", "p90", "error_percent", "inside"]
    frame = frame[columns].sort_values(["staff_group", "month"]).reset_index(drop=True)
    return Backtest(month_label(base), frame.astype({"inside": bool, "actual": np.float64}))
