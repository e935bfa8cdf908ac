"""An SPC chart of a series: limits per period, the rules each point breaks, and the icons.

Follows NHS England's Making Data Count guidance and NHSRplotthedots:

- limits may be fixed on a baseline of the first ``baseline`` points (at least 12) of each
  period, and recalculated from chosen points (``rebase_at``: a process change), each
  period having its own mean and limits and its own rule checks;
- the variation icon comes from the latest point: common cause, or special cause
  improvement or concern (by the metric's good direction; ``neither`` when no direction is
  better), high or low;
- the assurance icon compares the target with the latest period's process limits: a target
  the process always meets (``consistently_pass``), never meets (``consistently_fail``) or
  sometimes does (``hit_and_miss``).

Empty values (suppressed or missing months) are left out of the chart.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import pandas as pd

from oneworkforce.spc.limits import xmr_limits
from oneworkforce.spc.rules import RULES, RuleOptions, evaluate, side_of

MINIMUM_BASELINE = 12
# Fewer points than this in a period and its limits are not yet reliable (MDC).
RELIABLE_POINTS = 13
DIRECTIONS = ("up", "down", "neutral")


@dataclass(frozen=True)
class SpcChart:
    points: pd.DataFrame  # one row per point: x, value, period, limits, rules, point_type
    variation: str | None  # e.g. common_cause, improvement_high, concern_low, neither_high
    assurance: str | None  # consistently_pass, consistently_fail, hit_and_miss or None
    good_direction: str
    target: float | None
    warnings: list[str] = field(default_factory=list)


def _point_type(side: int, good_direction: str) -> str:
    if side == 0:
        return "common_cause"
    if good_direction == "neutral":
        return "neither"
    good = 1 if good_direction == "up" else -1
    return "improvement" if side == good else "concern"


def _assurance(target: float | None, lower: float, upper: float, direction: str) -> str | None:
    if target is None or direction == "neutral":
        return None
    if direction == "up":
        passes, fails = lower >= target, upper < target
    else:
        passes, fails = upper <= target, lower > target
    return "consistently_pass" if passes else "consistently_fail" if fails else "hit_and_miss"


def _periods(size: int, starts: list[int]) -> list[tuple[int, int]]:
    bounds = [0, *sorted(set(starts)), size]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def spc_chart(
    x: Sequence[Hashable],
    values: Sequence[float | None],
    good_direction: str = "neutral",
    target: float | None = None,
    baseline: int | None = None,
    rebase_at: Sequence[Hashable] = (),
    screen_outliers: bool = True,
    options: RuleOptions | None = None,
) -> SpcChart:
    """The chart of ``values`` at positions ``x`` (months, say), in order.

    ``rebase_at`` names the ``x`` values where a new period starts; ``baseline`` fixes
    each period's limits on its first ``baseline`` points."""
    options = options or RuleOptions()
    if good_direction not in DIRECTIONS:
        raise ValueError(f"good_direction must be one of {', '.join(DIRECTIONS)}.")
    if len(x) != len(values):
        raise ValueError("x and values must be the same length.")
    if baseline is not None and baseline < MINIMUM_BASELINE:
        raise ValueError(f"A baseline needs at least {MINIMUM_BASELINE} points.")
    frame = pd.DataFrame({"x": list(x), "value": pd.to_numeric(pd.Series(list(values)))})
    frame = frame[frame["value"].notna()].reset_index(drop=True)
    unknown = [r for r in rebase_at if r not in set(frame["x"])]
    if unknown:
        raise ValueError(f"Cannot recalculate at {unknown}: no such point.")
    starts = [int(frame.index[frame["x"] == r][0]) for r in rebase_at]
    warnings: list[str] = []
    parts = []
    limits = None
    for number, (a, b) in enumerate(_periods(len(frame), starts), start=1):
        period = frame.iloc[a:b].copy()
        points = period["value"].to_numpy(dtype="float64")
        fixed = baseline is not None and len(points) >= baseline
        limits = xmr_limits(points[:baseline] if fixed else points, screen_outliers)
        if len(points) < RELIABLE_POINTS:
            warnings.append(
                f"Period {number} has {len(points)} points; limits need at least "
                f"{RELIABLE_POINTS} to be reliable."
            )
        signals = evaluate(points, limits, options)
        sides = side_of(signals)
        period = period.assign(
            period=number,
            mean=limits.mean,
            lower=limits.lower,
            upper=limits.upper,
            near_lower=limits.near_lower,
            near_upper=limits.near_upper,
            baseline=np.arange(len(points)) < (baseline if fixed else len(points)),
            **{rule: signals[rule] != 0 for rule in RULES},
            special_cause=sides != 0,
            side=pd.Series(
                [{1: "high", -1: "low"}.get(int(s)) for s in sides], period.index, dtype=object
            ),
            point_type=[_point_type(int(s), good_direction) for s in sides],
        )
        parts.append(period)
    if not parts:
        return SpcChart(pd.DataFrame(), None, None, good_direction, target, ["No points."])
    points = pd.concat(parts, ignore_index=True)
    last = points.iloc[-1]
    variation = last["point_type"]
    if variation != "common_cause":
        variation = f"{variation}_{last['side']}"
    assurance = _assurance(target, limits.lower, limits.upper, good_direction)
    return SpcChart(points, variation, assurance, good_direction, target, warnings)
