"""The synthetic ICS's staff survey: question-level results that the framework scores back to
the sub-scores and themes the trusts send."""

from __future__ import annotations

import pytest

from oneworkforce.config import initialise_home
from oneworkforce.ingest import load_folder
from oneworkforce.standard import EXTRACTS
from oneworkforce.survey.framework import THEME_CODES
from oneworkforce.survey.pulse import pulse_trends
from oneworkforce.survey.scoring import organisation_scores, results
from oneworkforce.synth import generate_ics
from oneworkforce.synth.survey import answer_probabilities, item_score
from oneworkforce.warehouse import open_warehouse

pytestmark = pytest.mark.slow  # synthesises and loads a small ICS


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    root = tmp_path_factory.mktemp("synthetic-survey")
    ics = generate_ics(root / "ics", staff=900, months=13, seed=11, file_format="csv")
    settings = initialise_home(root / "home")[0]
    with open_warehouse(settings) as warehouse:
        assert not load_folder(warehouse, settings, ics.out_dir).failed
        assert warehouse.sql.execute(
            "SELECT count(*) FROM _quarantine q JOIN _loads l USING (load_id) "
            "WHERE l.extract = 'staff_survey'"
        ).fetchone() == (0,)
        tables = {name: warehouse.table(name) for name in EXTRACTS}
        loaded = results(tables).execute()
        computed = organisation_scores(tables).execute()
        pulses = pulse_trends(tables).execute()
    return loaded, computed, pulses


def test_themes_sent_match_the_themes_worked_out_from_questions(scored):
    loaded, computed, _ = scored
    sent = loaded[(loaded["item_type"] == "theme") & (loaded["survey_type"] == "annual")]
    sent = sent.set_index(["org_code", "survey_year", "item_code"])["score"]
    themes = computed[(computed["level"] == "theme") & (computed["survey_type"] == "annual")]
    assert set(themes["method"]) == {"computed"}
    # Engagement of Disabled and non-disabled staff (WDES 9a) from their own breakdowns.
    groups = themes[themes["group_dimension"] == "disability"]
    assert set(groups["code"]) == {"staff_engagement"}
    assert set(groups["group_value"]) == {"Disabled", "Non-disabled"}
    worked = themes[themes["group_dimension"].isnull()]
    worked = worked.set_index(["org_code", "survey_year", "code"])["score"]
    assert set(worked.index.get_level_values("code")) == set(THEME_CODES)
    assert len(worked) == len(sent) > 0
    for key, value in sent.items():
        assert worked[key] == pytest.approx(value, abs=0.006), key
    assert worked.between(5.0, 8.0).all()


def test_pulses_ask_engagement_and_questions_of_their_own(scored):
    _, computed, pulses = scored
    assert {"wellbeing_support", "recommend_0_10", "q2a"} <= set(pulses["code"])
    engagement = computed[
        (computed["survey_type"] == "pulse") & (computed["code"] == "staff_engagement")
    ]
    assert not engagement.empty and engagement["score"].between(5, 9).all()


def test_answer_shares_have_the_score_they_were_drawn_for():
    for answers in (2, 5):
        for target in (0.5, 3.0, 6.5, 9.5):
            probabilities = answer_probabilities(target, answers)
            assert probabilities.sum() == pytest.approx(1)
            assert item_score(probabilities * 100) == pytest.approx(target)
    never = answer_probabilities(7.4, 5, best_only=True)
    assert item_score(never * 100, best_only=True) == pytest.approx(7.4)
