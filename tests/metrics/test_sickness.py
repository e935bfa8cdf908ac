"""Hand-computed cases for the sickness absence rate."""

from __future__ import annotations

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
