"""Rank targets are checked before they are stored: clear messages for every mistake."""

from __future__ import annotations

import pytest

from oneworkforce.targets import TargetError, validate_target
from oneworkforce.targets.ranks import ordinal

RANK = {
    "name": "Top ICS",
    "target_type": "rank",
    "metric_id": "staff_engagement",
    "target_value": 1,
    "due_month": "2026-03",
}


def rank(**changes):
    return validate_target(**(RANK | changes))


def test_a_rank_target_for_the_ics_defaults_to_its_region():
    spec = rank(target_type="Rank", metric_id="Staff engagement", target_value="1")
    assert (spec.target_type, spec.metric_id, spec.slice, spec.peer_group) == (
        "rank",
        "staff_engagement",
        {},
        "region",
    )
    assert (spec.comparison, spec.kind, spec.target_value) == ("at_most", "absolute", 1.0)
    assert spec.baseline_month is None and spec.trajectory is None


def test_an_organisation_ranks_within_its_sector_unless_told():
    assert rank(slice={"org": "rxa"}).slice == {"org": "RXA"}
    assert rank(slice={"org": "RXA"}).peer_group == "sector"
    assert rank(slice={"org": "RXA"}, peer_group="England").peer_group == "england"
    other = rank(slice={"System": "qhl"}, metric_id="people_promise_4", comparison="<=")
    assert (other.slice, other.metric_id) == ({"system": "QHL"}, "we_are_safe_and_healthy")


def test_sub_scores_and_questions_can_be_ranked():
    assert rank(metric_id="Burnout").metric_id == "burnout"
    assert rank(metric_id="Q2A").metric_id == "q2a"


def test_value_targets_are_the_default_and_take_no_peer_group():
    spec = validate_target(name="v", metric_id="sickness_rate", target_value=5, due_month="2026-03")
    assert (spec.target_type, spec.peer_group) == ("value", None)
    with pytest.raises(TargetError, match=r"a peer group \('region'\) is for rank targets"):
        validate_target(
            name="v",
            metric_id="sickness_rate",
            target_value=5,
            due_month="2026-03",
            peer_group="region",
        )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target_value": 0}, "the wanted rank 0 is less than 1 (1 = the highest score)"),
        ({"target_value": -3}, "the wanted rank -3 is less than 1"),
        ({"target_value": "2.5"}, "the wanted rank 2.5 is not a whole number"),
        ({"target_value": "top"}, "the wanted rank 'top' is not a number"),
        ({"target_value": True}, "the wanted rank True is not a number"),
        ({"target_value": " "}, "a wanted rank is needed (1 = the highest score)"),
        (
            {"peer_group": "sector"},
            "unknown comparison group (peer_group) 'sector': an ICS is ranked among the ICSs of "
            "its NHS England region (region)",
        ),
        (
            {"slice": {"org": "RXA"}, "peer_group": "place"},
            "unknown comparison group (peer_group) 'place': an organisation is ranked within its "
            "sector, region, ics or england",
        ),
        (
            {"metric_id": "staff_engagment"},
            "unknown staff survey score 'staff_engagment' for a rank target (did you mean "
            "staff_engagement?",
        ),
        ({"metric_id": "sickness_rate"}, "unknown staff survey score 'sickness_rate'"),
        ({"metric_id": ""}, "a staff survey score to rank is needed"),
        (
            {"slice": {"sector": "acute"}},
            "a rank target's subject is the ICS (no slice, or system=ICS code) or one "
            "organisation (org=ODS code), not sector=acute",
        ),
        ({"slice": {"org": "A", "system": "Q"}}, "not org=A;system=Q"),
        ({"slice": {"org": " "}}, "slice org needs a value"),
        ({"comparison": "at_least"}, "so its comparison is at_most, not 'at_least'"),
        ({"kind": "change_points"}, "so its kind is absolute, not 'change_points'"),
        (
            {"baseline_month": "2024-03", "trajectory": [("2025-03", 2)]},
            "a rank target takes no baseline month or trajectory: it is judged against its rank "
            "in the previous survey",
        ),
        ({"due_month": "2026"}, "due month '2026' is not a month written YYYY-MM"),
        ({"target_type": "ranking"}, "type 'ranking' is not one of value, rank"),
    ],
)
def test_bad_rank_targets_say_why(changes, message):
    with pytest.raises(TargetError) as caught:
        rank(**changes)
    assert any(message in problem for problem in caught.value.problems), caught.value.problems
    assert str(caught.value).startswith("Target 'Top ICS' is not valid: ")


def test_an_unknown_type_is_not_also_judged_as_a_value_target():
    with pytest.raises(TargetError) as caught:
        rank(target_type="ranking")
    assert caught.value.problems == ["type 'ranking' is not one of value, rank"]


@pytest.mark.parametrize(
    ("rank_", "text"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinals(rank_, text):
    assert ordinal(rank_) == text
