"""`oneworkforce targets` as a person runs it: add, list, status, load, export, remove."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from rich.console import Console
from typer.testing import CliRunner

from oneworkforce.appdb import create_app_engine, list_events, session_scope
from oneworkforce.cli import output
from oneworkforce.cli.main import app
from oneworkforce.cli.targets import print_status, show_seeded_targets
from oneworkforce.config import load_settings
from oneworkforce.targets import SEED_TARGETS, TargetError, TargetFileError
from tests.conftest import write_csv
from tests.samples import ORGANISATIONS, VALID_ROWS

runner = CliRunner()


def invoke(home, *args):
    return runner.invoke(app, ["--home", str(home), *map(str, args)])


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    """Tables as wide as they need to be, so cells are not cut in the captured output."""
    monkeypatch.setattr(output.console, "_width", 300)


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "home"
    assert invoke(home, "init").exit_code == 0
    return home


@pytest.fixture
def with_sickness(home, tmp_path):
    """RXA (acute) at 6 % sickness in March 2024 and 4.8 % in April."""
    assert (
        invoke(home, "load", write_csv(tmp_path / "organisations.csv", ORGANISATIONS)).exit_code
        == 0
    )
    rows = [
        {
            "org_code": "RXA",
            "staff_group": "nursing",
            "period": period,
            "fte_days_lost": lost,
            "fte_days_available": "1000",
        }
        for period, lost in (("2024-03", "60"), ("2024-04", "48"))
    ]
    path = write_csv(tmp_path / "sickness.csv", rows)
    result = invoke(home, "load", path, "--extract", "sickness_absence_aggregate")
    assert result.exit_code == 0, result.output
    return home


def add_vacancy_target(home):
    return invoke(
        home,
        "targets",
        "add",
        "Nurse vacancies",
        "--metric",
        "vacancy_rate",
        "--target",
        "-1",
        "--due",
        "2027-03",
        "--slice",
        "staff_group=Nurses and health visitors",
        "--trajectory",
        "2025-03:5;2026-03:2.5",
        "--owner",
        "Chief nurse",
    )


def test_add_list_and_remove(home):
    added = add_vacancy_target(home)
    assert added.exit_code == 0, added.output
    assert "Target 'Nurse vacancies' added: vacancy_rate at most -1 by 2027-03." in added.stdout
    listed = invoke(home, "targets", "list")
    assert "Nurse vacancies" in listed.stdout and "staff_group=nursing" in listed.stdout
    assert "at most -1" in listed.stdout
    [row] = json.loads(invoke(home, "targets", "list", "--json").stdout)
    assert row["trajectory"] == 2 and row["owner"] == "Chief nurse"
    removed = invoke(home, "targets", "remove", "Nurse vacancies")
    assert removed.exit_code == 0 and "removed" in removed.stdout
    assert "No targets yet" in invoke(home, "targets", "list").stdout


def test_mistakes_are_messages_not_tracebacks(home):
    assert add_vacancy_target(home).exit_code == 0
    again = add_vacancy_target(home)
    assert again.exit_code == 1 and isinstance(again.exception, TargetError)
    assert "already exists" in str(again.exception)
    bad = invoke(home, "targets", "add", "x", "-m", "headcount", "-t", "1", "--due", "2027-3")
    assert isinstance(bad.exception, TargetError)
    assert "headcount has no good direction" in str(bad.exception)
    assert "due month '2027-3'" in str(bad.exception)
    sliced = invoke(
        home,
        "targets",
        "add",
        "y",
        "-m",
        "vacancy_rate",
        "-t",
        "1",
        "--due",
        "2027-03",
        "--slice",
        "nursing",
    )
    assert "slice part 'nursing' is not written dimension=value" in str(sliced.exception)
    missing = invoke(home, "targets", "remove", "Nobody")
    assert "No target named 'Nobody'" in str(missing.exception)


def test_changes_are_audited_with_the_person(home):
    add_vacancy_target(home)
    invoke(home, "targets", "remove", "Nurse vacancies")
    engine = create_app_engine(load_settings(home).database_url)
    try:
        with session_scope(engine) as session:
            events = [(e.action, e.subject) for e in list_events(session)]
            actors = {e.actor for e in list_events(session, action="target.add")}
    finally:
        engine.dispose()
    assert events == [
        ("target.add", "target:Nurse vacancies"),
        ("target.remove", "target:Nurse vacancies"),
    ]
    assert actors and "" not in actors


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_edit_and_load_back(home, tmp_path, suffix):
    add_vacancy_target(home)
    path = tmp_path / f"targets{suffix}"
    exported = invoke(home, "targets", "export", path)
    assert exported.exit_code == 0 and "1 target written" in exported.stdout
    loaded = invoke(home, "targets", "load", path)
    assert "1 targets read = 0 created + 0 updated + 1 unchanged" in loaded.stdout
    other = tmp_path / "more.csv"
    write_csv(
        other,
        [
            {"name": "Nurse vacancies", "metric": "vacancy_rate", "target": "0", "due": "2027-03"},
            {"name": "Sickness", "metric": "sickness_rate", "target": "5 %", "due": "2026-03"},
        ],
    )
    both = invoke(home, "targets", "load", other)
    assert "2 targets read = 1 created + 1 updated + 0 unchanged" in both.stdout


def test_a_bad_file_loads_nothing_and_exits_3(home, tmp_path):
    path = write_csv(
        tmp_path / "bad.csv",
        [
            {"name": "Fine", "metric": "sickness_rate", "target": "5", "due": "2026-03"},
            {"name": "Typo", "metric": "sicknes_rate", "target": "5", "due": "2026-03"},
        ],
    )
    result = invoke(home, "targets", "load", path)
    assert isinstance(result.exception, TargetFileError)
    assert result.exception.exit_code == 3
    assert "row 3: unknown metric 'sicknes_rate'" in str(result.exception)
    assert "No targets yet" in invoke(home, "targets", "list").stdout
    assert "not .txt" in str(invoke(home, "targets", "export", tmp_path / "t.txt").exception)


def test_status_from_the_warehouse(with_sickness, tmp_path):
    home = with_sickness
    path = write_csv(
        tmp_path / "targets.csv",
        [
            {
                "name": "Acute sickness",
                "metric": "sickness_rate",
                "slice": "sector=acute",
                "target": "5",
                "due": "2026-03",
            },
            {
                "name": "Community sickness",
                "metric": "sickness_rate",
                "slice": "sector=community",
                "target": "5",
                "due": "2026-03",
            },
            {
                "name": "Acute sickness down fast",
                "metric": "sickness_rate",
                "slice": "org=rxa",
                "target": "3",
                "due": "2024-05",
            },
        ],
    )
    assert invoke(home, "targets", "load", path).exit_code == 0
    shown = invoke(home, "targets", "list", "--status")
    assert shown.exit_code == 0, shown.output
    assert "4.8 % (2024-04)" in shown.stdout
    assert "4.8 % in 2024-04 is at or below the target of 5 %." in shown.stdout
    assert "No sickness_rate figures for sector=community." in shown.stdout
    rows = {
        r["name"]: r
        for r in json.loads(invoke(home, "targets", "list", "--status", "--json").stdout)
    }
    assert rows["Acute sickness"]["status"] == "met"
    assert rows["Community sickness"]["status"] == "no data"
    # 6 % in 2024-03 to 3 % in 2024-05: 4.5 % expected in 2024-04, and 4.8 % is above it.
    assert rows["Acute sickness down fast"]["status"] == "off track"
    assert rows["Acute sickness down fast"]["expected_value"] == pytest.approx(4.5)


def test_statuses_are_coloured(monkeypatch):
    console = Console(record=True, force_terminal=True, width=250, color_system="standard")
    monkeypatch.setattr(output, "console", console)
    frame = pd.DataFrame(
        [
            {
                "name": n,
                "slice": "",
                "unit": "percent",
                "latest_value": None,
                "latest_month": None,
                "expected_value": None,
                "target": 5.0,
                "due_month": "2026-03",
                "status": s,
                "reason": "r",
            }
            for n, s in (("a", "met"), ("b", "off track"), ("c", "missed"))
        ]
    )
    print_status(frame, "Targets")
    text = console.export_text(styles=True)
    assert "\x1b[1;32mmet" in text  # bold green
    assert "\x1b[33moff track" in text  # yellow
    assert "\x1b[1;31mmissed" in text  # bold red


def test_the_demo_seeds_its_targets_once_and_shows_them(with_sickness):
    settings = load_settings(with_sickness)
    for _ in range(2):
        show_seeded_targets(settings)
    shown = invoke(with_sickness, "targets", "list", "--json").stdout
    names = {row["name"] for row in json.loads(shown)}
    assert "Sickness absence at most 5 % (acute trusts)" in names
    assert names <= {seed["name"] for seed in SEED_TARGETS}
    engine = create_app_engine(settings.database_url)
    try:
        with session_scope(engine) as session:
            adds = list_events(session, action="target.add")
            updates = list_events(session, action="target.update")
    finally:
        engine.dispose()
    assert len(adds) == len(names) and updates == []


def engagement(org: str, score: float, **values) -> dict:
    """A staff engagement theme score of the 2024 survey, as a results file gives it."""
    blank = {f"option_{k}": "" for k in range(1, 8)}
    theme = {"item_type": "theme", "item_code": "staff_engagement", "options": "", "measure": ""}
    return (
        VALID_ROWS["staff_survey"] | blank | theme | {"org_code": org, "score": str(score)} | values
    )


def test_rank_targets_from_the_command_line(home, tmp_path):
    register = [org | {"region": "Midlands"} for org in ORGANISATIONS]
    assert invoke(home, "load", write_csv(tmp_path / "organisations.csv", register)).exit_code == 0
    rows = [engagement("RXA", 6.0), engagement("RXB", 8.0), engagement("RZZ01", 9.0)]
    rows[-1]["published"] = "yes"  # a trust outside the ICS, from the national results
    survey = write_csv(tmp_path / "staff_survey.csv", rows)
    loaded = invoke(home, "load", survey, "--extract", "staff_survey")
    assert loaded.exit_code == 0, loaded.output
    top = ("targets", "add", "Top ICS", "--type", "rank", "-m", "Staff engagement", "-t", "1")
    added = invoke(home, *top, "--due", "2026-03")
    assert added.exit_code == 0, added.output
    assert "staff_engagement rank 1 or better within region by 2026-03" in added.stdout
    second = ("targets", "add", "RXB 2nd in England", "--type", "rank", "-m", "staff_engagement")
    second += ("-t", "2", "--due", "2026-03", "--slice", "org=rxb", "--peer-group", "england")
    assert invoke(home, *second).exit_code == 0
    listed = invoke(home, "targets", "list")
    assert "rank 2 or better within england" in listed.stdout

    shown = invoke(home, "targets", "list", "--status")
    assert shown.exit_code == 0, shown.output
    assert "2nd (2024-10)" in shown.stdout and "2nd by 2026-03" in shown.stdout
    rows = {
        r["name"]: r
        for r in json.loads(invoke(home, "targets", "list", "--status", "--json").stdout)
    }
    # RZZ01 9.00, RXB 8.00, RXA 6.00: RXB is 2nd in England.
    assert rows["RXB 2nd in England"]["status"] == "met"
    assert rows["RXB 2nd in England"]["reason"] == (
        "RXB is 2nd of 3 organisations in England on staff_engagement in the 2024 survey "
        "(8.00), at or above the wanted 2nd."
    )
    # RZZ01 is in no ICS, so the ICS's region holds QZZ alone.
    assert rows["Top ICS"]["status"] == "no data"
    assert "alone among ICSs in Midlands" in rows["Top ICS"]["reason"]

    exported = tmp_path / "targets.csv"
    assert invoke(home, "targets", "export", exported).exit_code == 0
    again = invoke(home, "targets", "load", exported)
    assert "2 targets read = 0 created + 0 updated + 2 unchanged" in again.stdout


def test_bad_rank_targets_are_messages_not_tracebacks(home):
    base = ("targets", "add", "x", "--type", "rank", "-m", "staff_engagement", "--due", "2026-03")
    zero = invoke(home, *base, "-t", "0")
    assert isinstance(zero.exception, TargetError) and zero.exception.exit_code == 1
    assert "the wanted rank 0 is less than 1 (1 = the highest score)" in str(zero.exception)
    group = invoke(home, *base, "-t", "1", "--slice", "org=RXA", "--peer-group", "galaxy")
    assert "unknown comparison group (peer_group) 'galaxy'" in str(group.exception)
    kind = invoke(home, *base[:4], "ranked", "-m", "morale", "-t", "1", "--due", "2026-03")
    assert "type 'ranked' is not one of value, rank" in str(kind.exception)
    assert "No targets yet" in invoke(home, "targets", "list").stdout
