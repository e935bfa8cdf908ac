"""Hand-computed cases: workforce representation of the local working-age population."""

from __future__ import annotations

import pytest

from oneworkforce.metrics import MetricError, compute_metric, metric_expression
from tests.metrics.conftest import tables

NORTH = [  # orgs A and B are in North, C in South (see ORGS in conftest)
    {
        "place": "North",
        "age_band": "30_34",
        "sex": "female",
        "ethnic_group": "white",
        "population": 600,
    },
    {
        "place": "North",
        "age_band": "30_34",
        "sex": "male",
        "ethnic_group": "asian",
        "population": 300,
    },
    {
        "place": "North",
        "age_band": "40_44",
        "sex": "male",
        "ethnic_group": "black",
        "population": 100,
    },
    # Children and over-70s are not in the working-age comparison.
    {
        "place": "North",
        "age_band": "5_9",
        "sex": "male",
        "ethnic_group": "asian",
        "population": 999,
    },
    {
        "place": "North",
        "age_band": "75_79",
        "sex": "female",
        "ethnic_group": "white",
        "population": 999,
    },
]


def staff(rows):
    return [{"person_id": f"p{i}", "org_code": "A"} | r for i, r in enumerate(rows)]


def test_ethnic_group_index_compares_shares_with_residents():
    rows = staff(
        [
            {"ethnic_category": "A"},
            {"ethnic_category": "C"},
            {"ethnic_category": "R"},  # Chinese: an Asian group in the 2021 census
            {"ethnic_category": "H"},
            {"ethnic_category": "Z"},  # not stated: left out
        ]
    )
    frame = compute_metric(
        tables(rows, population=NORTH),
        "ethnic_group_representation_index",
        ["place", "census_ethnic_group"],
    )
    index = {
        r.census_ethnic_group: (r.numerator, r.denominator, r.value) for _, r in frame.iterrows()
    }
    assert index["white"] == pytest.approx((50.0, 60.0, 50 / 60 * 100))
    assert index["asian"] == pytest.approx((50.0, 30.0, 50 / 30 * 100))
    assert "black" not in index  # no black staff: no row (the population share alone says nothing)


def test_sex_and_age_use_the_latest_population_year():
    older = [r | {"year": 2020, "population": 1} for r in NORTH]
    rows = staff(
        [
            {"gender": "2", "age_band_at_snapshot": "30_34"},
            {"gender": "1", "age_band_at_snapshot": "45_49"},
        ]
    )
    t = tables(rows, population=NORTH + older)
    sex = compute_metric(t, "sex_representation_index", ["census_sex"]).set_index("census_sex")
    assert sex.loc["female", "denominator"] == pytest.approx(60.0)  # 2024 figures, not 2020
    assert sex.loc["female", "value"] == pytest.approx(50 / 60 * 100)
    age = compute_metric(t, "age_band_representation_index", ["census_age_band"]).set_index(
        "census_age_band"
    )
    assert age.loc["25_34", "denominator"] == pytest.approx(90.0)
    assert "45_54" not in age.index  # no residents in that band


@pytest.mark.parametrize(
    ("metric_id", "dimension"),
    [
        ("ethnic_group_representation_index", "census_ethnic_group"),
        ("sex_representation_index", "census_sex"),
        ("age_band_representation_index", "census_age_band"),
    ],
)
@pytest.mark.parametrize("by", [[], ["place"], ["system"]])
def test_an_index_without_its_group_is_refused(metric_id, dimension, by):
    # Without the group every group's row would come out unlabelled, one per slice.
    t = tables(staff([{"ethnic_category": "A"}]), population=NORTH)
    with pytest.raises(MetricError, match=f"must be split by {dimension}") as refused:
        compute_metric(t, metric_id, by)
    assert f"--by {','.join([*by, dimension])}" in str(refused.value)
    with pytest.raises(MetricError, match=dimension):
        metric_expression(t, metric_id, by)
