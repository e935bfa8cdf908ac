"""Charts: periods, baselines, the icons, and properties that hold for any series."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oneworkforce.spc import RULES, spc_chart

NOISE = [10, 12, 11, 13, 10, 12, 11, 13, 10, 12, 11, 13, 10, 12]  # mean 11.43, steady


def test_a_steady_series_is_common_cause_with_no_special_points():
    chart = spc_chart(range(14), NOISE, "up", target=5)
    assert chart.variation == "common_cause"
    assert not chart.points["special_cause"].any()
    assert chart.assurance == "consistently_pass"  # the lower limit is above 5
    assert chart.warnings == []


@pytest.mark.parametrize(
    ("direction", "variation"),
    [("up", "improvement_high"), ("down", "concern_high"), ("neutral", "neither_high")],
)
def test_the_variation_icon_follows_the_good_direction(direction, variation):
    chart = spc_chart(range(15), [*NOISE, 30], direction)
    assert chart.variation == variation
    last = chart.points.iloc[-1]
    assert last["outside_limits"] and last["side"] == "high"


@pytest.mark.parametrize(
    ("direction", "target", "assurance"),
    [
        ("up", 5, "consistently_pass"),
        ("up", 20, "consistently_fail"),
        ("up", 11, "hit_and_miss"),
        ("down", 20, "consistently_pass"),
        ("down", 5, "consistently_fail"),
        ("down", 11, "hit_and_miss"),
        ("neutral", 11, None),
        ("up", None, None),
    ],
)
def test_the_assurance_icon_sets_the_target_against_the_limits(direction, target, assurance):
    assert spc_chart(range(14), NOISE, direction, target=target).assurance == assurance


def test_a_process_change_starts_a_new_period_with_its_own_limits():
    values = NOISE + [v + 20 for v in NOISE]
    months = [f"m{i:02d}" for i in range(28)]
    one = spc_chart(months, values, "up")
    assert one.points["shift"].any()  # the step shows as special cause on one period
    two = spc_chart(months, values, "up", rebase_at=["m14"])
    assert two.points["period"].tolist() == [1] * 14 + [2] * 14
    assert two.points["mean"].iloc[-1] == pytest.approx(sum(NOISE) / 14 + 20)
    assert not two.points["special_cause"].any()
    with pytest.raises(ValueError, match="no such point"):
        spc_chart(months, values, rebase_at=["m99"])


def test_limits_fixed_on_a_baseline_carry_on_past_it():
    values = NOISE[:12] + [11] * 8 + [20]
    chart = spc_chart(range(21), values, "down", baseline=12)
    assert chart.points["baseline"].tolist() == [True] * 12 + [False] * 9
    assert chart.points["mean"].iloc[-1] == pytest.approx(sum(NOISE[:12]) / 12)
    assert chart.variation == "concern_high"
    with pytest.raises(ValueError, match="at least 12"):
        spc_chart(range(21), values, baseline=11)


def test_empty_values_are_left_out_and_short_periods_are_warned_about():
    chart = spc_chart(range(5), [1, None, 2, float("nan"), 3])
    assert chart.points["x"].tolist() == [0, 2, 4]
    assert "3 points" in chart.warnings[0]
    assert spc_chart([], []).variation is None


series = st.lists(st.integers(-1000, 1000), min_size=1, max_size=40)


@given(series)
def test_a_flagged_point_always_has_a_rule_and_a_side(values):
    points = spc_chart(range(len(values)), values, "up").points
    fired = points[list(RULES)].any(axis=1)
    assert (fired == points["special_cause"]).all()
    assert (points["side"].notna() == points["special_cause"]).all()
    assert (points["lower"] <= points["mean"]).all() and (points["mean"] <= points["upper"]).all()


@given(series)
def test_turning_a_series_upside_down_swaps_high_and_low(values):
    up = spc_chart(range(len(values)), values, "up").points
    down = spc_chart(range(len(values)), [-v for v in values], "up").points
    assert up[list(RULES)].equals(down[list(RULES)])
    swap = {"high": "low", "low": "high", None: None}
    assert [swap[s] for s in up["side"]] == list(down["side"])


@given(st.integers(-50, 50), st.integers(1, 30))
def test_a_constant_series_has_no_special_cause(level, length):
    chart = spc_chart(range(length), [level] * length, "up")
    assert not chart.points["special_cause"].any()
    assert (chart.points["upper"] == chart.points["lower"]).all()
