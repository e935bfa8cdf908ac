"""XmR limits, worked by hand."""

from __future__ import annotations

import pytest

from oneworkforce.spc import xmr_limits


def test_limits_of_a_steady_rise():
    limits = xmr_limits([1, 2, 3, 4, 5])
    assert limits.mean == 3
    assert limits.mean_moving_range == 1
    assert limits.upper == pytest.approx(5.66)
    assert limits.lower == pytest.approx(0.34)
    assert limits.near_upper == pytest.approx(3 + 2.66 * 2 / 3)
    assert limits.near_lower == pytest.approx(3 - 2.66 * 2 / 3)


def test_large_moving_ranges_are_screened_out_unless_asked_not_to():
    values = [10, 12, 10, 12, 100, 12, 10, 12]
    # Moving ranges 2, 2, 2, 88, 88, 2, 2: mean 186 / 7; both 88s are at least 3.267 x that.
    assert xmr_limits(values).mean_moving_range == 2
    unscreened = xmr_limits(values, screen_outliers=False)
    assert unscreened.mean_moving_range == pytest.approx(186 / 7)
    assert unscreened.upper == pytest.approx(178 / 8 + 2.66 * 186 / 7)


def test_one_point_has_limits_at_its_value_and_none_is_refused():
    limits = xmr_limits([4.5])
    assert limits.lower == limits.upper == limits.mean == 4.5
    with pytest.raises(ValueError, match="at least one point"):
        xmr_limits([])
