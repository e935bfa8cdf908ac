"""Hand-computed cases: international recruits' share and retention of locally trained staff."""

from __future__ import annotations

from datetime import date

import pytest

from oneworkforce.metrics import MetricError, compute_metric
from tests.metrics.conftest import tables

M0 = 2023 * 12 + 1  # January 2023: the first month of data


def test_international_share_of_known_qualification_countries():
    rows = [
        {"person_id": "p1", "org_code": "A", "qualification_country_group": "uk"},
        {"person_id": "p2", "org_code": "A", "qualification_country_group": "rest_of_world"},
        {"person_id": "p2", "org_code": "A", "qualification_country_group": "rest_of_world"},
        {"person_id": "p3", "org_code": "A", "qualification_country_group": "eu_eea"},
        {"person_id": "p4", "org_code": "A", "qualification_country_group": "unknown"},
        {"person_id": "p5", "org_code": "A", "qualification_country_group": None},
    ]
    row = compute_metric(tables(rows), "international_recruits_share").iloc[0]
    assert (row.numerator, row.denominator) == (2, 3)


def _in_post(person, months, org="A", **extra):
    return [{"person_id": person, "org_code": org, "month_index": m} | extra for m in months]


LOCAL = {"trained_locally": True, "qualified_date": date(2023, 2, 10)}


def retention_rows():
    everyone = _in_post("old", range(M0, M0 + 27))  # in post throughout: gives every month
    # Joined in March 2023 within a year of qualifying: the cohort of March 2023.
    stays = _in_post("n1", range(M0 + 2, M0 + 27), **LOCAL)
    moves = _in_post("n2", range(M0 + 2, M0 + 8), **LOCAL) + _in_post(
        "n2", range(M0 + 8, M0 + 27), org="B", **LOCAL
    )  # moved to partner B: still retained by the system
    leaves = _in_post("n3", range(M0 + 2, M0 + 13), **LOCAL)  # gone by March 2024
    not_local = _in_post("n4", range(M0 + 2, M0 + 4), trained_locally=False)
    late = _in_post(
        "n5", range(M0 + 2, M0 + 27), trained_locally=True, qualified_date=date(2020, 1, 1)
    )  # qualified three years before: not newly qualified
    already = _in_post("n6", range(M0, M0 + 2), **LOCAL)  # present in the first month of data
    return everyone + stays + moves + leaves + not_local + late + already


def test_retention_after_one_and_two_years():
    t = tables(retention_rows())
    one = compute_metric(t, "local_retention_1y")
    assert one["month_index"].tolist() == [M0 + 14]  # reported when the year completes
    assert (one.iloc[0].numerator, one.iloc[0].denominator) == (2, 3)  # n1 and n2 of three
    two = compute_metric(t, "local_retention_2y")
    assert two["month_index"].tolist() == [M0 + 26]
    assert (two.iloc[0].numerator, two.iloc[0].denominator) == (2, 3)


def test_retention_needs_the_follow_up_month():
    rows = [r for r in retention_rows() if r["month_index"] < M0 + 14]
    with pytest.raises(MetricError, match="No data"):
        compute_metric(tables(rows), "local_retention_1y")
