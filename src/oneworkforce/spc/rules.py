"""The four Making Data Count special-cause rules, point by point.

Source: NHS England, Making Data Count ("Plot the Dots"), and NHSRplotthedots:

1. ``outside_limits``: a point above the upper or below the lower process limit;
2. ``trend``: a run of points all rising or all falling, 7 by default (6 as an option); two
   equal consecutive points break it;
3. ``two_of_three``: two out of three consecutive points beyond the near limit (two-thirds
   of the way to a process limit) on the same side of the mean; a point beyond the process
   limit counts too (MDC's reading since November 2023);
4. ``shift``: a run of points all above or all below the mean, 7 by default (6 as an
   option); a point on the mean breaks it.

Every point that belongs to a pattern is flagged, with the side it signals: ``high`` (above
the mean, or rising) or ``low``. Where one point signals both sides through different
rules, the rule earlier in ``RULES`` decides.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from oneworkforce.spc.limits import Limits

RULES = ("outside_limits", "two_of_three", "shift", "trend")


@dataclass(frozen=True)
class RuleOptions:
    run_length: int = 7  # points in a shift or a trend; MDC tools also offer 6

    def __post_init__(self) -> None:
        if self.run_length not in (6, 7):
            raise ValueError("A shift or trend is 6 or 7 points long.")


def _runs(signs: np.ndarray, length: int) -> np.ndarray:
    """+1 or -1 for every position inside a run of at least ``length`` equal non-zero
    signs, else 0."""
    out = np.zeros(signs.size, dtype="int64")
    start = 0
    for i in range(1, signs.size + 1):
        if i == signs.size or signs[i] != signs[start]:
            if signs[start] != 0 and i - start >= length:
                out[start:i] = signs[start]
            start = i
    return out


def outside_limits(values: np.ndarray, limits: Limits) -> np.ndarray:
    return np.where(values > limits.upper, 1, np.where(values < limits.lower, -1, 0))


def shift(values: np.ndarray, limits: Limits, options: RuleOptions) -> np.ndarray:
    return _runs(np.sign(values - limits.mean).astype("int64"), options.run_length)


def trend(values: np.ndarray, options: RuleOptions) -> np.ndarray:
    """A trend of n points is n - 1 consecutive rises (or falls): each difference belongs
    to the two points it joins."""
    if values.size < 2:
        return np.zeros(values.size, dtype="int64")
    steps = _runs(np.sign(np.diff(values)).astype("int64"), options.run_length - 1)
    out = np.zeros(values.size, dtype="int64")
    for i in np.flatnonzero(steps):
        out[i] = out[i + 1] = steps[i]
    return out


def two_of_three(values: np.ndarray, limits: Limits) -> np.ndarray:
    beyond = np.where(values > limits.near_upper, 1, np.where(values < limits.near_lower, -1, 0))
    out = np.zeros(values.size, dtype="int64")
    for start in range(max(values.size - 2, 0)):
        window = beyond[start : start + 3]
        for side in (1, -1):
            if (window == side).sum() >= 2:
                for i in range(start, start + 3):
                    if beyond[i] == side:
                        out[i] = side
    return out


def evaluate(values: np.ndarray, limits: Limits, options: RuleOptions) -> dict[str, np.ndarray]:
    """Each rule's signal per point: +1 high, -1 low, 0 none."""
    return {
        "outside_limits": outside_limits(values, limits),
        "two_of_three": two_of_three(values, limits),
        "shift": shift(values, limits, options),
        "trend": trend(values, options),
    }


def side_of(signals: dict[str, np.ndarray]) -> np.ndarray:
    """The side each point signals: the first rule in ``RULES`` that fired decides."""
    size = len(next(iter(signals.values())))
    out = np.zeros(size, dtype="int64")
    for rule in reversed(RULES):
        out = np.where(signals[rule] != 0, signals[rule], out)
    return out
