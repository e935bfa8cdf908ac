"""The WRES and WDES tables as analysts submit them: the catalogue's figures with the counts
behind them, for an organisation or the system, and disclosure control when shared."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from oneworkforce.metrics import compute_metric
from oneworkforce.metrics.equality_report import (
    EqualityReportError,
    Row,
    apply_disclosure,
    equality_report,
)
from tests.metrics.equality_cases import MARCH_2024, crowd, month, staff, with_extracts
from tests.metrics.test_wres import _case, _shares, _survey, applications

PEOPLE = (
    crowd("W", 40, ethnic_category="A")
    | crowd("B", 20, ethnic_category="N", disability="yes")
    | crowd("U", 3, ethnic_category="Z", disability="not_declared")
)


def _tables():
    sip = staff(PEOPLE) + staff(PEOPLE, (month(2023, 6),))
    sip += [r | {"org_code": "B", "person_id": "B-" + r["person_id"]} for r in staff(PEOPLE)]
    recruitment = applications(30, 10, "A", "w") + applications(20, 4, "N", "b")
    cases = [_case(str(i), f"W{i}", date(2023, 6, 1)) for i in range(6)]
    cases += [_case(f"b{i}", f"B{i}", date(2023, 6, 1)) for i in range(6)]
    board = [
        {
            "org_code": "A",
            "person_id": f"M{i}",
            "snapshot_date": date(2024, 3, 31),
            "voting": True,
            "executive": i < 5,
            "ethnic_category": "N" if i < 5 else "A",
            "disability": "no",
        }
        for i in range(12)
    ]
    survey = [
        _survey("q14a", None, 100, **_shares(20, 80)),
        _survey("q14a", ("ethnic_group", "BME"), 30, **_shares(40, 60)),
        _survey("q14a", ("ethnic_group", "White"), 8, **_shares(10, 90)),
    ]
    return with_extracts(
        sip,
        recruitment=recruitment,
        employee_relations=cases,
        board_members=board,
        staff_survey=survey,
    )


def _row(frame: pd.DataFrame, indicator: str, measure: str) -> pd.Series:
    found = frame[(frame["indicator"] == indicator) & (frame["measure"].str.startswith(measure))]
    assert len(found) == 1, (indicator, measure, found)
    return found.iloc[0]


def test_wres_table_for_an_organisation():
    t = _tables()
    frame = equality_report(t, "wres", 2024, org="a")
    assert list(frame.columns[:5]) == ["scope", "year", "indicator", "breakdown", "measure"]
    assert list(frame.columns[5:9]) == ["white", "bme", "unknown", "total"]
    assert set(frame["scope"]) == {"A"} and set(frame["year"]) == {2024}
    overall = frame[frame["breakdown"] == "Overall workforce"].iloc[0]
    assert overall[["white", "bme", "unknown", "total"]].tolist() == [40, 20, 3, 63]
    assert overall["value"] == pytest.approx(20 / 60 * 100)
    # The table's relative likelihoods are the catalogue's.
    for indicator, metric in (("WRES 2", "wres_2_appointment"), ("WRES 3", "wres_3_disciplinary")):
        expected = compute_metric(t, metric, ["org"])
        expected = expected[(expected["org"] == "A") & (expected["month_index"] == MARCH_2024)]
        got = _row(frame, indicator, "Relative likelihood")
        assert got["value"] == pytest.approx(expected["value"].iloc[0])
    shortlisted = _row(frame, "WRES 2", "Shortlisted")
    assert shortlisted[["white", "bme", "total"]].tolist() == [30, 20, 50]
    entering = _row(frame, "WRES 3", "Entering")
    assert entering[["white", "bme", "unknown"]].tolist() == [6, 6, 0]
    assert _row(frame, "WRES 3", "Likelihood")["bme"] == pytest.approx(6 / 2 / 20 * 100)
    wres_5 = _row(frame, "WRES 5", "%")
    assert wres_5[["white", "bme", "total"]].tolist() == pytest.approx([10, 40, 20])
    assert _row(frame, "WRES 6", "%")["note"] == "not loaded"
    assert _row(frame, "WRES 9", "Board minus")["value"] == pytest.approx(5 / 12 * 100 - 100 / 3)


def test_the_system_table_pools_every_partner():
    frame = equality_report(_tables(), "wres", 2024)
    assert set(frame["scope"]) == {"QZZ"}
    overall = frame[frame["breakdown"] == "Overall workforce"].iloc[0]
    assert overall["total"] == 126  # two organisations of 63
    # Cases and the board come from organisation A only: B's staff are not counted there.
    assert _row(frame, "WRES 3", "Staff")["total"] == 63
    assert _row(frame, "WRES 9", "Headcount")["total"] == 63


def test_the_wdes_table():
    frame = equality_report(_tables(), "wdes", 2024, org="A")
    assert list(frame.columns[5:9]) == ["disabled", "non_disabled", "not_declared", "total"]
    assert "WDES 1" in set(frame["indicator"]) and "WDES 10" in set(frame["indicator"])
    clusters = frame[frame["indicator"] == "WDES 1"]["breakdown"].tolist()
    assert clusters == ["Clinical: Cluster 2: AfC bands 5-7", "Overall workforce"]
    overall = frame[frame["breakdown"] == "Overall workforce"].iloc[0]
    assert overall[["disabled", "non_disabled", "not_declared"]].tolist() == [20, 40, 3]


def test_shared_tables_hide_small_counts_and_what_they_reveal():
    frame = equality_report(_tables(), "wres", 2024, org="A", shared=True)
    overall = frame[frame["breakdown"] == "Overall workforce"].iloc[0]
    # 3 unknown: hidden, with the total (not a group compared), so the share stays.
    assert pd.isna(overall["unknown"]) and pd.isna(overall["total"])
    assert overall[["white", "bme"]].tolist() == [40, 20] and overall["value"] > 0
    # Two years of cases: 6 and 6 entries, shown; the ratio too.
    assert _row(frame, "WRES 3", "Relative")["value"] == pytest.approx(2.0)
    # The survey's White breakdown has 8 responses: hidden, with its percentage.
    assert pd.isna(_row(frame, "WRES 5", "%")["white"])
    assert _row(frame, "WRES 5", "%")["bme"] == pytest.approx(40)
    # 4 appointed BME applicants: the ratio and the BME rate are hidden.
    assert pd.isna(_row(frame, "WRES 2", "Relative")["value"])
    assert pd.isna(_row(frame, "WRES 2", "Likelihood")["bme"])


def test_secondary_suppression_along_rows_and_columns():
    def counts(breakdown, a, b, u):
        row = Row("WRES 1", breakdown, "Headcount", "count", {"a": a, "b": b, "u": u})
        row.cells["total"] = a + b + u
        row.additive = "WRES 1"
        return row

    rows = [counts("Band 5", 30, 10, 0), counts("Band 6", 20, 2, 0), counts("All", 50, 12, 0)]
    apply_disclosure(rows, 5)
    band_6, everyone = rows[1], rows[2]
    assert "b" in band_6.hidden and "total" in band_6.hidden  # the row's total goes first
    # Band 6's BME count could be worked out from the column (12 - 10): another goes too.
    assert "b" in rows[0].hidden or "b" in everyone.hidden


def test_clear_errors():
    t = _tables()
    with pytest.raises(EqualityReportError, match="ZZZ is not in the organisations"):
        equality_report(t, "wres", 2024, org="ZZZ")
    with pytest.raises(EqualityReportError, match="No staff in post for A in 2020-03"):
        equality_report(t, "wres", 2020, org="A")
    with pytest.raises(EqualityReportError, match="Unknown standard"):
        equality_report(t, "rres", 2024)
    no_march = with_extracts(staff(PEOPLE, (month(2024, 5),)))
    with pytest.raises(EqualityReportError, match="No March staff in post"):
        equality_report(no_march, "wdes")


def test_wres_1_gives_medical_subgroups():
    people = {
        "D1": {"staff_group": "medical", "band": "consultant", "ethnic_category": "N"},
        "D2": {"staff_group": "medical", "band": "foundation_1", "ethnic_category": "A"},
        "D3": {"staff_group": "medical", "band": "specialty_registrar", "ethnic_category": "H"},
        "N1": {"staff_group": "nursing", "band": "band_6", "ethnic_category": "A"},
    }
    frame = equality_report(with_extracts(staff(people, (MARCH_2024,))), "wres", 2024)
    rows = frame[frame["indicator"] == "WRES 1"]
    assert rows["breakdown"].tolist() == [
        "Clinical: Band 6",
        "Medical and dental: Consultants",
        "Medical and dental: Trainee grades",
        "Overall workforce",
    ]
    assert rows["total"].tolist() == [1, 1, 2, 4]
