"""Hand-computed cases: joiners and leavers, staff in post, length of service, ethnic group."""

from __future__ import annotations

from datetime import date

import pytest

from oneworkforce.metrics import compute_metric
from tests.metrics.conftest import tables
from tests.metrics.test_turnover import END, SIP, START


def counts(metric, by, rows=SIP):
    frame = compute_metric(tables(rows), metric, by)
    return {tuple(r[b] for b in by): r.value for _, r in frame.iterrows()}


def test_joiners_and_leavers_by_scope():
    # p5 joined A from outside; p3 moved A -> B; p2 changed staff group; p4 left everything.
    assert counts("joiners_organisation", ["org"]) == {("A",): 1, ("B",): 1}
    assert counts("leavers_organisation", ["org"]) == {("A",): 2, ("B",): 0}
    assert counts("joiners_system", []) == {(): 1}
    assert counts("leavers_system", []) == {(): 1}
    assert counts("joiners_staff_group", ["staff_group"]) == {("midwifery",): 1, ("nursing",): 1}


def test_joiners_need_the_snapshot_twelve_months_earlier():
    frame = compute_metric(tables(SIP), "joiners_system")
    assert frame["month_index"].tolist() == [END]  # START has no earlier snapshot


def test_a_person_who_leaves_and_returns_within_the_year_is_neither():
    rows = [
        {"person_id": "p1", "org_code": "A", "month_index": START},
        {"person_id": "p1", "org_code": "A", "month_index": START + 6, "fte": 0.5},
        {"person_id": "p1", "org_code": "A", "month_index": END},
    ]
    assert counts("leavers_organisation", [], rows) == {(): 0}
    assert counts("joiners_organisation", [], rows)[()] == 0


def test_staff_in_post_leaves_out_bank_only_staff():
    rows = [
        {"person_id": "p1", "org_code": "A", "fte": 0.6},
        {"person_id": "p1", "org_code": "A", "fte": 0.4, "band": "band_6"},  # second post
        {"person_id": "p2", "org_code": "A", "fte": 0.0, "contract_type": "bank"},
        {"person_id": "p3", "org_code": "B", "fte": 0.8, "contract_type": "fixed_term"},
    ]
    assert counts("staff_in_post", [], rows) == {(): 2}
    assert counts("headcount", [], rows) == {(): 3}
    assert counts("staff_in_post_fte", ["org"], rows) == pytest.approx({("A",): 1.0, ("B",): 0.8})


def test_length_of_service_counts_each_person_once_with_their_longest_service():
    month = 2024 * 12 + 5
    rows = [
        {"person_id": "p1", "org_code": "A", "start_date": date(2019, 5, 1)},  # 60 months
        {"person_id": "p1", "org_code": "A", "start_date": date(2023, 5, 20)},  # 12 months
        {"person_id": "p2", "org_code": "A", "start_date": date(2024, 5, 1)},  # 0 months
        {"person_id": "p3", "org_code": "B", "start_date": date(2022, 11, 30)},  # 18 months
    ]
    frame = compute_metric(tables(rows), "length_of_service", ["org"])
    by_org = {r.org: (r.numerator, r.denominator, r.value) for _, r in frame.iterrows()}
    assert by_org["A"] == pytest.approx((5.0, 2, 2.5))
    assert by_org["B"] == pytest.approx((1.5, 1, 1.5))
    assert frame["month_index"].unique().tolist() == [month]
    bands = counts("headcount", ["service_band"], rows)
    assert bands == {("5_10",): 1, ("1_2",): 2, ("under_1",): 1}


def test_ethnic_group_follows_the_wres_grouping():
    rows = [
        {"person_id": "p1", "org_code": "A", "ethnic_category": "A"},
        {"person_id": "p2", "org_code": "A", "ethnic_category": "C"},
        {"person_id": "p3", "org_code": "A", "ethnic_category": "N"},
        {"person_id": "p4", "org_code": "A", "ethnic_category": "S"},
        {"person_id": "p5", "org_code": "A", "ethnic_category": "Z"},
        {"person_id": "p6", "org_code": "A", "ethnic_category": None},
    ]
    assert counts("headcount", ["ethnic_group"], rows) == {
        ("white",): 2,
        ("bme",): 2,
        ("not_stated",): 2,
    }
