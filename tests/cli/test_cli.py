"""The command as a user runs it: clear messages and exit codes, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import write_csv
from tests.samples import ORGANISATIONS, VALID_ROWS


def run(home, *args, check_code: int | None = 0, cwd=None):
    env = os.environ | {"ONEWORKFORCE_HOME": str(home), "COLUMNS": "200"}
    env.pop("ONEWORKFORCE_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "oneworkforce", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "Traceback" not in done.stderr + done.stdout
    if check_code is not None:
        assert done.returncode == check_code, done.stderr + done.stdout
    return done


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("cli") / "home"
    run(home, "init")
    return home


def test_help_speaks_to_analysts(tmp_path):
    out = run(tmp_path, "--help").stdout
    for command in ("load", "loads", "quarantine", "standard", "synth", "demo", "init"):
        assert command in out
    assert "organisation and month" in run(tmp_path, "load", "--help").stdout


def test_not_initialised(tmp_path):
    done = run(tmp_path / "new", "loads", check_code=1)
    assert "oneworkforce init" in done.stderr


def test_init_is_idempotent_and_keeps_the_key(home):
    key = (home / "secrets" / "pseudonymisation.key").read_text()
    assert "kept" in run(home, "init").stdout
    assert (home / "secrets" / "pseudonymisation.key").read_text() == key
    assert oct((home / "secrets" / "pseudonymisation.key").stat().st_mode)[-3:] == "600"


def test_load_summary_loads_and_quarantine(home, tmp_path):
    run(home, "load", write_csv(tmp_path / "organisations.csv", ORGANISATIONS))
    rows = [
        VALID_ROWS["staff_in_post"],
        VALID_ROWS["staff_in_post"] | {"band": "Band 12", "assignment_id": "Z"},
    ]
    path = write_csv(tmp_path / "sip.csv", rows)
    out = run(home, "load", path, "--extract", "staff_in_post").stdout
    assert "2 read = 1 loaded + 1 quarantined" in out
    assert "band.code" in out
    loads = run(home, "loads", "--json").stdout
    assert '"quarantined": 1' in loads and '"read": 2' in loads
    quarantine = run(home, "quarantine", "2").stdout
    assert "Band 12" in quarantine and "band.code" in quarantine
    export = tmp_path / "q.csv"
    run(home, "quarantine", "2", "--csv", export)
    assert "band.code" in export.read_text()
    assert "staff_in_post" in run(home, "status").stdout


def test_loads_are_recorded_in_the_audit_trail(home, tmp_path):
    from oneworkforce.appdb import create_app_engine, list_events, session_scope
    from oneworkforce.config import load_settings

    path = write_csv(tmp_path / "organisations.csv", ORGANISATIONS)
    run(home, "load", path)
    run(home, "load", tmp_path / "absent.csv", "--extract", "organisations", check_code=3)
    engine = create_app_engine(load_settings(home).database_url)
    with session_scope(engine) as session:
        events = [(e.action, e.subject, e.outcome, e.details) for e in list_events(session)]
    engine.dispose()
    outcomes = {(subject.rsplit("/", 1)[-1], outcome) for _, subject, outcome, _ in events}
    assert ("organisations.csv", "success") in outcomes
    assert ("absent.csv", "failure") in outcomes
    success = next(d for a, s, o, d in events if s.endswith("organisations.csv"))
    assert success["rows_read"] == success["rows_loaded"] == len(ORGANISATIONS)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["load", "missing.csv", "--extract", "staff_in_post"], 3, "no such file"),
        (["load", "x.csv", "--extract", "rotas"], 1, "Unknown extract"),
        (["load", "x.csv", "--extract", "staff_in_post", "--period", "2024-13"], 1, "YYYY-MM"),
        (["quarantine", "999"], 1, "no load 999"),
        (["standard", "nope"], 1, "Unknown extract"),
    ],
)
def test_bad_requests_get_a_clear_message(home, tmp_path, args, code, message):
    (tmp_path / "x.csv").write_text("a\n1\n")
    done = run(home, *args, check_code=code, cwd=tmp_path)
    assert message in done.stderr


def test_all_rows_bad_exits_4(home, tmp_path):
    path = write_csv(tmp_path / "s.csv", [VALID_ROWS["staff_in_post"] | {"org_code": "NOPE1"}])
    done = run(home, "load", path, "--extract", "staff_in_post", check_code=4)
    assert "NOPE1" in done.stderr


def test_standard_lists_extracts(home):
    out = run(home, "standard").stdout
    assert "staff_in_post" in out and "population" in out


def test_metrics_command_and_exports(tmp_path):
    home = tmp_path / "home"
    run(home, "init")
    run(home, "load", write_csv(tmp_path / "organisations.csv", ORGANISATIONS))
    run(home, "load", write_csv(tmp_path / "staff_in_post.csv", [VALID_ROWS["staff_in_post"]]))
    run(home, "load", write_csv(tmp_path / "establishment.csv", [VALID_ROWS["establishment"]]))
    out = run(home, "metrics", "vacancy_rate", "--by", "org", "--from", "2024-05").stdout
    assert "vacancy_rate" in out and "RXA" in out
    target = tmp_path / "v.csv"
    run(home, "metrics", "establishment", "--format", "csv", "--out", target)
    assert target.read_text().splitlines()[1].startswith("establishment,2024-05,")
    done = run(home, "metrics", "vacancies", "--by", "gender", check_code=1)
    assert "cannot be split by gender" in done.stderr
    assert "headcount" in run(home, "metrics").stdout
    shared = run(
        home, "metrics", "headcount", "--share", "--format", "csv", "--out", tmp_path / "h.csv"
    )
    assert "rows written" in shared.stdout
    header, first = (tmp_path / "h.csv").read_text().splitlines()[:2]
    assert header.endswith("suppressed,small_denominator") and ",True," in first
    run(
        home,
        "metrics",
        "headcount",
        "--share",
        "--threshold",
        "1",
        "--format",
        "csv",
        "--out",
        tmp_path / "h1.csv",
    )
    assert ",False," in (tmp_path / "h1.csv").read_text().splitlines()[1]  # 1 person shown
    assert (
        "threshold"
        in run(home, "metrics", "headcount", "--share", "--threshold", "0", check_code=1).stderr
    )
    assert "No such option" in run(home, "loads", "--bogus", check_code=2).stderr


def test_exports_neutralise_formulas(tmp_path):
    import pandas as pd

    from oneworkforce.export import write_table

    frame = pd.DataFrame({"org": ["=HYPERLINK(1)", "+1", "RXA"], "value": [1.0, -2.0, 3.0]})
    write_table(frame, tmp_path / "x.csv", "csv")
    text = (tmp_path / "x.csv").read_text()
    assert "'=HYPERLINK(1)" in text and "'+1" in text and ",-2.0" in text
    write_table(frame, tmp_path / "x.xlsx", "xlsx")
    import openpyxl

    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    assert sheet["A2"].value == "'=HYPERLINK(1)" and sheet["B3"].value == -2.0
