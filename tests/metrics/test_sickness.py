"""Hand-computed cases for the sickness absence rate."""

from __future__ import annotations

import pandas as pd
import pytest

from oneworkforce.metrics import compute_metric
from tests.metrics.conftest import tables

STAFF = [
    {"person_id": "p1", "org_code": "A", "fte": 1.0},
    {"person_id": "p2", "org_code": "A", "fte": 0.5},
    {"person_id": "p3", "org_code": "A", "fte": 0.0, "contract_type": "bank"},
]  # May 2024: 31 x 1.0 + 31 x 0.5 = 46.5 FTE days available at A


def test_episodes_are_spread_over_their_days_and_months():
    t = tables(
        STAFF,
        episodes=[
            # 30 May to 2 June: 4 days, 2 of them in May (June has no staff in post yet)
            {
                "org_code": "A",
                "start_date": "2024-05-30",
                "end_date": "2024-06-02",
                "fte_days_lost": 4.0,
            },
            {
                "org_code": "A",
                "start_date": "2024-05-02",
                "end_date": "2024-05-03",
                "fte_days_lost": 1.0,
            },
        ],
    )
    row = compute_metric(t, "sickness_rate").iloc[0]
    assert (row.numerator, row.denominator) == pytest.approx((3.0, 46.5))
    assert row.value == pytest.approx(3.0 / 46.5 * 100)


def test_an_open_episode_runs_to_the_end_of_the_data():
    t = tables(
        STAFF,
        episodes=[
            {"org_code": "A", "start_date": "2024-05-20", "end_date": None, "fte_days_lost": 12.0},
        ],
    )
    assert compute_metric(t, "sickness_rate").iloc[0].numerator == pytest.approx(12.0)


def test_aggregates_and_episodes_add_up_as_sums_not_averages():
    t = tables(
        STAFF,
        episodes=[
            {
                "org_code": "A",
                "start_date": "2024-05-01",
                "end_date": "2024-05-05",
                "fte_days_lost": 5.0,
            }
        ],
        aggregates=[
            {"org_code": "C", "fte_days_lost": 10.0, "fte_days_available": 300.0},
            {
                "org_code": "C",
                "staff_group": "primary_care_admin",
                "fte_days_lost": 2.0,
                "fte_days_available": 100.0,
            },
        ],
    )
    by_org = compute_metric(t, "sickness_rate", ["org"])
    rates = dict(zip(by_org.org, by_org.value, strict=True))
    assert rates == pytest.approx({"A": 5 / 46.5 * 100, "C": 3.0})
    system = compute_metric(t, "sickness_rate").iloc[0]
    assert system.value == pytest.approx((5 + 12) / (46.5 + 400) * 100)
    by_group = compute_metric(t, "sickness_rate", ["staff_group"])
    assert set(by_group.staff_group) == {"gp", "nursing", "primary_care_admin"}


def test_an_organisations_aggregate_wins_over_its_episodes_for_that_month():
    t = tables(
        STAFF,
        episodes=[
            {
                "org_code": "A",
                "start_date": "2024-05-01",
                "end_date": "2024-05-05",
                "fte_days_lost": 5.0,
            }
        ],
        aggregates=[
            {
                "org_code": "A",
                "staff_group": "nursing",
                "fte_days_lost": 1.0,
                "fte_days_available": 50.0,
            }
        ],
    )
    row = compute_metric(t, "sickness_rate").iloc[0]
    assert (row.numerator, row.denominator) == pytest.approx((1.0, 50.0))


def test_no_days_available_gives_no_rate():
    t = tables(
        STAFF, aggregates=[{"org_code": "C", "fte_days_lost": 0.0, "fte_days_available": 0.0}]
    )
    rates = compute_metric(t, "sickness_rate", ["org"])
    assert rates.set_index("org").value.isna().to_dict() == {"C": True}  # A sends nothing


def test_days_available_follow_the_calendar_including_leap_years():
    feb_2024, feb_2023 = 2024 * 12 + 2, 2023 * 12 + 2
    staff = [
        {"person_id": "p1", "org_code": "A", "fte": 1.0, "month_index": feb_2024},
        {"person_id": "p1", "org_code": "A", "fte": 1.0, "month_index": feb_2023},
    ]
    episodes = [
        {
            "org_code": "A",
            "start_date": "2024-02-28",
            "end_date": "2024-03-01",
            "fte_days_lost": 3.0,
        }
    ]
    frame = compute_metric(tables(staff, episodes=episodes), "sickness_rate")
    assert frame.denominator.tolist() == [28.0, 29.0]
    assert frame.numerator.tolist() == pytest.approx([0.0, 2.0])  # 28 and 29 February


def _episode(start, end, lost, reason="S10", org="A"):
    return {
        "org_code": org,
        "start_date": start,
        "end_date": end,
        "fte_days_lost": lost,
        "reason": reason,
    }


def test_short_and_long_term_split_by_episode_length_and_add_up():
    episodes = [
        _episode("2024-05-01", "2024-05-27", 27.0),  # 27 days: short term
        _episode("2024-05-02", "2024-05-29", 14.0),  # 28 days: long term (FTE 0.5)
        _episode("2024-05-10", "2024-05-10", 1.0, reason="S13"),
    ]
    t = tables(STAFF, episodes=episodes)
    short = compute_metric(t, "sickness_rate_short_term").iloc[0]
    long = compute_metric(t, "sickness_rate_long_term").iloc[0]
    overall = compute_metric(t, "sickness_rate").iloc[0]
    assert (short.numerator, short.denominator) == pytest.approx((28.0, 46.5))
    assert (long.numerator, long.denominator) == pytest.approx((14.0, 46.5))
    assert short.value + long.value == pytest.approx(overall.value)


def test_rates_by_reason_share_one_denominator_and_add_up_to_the_rate():
    episodes = [
        _episode("2024-05-01", "2024-05-04", 4.0, reason="S10"),
        _episode("2024-05-06", "2024-05-07", 2.0, reason="S13"),
        _episode("2024-05-08", "2024-05-08", 1.0, reason="S13"),
    ]
    t = tables(STAFF, episodes=episodes)
    frame = compute_metric(t, "sickness_rate_by_reason", ["absence_reason"])
    by_reason = {r.absence_reason: r.numerator for _, r in frame.iterrows()}
    assert by_reason == pytest.approx({"S10": 4.0, "S13": 3.0})
    assert frame["denominator"].tolist() == pytest.approx([46.5, 46.5])
    assert frame["value"].sum() == pytest.approx(compute_metric(t, "sickness_rate").value[0])


def test_shared_outputs_suppress_rates_on_330_fte_days_or_fewer():
    aggregates = [
        {"org_code": "A", "fte_days_lost": 10.0, "fte_days_available": 330.0},
        {"org_code": "B", "fte_days_lost": 10.0, "fte_days_available": 331.0},
    ]
    t = tables(STAFF, aggregates=aggregates)
    frame = compute_metric(t, "sickness_rate", ["org"], shared=True).set_index("org")
    assert frame.loc["A", "suppressed"] and pd.isna(frame.loc["A", "value"])
    assert not frame.loc["B", "suppressed"]
    assert frame.loc["B", "value"] == pytest.approx(10 / 331 * 100)
    unshared = compute_metric(t, "sickness_rate", ["org"]).set_index("org")
    assert unshared.loc["A", "value"] == pytest.approx(10 / 330 * 100)


def test_mental_health_share_of_days_lost():
    episodes = [
        _episode("2024-05-01", "2024-05-04", 4.0, reason="S10"),
        _episode("2024-05-06", "2024-05-11", 6.0, reason="S12"),
    ]
    row = compute_metric(tables(STAFF, episodes=episodes), "sickness_mental_health_share").iloc[0]
    assert (row.numerator, row.denominator, row.value) == pytest.approx((4.0, 10.0, 40.0))
