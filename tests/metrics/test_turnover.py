"""Hand-computed cases for leaver rates and stability (snapshots 12 months apart)."""

from __future__ import annotations

import pytest

from oneworkforce.metrics import MetricError, compute_metric
from tests.metrics.conftest import tables

START, END = 2023 * 12 + 5, 2024 * 12 + 5


def snapshot(month, rows):
    return [{"month_index": month, "fte": 1.0} | r for r in rows]


SIP = snapshot(
    START,
    [
        {"person_id": "p1", "org_code": "A"},
        {"person_id": "p2", "org_code": "A"},
        {"person_id": "p3", "org_code": "A"},
        {"person_id": "p4", "org_code": "A"},
        {"person_id": "p6", "org_code": "B"},
    ],
) + snapshot(
    END,
    [
        {"person_id": "p1", "org_code": "A"},
        {"person_id": "p2", "org_code": "A", "staff_group": "midwifery"},  # changed group
        {"person_id": "p5", "org_code": "A"},  # joiner
        {"person_id": "p3", "org_code": "B"},  # moved to another partner
        {"person_id": "p6", "org_code": "B"},
    ],
)  # p4 left the system


def rates(metric, by):
    frame = compute_metric(tables(SIP), metric, by)
    return {
        tuple(r[b] for b in by): (r.numerator, r.denominator, r.value) for _, r in frame.iterrows()
    }


def test_leaving_the_organisation_counts_moves_to_other_partners():
    by_org = rates("leaver_rate_organisation", ["org"])
    assert by_org[("A",)] == pytest.approx((2, 3.5, 2 / 3.5 * 100))  # p3 and p4
    assert by_org[("B",)] == pytest.approx((0, 1.5, 0.0))
    system_total = rates("leaver_rate_organisation", [])[()]
    assert system_total[0] == 2  # each person once, grouped at the system level


def test_leaving_the_system_ignores_moves_between_partners():
    assert rates("leaver_rate_system", [])[()] == pytest.approx((1, 5.0, 20.0))  # p4 only


def test_leaving_the_staff_group_counts_changes_of_group():
    by_group = rates("leaver_rate_staff_group", ["staff_group"])
    assert by_group[("nursing",)] == pytest.approx((2, 4.5, 2 / 4.5 * 100))  # p2 and p4


def test_stability_index():
    by_org = rates("stability_organisation", ["org"])
    assert by_org[("A",)] == pytest.approx((2, 4, 50.0))
    assert rates("stability_system", [])[()] == pytest.approx((4, 5, 80.0))


def test_someone_who_leaves_and_returns_within_the_year_is_not_a_leaver():
    sip = (
        snapshot(START, [{"person_id": "p1", "org_code": "A"}])
        + snapshot(START + 6, [])
        + snapshot(END, [{"person_id": "p1", "org_code": "A"}])
    )
    frame = compute_metric(tables(sip), "leaver_rate_organisation", [], "2024-05", "2024-05")
    assert frame.value.tolist() == [0.0]


def test_no_rate_without_the_snapshot_twelve_months_later():
    with pytest.raises(MetricError, match="No data"):
        compute_metric(tables(SIP), "leaver_rate_system", [], "2025-05", "2025-05")


def test_an_organisation_missing_a_snapshot_is_left_out_not_counted_as_leavers():
    # B sent no snapshot at the end: its people are unknown, not leavers; C had none at the
    # start, so its people are not joiners and not in the end headcount.
    rows = snapshot(
        START,
        [
            {"person_id": "a1", "org_code": "A"},
            {"person_id": "a2", "org_code": "A"},
            {"person_id": "b1", "org_code": "B"},
        ],
    ) + snapshot(
        END,
        [
            {"person_id": "a1", "org_code": "A"},
            {"person_id": "c1", "org_code": "C"},
        ],
    )
    frame = compute_metric(tables(rows), "leaver_rate_organisation")
    assert (frame.numerator[0], frame.denominator[0]) == (1, 1.5)  # a2 of (2 + 1) / 2
    assert compute_metric(tables(rows), "joiners_organisation").value.tolist() == [0]
