"""`oneworkforce spc` on a small synthetic ICS: the chart as a table and as a file."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.cli.test_cli import run

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    root = tmp_path_factory.mktemp("spc")
    home = root / "home"
    run(home, "init")
    run(home, "synth", "--out", root / "ics", "--staff", "300", "--months", "15")
    run(home, "load", root / "ics")
    return home


def test_a_chart_for_the_system_and_for_one_organisation(home, tmp_path):
    shown = run(home, "spc", "headcount").stdout
    assert "variation" in shown and "point_type" in shown
    out = tmp_path / "chart.csv"
    done = run(
        home, "spc", "sickness_rate", "--where", "sector=acute", "--target", "4",
        "--format", "csv", "--out", out,
    )  # fmt: skip
    assert "assurance" in done.stdout
    chart = pd.read_csv(out)
    assert len(chart) == 15 and chart["month"].is_monotonic_increasing
    assert {"mean", "lower", "upper", "rules", "special_cause", "point_type"} <= set(chart)
    assert (chart["lower"] <= chart["upper"]).all()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["headcount", "--where", "org"], "dimension=value"),
        (["headcount", "--where", "org=NOPE"], "No headcount figures"),
        (["headcount", "--baseline", "3"], "at least 12"),
        (["headcount", "--rebase", "1999-01"], "no such point"),
        (["headcount", "--run-length", "5"], "6 or 7"),
        (["no_such_metric"], "no_such_metric"),
    ],
)
def test_requests_that_cannot_be_met_say_why(home, args, message):
    done = run(home, "spc", *args, check_code=1)
    assert message in done.stderr.replace("\n", " ")
