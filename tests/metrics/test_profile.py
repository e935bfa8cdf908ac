"""Hand-computed cases for participation, skill mix, age and bank and agency metrics."""

from __future__ import annotations

import pytest

from oneworkforce.metrics import compute_metric
from tests.metrics.conftest import tables


def test_participation_rate_is_substantive_fte_per_head():
    t = tables(
        [
            {"person_id": "p1", "org_code": "A", "fte": 0.6},
            {"person_id": "p1", "org_code": "A", "fte": 0.2},  # second assignment, same person
            {"person_id": "p2", "org_code": "A", "fte": 1.0},
            {"person_id": "p3", "org_code": "A", "fte": 0.0, "contract_type": "bank"},
        ]
    )
    row = compute_metric(t, "participation_rate").iloc[0]
    assert (row.numerator, row.denominator, row.value) == pytest.approx((1.8, 2, 90.0))


def test_skill_mix_counts_non_medical_agenda_for_change_fte():
    t = tables(
        [
            {"person_id": "p1", "org_code": "A", "fte": 1.0, "band": "band_5"},
            {"person_id": "p2", "org_code": "A", "fte": 0.5, "band": "band_8a"},
            {"person_id": "p3", "org_code": "A", "fte": 1.5, "band": "band_3"},
            {
                "person_id": "p4",
                "org_code": "A",
                "fte": 1.0,
                "band": "consultant",
                "staff_group": "medical",
            },
            {"person_id": "p5", "org_code": "C", "fte": 1.0, "band": "non_afc"},
        ]
    )
    row = compute_metric(t, "skill_mix").iloc[0]
    assert (row.numerator, row.denominator, row.value) == pytest.approx((1.5, 3.0, 50.0))


def test_age_shares_count_people_once():
    t = tables(
        [
            {"person_id": "p1", "org_code": "A", "fte": 0.5, "age_band_at_snapshot": "55_59"},
            {"person_id": "p1", "org_code": "B", "fte": 0.5, "age_band_at_snapshot": "55_59"},
            {"person_id": "p2", "org_code": "A", "fte": 1.0, "age_band_at_snapshot": "under_25"},
            {"person_id": "p3", "org_code": "A", "fte": 1.0, "age_band_at_snapshot": "40_44"},
            {"person_id": "p4", "org_code": "A", "fte": 1.0, "age_band_at_snapshot": "70_plus"},
        ]
    )
    older = compute_metric(t, "aged_55_plus").iloc[0]
    assert (older.numerator, older.denominator, older.value) == (2, 4, 50.0)
    assert compute_metric(t, "aged_under_35")["value"].tolist() == [25.0]
    by_org = compute_metric(t, "aged_55_plus", ["org"])
    assert dict(zip(by_org.org, by_org.value, strict=True)) == {"A": 50.0, "B": 100.0}


def test_bank_and_agency_totals():
    t = tables(
        [{"person_id": "p1", "org_code": "A", "fte": 1.0}],
        temporary=[
            {"org_code": "A", "staffing_type": "bank", "hours": 100, "cost": 2500},
            {"org_code": "B", "staffing_type": "bank", "hours": 50, "cost": 1250},
            {"org_code": "A", "staffing_type": "agency", "hours": 10, "cost": 900},
        ],
    )
    assert compute_metric(t, "bank_hours")["value"].tolist() == [150]
    assert compute_metric(t, "agency_cost")["value"].tolist() == [900]
    by_place = compute_metric(t, "bank_cost", ["place"])
    assert by_place.value.tolist() == [3750]
