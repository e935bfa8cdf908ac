"""Question-level staff survey files through the ordinary loader, then scored from the
warehouse: answer shares, themes as in standard 1.0, national results, pulses."""

from __future__ import annotations

import pytest

from oneworkforce.ingest import load_file
from oneworkforce.standard import EXTRACTS
from oneworkforce.survey.scoring import organisation_scores
from tests.conftest import write_csv
from tests.samples import VALID_ROWS

BASE = VALID_ROWS["staff_survey"]
HEADER = list(BASE)


def question(code, shares, **values):
    """A question of RXA's 2024 annual survey given as answer shares."""
    blank = {f"option_{k}": "" for k in range(1, 8)}
    given = {f"option_{k}": str(v) for k, v in enumerate(shares, start=1)}
    return BASE | blank | {"item_code": code, "options": str(len(shares))} | given | values


def load(warehouse, settings, tmp_path, rows, name="staff_survey.csv"):
    path = write_csv(tmp_path / name, rows, header=HEADER)
    return load_file(warehouse, settings, path, extract="staff_survey")


def quarantined(warehouse, result) -> dict[int, list[str]]:
    rows = warehouse.sql.execute(
        "SELECT row_number, list(rule ORDER BY rule) FROM _quarantine WHERE load_id = ? GROUP BY 1",
        [result.load_id],
    ).fetchall()
    return dict(rows)


def test_question_level_results_load_and_score(with_organisations, settings, tmp_path):
    theme_v1 = BASE | {  # a theme row as standard 1.0 had them
        "item_type": "theme",
        "item_code": "we_are_compassionate_and_inclusive",
        "item_text": "We are compassionate and inclusive",
        "options": "",
        **{f"option_{k}": "" for k in range(1, 8)},
        "score": "7.2",
    }
    rows = [
        question("q2a", [10, 20, 30, 25, 15]),
        question("q16b", [12.5, 87.5], score="12.5", measure="percent"),
        question("Q2B", [0, 0, 50, 50, 0], group_dimension="ethnic_group", group_value="BME"),
        BASE
        | {"item_code": "q2c", "options": "", "score": "6.1", "measure": "score"}
        | {f"option_{k}": "" for k in range(1, 8)},
        theme_v1,
        question("wellbeing", [20, 30, 50], survey_type="pulse", quarter="2"),
    ]
    result = load(with_organisations, settings, tmp_path, rows)
    assert (result.rows_loaded, result.rows_quarantined) == (6, 0), quarantined(
        with_organisations, result
    )
    assert result.schema_version == EXTRACTS["staff_survey"].version == "1.1"
    stored = with_organisations.sql.execute(
        "SELECT item_code, strftime(reference_month, '%Y-%m'), source FROM staff_survey "
        "ORDER BY item_code"
    ).fetchall()
    assert ("wellbeing", "2024-05", "local") in stored and ("q2a", "2024-10", "local") in stored
    tables = {name: with_organisations.table(name) for name in EXTRACTS}
    scores = organisation_scores(tables).execute()
    by_code = scores.set_index(["code", scores["group_value"].fillna("")])["score"]
    assert by_code[("q2a", "")] == pytest.approx(5.375)
    assert by_code[("q2b", "BME")] == pytest.approx(6.25)
    assert by_code[("q2c", "")] == pytest.approx(6.1)
    assert by_code[("q16b", "")] == pytest.approx(8.75)
    assert by_code[("wellbeing", "")] == pytest.approx((5 * 30 + 10 * 50) / 100)
    assert by_code[("we_are_compassionate_and_inclusive", "")] == pytest.approx(7.2)


def test_rules_across_columns(with_organisations, settings, tmp_path):
    no_shares = {"options": "", **{f"option_{k}": "" for k in range(1, 8)}}
    cases = {
        "org_code.registered": {"org_code": "RZZ99"},
        "quarter.pulse": {"survey_type": "pulse"},
        "score.present": no_shares,
        "score.out_of_ten": no_shares | {"item_type": "theme", "score": "72"},
        "measure.questions_only": no_shares
        | {"item_type": "sub_score", "measure": "percent", "score": "50"},
        "options.questions_only": {"item_type": "sub_score"},
        "options.shares_given": {"option_5": ""},
        "options.shares_total": {"option_1": "60"},
    }
    rows = [BASE | {"item_code": f"q{i}"} | change for i, change in enumerate(cases.values())]
    rows.append(BASE | {"item_code": "q_ok"})
    # National results may be for any organisation.
    rows.append(BASE | {"item_code": "q_national", "org_code": "RZZ99", "published": "yes"})
    result = load(with_organisations, settings, tmp_path, rows)
    found = quarantined(with_organisations, result)
    for i, rule in enumerate(cases):
        assert rule in found.get(i + 2, []), (rule, found.get(i + 2))
    assert result.rows_loaded == 2 and result.rows_quarantined == len(cases)


def test_own_and_published_results_never_replace_each_other(with_organisations, settings, tmp_path):
    own = [question("q2a", [0, 0, 0, 0, 100])]
    national = [question("q2a", [100, 0, 0, 0, 0], published="yes")]
    load(with_organisations, settings, tmp_path, own, "own.csv")
    load(with_organisations, settings, tmp_path, national, "national.csv")
    again = load(with_organisations, settings, tmp_path, own, "own.csv")
    assert again.rows_replaced == 1
    assert with_organisations.row_count("staff_survey") == 2
    # A pulse quarter replaces that quarter only, never the annual survey.
    q1 = [question("mood", [50, 50], survey_type="pulse", quarter="1")]
    q2 = [question("mood", [20, 80], survey_type="pulse", quarter="2")]
    load(with_organisations, settings, tmp_path, q1, "q1.csv")
    load(with_organisations, settings, tmp_path, q2, "q2.csv")
    assert with_organisations.row_count("staff_survey") == 4
    tables = {name: with_organisations.table(name) for name in EXTRACTS}
    scores = organisation_scores(tables).execute()
    annual = scores[(scores["code"] == "q2a")]
    assert list(annual["score"]) == [pytest.approx(0.0)]  # the published result is used
