"""`oneworkforce plan` as a person runs it, on the synthetic ICS."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from oneworkforce.cli import output
from oneworkforce.cli.main import app
from oneworkforce.errors import OneWorkforceError
from oneworkforce.planning import ScenarioError
from oneworkforce.planning.scenario import EXAMPLES

pytestmark = pytest.mark.slow
runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setattr(output.console, "_width", 300)


@pytest.fixture(scope="module")
def home(synthetic_home, tmp_path_factory) -> Path:
    """A copy of the synthetic home, so commands that write do not touch the shared one."""
    copy = tmp_path_factory.mktemp("plan-cli") / "home"
    shutil.copytree(synthetic_home.home, copy)
    return copy


def invoke(home: Path, *args):
    return runner.invoke(app, ["--home", str(home), "plan", *map(str, args)])


def scenario(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_run_prints_the_years_and_writes_a_workbook(home, tmp_path) -> None:
    path = scenario(tmp_path, "name: Quick\nruns: 50\nmonths: 24\n")
    result = invoke(home, "run", path, "--by", "sector", "--out", tmp_path / "plan.xlsx")
    assert result.exit_code == 0, result.output
    assert "Quick: the whole system from 2026-03" in result.output
    assert "2027/28" in result.output and "primary_care" in result.output
    assert (tmp_path / "plan.xlsx").exists()


def test_compare_puts_scenarios_side_by_side(home, tmp_path) -> None:
    a = scenario(tmp_path, "name: A\nruns: 50\nmonths: 12\n")
    b = tmp_path / "b.yaml"
    b.write_text(
        "name: B\nruns: 50\nmonths: 12\nleavers: [{change_percent: -50}]\n", encoding="utf-8"
    )
    result = invoke(home, "compare", a, b, "--out", tmp_path / "compare")
    assert result.exit_code == 0, result.output
    assert "Scenarios compared (all)" in result.output
    assert (tmp_path / "compare" / "compare.csv").exists()


def test_the_example_scenario_runs_on_the_synthetic_ics(home) -> None:
    result = invoke(home, "run", EXAMPLES / "zero-adult-nurse-vacancies.yaml", "--runs", "50")
    assert result.exit_code == 0, result.output
    assert "Zero adult nurse vacancies" in result.output


def test_a_bad_scenario_is_a_message_not_a_traceback(home, tmp_path) -> None:
    path = scenario(tmp_path, "name: Bad\nleavers: [{change_percent: lots}]\n")
    # The entry point prints a OneWorkforceError's message and exits with its code.
    result = invoke(home, "run", path)
    assert isinstance(result.exception, ScenarioError) and result.exception.exit_code == 3
    assert "leavers[0].change_percent" in str(result.exception)
    unknown = scenario(tmp_path, "name: Bad\nleavers: [{change_percent: 5, orgs: [NOPE]}]\n")
    result = invoke(home, "run", unknown)
    assert isinstance(result.exception, ScenarioError)
    assert "unknown organisation 'NOPE'" in str(result.exception)


def test_check_rates_and_backtest(home, tmp_path) -> None:
    result = invoke(home, "check", EXAMPLES / "baseline.yaml")
    assert result.exit_code == 0 and "is valid" in result.output
    result = invoke(home, "rates")
    assert result.exit_code == 0 and "leaver rate a year" in result.output
    result = invoke(home, "backtest", "--months", "12", "--runs", "20")
    assert result.exit_code == 0 and "Back-test from 2025-03" in result.output


def test_adopt_versions_actual_and_refresh(home, tmp_path) -> None:
    path = scenario(tmp_path, "name: Plan\nruns: 20\nmonths: 24\nbase_month: 2025-03\n")
    result = invoke(home, "adopt", path, "--name", "ICS plan")
    assert result.exit_code == 0, result.output
    assert "version 1 adopted (from 2025-03" in result.output
    result = invoke(home, "versions")
    assert result.exit_code == 0 and "ICS plan" in result.output
    result = invoke(home, "actual", "ICS plan")
    assert result.exit_code == 0, result.output
    assert "2026-03" in result.output
    result = invoke(home, "refresh", "ICS plan", "--runs", "20")
    assert result.exit_code == 0 and "version 2, from 2026-03" in result.output
    result = invoke(home, "actual", "Nope")
    assert isinstance(result.exception, OneWorkforceError)
    assert "No adopted plan named 'Nope'" in str(result.exception)
