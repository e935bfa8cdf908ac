"""Rank targets judged on hand-computed staff survey rankings: each status, ties, peer groups.

Staff engagement, as published, for six trusts (responses in brackets). The partner
register holds A and B, so QZZ is the ICS's own.

| trust | sector    | ICS | region   | 2024       | 2023       |
|-------|-----------|-----|----------|------------|------------|
| A     | acute     | QZZ | Midlands | 6.0 (100)  | 5.0 (100)  |
| B     | community | QZZ | Midlands | 8.0 (300)  | 6.0 (300)  |
| C     | acute     | QYY | Midlands | 7.0 (200)  | 7.0 (200)  |
| D     | acute     | QYY | Midlands | 9.0 (200)  | 7.0 (200)  |
| E     | acute     | QXX | Midlands | 7.5 (50)   | 6.5 (50)   |
| F     | acute     | QWW | East     | 9.5 (100)  |            |

ICSs pool by responses. 2024: QZZ (600 + 2400) / 400 = 7.50, QYY 8.00, QXX 7.50, so in
Midlands QYY 1st, QZZ and QXX joint 2nd (1, 2, 2). 2023: QZZ (500 + 1800) / 400 = 5.75, QYY
7.00, QXX 6.50: QYY 1st, QXX 2nd, QZZ 3rd. Acute trusts, 2024: F 9.5, D 9.0, E 7.5, C 7.0,
A 6.0 (1 to 5); 2023: C and D joint 1st at 7.0, E 3rd, A 4th.
"""

from __future__ import annotations

import pandas as pd
import pytest

from oneworkforce.targets import evaluate_targets, validate_target
from oneworkforce.targets import rank_status as rank_module
from oneworkforce.targets import status as status_module
from tests.survey.conftest import make_tables, row
from tests.targets.conftest import sickness

ITEM = "staff_engagement"
SCORES = {
    2024: {"A": (6.0, 100), "B": (8.0, 300), "C": (7.0, 200), "D": (9.0, 200), "E": (7.5, 50)}
    | {"F": (9.5, 100)},
    2023: {"A": (5.0, 100), "B": (6.0, 300), "C": (7.0, 200), "D": (7.0, 200), "E": (6.5, 50)},
}
REGISTER = {
    "A": ("acute", "QZZ", "Midlands"),
    "B": ("community", "QZZ", "Midlands"),
    "C": ("acute", "QYY", "Midlands"),
    "D": ("acute", "QYY", "Midlands"),
    "E": ("acute", "QXX", "Midlands"),
    "F": ("acute", "QWW", "East of England"),
}


def published(register: dict = REGISTER) -> list[dict]:
    return [
        {
            "org_code": org,
            "name": f"Trust {org}",
            "sector": sector,
            "ics_code": ics,
            "ics_name": f"ICS {ics}",
            "region_code": region[:3],
            "region_name": region,
        }
        for org, (sector, ics, region) in register.items()
    ]


def engagement(scores: dict = SCORES) -> list[dict]:
    return [
        row(
            org_code=org,
            item_type="theme",
            item_code=ITEM,
            score=score,
            responses=responses,
            survey_year=year,
            published=True,
        )
        for year, orgs in scores.items()
        for org, (score, responses) in orgs.items()
    ]


TABLES = make_tables(engagement(), published=published())


def rank_target(**fields):
    values = {
        "name": "t",
        "target_type": "rank",
        "metric_id": ITEM,
        "target_value": 1,
        "due_month": "2026-03",
    }
    return validate_target(**(values | fields))


def one(spec, tables=TABLES) -> pd.Series:
    frame = evaluate_targets([spec], tables)
    assert len(frame) == 1
    return frame.iloc[0]


def test_met_at_the_wanted_rank_even_when_tied():
    result = one(rank_target(target_value=2))
    assert (result.status, result.latest_value, result.target) == ("met", 2.0, 2.0)
    assert result.reason == (
        "The ICS (QZZ) is joint 2nd of 3 ICSs in Midlands on staff_engagement in the 2024 "
        "survey (7.50), at or above the wanted 2nd."
    )
    assert (result.unit, result.latest_month, result.months_to_due) == ("rank", "2024-10", 17)
    assert (result.target_type, result.peer_group) == ("rank", "region")


def test_a_tie_for_first_is_first():
    """7.004 and 6.996 are both 7.00 as published, so both ICSs are 1st (ranking.py's rule)."""
    survey = engagement({2024: {"A": (7.004, 100), "C": (6.996, 100)}})
    result = one(rank_target(), make_tables(survey, published=published()))
    assert (result.status, result.latest_value) == ("met", 1.0)
    assert "joint 1st of 2 ICSs in Midlands" in result.reason


def test_on_track_when_last_years_gain_repeated_reaches_the_rank_in_time():
    # 3rd in 2023, joint 2nd in 2024: 1 place a survey; 1 place to go, 1 survey left (2025).
    result = one(rank_target())
    assert result.status == "on track"
    assert (result.baseline_month, result.baseline_value) == ("2023-10", 3.0)
    assert result.reason == (
        "The ICS (QZZ) is joint 2nd of 3 ICSs in Midlands on staff_engagement in the 2024 "
        "survey (7.50), up from 3rd in 2023: 1 place a survey reaches the wanted 1st by 2026-03 "
        "(1 survey left)."
    )


def test_off_track_without_a_gain():
    # QXX: 2nd in 2023 and joint 2nd in 2024; 1st needs QYY's 8.00.
    result = one(rank_target(slice={"system": "QXX"}))
    assert (result.status, result.baseline_value) == ("off track", 2.0)
    assert result.reason == (
        "QXX is joint 2nd of 3 ICSs in Midlands on staff_engagement in the 2024 survey (7.50), "
        "2nd in 2023 too; 1 place to go with 1 survey left before 2026-03; 1st needs 8.00, "
        "0.50 more."
    )


def test_off_track_when_the_gain_is_too_slow_for_the_surveys_left():
    # Acute trusts: A 4th in 2023, 5th in 2024 (down); E 3rd both years. C: joint 1st to 4th.
    down = one(rank_target(slice={"org": "C"}, target_value=2))
    assert down.status == "off track"
    assert "C is 4th of 5 acute organisations" in down.reason
    assert "down from 1st in 2023; 2 places to go with 1 survey left" in down.reason
    assert down.reason.endswith("2nd needs 9.00, 2.00 more.")  # D's score: F is 1st
    # QZZ gains a place, but needs two with one survey left.
    slow = engagement(
        {
            2024: {"A": (6.0, 100), "C": (7.0, 100), "D": (8.0, 100), "E": (9.0, 100)},
            2023: {"A": (5.0, 100), "C": (6.0, 100), "D": (7.0, 100), "E": (8.0, 100)}
            | {"F": (9.0, 100)},
        }
    )
    register = REGISTER | {"F": ("acute", "QVV", "Midlands")}
    # 2024: QXX 9, QYY 7.5, QZZ 6 (3rd of 3); 2023: QVV 9, QXX 8, QYY 6.5, QZZ 5 (4th).
    result = one(rank_target(due_month="2026-03"), make_tables(slow, published=published(register)))
    assert result.status == "off track"
    assert "up from 4th in 2023; 2 places to go with 1 survey left before 2026-03" in (
        result.reason
    )


def test_two_surveys_left_allow_a_slower_gain():
    # Due 2027-03: the 2025 and 2026 surveys are still to come; 1 place in 2 surveys suffices.
    result = one(rank_target(due_month="2027-03"))
    assert result.status == "on track" and "(2 surveys left)" in result.reason


def test_missed_once_no_survey_falls_before_the_due_month():
    # Due 2025-06: the next survey (October 2025) comes after it.
    result = one(rank_target(due_month="2025-06"))
    assert (result.status, result.months_to_due) == ("missed", 8)
    assert result.reason == (
        "The ICS (QZZ) is joint 2nd of 3 ICSs in Midlands on staff_engagement in the 2024 "
        "survey (7.50), short of the wanted 1st, and no later survey falls by the due month "
        "2025-06; 1st needs 8.00, 0.50 more."
    )
    # Due in the survey's own month, or before it: the survey is already past the deadline.
    assert one(rank_target(due_month="2024-10")).status == "missed"
    assert one(rank_target(due_month="2023-03")).months_to_due == -19
    # Met after the due month stays met.
    assert one(rank_target(due_month="2023-03", target_value=2)).status == "met"


def test_off_track_when_not_ranked_the_year_before():
    survey = engagement({2024: SCORES[2024], 2023: {"C": (7.0, 200), "E": (6.5, 50)}})
    result = one(rank_target(), make_tables(survey, published=published()))
    assert result.status == "off track" and pd.isna(result.baseline_value)
    assert "not ranked in 2023, so no movement shows" in result.reason


@pytest.mark.parametrize(
    ("peer_group", "target_value", "status", "place"),
    [
        ("sector", 4, "met", "4th of 5 acute organisations"),  # F, D, E, C, A
        ("region", 3, "off track", "4th of 5 organisations in Midlands"),  # D, B, E, C, A
        ("ics", 2, "met", "2nd of 2 organisations in ICS QYY"),  # D, C
        ("england", 4, "off track", "5th of 6 organisations in England"),  # F, D, B, E, C, A
    ],
)
def test_organisations_rank_within_their_peer_group(peer_group, target_value, status, place):
    spec = rank_target(slice={"org": "C"}, peer_group=peer_group, target_value=target_value)
    result = one(spec)
    assert result.status == status
    assert f"C is {place} on staff_engagement in the 2024 survey (7.00)" in result.reason


def test_the_score_needed_is_the_wanted_th_best_of_the_others():
    # C in Midlands: others D 9.0, B 8.0, E 7.5, A 6.0; 3rd needs E's 7.50.
    result = one(rank_target(slice={"org": "C"}, peer_group="region", target_value=3))
    assert result.reason.endswith("3rd needs 7.50, 0.50 more.")


def test_no_data_when_the_subject_is_not_ranked():
    result = one(rank_target(slice={"org": "Z"}))
    assert result.status == "no data"
    assert result.reason == "Z has no staff_engagement score in the 2024 survey, the latest."
    assert pd.isna(result.latest_value)
    gone = engagement({2024: {"C": (7.0, 200), "D": (9.0, 200)}, 2023: SCORES[2023]})
    own = one(rank_target(), make_tables(gone, published=published()))
    assert own.reason == "The ICS has no staff_engagement score in the 2024 survey, the latest."


def test_no_data_without_any_survey_results():
    result = one(rank_target(), make_tables([], published=published()))
    assert result.status == "no data"
    assert result.reason.startswith("No staff survey staff_engagement scores to rank")
    survey_free = {k: v for k, v in TABLES.items() if k != "staff_survey"}
    assert one(rank_target(), survey_free).status == "no data"


def test_no_data_when_alone_in_the_peer_group():
    # B is the only community trust: 1st of 1 compares with nobody.
    result = one(rank_target(slice={"org": "B"}))
    assert result.status == "no data"
    assert result.reason.startswith("B is alone among community organisations")
    assert pd.isna(result.latest_value)


def test_no_data_from_fewer_than_11_responses():
    survey = engagement({2024: SCORES[2024] | {"C": (7.0, 10)}})
    result = one(rank_target(slice={"org": "C"}), make_tables(survey, published=published()))
    assert result.status == "no data"
    assert "C has 10 responses in the 2024 survey: fewer than 11" in result.reason


def test_no_data_when_the_partner_register_spans_several_icss():
    register = REGISTER | {"B": ("community", "QYY", "Midlands")}
    result = one(rank_target(), make_tables(engagement(), published=published(register)))
    assert result.status == "no data"
    assert "several ICSs (QYY, QZZ): name one with slice system=CODE" in result.reason


def test_rank_and_value_targets_share_one_frame(monkeypatch):
    calls = []
    real = rank_module.rank_systems

    def counting(tables, code, year=None, source="auto"):
        calls.append((code, year))
        return real(tables, code, year, source)

    monkeypatch.setattr(rank_module, "rank_systems", counting)
    value = validate_target(
        name="v", metric_id="sickness_rate", target_value=5, due_month="2024-12"
    )
    specs = [rank_target(name="a"), value, rank_target(name="b", slice={"system": "QXX"})]
    frame = evaluate_targets(specs, sickness({"2024-04": 4.5}) | TABLES)
    assert list(frame.columns) == status_module.COLUMNS
    assert list(frame["name"]) == ["a", "v", "b"]
    assert list(frame["status"]) == ["on track", "met", "off track"]
    assert list(frame["target_type"]) == ["rank", "value", "rank"]
    assert frame.loc[1, "unit"] == "percent" and pd.isna(frame.loc[1, "peer_group"])
    assert calls == [(ITEM, None), (ITEM, 2023)]  # each ranking once, however many targets
    assert str(frame["months_to_due"].dtype) == "Int64"
