"""WDES metrics on tiny hand-computed cases: clusters, appointment, capability (ill health
left out), survey results by disability, staff engagement and the board."""

from __future__ import annotations

from datetime import date

import pytest

from oneworkforce.metrics import compute_metric
from tests.metrics.equality_cases import MARCH_2024, crowd, month, staff, with_extracts
from tests.metrics.test_wres import _case, _shares, _survey, applications, march_2024


def test_wdes_1_disabled_share_by_cluster():
    people = {
        "A1": {"band": "band_3", "disability": "yes"},
        "A2": {"band": "band_4", "disability": "no"},
        "A3": {"band": "band_2", "disability": "not_declared"},
        "B1": {"band": "band_7", "disability": "no", "staff_group": "infrastructure"},
        "C1": {"band": "band_8b", "disability": "yes"},
        "D1": {"band": "vsm", "disability": "no", "staff_group": "infrastructure"},
        "E1": {"band": "consultant", "disability": "yes", "staff_group": "medical"},
        "F1": {"band": "specialty_doctor", "disability": "no", "staff_group": "medical"},
        "G1": {"band": "foundation_1", "disability": "no", "staff_group": "medical"},
        "K1": {"band": "band_3", "disability": "yes", "contract_type": "bank", "fte": 0.0},
    }
    t = with_extracts(staff(people, (MARCH_2024,)))
    frame = compute_metric(t, "wdes_1_disabled_share", ["clinical", "wdes_cluster"])
    shares = {(r.clinical, r.wdes_cluster): r.value for r in frame.itertuples()}
    assert shares == {
        ("clinical", "cluster_1"): 50.0,  # not declared and bank left out
        ("non_clinical", "cluster_2"): 0.0,
        ("clinical", "cluster_3"): 100.0,
        ("non_clinical", "cluster_4"): 0.0,
        ("medical_dental", "cluster_5"): 100.0,
        ("medical_dental", "cluster_6"): 0.0,
        ("medical_dental", "cluster_7"): 0.0,
    }
    assert compute_metric(t, "wdes_1_disabled_share")["value"].iloc[0] == pytest.approx(300 / 8)


def test_wdes_2_non_disabled_over_disabled():
    rows = applications(20, 8, "A", "n", disability="no")
    rows += applications(10, 2, "A", "d", disability="yes")
    rows += applications(5, 5, "A", "u", disability="not_declared")
    row = march_2024(with_extracts(staff(crowd("S", 3)), recruitment=rows), "wdes_2_appointment")
    assert row["numerator"].iloc[0] == pytest.approx(8 / 20)
    assert row["denominator"].iloc[0] == pytest.approx(2 / 10)
    assert row["value"].iloc[0] == pytest.approx(2.0)


def test_wdes_3_capability_leaves_out_ill_health():
    people = crowd("D", 10, disability="yes") | crowd("N", 40, disability="no")
    people |= crowd("U", 10, disability="not_declared")
    sip = staff(people) + staff(people, (month(2023, 6), month(2023, 9)))

    def capability(case_id, person, reason, when=date(2023, 6, 1), **extra):
        return _case(case_id, person, when, "capability", capability_reason=reason, **extra)

    cases = [
        capability("1", "D1", "performance"),
        capability("2", "D2", "ill_health"),  # ill health: left out
        capability("3", "N1", "performance", date(2023, 9, 1)),
        capability("4", "N2", "performance", stage="informal"),  # informal: left out
        capability("5", "U1", "performance"),  # not declared: in neither group
        _case("6", "N3", date(2023, 6, 1)),  # disciplinary: WRES 3, not WDES 3
    ]
    row = march_2024(with_extracts(sip, employee_relations=cases), "wdes_3_capability").iloc[0]
    assert row["numerator"] == pytest.approx(1 / 2 / 10)  # Disabled
    assert row["denominator"] == pytest.approx(1 / 2 / 40)  # non-disabled
    assert row["value"] == pytest.approx(4.0)
    assert row["smallest_group"] == 1
    shared = march_2024(
        with_extracts(sip, employee_relations=cases), "wdes_3_capability", shared=True
    )
    assert shared["value"].isna().all()  # one case each side: hidden when shared


def test_wdes_survey_metrics():
    rows = [
        _survey("q14d", ("Disability", "Disabled"), 50, **_shares(52, 48)),  # reported: yes last
        _survey("q4b", ("disability", "Non-disabled"), 200, **_shares(10, 20, 30, 25, 15)),
        _survey("q11e", ("disability", "disabled"), 60, score=30.0, measure="percent"),
        # Adjustments: the question's number changes with the questionnaire.
        _survey("q30b", ("disability", "Disabled"), 70, year=2022, **_shares(25, 75)),
        _survey("q31b", ("disability", "Disabled"), 80, year=2023, **_shares(30, 70)),
        _survey("q30b", ("disability", "Disabled"), 80, year=2023, **_shares(99, 1)),  # not 2023's
    ]
    t = with_extracts(staff(crowd("S", 3)), staff_survey=rows)

    def result(metric, year=2023):
        frame = compute_metric(t, metric, ["disability"])
        return frame[frame["month_index"] == month(year, 10)].set_index("disability")["value"]

    assert result("wdes_4b_reported")["yes"] == pytest.approx(48)
    assert result("wdes_7_valued")["no"] == pytest.approx(40)  # satisfied or very satisfied
    assert result("wdes_6_presenteeism")["yes"] == pytest.approx(30)
    assert result("wdes_8_adjustments", 2022)["yes"] == pytest.approx(75)
    assert result("wdes_8_adjustments", 2023)["yes"] == pytest.approx(70)
    assert result("wdes_8_adjustments", 2023).isna()["no"]  # asked of Disabled staff only


def test_wdes_9a_engagement_by_disability():
    rows = [
        {
            "org_code": "A",
            "survey_year": 2023,
            "survey_type": "annual",
            "item_type": "theme",
            "item_code": "Staff engagement",
            "group_dimension": "disability",
            "group_value": value,
            "responses": n,
            "score": score,
        }
        for value, n, score in (("Disabled", 100, 6.5), ("Non-disabled", 300, 7.1))
    ]
    rows.append(rows[0] | {"org_code": "B", "responses": 100, "score": 6.9})
    t = with_extracts(staff(crowd("S", 3)), staff_survey=rows)
    frame = compute_metric(t, "wdes_9a_engagement", ["system", "disability"])
    scores = frame.set_index("disability")["value"]
    assert scores["yes"] == pytest.approx(6.7) and scores["no"] == pytest.approx(7.1)
    assert compute_metric(t, "wdes_9a_engagement")["value"].isna().all()  # no overall score


def test_wdes_10_board():
    def member(i, disability, voting=True):
        return {
            "org_code": "A",
            "person_id": f"M{i}",
            "snapshot_date": date(2024, 3, 31),
            "voting": voting,
            "executive": False,
            "ethnic_category": "A",
            "disability": disability,
        }

    board = [member(i, "no") for i in range(8)] + [member(8, "yes"), member(9, "not_declared")]
    board.append(member(10, "yes", voting=False))
    people = crowd("D", 5, disability="yes") | crowd("N", 45, disability="no")
    t = with_extracts(staff(people), board_members=board)
    row = march_2024(t, "wdes_10_board").iloc[0]
    assert row["numerator"] == pytest.approx(100 / 9)
    assert row["denominator"] == pytest.approx(10.0)
    assert row["value"] == pytest.approx(100 / 9 - 10)
    assert row["smallest_group"] == 1
