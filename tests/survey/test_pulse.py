"""Quarterly pulses with any questions: a trend per question by quarter, with responses."""

from __future__ import annotations

import pytest

from oneworkforce.metrics.model import month_label
from oneworkforce.survey.pulse import pulse_trends
from tests.survey.conftest import ENGAGEMENT, make_tables, row, run, scored


def pulse(code, quarter, score, org="A", responses=50, year=2025, **values):
    values = {"survey_type": "pulse", "quarter": quarter, "survey_year": year, "org_code": org}
    return scored(code, score, responses=responses, **values)


def test_any_question_trends_quarter_by_quarter(duck):
    survey = [
        pulse("Wellbeing support", 1, 5.0),
        pulse("Wellbeing support", 2, 6.0),
        pulse("Wellbeing support", 3, 5.5),
        row(
            survey_type="pulse",
            quarter=2,
            survey_year=2025,
            item_code="recommend_0_10",
            score=7.2,
            measure="score",
        ),
        row(survey_type="pulse", quarter=2, survey_year=2025, item_code="knows_eap", score=64.0),
        scored("q2a", 9.0),  # the annual survey is not a pulse
    ]
    trend = run(duck, pulse_trends(make_tables(survey)))
    wellbeing = trend[trend["code"] == "wellbeing_support"]
    assert [month_label(m) for m in wellbeing["month_index"]] == ["2025-02", "2025-05", "2025-08"]
    assert list(wellbeing["score"]) == pytest.approx([5.0, 6.0, 5.5])
    assert list(wellbeing["change"].fillna(-99)) == pytest.approx([-99, 1.0, -0.5])
    assert list(wellbeing["quarter"]) == [1, 2, 3] and set(wellbeing["responses"]) == {50}
    assert trend[trend["code"] == "recommend_0_10"]["score"].iloc[0] == pytest.approx(7.2)
    assert trend[trend["code"] == "knows_eap"]["percent"].iloc[0] == pytest.approx(64.0)
    assert "q2a" not in set(trend["code"])


def test_the_system_pools_organisations_and_one_question_can_be_asked_for(duck):
    survey = [
        pulse("mood", 1, 6.0, responses=100),
        pulse("mood", 1, 8.0, org="B", responses=100),
        pulse("mood", 2, 7.0, responses=100),
        pulse("other", 1, 1.0),
    ]
    trend = run(duck, pulse_trends(make_tables(survey), question="Mood", by="system"))
    assert list(trend["code"]) == ["mood", "mood"]
    assert list(trend["score"]) == pytest.approx([7.0, 7.0])
    assert list(trend["responses"]) == [200, 100]
    assert list(trend["change"].fillna(-99)) == pytest.approx([-99, 0.0])


def test_engagement_from_a_pulse_of_its_nine_questions(duck):
    survey = [pulse(code, 4, 6.0, year=2024) for code in ENGAGEMENT]
    trend = run(duck, pulse_trends(make_tables(survey), question="staff_engagement"))
    assert list(trend["level"]) == ["theme"] and trend["score"].iloc[0] == pytest.approx(6.0)
    assert month_label(int(trend["month_index"].iloc[0])) == "2024-11"
    with pytest.raises(ValueError):
        pulse_trends(make_tables(survey), by="region")
