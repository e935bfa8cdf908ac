"""Catalogue metrics: People Promise elements, staff engagement and morale, month by month."""

from __future__ import annotations

import pytest

from oneworkforce.metrics import CATALOGUE, MetricError, compute_metric
from oneworkforce.metrics.dimensions import DIMENSIONS, WORKFORCE_DIMENSIONS
from oneworkforce.survey.framework import PEOPLE_PROMISE_2021
from tests.survey.conftest import ENGAGEMENT, make_tables, row, scored


def element_rows(org, value, responses, year=2024, **values):
    """Every question of the seven elements, all scoring ``value``."""
    codes = {q for t in PEOPLE_PROMISE_2021.elements for s in t.sub_scores for q in s.questions}
    return [
        scored(c, value, org_code=org, responses=responses, survey_year=year, **values)
        for c in sorted(codes)
    ]


def test_element_scores_pool_organisations_by_responses():
    survey = element_rows("A", 6.0, 100) + element_rows("B", 8.0, 300)
    survey += element_rows("RZZ", 1.0, 1000, published=True)  # national, not a partner
    frame = compute_metric(make_tables(survey), "people_promise_score", ["survey_theme"])
    assert len(frame) == 7 and set(frame["month"]) == {"2024-10"}
    assert list(frame["value"]) == pytest.approx([7.5] * 7)
    assert set(frame["denominator"]) == {400}
    whole = compute_metric(make_tables(survey), "people_promise_score")
    assert whole["value"].iloc[0] == pytest.approx(7.5)
    by_org = compute_metric(make_tables(survey), "people_promise_score", ["sector", "org"])
    assert dict(zip(by_org["org"], by_org["value"], strict=True)) == {
        "A": pytest.approx(6.0),
        "B": pytest.approx(8.0),
    }


def test_engagement_and_morale_month_by_month():
    survey = [scored(c, 6.0) for c in ENGAGEMENT]
    pulse = {"survey_type": "pulse", "quarter": 1, "survey_year": 2025, "responses": 40}
    survey += [scored(c, 7.0, **pulse) for c in ENGAGEMENT]
    survey.append(row(item_type="theme", item_code="morale", score=5.9))
    tables = make_tables(survey)
    engagement = compute_metric(tables, "staff_engagement_score", ["org"])
    assert list(engagement["month"]) == ["2024-10", "2025-02"]
    assert list(engagement["value"]) == pytest.approx([6.0, 7.0])
    morale = compute_metric(tables, "staff_morale_score", ["place"], start="2024-01", end="2024-12")
    assert list(morale["value"]) == pytest.approx([5.9])
    with pytest.raises(MetricError, match="cannot be split"):
        compute_metric(tables, "staff_morale_score", ["survey_theme"])


def test_shared_outputs_hide_results_from_ten_or_fewer_responses():
    survey = [scored(c, 6.0, responses=10) for c in ENGAGEMENT]
    survey += [scored(c, 7.0, org_code="B", responses=11) for c in ENGAGEMENT]
    frame = compute_metric(make_tables(survey), "staff_engagement_score", ["org"], shared=True)
    shown = dict(zip(frame["org"], frame["value"], strict=True))
    assert shown["B"] == pytest.approx(7.0) and shown["A"] != shown["A"]


def test_the_survey_theme_dimension_is_the_metrics_own():
    assert "survey_theme" in DIMENSIONS and "survey_theme" not in WORKFORCE_DIMENSIONS
    metric = CATALOGUE["people_promise_score"]
    assert metric.unit == "score" and metric.good_direction == "up"
    assert "survey_theme" in metric.dimensions and not metric.counts_people
