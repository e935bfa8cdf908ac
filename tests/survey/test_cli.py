"""`oneworkforce survey` as an analyst runs it: scores, ranks and pulse trends."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from oneworkforce.cli.main import app
from oneworkforce.errors import OneWorkforceError
from tests.conftest import write_csv
from tests.samples import ORGANISATIONS, VALID_ROWS
from tests.survey.conftest import ENGAGEMENT

runner = CliRunner()


def invoke(home, *args):
    return runner.invoke(app, ["--home", str(home), *map(str, args)], env={"COLUMNS": "200"})


def answers(org, code, favourable, responses=200, **values):
    """Two answers shared so that the question scores ``favourable`` / 10."""
    blank = {f"option_{k}": "" for k in range(1, 8)}
    return (
        VALID_ROWS["staff_survey"]
        | blank
        | {"org_code": org, "item_code": code, "responses": str(responses), "options": "2"}
        | {"option_1": str(100 - favourable), "option_2": str(favourable)}
        | values
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("survey-cli") / "home"
    folder = home.parent
    assert invoke(home, "init").exit_code == 0
    assert (
        invoke(home, "load", write_csv(folder / "organisations.csv", ORGANISATIONS)).exit_code == 0
    )
    rows = [answers("RXA", c, 60) for c in ENGAGEMENT]
    rows += [answers("RXB", c, 80, responses=600) for c in ENGAGEMENT]
    rows += [answers("RZZ01", c, 90, published="yes") for c in ENGAGEMENT]
    pulse = {"survey_type": "pulse", "quarter": "1", "survey_year": "2025"}
    rows += [
        answers("RXA", "mood", 50, **pulse),
        answers("RXA", "mood", 70, **pulse | {"quarter": "2"}),
    ]
    path = write_csv(folder / "staff_survey.csv", rows, header=list(rows[0]))
    result = invoke(home, "load", path, "--extract", "staff_survey")
    assert result.exit_code == 0, result.output
    return home


def test_scores_by_organisation_and_for_the_system(home, tmp_path):
    result = invoke(home, "survey", "scores", "--year", 2024)
    assert result.exit_code == 0, result.output
    assert "staff_engagement" in result.output and "RXB" in result.output
    out = tmp_path / "system.csv"
    result = invoke(home, "survey", "scores", "--by", "system", "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    engagement = frame[frame["code"] == "staff_engagement"].iloc[0]
    assert engagement["score"] == pytest.approx((6 * 200 + 8 * 600) / 800)
    assert (engagement["organisations"], engagement["month"]) == (2, "2024-10")
    questions = invoke(home, "survey", "scores", "--level", "question", "--type", "pulse")
    assert questions.exit_code == 0 and "mood" in questions.output


def test_ranks_within_sector_and_region(home, tmp_path):
    out = tmp_path / "ranks.csv"
    result = invoke(
        home, "survey", "rank", "--item", "staff_engagement", "--format", "csv", "--out", out
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out).set_index("org_code")
    # RZZ01 is in no register: it is ranked in a group of its own.
    assert frame.loc["RXA", ["peer_group", "rank"]].tolist() == ["acute", 1]
    assert frame.loc["RZZ01", "peer_group"] == "not known"
    region = invoke(home, "survey", "rank", "--peer", "region")
    assert region.exit_code == 0, region.output
    assert "QZZ" in region.output and "we_are_safe_and_healthy" not in region.output


def test_pulse_trends(home):
    result = invoke(home, "survey", "pulse", "--question", "mood")
    assert result.exit_code == 0, result.output
    assert "2025-02" in result.output and "2025-05" in result.output and "2.0" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("scores", "--by", "place"),
        ("scores", "--level", "element"),
        ("scores", "--format", "xlsx"),
        ("rank", "--peer", "ics"),
        ("pulse", "--source", "weighted"),
    ],
)
def test_requests_that_cannot_be_met_say_why(home, args):
    result = invoke(home, "survey", *args)
    assert result.exit_code != 0
    assert isinstance(result.exception, OneWorkforceError), result.exception


def test_nothing_loaded_says_so(tmp_path):
    home = tmp_path / "empty"
    assert invoke(home, "init").exit_code == 0
    result = invoke(home, "survey", "pulse")
    assert isinstance(result.exception, OneWorkforceError)
    assert "No staff survey results" in str(result.exception)


def test_the_wellbeing_panel(tmp_path):
    home = tmp_path / "wellbeing"
    assert invoke(home, "init").exit_code == 0
    assert (
        invoke(home, "load", write_csv(tmp_path / "organisations.csv", ORGANISATIONS)).exit_code
        == 0
    )
    for extract in ("staff_in_post", "sickness_absence"):
        path = write_csv(tmp_path / f"{extract}.csv", [VALID_ROWS[extract]])
        assert invoke(home, "load", path, "--extract", extract).exit_code == 0
    out = tmp_path / "panel.csv"
    result = invoke(home, "survey", "wellbeing", "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    panel = pd.read_csv(out)
    sickness = panel[(panel["metric"] == "sickness_rate") & (panel["org"] == "RXA")]
    # 2.4 FTE days lost of 0.8 FTE x 31 days in May 2024.
    assert sickness["value"].round(4).tolist() == [round(2.4 / (0.8 * 31) * 100, 4)]
    assert "mental" in " ".join(panel["measure"].unique())
    shown = invoke(home, "survey", "wellbeing", "--by", "place")
    assert shown.exit_code == 0 and "Wellbeing panel" in shown.output
    bad = invoke(home, "survey", "wellbeing", "--by", "staff_group")
    assert isinstance(bad.exception, OneWorkforceError)
