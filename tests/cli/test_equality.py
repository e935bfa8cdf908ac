"""`oneworkforce equality`: the WRES and WDES tables from loaded extracts, on screen or to a
file, marked for sharing or not, with clear errors."""

from __future__ import annotations

import csv

import pytest

from tests.cli.test_cli import run
from tests.conftest import write_csv
from tests.samples import ORGANISATIONS, VALID_ROWS


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A home with a small trust: 30 staff at two 31 March snapshots, cases and a board."""
    home = tmp_path_factory.mktemp("equality") / "home"
    files = tmp_path_factory.mktemp("equality-files")
    run(home, "init")
    run(home, "load", write_csv(files / "organisations.csv", ORGANISATIONS))
    staff = [
        VALID_ROWS["staff_in_post"]
        | {
            "person_id": f"P{i}",
            "assignment_id": f"P{i}-1",
            "snapshot_date": snapshot,
            "ethnic_category": "H" if i % 3 == 0 else "A",
            "disability": "yes" if i % 5 == 0 else "no",
        }
        for i in range(30)
        for snapshot in ("2023-03-31", "2024-03-31")
    ]
    cases = [
        VALID_ROWS["employee_relations"]
        | {"case_id": f"C{i}", "person_id": f"P{i}", "start_date": "2023-05-10"}
        | ({"process": "disciplinary", "capability_reason": ""} if i < 6 else {})
        for i in range(9)
    ]
    board = [
        VALID_ROWS["board_members"] | {"person_id": f"M{i}", "ethnic_category": "A"}
        for i in range(8)
    ]
    for name, rows in (
        ("staff_in_post", staff),
        ("employee_relations", cases),
        ("board_members", board),
    ):
        run(home, "load", write_csv(files / f"{name}.csv", rows), "--extract", name)
    return home


def test_help_lists_both_standards(tmp_path):
    out = run(tmp_path, "equality", "--help").stdout
    assert "wres" in out and "wdes" in out
    assert "--share" in run(tmp_path, "equality", "wres", "--help").stdout


def test_a_table_on_screen(home):
    out = run(home, "equality", "wres", "--org", "RXA", "--year", "2024").stdout
    assert "WRES RXA, year to 31 March 2024" in out
    for indicator in ("WRES 1", "WRES 3", "WRES 9"):
        assert indicator in out


def test_a_file_for_sharing(home, tmp_path):
    out = tmp_path / "wdes.csv"
    done = run(home, "equality", "wdes", "--format", "csv", "--out", out, "--share")
    assert "rows written" in done.stdout
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[:9] == [
        *("scope", "year", "indicator", "breakdown", "measure"),
        *("disabled", "non_disabled", "not_declared", "total"),
    ]
    overall = next(r for r in rows if r["breakdown"] == "Overall workforce")
    assert overall["disabled"] == "6.0" and overall["non_disabled"] == "24.0"
    capability = next(r for r in rows if r["measure"].startswith("Entering the formal"))
    # Three non-disabled staff entered the process: hidden when shared; none Disabled.
    assert capability["non_disabled"] == "" and capability["disabled"] == "0.0"
    xlsx = tmp_path / "wres.xlsx"
    run(home, "equality", "wres", "--org", "RXA", "--format", "xlsx", "--out", xlsx)
    assert xlsx.stat().st_size > 0


def test_clear_errors(home):
    done = run(home, "equality", "wres", "--year", "2019", check_code=1)
    assert "No staff in post for QZZ in 2019-03" in done.stderr
    done = run(home, "equality", "wres", "--format", "xlsx", check_code=1)
    assert "--out" in done.stderr
    done = run(home, "equality", "wdes", "--org", "NOPE1", check_code=1)
    assert "NOPE1 is not in the organisations extract" in done.stderr
