"""People Promise scoring, hand-computed: question scores from answer shares, sub-scores and
elements as means, and the system pooled by responses."""

from __future__ import annotations

import pytest

from oneworkforce.survey import scoring
from oneworkforce.survey.framework import (
    ELEMENT_CODES,
    FRAMEWORKS,
    PEOPLE_PROMISE_2021,
    framework_for,
    normalise_code,
)
from tests.survey.conftest import ENGAGEMENT, make_tables, row, run, scored


def org_scores(duck, survey, **kw):
    frame = run(duck, scoring.organisation_scores(make_tables(survey, **kw)))
    return frame


def score_of(frame, code, org="A", level=None):
    rows = frame[(frame["code"] == code) & (frame["org_code"] == org)]
    if level:
        rows = rows[rows["level"] == level]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_five_answers_score_0_2_5_5_7_5_10(duck):
    shares = {"option_1": 10, "option_2": 20, "option_3": 30, "option_4": 25, "option_5": 15}
    frame = org_scores(duck, [row(item_code="q2a", options=5, **shares)])
    # (0 x 10 + 2.5 x 20 + 5 x 30 + 7.5 x 25 + 10 x 15) / 100
    assert score_of(frame, "q2a")["score"] == pytest.approx(5.375)


def test_other_scales_score_evenly_and_left_out_answers_drop_out(duck):
    survey = [
        row(item_code="q11b", options=2, option_1=40, option_2=60),
        # Three answers: 0, 5, 10; shares add up to 80 (don't know left out).
        row(item_code="local_3", options=3, option_1=20, option_2=20, option_3=40),
        row(item_code="local_7", options=7, **{f"option_{k}": 0 for k in range(1, 7)}, option_7=50),
    ]
    frame = org_scores(duck, survey)
    assert score_of(frame, "q11b")["score"] == pytest.approx(6.0)
    assert score_of(frame, "local_3")["score"] == pytest.approx((0 * 20 + 5 * 20 + 10 * 40) / 80)
    assert score_of(frame, "local_7")["score"] == pytest.approx(10.0)


def test_incident_counts_score_only_never(duck):
    # Harassment from the public: only "never" (the most favourable answer) scores 10.
    shares = {"option_1": 5, "option_2": 5, "option_3": 10, "option_4": 20, "option_5": 60}
    frame = org_scores(duck, [row(item_code="q14a", options=5, **shares)])
    assert score_of(frame, "q14a")["score"] == pytest.approx(6.0)


def test_scores_and_percentages_as_loaded(duck):
    survey = [
        row(item_code="pulse_mood", score=6.4, measure="score"),
        row(item_code="q16b", score=12.5),  # a percentage only: cannot be scored
    ]
    frame = org_scores(duck, survey)
    assert score_of(frame, "pulse_mood")["score"] == pytest.approx(6.4)
    q16b = score_of(frame, "q16b")
    assert q16b["percent"] == pytest.approx(12.5) and q16b["score"] != q16b["score"]


def test_sub_scores_are_means_of_questions_and_themes_means_of_sub_scores(duck):
    levels = dict(zip(ENGAGEMENT, (6, 7, 8, 5, 6, 7, 9, 8, 7), strict=True))
    frame = org_scores(duck, [scored(code, value) for code, value in levels.items()])
    motivation = (6 + 7 + 8) / 3
    involvement = (5 + 6 + 7) / 3
    advocacy = (9 + 8 + 7) / 3
    assert score_of(frame, "motivation")["score"] == pytest.approx(motivation)
    assert score_of(frame, "involvement")["score"] == pytest.approx(involvement)
    assert score_of(frame, "advocacy")["score"] == pytest.approx(advocacy)
    engagement = score_of(frame, "staff_engagement", level="theme")
    assert engagement["score"] == pytest.approx((motivation + involvement + advocacy) / 3)
    assert engagement["method"] == "computed" and engagement["kind"] == "theme"
    assert engagement["name"] == "Staff engagement" and engagement["responses"] == 100


def test_an_element_without_sub_scores_is_the_mean_of_its_questions(duck):
    codes = PEOPLE_PROMISE_2021.theme("we_are_recognised_and_rewarded").sub_scores[0].questions
    frame = org_scores(duck, [scored(c, v) for c, v in zip(codes, (4, 5, 6, 7, 8), strict=True)])
    element = score_of(frame, "we_are_recognised_and_rewarded")
    assert element["level"] == "theme" and element["score"] == pytest.approx(6.0)
    assert element["kind"] == "element"


def test_incomplete_sub_scores_are_not_worked_out_and_loaded_results_fill_in(duck):
    survey = [scored(code, 7) for code in ENGAGEMENT[:-1]]  # q25d missing
    survey.append(row(item_type="theme", item_code="Staff engagement", score=6.9))
    survey.append(row(item_type="sub_score", item_code="advocacy", score=7.1))
    frame = org_scores(duck, survey)
    assert score_of(frame, "motivation")["method"] == "computed"
    advocacy = score_of(frame, "advocacy")
    assert (advocacy["method"], advocacy["score"]) == ("loaded", pytest.approx(7.1))
    theme = score_of(frame, "staff_engagement")
    assert (theme["method"], theme["score"]) == ("loaded", pytest.approx(6.9))


def test_worked_out_scores_win_over_loaded_ones(duck):
    survey = [scored(code, 7) for code in ENGAGEMENT]
    survey.append(row(item_type="theme", item_code="people_promise_1", score=9.9))
    survey.append(row(item_type="theme", item_code="staff_engagement", score=1.0))
    frame = org_scores(duck, survey)
    assert score_of(frame, "staff_engagement")["score"] == pytest.approx(7.0)
    # An old code of an element is recognised (nothing to work it out from here).
    assert score_of(frame, "we_are_compassionate_and_inclusive")["score"] == pytest.approx(9.9)


def test_question_codes_match_whatever_their_case(duck):
    frame = org_scores(duck, [scored(c.upper(), 6) for c in ENGAGEMENT])
    assert score_of(frame, "staff_engagement")["score"] == pytest.approx(6.0)


def test_years_before_people_promise_reporting_have_question_scores_only(duck):
    frame = org_scores(duck, [scored(c, 6, survey_year=2019) for c in ENGAGEMENT])
    assert set(frame["level"]) == {"question"}
    assert framework_for(2019) is None and framework_for(2026) is PEOPLE_PROMISE_2021


def test_months_annual_october_pulse_middle_of_quarter(duck):
    survey = [
        scored("q2a", 6),
        scored("q2a", 6, survey_type="pulse", quarter=2),
    ]
    frame = org_scores(duck, survey).sort_values("month_index")
    assert list(frame["month_index"]) == [2024 * 12 + 5, 2024 * 12 + 10]


def test_breakdowns_are_scored_separately(duck):
    survey = [scored("q2a", 6), scored("q2a", 8, group_dimension="ethnic_group", group_value="BME")]
    frame = org_scores(duck, survey)
    groups = dict(zip(frame["group_value"].fillna("all"), frame["score"], strict=True))
    assert groups == {"all": pytest.approx(6.0), "BME": pytest.approx(8.0)}


def test_published_results_are_preferred_and_local_breakdowns_kept(duck):
    survey = [
        scored("q2a", 6),
        scored("q2a", 7, published=True),
        scored("q2a", 8, group_dimension="ethnic_group", group_value="BME"),
    ]
    tables = make_tables(survey)
    auto = run(duck, scoring.question_scores(tables))
    assert sorted(zip(auto["group_value"].fillna("all"), auto["score"], strict=True)) == [
        ("BME", pytest.approx(8.0)),
        ("all", pytest.approx(7.0)),
    ]
    local = run(duck, scoring.question_scores(tables, "local"))
    assert sorted(local["score"]) == [pytest.approx(6.0), pytest.approx(8.0)]
    with pytest.raises(ValueError, match="source"):
        scoring.question_scores(tables, "weighted")


def test_system_pools_partner_organisations_by_responses(duck):
    survey = [scored(c, 6, responses=100) for c in ENGAGEMENT]
    survey += [scored(c, 8, org_code="B", responses=300) for c in ENGAGEMENT]
    # A national result for an organisation outside the system is left out.
    survey += [scored(c, 1, org_code="RZZ", responses=900, published=True) for c in ENGAGEMENT]
    system = run(duck, scoring.system_scores(make_tables(survey)))
    theme = system[system["code"] == "staff_engagement"].iloc[0]
    assert theme["score"] == pytest.approx((6 * 100 + 8 * 300) / 400)
    assert (theme["responses"], theme["organisations"], theme["system"]) == (400, 2, "QZZ")


def test_survey_scores_for_people_to_read(duck):
    survey = [scored(c, 6) for c in ENGAGEMENT]
    survey += [scored(c, 7, survey_year=2023) for c in ENGAGEMENT]
    tables = make_tables(survey)
    themes = run(duck, scoring.survey_scores(tables, "org", 2024, levels=("theme",)))
    assert list(themes["code"]) == ["staff_engagement"]
    system = run(duck, scoring.survey_scores(tables, "system", levels=("theme",)))
    assert sorted(system["score"]) == [pytest.approx(6.0), pytest.approx(7.0)]
    with pytest.raises(ValueError):
        scoring.survey_scores(tables, "place")


def test_the_framework_is_complete_and_consistent():
    for framework in FRAMEWORKS:
        assert len(framework.elements) == 7
        assert {t.code for t in framework.themes} - set(ELEMENT_CODES) == {
            "staff_engagement",
            "morale",
        }
        for theme in framework.themes:
            assert theme.sub_scores
            for sub in theme.sub_scores:
                assert set(sub.questions) <= set(framework.questions), sub.code
                assert len(set(sub.questions)) == len(sub.questions)
        sub_codes = [s.code for t in framework.themes for s in t.sub_scores]
        assert len(sub_codes) == len(set(sub_codes))
        assert framework.theme("people_promise_4").code == "we_are_safe_and_healthy"
    assert normalise_code(" We are a team ") == "we_are_a_team"
    assert normalise_code("Q25c") == "q25c"
