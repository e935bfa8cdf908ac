"""XmR (individuals and moving range) limits.

Source: NHS England, Making Data Count, and the NHS-R reference implementation
(NHSRplotthedots): the centre line is the mean; the mean moving range is the mean of the
absolute differences between consecutive points; moving ranges at or above 3.267 times that
mean are screened out and the mean recomputed (the MDC Excel tool does not screen, hence the
option); process limits are the mean plus and minus 2.66 times the mean moving range, and
the "near" limits two-thirds of the way from the mean to each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

LIMIT_FACTOR = 2.66  # 3 / d2, with d2 = 1.128 for moving ranges of two points
SCREEN_FACTOR = 3.267  # D4 for moving ranges of two points: the upper range limit
NEAR = 2 / 3


@dataclass(frozen=True)
class Limits:
    mean: float
    mean_moving_range: float
    lower: float
    upper: float
    near_lower: float
    near_upper: float


def moving_ranges(values: Sequence[float]) -> np.ndarray:
    """|y_t - y_(t-1)| for each point after the first."""
    return np.abs(np.diff(np.asarray(values, dtype="float64")))


def mean_moving_range(values: Sequence[float], screen_outliers: bool = True) -> float:
    ranges = moving_ranges(values)
    if ranges.size == 0:
        return 0.0
    average = float(ranges.mean())
    if screen_outliers:
        kept = ranges[ranges < SCREEN_FACTOR * average]
        average = float(kept.mean()) if kept.size else average
    return average


def xmr_limits(values: Sequence[float], screen_outliers: bool = True) -> Limits:
    """Mean, mean moving range and the process and near limits of ``values`` (at least one
    point; with one point the limits equal the mean)."""
    points = np.asarray(values, dtype="float64")
    if points.size == 0:
        raise ValueError("XmR limits need at least one point.")
    mean = float(points.mean())
    spread = mean_moving_range(points, screen_outliers)
    width = LIMIT_FACTOR * spread
    return Limits(
        mean=mean,
        mean_moving_range=spread,
        lower=mean - width,
        upper=mean + width,
        near_lower=mean - NEAR * width,
        near_upper=mean + NEAR * width,
    )
