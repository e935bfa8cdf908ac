"""The target store: validation with clear messages, and every change in the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from oneworkforce.appdb import list_events, session_scope
from oneworkforce.appdb.engine import session_factory
from oneworkforce.errors import OneWorkforceError
from oneworkforce.targets import (
    DuplicateTargetError,
    TargetError,
    add_target,
    get_target,
    list_targets,
    remove_target,
    save_target,
    spec_of,
    update_target,
    validate_target,
)
from tests.targets.conftest import ACTOR

VALID = {
    "name": "Nurse vacancies",
    "metric_id": "vacancy_rate",
    "slice": {"staff_group": "nursing"},
    "target_value": 0,
    "due_month": "2027-03",
}


def valid(**changes):
    return validate_target(**(VALID | changes))


def test_a_valid_target_is_cleaned_up():
    spec = validate_target(
        name="  Nurse vacancies ",
        metric_id=" vacancy_rate",
        slice={" Staff_Group ": "Nurses and health visitors", "org": "rxa"},
        target_value="0",
        due_month="2027-03",
        baseline_month="2024-03",
        baseline_value="9.5",
        trajectory=[("2026-03", "4"), {"month": "2025-03", "value": 7}],
        owner=" Chief nurse ",
        source="",
        notes=None,
    )
    assert spec.name == "Nurse vacancies"
    assert spec.slice == {"staff_group": "nursing", "org": "RXA"}
    assert (spec.comparison, spec.kind, spec.target_value) == ("at_most", "absolute", 0.0)
    assert spec.baseline_value == 9.5
    assert spec.trajectory == [
        {"month": "2025-03", "value": 7.0},
        {"month": "2026-03", "value": 4.0},
    ]
    assert (spec.owner, spec.source, spec.notes) == ("Chief nurse", None, None)


@pytest.mark.parametrize(
    ("metric", "expected"),
    [("vacancy_rate", "at_most"), ("fill_rate", "at_least"), ("sickness_rate", "at_most")],
)
def test_comparison_defaults_from_the_metrics_good_direction(metric, expected):
    assert valid(metric_id=metric, slice={}).comparison == expected


def test_comparison_and_kind_accept_ordinary_spellings():
    spec = valid(comparison="At least", kind="change per year percent", target_value="10")
    assert (spec.comparison, spec.kind) == ("at_least", "change_per_year_percent")
    assert valid(comparison="<=").comparison == "at_most"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": " "}, "a name is needed"),
        ({"name": "x" * 201}, "longer than 200 characters"),
        (
            {"metric_id": "vacancy_rates"},
            "unknown metric 'vacancy_rates' (did you mean vacancy_rate?)",
        ),
        ({"metric_id": "zzz"}, "unknown metric 'zzz' (see `oneworkforce metrics`)"),
        ({"metric_id": "headcount", "slice": {}}, "headcount has no good direction"),
        ({"slice": {"ward": "5"}}, "unknown slice dimension 'ward'"),
        ({"slice": {"ethnic_group": "bme"}}, "vacancy_rate cannot be split by ethnic_group"),
        ({"slice": {"staff_group": "surgeons"}}, "'surgeons' is not a staff_group code"),
        ({"slice": {"staff_group": " "}}, "slice staff_group needs a value"),
        (
            {"metric_id": "leaver_rate_organisation", "slice": {"ethnic_group": "asian"}},
            "'asian' is not a ethnic_group (one of white, bme, not_stated)",
        ),
        ({"comparison": "below"}, "comparison 'below' is not one of at_most, at_least"),
        ({"kind": "relative"}, "kind 'relative' is not one of absolute, change_points"),
        ({"target_value": None}, "a target value is needed"),
        ({"target_value": "five"}, "target 'five' is not a number"),
        ({"target_value": float("nan")}, "is not a finite number"),
        ({"target_value": True}, "target True is not a number"),
        ({"kind": "change_per_year_percent", "target_value": -100}, "below zero"),
        ({"due_month": "2027-3"}, "due month '2027-3' is not a month written YYYY-MM"),
        ({"due_month": None}, "a due month (YYYY-MM) is needed"),
        ({"baseline_month": "2027-04"}, "baseline month 2027-04 is not before the due month"),
        ({"baseline_value": 3}, "a baseline value needs its baseline month"),
        (
            {"trajectory": [("2027-06", 1)]},
            "trajectory month 2027-06 is after the due month 2027-03",
        ),
        (
            {"trajectory": [("2026-03", 1), ("2026-03", 2)]},
            "trajectory month 2026-03 is given twice",
        ),
        ({"trajectory": [("2026-13", 1)]}, "trajectory month '2026-13' is not a month"),
        ({"trajectory": [("2026-03", "x")]}, "trajectory value for 2026-03 'x' is not a number"),
        ({"trajectory": [(None, 1)]}, "a trajectory point has no month"),
        ({"trajectory": ["2026-03"]}, "is not a month and a value"),
    ],
)
def test_invalid_targets_say_why(changes, message):
    with pytest.raises(TargetError) as caught:
        valid(**changes)
    assert message in str(caught.value)
    assert isinstance(caught.value, OneWorkforceError)


def test_every_problem_is_reported_at_once():
    with pytest.raises(TargetError) as caught:
        valid(metric_id="nope", due_month="soon", target_value="x")
    assert len(caught.value.problems) == 3
    assert str(caught.value).startswith("Target 'Nurse vacancies' is not valid: unknown metric")


def events(engine: Engine, action: str | None = None):
    with session_factory(engine)() as session:
        return [
            (e.action, e.subject, e.actor, e.details) for e in list_events(session, action=action)
        ]


def test_add_get_and_list(engine: Engine):
    with session_scope(engine) as session:
        add_target(session, valid(), actor=ACTOR)
        add_target(
            session, valid(name="Sickness", metric_id="sickness_rate", slice={}), actor=ACTOR
        )
    with session_factory(engine)() as session:
        stored = get_target(session, " Nurse vacancies ")
        assert stored is not None
        assert spec_of(stored) == valid()
        assert stored.created_at.tzinfo is not None
        assert [t.name for t in list_targets(session)] == ["Nurse vacancies", "Sickness"]
        assert [t.name for t in list_targets(session, metric_id="sickness_rate")] == ["Sickness"]
    [(action, subject, actor, details), _] = events(engine)
    assert (action, subject, actor) == ("target.add", "target:Nurse vacancies", ACTOR)
    assert details == valid().fields()


def test_names_are_unique(engine: Engine):
    with session_scope(engine) as session:
        add_target(session, valid(), actor=ACTOR)
    with (
        session_factory(engine)() as session,
        pytest.raises(DuplicateTargetError, match="already exists"),
    ):
        add_target(session, valid(target_value=1), actor=ACTOR)


def test_update_validates_and_audits_each_change(engine: Engine):
    with session_scope(engine) as session:
        add_target(session, valid(), actor=ACTOR)
    with session_scope(engine) as session:
        target = update_target(
            session,
            "Nurse vacancies",
            actor="b.lead",
            target_value=2.5,
            trajectory=[("2026-03", 4)],
            owner="Chief nurse",
        )
        assert target.updated_at >= target.created_at
    with session_scope(engine) as session:
        update_target(session, "Nurse vacancies", actor="b.lead", owner="Chief nurse")  # no-op
    [(action, subject, actor, details)] = events(engine, "target.update")
    assert (action, subject, actor) == ("target.update", "target:Nurse vacancies", "b.lead")
    assert details == {
        "changes": {
            "target_value": [0.0, 2.5],
            "trajectory": [None, [{"month": "2026-03", "value": 4.0}]],
            "owner": [None, "Chief nurse"],
        }
    }
    with session_factory(engine)() as session:
        with pytest.raises(TargetError, match="not a month written YYYY-MM"):
            update_target(session, "Nurse vacancies", actor=ACTOR, due_month="March")
        with pytest.raises(TargetError, match="no field colour"):
            update_target(session, "Nurse vacancies", actor=ACTOR, colour="red")
        with pytest.raises(TargetError, match="No target named 'Other'"):
            update_target(session, "Other", actor=ACTOR, target_value=1)


def test_update_can_rename_but_not_onto_another_target(engine: Engine):
    with session_scope(engine) as session:
        add_target(session, valid(), actor=ACTOR)
        add_target(session, valid(name="Second"), actor=ACTOR)
    with session_scope(engine) as session:
        update_target(session, "Second", actor=ACTOR, name="Renamed")
    with session_factory(engine)() as session:
        assert [t.name for t in list_targets(session)] == ["Nurse vacancies", "Renamed"]
        with pytest.raises(DuplicateTargetError):
            update_target(session, "Renamed", actor=ACTOR, name="Nurse vacancies")


def test_save_creates_updates_or_leaves_alone(engine: Engine):
    with session_scope(engine) as session:
        assert save_target(session, valid(), actor=ACTOR)[1] == "created"
        assert save_target(session, valid(), actor=ACTOR)[1] == "unchanged"
        assert save_target(session, valid(target_value=1), actor=ACTOR)[1] == "updated"
    assert [e[0] for e in events(engine)] == ["target.add", "target.update"]


def test_remove_keeps_the_target_in_the_audit_trail(engine: Engine):
    with session_scope(engine) as session:
        add_target(session, valid(), actor=ACTOR)
    with session_scope(engine) as session:
        remove_target(session, "Nurse vacancies", actor=ACTOR)
    with session_factory(engine)() as session:
        assert list_targets(session) == []
        with pytest.raises(TargetError, match="No target named 'Nurse vacancies'"):
            remove_target(session, "Nurse vacancies", actor=ACTOR)
    [(_, subject, _, details)] = events(engine, "target.remove")
    assert subject == "target:Nurse vacancies"
    assert details == valid().fields()


RANK = {
    "name": "Top ICS",
    "target_type": "rank",
    "metric_id": "staff_engagement",
    "target_value": 1,
    "due_month": "2026-03",
}


def test_rank_targets_are_stored_and_every_change_audited(engine: Engine):
    spec = validate_target(**RANK)
    with session_scope(engine) as session:
        add_target(session, spec, actor=ACTOR)
    with session_scope(engine) as session:
        update_target(session, "Top ICS", actor="b.lead", target_value=2, slice={"org": "rxa"})
    with session_factory(engine)() as session:
        stored = spec_of(get_target(session, "Top ICS"))
        assert (stored.target_type, stored.slice, stored.peer_group, stored.target_value) == (
            "rank",
            {"org": "RXA"},
            "region",  # kept: an organisation can be ranked within its region too
            2.0,
        )
        with pytest.raises(TargetError, match="the wanted rank 0 is less than 1"):
            update_target(session, "Top ICS", actor=ACTOR, target_value=0)
        with pytest.raises(TargetError, match="unknown comparison group"):
            update_target(session, "Top ICS", actor=ACTOR, peer_group="galaxy")
    with session_scope(engine) as session:
        remove_target(session, "Top ICS", actor=ACTOR)
    [added, updated, removed] = events(engine)
    assert added[0] == "target.add" and added[3] == spec.fields()
    assert added[3]["target_type"] == "rank" and added[3]["peer_group"] == "region"
    assert updated[3] == {"changes": {"slice": [{}, {"org": "RXA"}], "target_value": [1.0, 2.0]}}
    assert removed[0] == "target.remove" and removed[3]["target_type"] == "rank"


def test_a_value_target_can_become_a_rank_target_when_its_value_fields_go(engine: Engine):
    with session_scope(engine) as session:
        add_target(session, valid(), actor=ACTOR)
    with (
        session_factory(engine)() as session,
        pytest.raises(TargetError, match="unknown staff survey score 'vacancy_rate'"),
    ):
        update_target(session, "Nurse vacancies", actor=ACTOR, target_type="rank")
    with session_scope(engine) as session:
        update_target(
            session,
            "Nurse vacancies",
            actor=ACTOR,
            target_type="rank",
            metric_id="morale",
            slice={},
            target_value=1,
        )
    with session_factory(engine)() as session:
        assert spec_of(get_target(session, "Nurse vacancies")).peer_group == "region"
