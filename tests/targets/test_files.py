"""Targets files: round trips through CSV and Excel, idempotent loads, and row-numbered errors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine

from oneworkforce.appdb import list_events, session_scope
from oneworkforce.appdb.engine import session_factory
from oneworkforce.errors import InputFileError
from oneworkforce.targets import (
    TargetFileError,
    export_targets,
    list_targets,
    load_targets,
    spec_of,
    validate_target,
)
from oneworkforce.targets.files import (
    COLUMNS,
    format_slice,
    format_trajectory,
    parse_slice,
    parse_trajectory,
    read_targets,
)
from tests.conftest import write_csv
from tests.targets.conftest import ACTOR

SPECS = [
    validate_target(
        name="Nurse vacancies to zero",
        metric_id="vacancy_rate",
        slice={"staff_group": "nursing", "org": "RXA"},
        target_value=0,
        due_month="2027-03",
        baseline_month="2024-03",
        baseline_value=9.25,
        trajectory=[("2025-03", 6.5), ("2026-03", 3.1)],
        owner="Chief nurse",
        source="One People Plan",
        notes="-ve vacancies mean over-establishment; =not a formula",
    ),
    validate_target(
        name="BME turnover down a point",
        metric_id="leaver_rate_organisation",
        slice={"ethnic_group": "bme"},
        target_value=-1,
        kind="change_points",
        due_month="2027-03",
        baseline_month="2024-03",
    ),
    validate_target(
        name="Sickness",
        metric_id="sickness_rate",
        target_value=4.75,
        due_month="2026-03",
        comparison="at_most",
    ),
    validate_target(
        name="Highest ranked ICS for engagement",
        target_type="rank",
        metric_id="staff_engagement",
        target_value=1,
        due_month="2026-03",
        source="One People Plan",
    ),
    validate_target(
        name="Top quartile of acute trusts",
        target_type="rank",
        metric_id="we_are_safe_and_healthy",
        slice={"org": "RXA"},
        peer_group="sector",
        target_value=30,
        due_month="2027-03",
    ),
]

ROW = {
    "name": "Sickness",
    "metric": "sickness_rate",
    "slice": "sector=acute",
    "target": "5",
    "due": "2026-03",
}


def stored(engine: Engine):
    with session_factory(engine)() as session:
        return [spec_of(t) for t in list_targets(session)]


def load(engine: Engine, path: Path):
    with session_scope(engine) as session:
        return load_targets(session, path, actor=ACTOR)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_load_gives_the_same_targets(tmp_path, suffix):
    path = tmp_path / f"targets{suffix}"
    assert export_targets(SPECS, path) == 5
    assert read_targets(path) == SPECS


def test_the_written_forms_round_trip():
    problems: list[str] = []
    assert format_slice({"staff_group": "nursing", "org": "RXA"}) == "staff_group=nursing;org=RXA"
    assert parse_slice(" staff_group = nursing ; org=RXA; ", problems) == {
        "staff_group": "nursing",
        "org": "RXA",
    }
    assert parse_slice("", problems) == {}
    points = [{"month": "2025-03", "value": 5.2}, {"month": "2026-03", "value": 4.0}]
    assert format_trajectory(points) == "2025-03:5.2;2026-03:4"
    assert parse_trajectory("2025-03: 5.2 %;2026-03:4", problems) == [
        ("2025-03", "5.2"),
        ("2026-03", "4"),
    ]
    assert parse_trajectory(" ", problems) is None
    assert problems == []
    assert format_trajectory([{"month": "2025-03", "value": 0.1 + 0.2}]) == (
        f"2025-03:{0.1 + 0.2!r}"
    )


def test_loading_is_idempotent_by_name(engine: Engine, tmp_path):
    path = tmp_path / "targets.csv"
    export_targets(SPECS, path)
    first = load(engine, path)
    assert (len(first.created), first.updated, first.unchanged) == (5, [], [])
    again = load(engine, path)
    assert (again.created, again.updated, len(again.unchanged)) == ([], [], 5)
    changed = [
        SPECS[0],
        validate_target(**(SPECS[2].fields() | {"target_value": 4.5})),
        validate_target(**(SPECS[4].fields() | {"peer_group": "region", "target_value": 3})),
    ]
    export_targets(changed, path)
    third = load(engine, path)
    assert (third.created, len(third.unchanged)) == ([], 1)
    assert third.updated == ["Sickness", "Top quartile of acute trusts"]
    assert sorted(stored(engine), key=lambda s: s.name) == sorted(
        [SPECS[0], SPECS[1], SPECS[3], *changed[1:]], key=lambda s: s.name
    )
    with session_factory(engine)() as session:
        actions = [e.action for e in list_events(session)]
        loads = [e for e in list_events(session, action="target.load")]
        [rank_update] = [
            e
            for e in list_events(session, action="target.update")
            if e.subject == "target:Top quartile of acute trusts"
        ]
    assert actions.count("target.add") == 5 and actions.count("target.update") == 2
    assert rank_update.details == {
        "changes": {"peer_group": ["sector", "region"], "target_value": [30.0, 3.0]}
    }
    assert [e.subject for e in loads] == [str(path)] * 3
    assert loads[-1].details == {
        "created": [],
        "updated": ["Sickness", "Top quartile of acute trusts"],
        "unchanged": 1,
    }


def test_bad_rows_are_reported_by_row_number_and_nothing_loads(engine: Engine, tmp_path):
    rows = [
        ROW | {"name": "Good one"},
        ROW | {"name": "Typo", "metric": "sicknes_rate"},
        {},  # an empty row still counts in the numbering, as in a spreadsheet
        ROW | {"name": "Bad slice", "slice": "sector"},
        ROW | {"name": "Good one"},
        ROW | {"name": "Bad path", "trajectory": "2025-03=5;2025-13:4", "due": "March 2026"},
    ]
    path = write_csv(tmp_path / "targets.csv", rows, header=list(COLUMNS))
    with pytest.raises(TargetFileError) as caught:
        load(engine, path)
    message = str(caught.value)
    assert message.startswith("targets.csv: nothing was loaded; fix these and load it again:")
    assert caught.value.problems == [
        "row 3: unknown metric 'sicknes_rate' (did you mean sickness_rate?)",
        "row 5: slice part 'sector' is not written dimension=value",
        "row 6: the name 'Good one' is already used on row 2",
        "row 7: trajectory point '2025-03=5' is not written YYYY-MM:value",
        "row 7: due month 'March 2026' is not a month written YYYY-MM",
        "row 7: trajectory month '2025-13' is not a month written YYYY-MM",
    ]
    assert isinstance(caught.value, InputFileError) and caught.value.exit_code == 3
    assert stored(engine) == []


def test_many_bad_rows_are_summarised(tmp_path):
    rows = [ROW | {"name": f"n{i}", "target": "x"} for i in range(40)]
    path = write_csv(tmp_path / "targets.csv", rows)
    with pytest.raises(TargetFileError) as caught:
        read_targets(path)
    assert len(caught.value.problems) == 40
    assert str(caught.value).endswith("… and 10 more")


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["name", "metric", "target", "due", "colour"], "unknown column 'colour'"),
        (["name", "metric", "target"], "missing column 'due'"),
        (["name", "metric", "target", "due", "Name"], "column 'name' appears twice"),
    ],
)
def test_bad_headers_are_refused(tmp_path, header, message):
    path = write_csv(tmp_path / "targets.csv", [ROW], header=header)
    with pytest.raises(TargetFileError, match=message) as caught:
        read_targets(path)
    assert "The columns are name, type, metric, slice, peer_group" in str(caught.value)


def test_unreadable_files_are_refused(tmp_path):
    with pytest.raises(TargetFileError, match=r"\.csv or \.xlsx files, not \.txt"):
        read_targets(tmp_path / "targets.txt")
    with pytest.raises(TargetFileError, match="No file"):
        read_targets(tmp_path / "missing.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(TargetFileError, match="is empty"):
        read_targets(tmp_path / "empty.csv")
    (tmp_path / "header.csv").write_text("name,metric,target,due\n,,,\n")
    with pytest.raises(TargetFileError, match="has a header but no targets"):
        read_targets(tmp_path / "header.csv")
    (tmp_path / "fake.xlsx").write_text("not a workbook")
    with pytest.raises(TargetFileError, match="cannot be read as a workbook"):
        read_targets(tmp_path / "fake.xlsx")


def test_files_as_people_write_them(tmp_path):
    """Semicolons, a byte-order mark, model column names, percent signs, capitalised headers."""
    text = (
        "\ufeffName;Metric_ID;Target_Value;Due_Month;Slice;Kind;Baseline_month;Comparison\n"
        'Sickness;sickness_rate;5 %;2026-03;"sector=Acute trust";;;\n'
        "Starts;headcount;+10%;2028-03;;change per year percent;2024-03;at least\n"
    )
    path = tmp_path / "targets.csv"
    path.write_text(text, encoding="utf-8")
    sickness, starts = read_targets(path)
    assert (sickness.target_value, sickness.slice) == (5.0, {"sector": "acute"})
    assert starts.kind == "change_per_year_percent" and starts.target_value == 10.0
    assert starts.comparison == "at_least"


def test_a_neutral_metric_without_comparison_is_a_bad_row(tmp_path):
    path = write_csv(tmp_path / "t.csv", [ROW | {"metric": "headcount", "slice": ""}])
    with pytest.raises(TargetFileError, match="row 2: headcount has no good direction"):
        read_targets(path)


def test_excel_dates_and_numbers_are_read_as_months_and_values(tmp_path):
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["This sheet is not read"])
    sheet = workbook.create_sheet("Targets")
    sheet.append(["name", "metric", "slice", "target", "due", "baseline_month", "baseline_value"])
    sheet.append(["Vacancies", "vacancy_rate", "staff_group=nursing", 0, datetime(2027, 3, 1)])
    sheet.append([])
    sheet.append(["Sickness", "sickness_rate", None, 4.5, "2026-03", datetime(2024, 3, 31), 5.1])
    path = tmp_path / "targets.xlsx"
    workbook.save(path)
    vacancies, sickness = read_targets(path)
    assert (vacancies.due_month, vacancies.target_value) == ("2027-03", 0.0)
    assert (sickness.baseline_month, sickness.baseline_value) == ("2024-03", 5.1)
    assert sickness.slice == {}


def test_rank_targets_as_people_write_them(tmp_path):
    """Rank rows beside value rows; files without the rank columns hold value targets."""
    text = (
        "name,target_type,metric,slice,comparison_group,target,due\n"
        "Top ICS,Rank,Staff engagement,,,1,2026-03\n"
        "Trust,rank,We are safe and healthy,org=rxa,Region,3,2027-03\n"
        "Sickness,,sickness_rate,sector=acute,,5 %,2026-03\n"
    )
    path = tmp_path / "targets.csv"
    path.write_text(text, encoding="utf-8")
    top, trust, sickness = read_targets(path)
    assert (top.target_type, top.metric_id, top.peer_group, top.slice) == (
        "rank",
        "staff_engagement",
        "region",
        {},
    )
    assert (trust.slice, trust.peer_group, trust.target_value) == ({"org": "RXA"}, "region", 3.0)
    assert (sickness.target_type, sickness.peer_group) == ("value", None)


def test_bad_rank_rows_are_reported_by_row_number(tmp_path):
    rows = [
        {"name": "Quartile", "type": "rank", "metric": "staff_engagement", "target": "25 %"},
        {"name": "Zero", "type": "rank", "metric": "staff_engagement", "target": "0"},
        {"name": "Group", "type": "rank", "metric": "morale", "target": "1", "peer_group": "x"},
        {"name": "Value", "metric": "sickness_rate", "target": "5", "peer_group": "region"},
    ]
    header = ["name", "type", "metric", "target", "peer_group", "due"]
    path = write_csv(tmp_path / "t.csv", [r | {"due": "2026-03"} for r in rows], header=header)
    with pytest.raises(TargetFileError) as caught:
        read_targets(path)
    assert caught.value.problems == [
        "row 2: a rank target's target is a rank (1 = the highest score), not '25 %': for the "
        "top quartile of 20 peers, write 5",
        "row 3: the wanted rank 0 is less than 1 (1 = the highest score)",
        "row 4: unknown comparison group (peer_group) 'x': an ICS is ranked among the ICSs of "
        "its NHS England region (region)",
        "row 5: a peer group ('region') is for rank targets (type rank) only",
    ]


def test_the_documented_example_loads(tmp_path):
    document = (Path(__file__).parents[2] / "docs" / "targets.md").read_text(encoding="utf-8")
    path = tmp_path / "example.csv"
    path.write_text(document.split("```csv\n", 1)[1].split("```", 1)[0], encoding="utf-8")
    specs = read_targets(path)
    assert [spec.target_type for spec in specs] == ["value"] * 4 + ["rank"] * 2
