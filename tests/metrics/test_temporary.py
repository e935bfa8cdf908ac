"""Hand-computed cases: bank and agency FTE and their share of the pay bill."""

from __future__ import annotations

import pytest

from oneworkforce.metrics import compute_metric
from tests.metrics.conftest import tables

STAFF = [{"person_id": "p1", "org_code": "A"}]
FEB_2024 = 2024 * 12 + 2  # a leap-year February: 29 days


def test_bank_fte_converts_hours_over_the_weeks_of_the_month():
    t = tables(
        STAFF,
        temporary=[
            {"org_code": "A", "staffing_type": "bank", "hours": 750.0, "cost": 1.0},
            {
                "org_code": "A",
                "staffing_type": "bank",
                "hours": 290.0,
                "cost": 1.0,
                "month_index": FEB_2024,
            },
            {"org_code": "A", "staffing_type": "agency", "hours": 75.0, "cost": 1.0},
        ],
    )
    bank = compute_metric(t, "bank_fte").set_index("month_index")["value"]
    assert bank[2024 * 12 + 5] == pytest.approx(750 / (37.5 * 31 / 7))
    assert bank[FEB_2024] == pytest.approx(290 / (37.5 * 29 / 7))
    agency = compute_metric(t, "agency_fte")
    assert agency.value.tolist() == pytest.approx([75 / (37.5 * 31 / 7)])


def test_bank_and_agency_share_of_the_pay_bill():
    t = tables(
        STAFF,
        temporary=[
            {"org_code": "A", "staffing_type": "bank", "hours": 1.0, "cost": 30_000.0},
            {"org_code": "A", "staffing_type": "agency", "hours": 1.0, "cost": 20_000.0},
            {"org_code": "B", "staffing_type": "agency", "hours": 1.0, "cost": 5_000.0},
        ],
        pay_bill=[
            {"org_code": "A", "substantive_cost": 950_000.0},
            {"org_code": "C", "substantive_cost": 100_000.0},
        ],
    )
    frame = compute_metric(t, "temporary_staffing_pay_bill_share", ["org"]).set_index("org")
    assert frame.loc["A", "value"] == pytest.approx(5.0)  # 50k of 1,000k
    assert frame.loc["C", "value"] == 0.0
    assert "B" not in frame.index  # no pay bill for B: no share
    total = compute_metric(t, "temporary_staffing_pay_bill_share").iloc[0]
    assert (total.numerator, total.denominator) == pytest.approx((50_000.0, 1_100_000.0))
