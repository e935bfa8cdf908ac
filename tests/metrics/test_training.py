"""Hand-computed cases: statutory and mandatory training compliance."""

from __future__ import annotations

from datetime import date

import pytest

from oneworkforce.metrics import compute_metric
from oneworkforce.metrics.training import SUBJECTS, valid_completions
from tests.metrics.conftest import tables

MAY_2024 = 2024 * 12 + 5
STAFF = [
    {"person_id": "p1", "org_code": "A"},
    {"person_id": "p2", "org_code": "A"},
    {"person_id": "p3", "org_code": "A", "contract_type": "bank", "fte": 0.0},
]


def _done(person, subject, completed, org="A", **extra):
    return {
        "person_id": person,
        "org_code": org,
        "subject": subject,
        "completed_date": completed,
    } | extra


def by_subject(t):
    frame = compute_metric(t, "training_compliance", ["training_subject"])
    return {r.training_subject: (r.numerator, r.denominator) for _, r in frame.iterrows()}


def test_cstf_periods_apply_unless_the_organisation_sets_its_own():
    training = [
        _done("p1", "fire_safety", "2022-06-01"),  # CSTF 2 years: valid to May 2024
        _done("p2", "fire_safety", "2022-05-01"),  # expired 1 May 2024
        _done("p1", "information_governance", "2023-06-01"),  # 1 year: valid
        _done("p2", "information_governance", "2023-05-31"),  # expired 31 May 2024
    ]
    subjects = by_subject(tables(STAFF, training=training))
    assert subjects["fire_safety"] == (1, 2)  # bank staff are not counted
    assert subjects["information_governance"] == (1, 2)
    assert subjects["resuscitation"] == (0, 2)
    assert len(subjects) == len(SUBJECTS)
    # Organisation A renews fire safety every year: p1's 2022 completion has lapsed.
    renewal = [{"org_code": "A", "subject": "fire_safety", "renewal_months": 12}]
    subjects = by_subject(tables(STAFF, training=training, renewal=renewal))
    assert subjects["fire_safety"] == (0, 2)


def test_levels_and_expiry_dates():
    training = [
        # Level 2 infection control lasts 1 year under the CSTF, level 1 three years.
        _done("p1", "infection_prevention_control", "2023-03-01", level="2"),
        _done("p2", "infection_prevention_control", "2023-03-01", level="1"),
        # An expiry date sent with the record wins over every period.
        _done("p1", "moving_handling", "2024-01-01", expiry_date="2024-05-31"),
        _done("p2", "moving_handling", "2024-01-01", expiry_date="2024-06-01"),
    ]
    renewal = [{"org_code": "A", "subject": "moving_handling", "renewal_months": 60}]
    subjects = by_subject(tables(STAFF, training=training, renewal=renewal))
    assert subjects["infection_prevention_control"] == (1, 2)  # p2 only
    assert subjects["moving_handling"] == (1, 2)  # p2 only


def test_training_recorded_by_another_partner_counts():
    training = [_done("p1", "conflict_resolution", "2024-01-10", org="B")]
    assert by_subject(tables(STAFF, training=training))["conflict_resolution"] == (1, 2)


def test_overall_compliance_counts_people_subjects():
    training = [_done("p1", s, "2024-04-01") for s in SUBJECTS]
    row = compute_metric(tables(STAFF, training=training), "training_compliance").iloc[0]
    assert (row.numerator, row.denominator) == (len(SUBJECTS), 2 * len(SUBJECTS))
    assert row.value == pytest.approx(50.0)
    assert row.month_index == MAY_2024


def test_a_completion_is_valid_from_its_month_to_the_month_it_expires():
    t = tables(STAFF, training=[_done("p1", "fire_safety", date(2024, 5, 31))])
    valid = valid_completions(t).execute().iloc[0]
    assert (valid.valid_from, valid.valid_until) == (MAY_2024, MAY_2024 + 24)


def test_overlapping_completions_count_once_and_gaps_stay_gaps():
    training = [
        _done("p1", "fire_safety", "2023-01-10"),  # renewed early: both valid in May 2024
        _done("p1", "fire_safety", "2024-01-10"),
        _done("p1", "fire_safety", "2024-03-01", level="1"),
        _done("p2", "information_governance", "2022-01-01"),  # lapsed January 2023
        _done("p2", "information_governance", "2024-06-01"),  # too late for May 2024
    ]
    subjects = by_subject(tables(STAFF, training=training))
    assert subjects["fire_safety"] == (1, 2)
    assert subjects["information_governance"] == (0, 2)
