"""The four special-cause rules on hand-made series, against fixed limits."""

from __future__ import annotations

import numpy as np
import pytest

from oneworkforce.spc import Limits, RuleOptions
from oneworkforce.spc.rules import shift, trend, two_of_three

# Mean 0, process limits at +/- 3, near limits at +/- 2.
LIMITS = Limits(mean=0, mean_moving_range=3 / 2.66, lower=-3, upper=3, near_lower=-2, near_upper=2)
SEVEN, SIX = RuleOptions(), RuleOptions(run_length=6)


def _a(*values):
    return np.array(values, dtype="float64")


def test_a_shift_is_seven_points_on_one_side_and_a_point_on_the_mean_breaks_it():
    assert shift(_a(1, 1, 1, 1, 1, 1, 1), LIMITS, SEVEN).tolist() == [1] * 7
    assert shift(_a(-1, -2, -1, -1, -1, -1, -1, 1), LIMITS, SEVEN).tolist() == [-1] * 7 + [0]
    assert shift(_a(1, 1, 1, 0, 1, 1, 1, 1), LIMITS, SEVEN).tolist() == [0] * 8
    assert shift(_a(1, 1, 1, 1, 1, 1), LIMITS, SEVEN).tolist() == [0] * 6
    assert shift(_a(1, 1, 1, 1, 1, 1), LIMITS, SIX).tolist() == [1] * 6


def test_a_trend_is_seven_points_rising_or_falling_and_a_tie_breaks_it():
    assert trend(_a(1, 2, 3, 4, 5, 6, 7), SEVEN).tolist() == [1] * 7
    assert trend(_a(0, 9, 8, 7, 6, 5, 4, 3), SEVEN).tolist() == [0] + [-1] * 7
    assert trend(_a(1, 2, 3, 3, 4, 5, 6, 7), SEVEN).tolist() == [0] * 8
    assert trend(_a(1, 2, 3, 4, 5, 6), SEVEN).tolist() == [0] * 6
    assert trend(_a(1, 2, 3, 4, 5, 6), SIX).tolist() == [1] * 6
    assert trend(_a(5), SEVEN).tolist() == [0]


def test_two_of_three_beyond_the_near_limit_on_one_side():
    assert two_of_three(_a(2.5, 0, 2.5), LIMITS).tolist() == [1, 0, 1]
    assert two_of_three(_a(2.5, 0, 0, 2.5), LIMITS).tolist() == [0, 0, 0, 0]
    # Beyond the process limit counts as beyond the near limit.
    assert two_of_three(_a(3.5, 2.5, 0), LIMITS).tolist() == [1, 1, 0]
    # Opposite sides are not a pattern.
    assert two_of_three(_a(2.5, -2.5, 0), LIMITS).tolist() == [0, 0, 0]
    assert two_of_three(_a(-2.5, -2.1), LIMITS).tolist() == [0, 0]


def test_only_six_or_seven_point_runs():
    with pytest.raises(ValueError, match="6 or 7"):
        RuleOptions(run_length=5)
