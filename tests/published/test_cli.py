"""`oneworkforce published`: load, show and compare, with clear messages for bad requests."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from oneworkforce.cli.main import app
from oneworkforce.errors import InputFileError, OneWorkforceError
from tests.conftest import write_csv
from tests.published import nhse

runner = CliRunner()


def invoke(home, *args):
    return runner.invoke(app, ["--home", str(home), *map(str, args)])


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    assert invoke(home, "init").exit_code == 0
    return home


@pytest.fixture
def loaded(home, tmp_path):
    fixture = nhse.publication(tmp_path / "ESR_ABSENCE_May_2024.csv")
    result = invoke(home, "published", "load", fixture.path)
    assert result.exit_code == 0, result.output
    return home, fixture, result


def test_load_reports_read_loaded_and_quarantined(loaded):
    out = loaded[2].stdout
    assert "→ published_organisations" in out and "12 read = 12 loaded + 0 quarantined" in out
    assert "→ published_sickness_absence" in out
    assert "38 rows read = 34 loaded + 4 quarantined (1 suppressed in the publication)" in out
    assert "12 organisations registered" in out
    assert "fte_days_available.suppressed" in out and "published_rate.matches_days" in out


def test_loads_are_audited_and_logged(loaded):
    from oneworkforce.appdb import create_app_engine, list_events, session_scope
    from oneworkforce.config import load_settings

    home, fixture, _ = loaded
    engine = create_app_engine(load_settings(home).database_url)
    with session_scope(engine) as session:
        events = [(e.subject, e.outcome, e.details) for e in list_events(session)]
    engine.dispose()
    subjects = {subject: details for subject, outcome, details in events if outcome == "success"}
    assert subjects[str(fixture.path)]["extract"] == "published_sickness_absence"
    assert subjects[f"{fixture.path} (organisation register)"]["rows_loaded"] == 12
    log = invoke(home, "loads", "--json").stdout
    assert '"extract": "published_sickness_absence"' in log and '"read": 38' in log


@pytest.mark.parametrize("by", ["org", "system", "region", "england"])
def test_sickness_by_level_to_csv(loaded, tmp_path, by):
    home, _, _ = loaded
    out = tmp_path / f"{by}.csv"
    result = invoke(home, "published", "sickness", "--by", by, "--format", "csv", "--out", out)
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert set(frame["month"]) == set(nhse.MONTHS)
    if by == "org":
        assert (frame["rate"].round(2) == frame["published_rate"]).all()
    if by == "england":
        assert set(frame["code"]) == {"E92000001"}


def test_month_range_and_table(loaded):
    home, _, _ = loaded
    result = invoke(home, "published", "sickness", "--from", "2024-04", "--to", "2024-04")
    assert result.exit_code == 0, result.output
    assert "2024-04" in result.stdout and "2024-03" not in result.stdout


def test_compare_to_xlsx(loaded, tmp_path):
    home, _, _ = loaded
    orgs = [
        {"org_code": "RTG", "name": "UHDB", "sector": "acute", "place": "Derby", "ics_code": "QJ2"}
    ]
    assert invoke(home, "load", write_csv(tmp_path / "organisations.csv", orgs)).exit_code == 0
    out = tmp_path / "compare.xlsx"
    result = invoke(home, "published", "sickness", "--compare", "--format", "xlsx", "--out", out)
    assert result.exit_code == 0, result.output
    assert "no sickness absence of the ICS's own" in result.stderr
    frame = pd.read_excel(out)
    assert set(frame.loc[frame["own_ics"], "code"]) == {"QJ2"}
    assert set(frame["level"]) == {"ics", "england"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sickness", "--by", "ward"], "Unknown level 'ward'"),
        (["sickness", "--compare", "--by", "org"], "leave out --by"),
        (["sickness", "--ics", "QJ2"], "--compare only"),
        (["sickness", "--format", "csv"], "--out"),
        (["sickness", "--format", "pdf", "--out", "x.pdf"], "Unknown format"),
        (["sickness", "--from", "2024-13"], "YYYY-MM"),
        (["sickness", "--from", "2030-01"], "No data"),
        (["sickness", "--compare", "--ics", "QXX"], "not in the published data"),
    ],
)
def test_bad_requests_get_a_clear_message(loaded, args, message):
    home, _, _ = loaded
    result = invoke(home, "published", *args)
    assert isinstance(result.exception, OneWorkforceError), result.output
    assert message in str(result.exception)
    assert result.exception.exit_code == 1


def test_nothing_published_yet(home):
    result = invoke(home, "published", "sickness")
    assert "published load" in str(result.exception)


def test_a_file_that_is_not_the_publication(home, tmp_path):
    path = write_csv(tmp_path / "staff.csv", [{"org_code": "RTG", "fte": "1"}])
    result = invoke(home, "published", "load", path)
    assert isinstance(result.exception, InputFileError)
    assert "not in the NHS Sickness Absence Rates format" in str(result.exception)


def test_the_installed_command_exits_with_a_message_not_a_traceback(home, tmp_path):
    env = os.environ | {"ONEWORKFORCE_HOME": str(home)}
    env.pop("ONEWORKFORCE_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "oneworkforce", "published", "load", tmp_path / "absent.csv"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 3
    assert "no such file" in done.stderr and "Traceback" not in done.stderr
