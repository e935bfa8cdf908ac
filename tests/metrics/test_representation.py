"""Hand-computed cases: BME representation (WRES grouping) and apprenticeship starts."""

from __future__ import annotations

import pytest

from oneworkforce.metrics import MetricError, compute_metric
from tests.metrics.conftest import tables

NOW = 2024 * 12 + 5


def test_bme_share_leaves_out_not_stated_and_counts_people_once():
    rows = [
        {"person_id": "w1", "org_code": "A", "ethnic_category": "A", "band": "band_6"},
        {"person_id": "w2", "org_code": "A", "ethnic_category": "B", "band": "band_8a"},
        {"person_id": "b1", "org_code": "A", "ethnic_category": "H", "band": "band_6"},
        {"person_id": "b1", "org_code": "A", "ethnic_category": "H", "band": "band_7"},
        {"person_id": "b2", "org_code": "A", "ethnic_category": "N", "band": "band_3"},
        {"person_id": "z1", "org_code": "A", "ethnic_category": "Z", "band": "band_8b"},
        {"person_id": "u1", "org_code": "A", "ethnic_category": None, "band": "band_6"},
        {"person_id": "k1", "org_code": "A", "ethnic_category": "M", "contract_type": "bank"},
    ]
    t = tables(rows)
    overall = compute_metric(t, "bme_share").iloc[0]
    assert (overall.numerator, overall.denominator) == (2, 4)
    band6 = compute_metric(t, "bme_share_band_6_plus").iloc[0]
    assert (band6.numerator, band6.denominator) == (1, 3)  # b1 once; w1, w2
    band8 = compute_metric(t, "bme_share_band_8a_plus").iloc[0]
    assert (band8.numerator, band8.denominator) == (0, 1)


def test_all_unknown_ethnicity_gives_no_rate():
    rows = [{"person_id": "u1", "org_code": "A", "ethnic_category": "99"}]
    with pytest.raises(MetricError, match="No data"):
        compute_metric(tables(rows), "bme_share")


def test_apprenticeship_starts_over_twelve_months():
    rows = [
        # a1 was an apprentice a year ago too: not a start; a2 started; a3 moved from a
        # non-apprentice post into an apprenticeship: a start; a4 started at another partner.
        {"person_id": "a1", "org_code": "A", "month_index": NOW - 12, "apprenticeship": True},
        {"person_id": "a1", "org_code": "A", "month_index": NOW, "apprenticeship": True},
        {"person_id": "a2", "org_code": "A", "month_index": NOW, "apprenticeship": True},
        {"person_id": "a3", "org_code": "A", "month_index": NOW - 12, "apprenticeship": False},
        {"person_id": "a3", "org_code": "A", "month_index": NOW, "apprenticeship": True},
        {"person_id": "a4", "org_code": "B", "month_index": NOW, "apprenticeship": True},
        {"person_id": "x1", "org_code": "A", "month_index": NOW},
    ]
    frame = compute_metric(tables(rows), "apprenticeship_starts", ["org"])
    assert frame.set_index("org")["value"].to_dict() == {"A": 2, "B": 1}
    assert frame["month_index"].unique().tolist() == [NOW]
