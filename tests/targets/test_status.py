"""Hand-computed statuses: each status, both directions, trajectories, baselines and kinds."""

from __future__ import annotations

import pandas as pd
import pytest

from oneworkforce.targets import TargetSpec, evaluate_targets, validate_target
from oneworkforce.targets import status as status_module
from oneworkforce.targets.status import describe
from tests.targets.conftest import headcounts, sickness

# Sickness rate at organisation A (acute), falling from 6 % in January 2024.
FALLING = {"2024-01": 6.0, "2024-02": 5.8, "2024-03": 5.5, "2024-04": 5.4}


def target(**fields) -> TargetSpec:
    values = {"name": "t", "metric_id": "sickness_rate", "due_month": "2024-12"} | fields
    return validate_target(**values)


def one(spec: TargetSpec, tables) -> pd.Series:
    frame = evaluate_targets([spec], tables)
    assert len(frame) == 1
    return frame.iloc[0]


def test_met_when_the_latest_value_satisfies_the_target():
    row = one(target(target_value=5.5), sickness(FALLING))
    assert row.status == "met"
    assert (row.latest_month, row.latest_value) == ("2024-04", pytest.approx(5.4))
    assert row.target == 5.5
    assert row.months_to_due == 8
    assert row.reason == "5.4 % in 2024-04 is at or below the target of 5.5 %."


def test_on_track_on_the_straight_line_from_the_baseline():
    # 6.0 in 2024-01 to 5.0 in 2024-07: 1/6 point a month, so 5.5 expected in 2024-04.
    spec = target(target_value=5.0, due_month="2024-07", baseline_month="2024-01")
    row = one(spec, sickness(FALLING))
    assert row.status == "on track"
    assert row.expected_value == pytest.approx(5.5)
    assert row.baseline_value == pytest.approx(6.0)
    assert row.months_to_due == 3
    assert row.reason == (
        "5.4 % in 2024-04 is above the target of 5 % due 2024-07, "
        "but at or below the 5.5 % expected by 2024-04."
    )


def test_off_track_below_the_line_from_the_first_month_of_data():
    # No baseline given: the first month, 6.0 in 2024-01, to 4.0 in 2024-06: 4.8 by 2024-04.
    row = one(target(target_value=4.0, due_month="2024-06"), sickness(FALLING))
    assert row.status == "off track"
    assert (row.baseline_month, row.baseline_value) == ("2024-01", pytest.approx(6.0))
    assert row.expected_value == pytest.approx(4.8)
    assert row.reason == (
        "5.4 % in 2024-04 is above the 4.8 % expected by 2024-04, on the way to 4 % by 2024-06."
    )


def test_a_given_baseline_value_is_used_instead_of_the_data():
    # 5.0 given for 2024-01 (the data says 6.0) to 4.0 in 2024-07: 4.5 expected by 2024-04.
    spec = target(
        target_value=4.0, due_month="2024-07", baseline_month="2024-01", baseline_value=5.0
    )
    row = one(spec, sickness(FALLING))
    assert row.expected_value == pytest.approx(4.5)
    assert row.status == "off track"


def test_missed_once_the_data_reaches_the_due_month():
    at_due = one(target(target_value=5.0, due_month="2024-04"), sickness(FALLING))
    assert at_due.status == "missed"
    assert at_due.months_to_due == 0
    assert at_due.reason == "5.4 % in 2024-04 is above the target of 5 %, due 2024-04."
    after = one(target(target_value=5.0, due_month="2024-02"), sickness(FALLING))
    assert (after.status, after.months_to_due) == ("missed", -2)


def test_met_after_the_due_month_is_met_not_missed():
    row = one(target(target_value=5.5, due_month="2024-02"), sickness(FALLING))
    assert row.status == "met"


def test_deadlines_follow_the_data_not_the_calendar():
    """Due long ago by the calendar, but the data has not reached the due month yet."""
    row = one(target(target_value=5.0, due_month="2024-06"), sickness(FALLING))
    assert row.status != "missed"


@pytest.mark.parametrize(
    ("latest", "expected_status"),
    [(5.4, "on track"), (5.4000000001, "on track"), (5.45, "off track")],
)
def test_trajectory_points_are_interpolated(latest, expected_status):
    # 5.8 in 2024-03 to 5.2 in 2024-06: 5.4 expected in 2024-05 (two thirds of the way).
    rates = {"2024-01": 6.0, "2024-03": 5.8, "2024-05": latest}
    spec = target(
        target_value=4.0,
        trajectory=[{"month": "2024-03", "value": 5.8}, {"month": "2024-06", "value": 5.2}],
    )
    row = one(spec, sickness(rates))
    assert row.expected_value == pytest.approx(5.4)
    assert row.status == expected_status


def test_trajectory_starts_at_the_baseline_and_ends_at_the_target():
    trajectory = [{"month": "2024-03", "value": 5.8}, {"month": "2024-06", "value": 5.2}]
    # Before the first point: from the baseline (the first month, 6.0 in 2024-01): 5.9.
    before = one(
        target(target_value=4.0, trajectory=trajectory),
        sickness({"2024-01": 6.0, "2024-02": 5.95}),
    )
    assert before.expected_value == pytest.approx(5.9)
    assert before.status == "off track"
    # After the last point: on to the target, 4.0 in 2024-12, so 4.6 in 2024-09.
    after = one(
        target(target_value=4.0, trajectory=trajectory),
        sickness({"2024-01": 6.0, "2024-09": 4.6}),
    )
    assert after.expected_value == pytest.approx(4.6)
    assert after.status == "on track"


def test_at_least_targets_read_the_other_way():
    rising = {"2024-01": 4.0, "2024-04": 4.6}
    met = one(target(target_value=4.5, comparison="at_least"), sickness(rising))
    assert met.status == "met"
    assert met.reason == "4.6 % in 2024-04 is at or above the target of 4.5 %."
    # 4.0 in 2024-01 to 6.0 in 2024-07: 5.0 expected by 2024-04, and 4.6 is below it.
    off = one(
        target(target_value=6.0, due_month="2024-07", comparison="at_least"), sickness(rising)
    )
    assert off.status == "off track"
    assert off.expected_value == pytest.approx(5.0)
    assert "below the 5 % expected by 2024-04" in off.reason


def test_change_points_are_relative_to_the_baseline():
    # 1 point below 6.0 (2024-01) by 2024-07 is 5.0; half way by 2024-04.
    spec = target(
        target_value=-1, kind="change_points", due_month="2024-07", baseline_month="2024-01"
    )
    row = one(spec, sickness(FALLING))
    assert row.target == pytest.approx(5.0)
    assert row.expected_value == pytest.approx(5.5)
    assert row.status == "on track"
    assert one(spec, sickness(FALLING | {"2024-04": 4.9})).status == "met"


def test_change_per_year_percent_compounds_from_the_baseline():
    # 10 people in 2024-01, +10 % a year to 2026-01: 10 x 1.1^2 = 12.1.
    spec = target(
        metric_id="headcount",
        comparison="at_least",
        target_value=10,
        kind="change_per_year_percent",
        due_month="2026-01",
        baseline_month="2024-01",
    )
    on = one(spec, headcounts({"2024-01": 10, "2025-01": 11}))
    assert on.target == pytest.approx(12.1)
    assert on.expected_value == pytest.approx(11.0)
    assert on.status == "on track"
    # Half a year on, 10 x 1.1^0.5 = 10.488 is expected: still 10 is off track.
    off = one(spec, headcounts({"2024-01": 10, "2024-07": 10}))
    assert off.expected_value == pytest.approx(10 * 1.1**0.5)
    assert off.status == "off track"
    assert one(spec, headcounts({"2024-01": 10, "2025-07": 13})).status == "met"


def test_a_yearly_change_cannot_start_from_zero():
    spec = target(
        metric_id="headcount",
        comparison="at_least",
        target_value=10,
        kind="change_per_year_percent",
        due_month="2026-01",
    )
    row = one(spec, headcounts({"2024-01": 0, "2024-02": 3}))  # no one in post: no rows
    assert row.baseline_month == "2024-02"
    rising = target(
        comparison="at_least", target_value=10, kind="change_per_year_percent", due_month="2026-01"
    )
    zero = one(rising, sickness({"2024-01": 0.0, "2024-02": 1.0}))
    assert zero.status == "no data"
    assert zero.reason == (
        "The baseline is 0 % in 2024-01: a yearly percentage change needs one above zero."
    )


def test_a_yearly_change_from_a_given_baseline_value():
    spec = target(
        metric_id="headcount",
        comparison="at_least",
        target_value=-50,
        kind="change_per_year_percent",
        due_month="2025-01",
        baseline_month="2024-01",
        baseline_value=20,
    )
    # Halving from 20 over a year: 10 is the target, and the data's 11 in 2024-01 is ignored.
    row = one(spec, headcounts({"2024-01": 11, "2024-04": 12}))
    assert row.target == pytest.approx(10.0)
    assert row.status == "met"


def test_slices_pick_their_own_values():
    data = sickness(FALLING, org="B")  # B is a community trust
    acute = one(target(target_value=5.0, slice={"sector": "acute"}), data)
    community = one(target(target_value=5.0, slice={"sector": "community"}), data)
    assert acute.status == "no data"
    assert acute.reason == "No sickness_rate figures for sector=acute."
    # 6.0 in 2024-01 to 5.0 in 2024-12: 6 - 3/11 expected by 2024-04, and 5.4 is below it.
    assert (community.status, community.latest_value) == ("on track", pytest.approx(5.4))
    assert community.expected_value == pytest.approx(6 - 3 / 11)
    nursing = one(
        target(
            metric_id="headcount",
            comparison="at_least",
            target_value=3,
            slice={"staff_group": "nursing"},
        ),
        headcounts({"2024-01": 4}, staff_group="ahp"),
    )
    assert nursing.status == "no data"


def test_no_data_when_the_metric_has_none_at_all():
    row = one(target(metric_id="vacancy_rate", target_value=0), sickness(FALLING))
    assert row.status == "no data"
    assert row.latest_value is None or pd.isna(row.latest_value)


def test_no_data_when_a_needed_baseline_is_missing():
    change = target(
        target_value=-1, kind="change_points", due_month="2024-07", baseline_month="2023-12"
    )
    row = one(change, sickness(FALLING))
    assert row.status == "no data"
    assert "No sickness_rate figure for the baseline month 2023-12" in row.reason
    assert "give a baseline value" in row.reason
    # An absolute target still knows whether it is met without a baseline ...
    assert one(target(target_value=5.5, baseline_month="2023-12"), sickness(FALLING)).status == (
        "met"
    )
    # ... but not whether it is on track.
    path = one(target(target_value=5.0, baseline_month="2023-12"), sickness(FALLING))
    assert path.status == "no data"
    assert "the path to the target cannot be drawn" in path.reason


def test_a_metric_gone_from_the_catalogue_has_no_data():
    spec = TargetSpec(
        name="old",
        metric_id="retired_metric",
        slice={},
        comparison="at_most",
        target_value=1.0,
        kind="absolute",
        due_month="2025-03",
    )
    row = one(spec, sickness(FALLING))
    assert row.status == "no data"
    assert "not in the catalogue" in row.reason


def test_each_metric_and_slice_is_computed_once(monkeypatch):
    calls = []
    real = status_module.compute_metric

    def counting(tables, metric_id, by=None, **kwargs):
        calls.append((metric_id, tuple(by or [])))
        return real(tables, metric_id, by=by, **kwargs)

    monkeypatch.setattr(status_module, "compute_metric", counting)
    specs = [
        target(name=f"s{sector}", target_value=5.0, slice={"sector": sector})
        for sector in ("acute", "community", "mental_health")
    ] + [target(name="all", target_value=5.0)]
    frame = evaluate_targets(specs, sickness(FALLING))
    assert list(frame["name"]) == ["sacute", "scommunity", "smental_health", "all"]
    assert calls == [("sickness_rate", ("sector",)), ("sickness_rate", ())]


def test_the_frame_is_tidy_with_known_statuses():
    frame = evaluate_targets(
        [target(name="a", target_value=5.5), target(name="b", target_value=1.0)],
        sickness(FALLING),
    )
    assert list(frame.columns) == status_module.COLUMNS
    assert set(frame["status"]) <= set(status_module.STATUSES)
    assert str(frame["months_to_due"].dtype) == "Int64"
    empty = evaluate_targets([], sickness(FALLING))
    assert empty.empty and list(empty.columns) == status_module.COLUMNS


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (4.8, "percent", "4.8 %"),
        (5.0, "percent", "5 %"),
        (0.04, "percent", "0.04 %"),
        (1250.0, "count", "1,250"),
        (12.25, "fte", "12.25 FTE"),
        (12345.6, "gbp", "£12,346"),
        (None, "count", ""),
    ],
)
def test_values_are_described_as_people_read_them(value, unit, text):
    assert describe(value, unit) == text


def test_values_missing_a_dimension_match_no_slice():
    """Figures from an organisation outside the register have no sector: not acute, not an error."""
    data = sickness({"2024-01": 4.0}, org="A")
    outside = sickness({"2024-01": 9.0}, org="D")
    data["sickness_absence_aggregate"] = data["sickness_absence_aggregate"].union(
        outside["sickness_absence_aggregate"]
    )
    row = one(target(target_value=5.0, slice={"sector": "acute"}), data)
    assert (row.status, row.latest_value) == ("met", pytest.approx(4.0))
