"""Every rule of the data standard quarantines the row that breaks it, and only that row."""

from __future__ import annotations

import pytest

from oneworkforce.errors import NothingLoadedError
from oneworkforce.ingest import load_file
from oneworkforce.standard import EXTRACTS, Column
from oneworkforce.standard import codes as C
from oneworkforce.standard.types import (
    Code,
    Date,
    Decimal,
    Identifier,
    Integer,
    Month,
    OrgCode,
    Text,
)
from tests.conftest import write_csv
from tests.samples import VALID_ROWS

# Column that makes each row distinct, so valid rows never collide on the extract's key.
DISTINCT = {
    "organisations": lambda i: ("org_code", f"T{i:04d}"),
    "staff_in_post": lambda i: ("assignment_id", f"A{i}"),
    "establishment": lambda i: ("cost_centre", f"CC{i}"),
    "leavers": lambda i: ("assignment_id", f"A{i}"),
    "sickness_absence": lambda i: ("person_id", f"P{i}"),
    "sickness_absence_aggregate": lambda i: ("period", f"{2000 + i // 12}-{i % 12 + 1:02d}"),
    "temporary_staffing": lambda i: ("period", f"{2000 + i // 12}-{i % 12 + 1:02d}"),
    "pay_bill": lambda i: ("period", f"{2000 + i // 12}-{i % 12 + 1:02d}"),
    "training": lambda i: ("person_id", f"P{i}"),
    "training_renewal": lambda i: ("subject", list(C.CSTF_SUBJECT.labels)[i]),
    "recruitment": lambda i: ("applicant_id", f"APP{i}"),
    "pay": lambda i: ("person_id", f"P{i}"),
    "staff_survey": lambda i: ("item_code", f"q{i}"),
    "population": lambda i: ("year", str(1990 + i)),
    "employee_relations": lambda i: ("case_id", f"C{i}"),
    "cpd": lambda i: ("course", f"Course {i}"),
    "board_members": lambda i: ("person_id", f"M{i}"),
    "published_organisations": lambda i: ("org_code", f"T{i:04d}"),
    "published_sickness_absence": lambda i: ("period", f"{2000 + i // 12}-{i % 12 + 1:02d}"),
}
# Extracts whose organisations are registered in another extract than `organisations`.
REGISTERS = {"published_sickness_absence": "published_organisations"}


def register_organisations(extract_name, warehouse, settings, tmp_path) -> None:
    if extract_name in REGISTERS:
        name = REGISTERS[extract_name]
        path = write_csv(tmp_path / f"{name}.csv", [VALID_ROWS[name]])
        load_file(warehouse, settings, path, extract=name)


def invalid_values(column: Column) -> list[tuple[str, str]]:
    """(bad value, rule it must break) for each rule the column's type carries."""
    name, kind = column.name, column.type
    out: list[tuple[str, str]] = []
    if column.required:
        out.append(("", f"{name}.required"))
    if isinstance(kind, Code):
        out.append(("definitely-not-a-code", f"{name}.code"))
    elif isinstance(kind, Date):
        out += [("31/02/2024", f"{name}.date"), ("1850-01-01", f"{name}.date_range")]
    elif isinstance(kind, Month):
        out += [("2024-13", f"{name}.month"), ("1985-01", f"{name}.date_range")]
    elif isinstance(kind, Integer):
        out.append(("1.5", f"{name}.integer"))
        if kind.minimum is not None:
            out.append((str(kind.minimum - 1), f"{name}.range"))
        if kind.maximum is not None:
            out.append((str(kind.maximum + 1), f"{name}.range"))
    elif isinstance(kind, Decimal):
        out += [("1,5", f"{name}.number"), ("nan", f"{name}.number")]
        if kind.minimum is not None:
            below = kind.minimum if kind.exclusive_minimum else kind.minimum - 0.5
            out.append((str(below), f"{name}.range"))
        if kind.maximum is not None:
            out.append((str(kind.maximum + 0.5), f"{name}.range"))
    elif isinstance(kind, OrgCode):
        out.append(("R!", f"{name}.format"))
        if kind.registered:
            out.append(("ZZZ99", f"{name}.registered"))
    elif isinstance(kind, Identifier):
        bad = {"nhs_number": "9434765918", "ni_number": "DA123456C"}.get(kind.format, "has space")
        out.append((bad, f"{name}.{kind.format if kind.format != 'token' else 'format'}"))
    elif isinstance(kind, Text):
        out.append(("x" * (kind.max_length + 1), f"{name}.too_long"))
        if kind.pattern:
            out.append(("!!", f"{name}.format"))
    return out


ROW_RULE_CASES = {
    "staff_in_post": [
        ({"date_of_birth": "", "age_band": ""}, "age.present"),
        ({"date_of_birth": "2015-01-01", "age_band": ""}, "date_of_birth.working_age"),
        ({"start_date": "2024-06-01"}, "start_date.not_after_snapshot"),
        ({"fte": "0", "contract_type": "permanent"}, "fte.positive_unless_bank"),
    ],
    "sickness_absence": [
        ({"end_date": "2024-04-30"}, "end_date.not_before_start"),
        ({"fte_days_lost": "5"}, "fte_days_lost.within_episode"),
    ],
    "sickness_absence_aggregate": [({"fte_days_lost": "301"}, "fte_days_lost.within_available")],
    "training": [({"expiry_date": "2024-01-10"}, "expiry_date.after_completion")],
    "employee_relations": [
        ({"capability_reason": ""}, "capability_reason.given"),
        ({"process": "disciplinary"}, "capability_reason.capability_only"),
        ({"end_date": "2024-05-06"}, "end_date.not_before_start"),
    ],
    "published_sickness_absence": [
        ({"org_code": "ZZZ99"}, "org_code.published"),
        (
            {"fte_days_lost": "", "fte_days_available": "", "published_rate": ""},
            "fte_days_available.suppressed",
        ),
        ({"fte_days_lost": "34001", "published_rate": ""}, "fte_days_lost.within_available"),
        ({"published_rate": "4.48"}, "published_rate.matches_days"),
    ],
}


def cases(extract_name: str) -> list[tuple[dict, str]]:
    extract = EXTRACTS[extract_name]
    out = [({c.name: v}, rule) for c in extract.columns for v, rule in invalid_values(c)]
    return out + ROW_RULE_CASES.get(extract_name, [])


@pytest.mark.parametrize("extract_name", list(EXTRACTS))
def test_each_rule_quarantines_the_row_that_breaks_it(
    extract_name, with_organisations, settings, tmp_path
):
    extract = EXTRACTS[extract_name]
    base = VALID_ROWS[extract_name]
    register_organisations(extract_name, with_organisations, settings, tmp_path)
    rows, expected = [], {}
    for i, (change, rule) in enumerate(cases(extract_name)):
        key, value = DISTINCT[extract_name](i)
        rows.append(base | {key: value} | change)
        expected[i + 2] = rule  # the header is row 1
    valid_at = len(rows) + 2
    key, value = DISTINCT[extract_name](len(rows))
    rows.append(base | {key: value})
    path = write_csv(tmp_path / f"{extract_name}.csv", rows, header=list(base))

    result = load_file(with_organisations, settings, path, extract=extract_name)

    assert result.rows_read == len(rows)
    assert result.rows_loaded == 1, "only the untouched row loads"
    assert result.rows_quarantined == len(rows) - 1
    found = with_organisations.sql.execute(
        "SELECT row_number, list(rule) FROM _quarantine WHERE load_id = ? GROUP BY 1",
        [result.load_id],
    ).fetchall()
    by_row = dict(found)
    assert valid_at not in by_row
    for row, rule in expected.items():
        assert rule in by_row.get(row, []), f"row {row} should break {rule}, got {by_row.get(row)}"
    assert {r for rules in by_row.values() for r in rules} >= set(expected.values())
    assert extract.version.count(".") == 1 and extract.version.replace(".", "").isdigit()


def test_a_valid_row_of_every_extract_loads(with_organisations, settings, tmp_path):
    for name, row in VALID_ROWS.items():
        result = load_file(
            with_organisations, settings, write_csv(tmp_path / f"{name}.csv", [row]), extract=name
        )
        assert (result.rows_loaded, result.rows_quarantined) == (1, 0), name


def test_bank_assignments_may_have_zero_fte(with_organisations, settings, tmp_path):
    row = VALID_ROWS["staff_in_post"] | {"fte": "0", "contract_type": "Bank"}
    result = load_file(
        with_organisations, settings, write_csv(tmp_path / "s.csv", [row]), extract="staff_in_post"
    )
    assert result.rows_loaded == 1


@pytest.mark.parametrize("extract_name", [n for n, e in EXTRACTS.items() if e.unique])
def test_a_repeated_row_is_quarantined_as_a_duplicate(
    extract_name, with_organisations, settings, tmp_path
):
    row = VALID_ROWS[extract_name]
    register_organisations(extract_name, with_organisations, settings, tmp_path)
    path = write_csv(tmp_path / "dup.csv", [row, row])
    result = load_file(with_organisations, settings, path, extract=extract_name)
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert result.rule_counts == {f"{extract_name}.duplicate": 1}


def test_all_rows_bad_loads_nothing_and_says_why(with_organisations, settings, tmp_path):
    row = VALID_ROWS["staff_in_post"] | {"org_code": "QQQ99"}
    with pytest.raises(NothingLoadedError, match="QQQ99.*organisations extract first"):
        load_file(
            with_organisations,
            settings,
            write_csv(tmp_path / "s.csv", [row]),
            extract="staff_in_post",
        )
    assert with_organisations.row_count("staff_in_post") == 0
    assert with_organisations.row_count("_quarantine") == 1
