"""The demo's targets: cited, valid, idempotent, and skipped only for a missing metric."""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from oneworkforce.appdb import list_events, session_scope
from oneworkforce.appdb.engine import session_factory
from oneworkforce.metrics import CATALOGUE
from oneworkforce.targets import SEED_TARGETS, list_targets, seed_targets, spec_of
from oneworkforce.targets.seeds import PLAN
from tests.targets.conftest import ACTOR


def test_every_seed_cites_the_plan_and_quotes_its_action():
    names = [seed["name"] for seed in SEED_TARGETS]
    assert len(names) == len(set(names))
    for seed in SEED_TARGETS:
        assert seed["source"].startswith(f"{PLAN}, Key Metrics and Deliverables: ")
        assert seed["notes"]


def test_the_plans_targets_are_all_there():
    by_metric = {}
    for seed in SEED_TARGETS:
        by_metric.setdefault(seed["metric_id"], []).append(seed)
    sickness = by_metric["sickness_rate"]
    assert {s["slice"]["sector"] for s in sickness} == {
        "acute",
        "community",
        "mental_health",
        "ambulance",
    }
    assert {(s["comparison"], s["target_value"]) for s in sickness} == {("at_most", 5.0)}
    [vacancy] = by_metric["vacancy_rate"]
    assert (vacancy["slice"], vacancy["target_value"], vacancy["due_month"]) == (
        {"staff_group": "nursing"},
        0.0,
        "2027-03",
    )
    [starts] = by_metric["apprenticeship_starts"]
    assert (starts["kind"], starts["target_value"]) == ("change_per_year_percent", 10.0)
    [turnover] = by_metric["leaver_rate_organisation"]
    assert turnover["slice"] == {"ethnic_group": "bme"} and turnover["target_value"] < 0
    [share] = by_metric["bme_share_band_6_plus"]
    assert (share["comparison"], share["kind"]) == ("at_least", "change_points")
    ranks = [seed for seed in SEED_TARGETS if seed.get("target_type") == "rank"]
    assert {seed["metric_id"] for seed in ranks} == {
        "we_are_safe_and_healthy",
        "we_are_compassionate_and_inclusive",
    }
    for seed in ranks:
        assert (seed["target_value"], seed["peer_group"], seed["due_month"]) == (
            1,
            "region",
            "2026-03",
        )
        assert "slice" not in seed  # the ICS of the partner register
        assert "Highest ranked Midlands ICS against identified NHS Staff Survey" in seed["notes"]


def test_seeding_twice_changes_nothing(engine: Engine):
    with session_scope(engine) as session:
        first = seed_targets(session, actor=ACTOR)
    with session_scope(engine) as session:
        second = seed_targets(session, actor=ACTOR)
    in_catalogue = [
        s["name"]
        for s in SEED_TARGETS
        if s["metric_id"] in CATALOGUE or s.get("target_type") == "rank"
    ]
    assert len(in_catalogue) == len(SEED_TARGETS)  # every seed's metric exists today
    assert sorted(first.created) == sorted(in_catalogue)
    assert (second.created, second.updated) == ([], [])
    assert sorted(second.unchanged) == sorted(in_catalogue)
    with session_factory(engine)() as session:
        specs = [spec_of(t) for t in list_targets(session)]
        adds = list_events(session, action="target.add")
    assert len(adds) == len(in_catalogue)
    assert all(spec.owner == "ICB People Board" for spec in specs)


def test_a_seed_whose_metric_is_missing_is_skipped_with_a_note(engine: Engine, caplog):
    seeds = (
        SEED_TARGETS[0],
        SEED_TARGETS[0] | {"name": "Future metric", "metric_id": "no_such_metric"},
    )
    with (
        caplog.at_level(logging.INFO, logger="oneworkforce.targets.seeds"),
        session_scope(engine) as session,
    ):
        result = seed_targets(session, actor=ACTOR, seeds=seeds)
    assert result.created == [SEED_TARGETS[0]["name"]]
    assert result.skipped == [
        ("Future metric", "the metric no_such_metric is not in the catalogue yet")
    ]
    assert "Target 'Future metric' not seeded" in caplog.text
    with session_factory(engine)() as session:
        assert [t.name for t in list_targets(session)] == [SEED_TARGETS[0]["name"]]


def test_rank_seeds_are_stored_though_not_catalogue_metrics(engine: Engine):
    ranks = tuple(seed for seed in SEED_TARGETS if seed.get("target_type") == "rank")
    with session_scope(engine) as session:
        result = seed_targets(session, actor=ACTOR, seeds=ranks)
    assert sorted(result.created) == sorted(seed["name"] for seed in ranks)
    assert result.skipped == []
    with session_factory(engine)() as session:
        specs = [spec_of(t) for t in list_targets(session)]
    assert {(s.target_type, s.peer_group, str(s.slice), s.owner) for s in specs} == {
        ("rank", "region", "{}", "ICB People Board")
    }


def test_seeding_restores_an_edited_seed(engine: Engine):
    from oneworkforce.targets import update_target

    name = SEED_TARGETS[0]["name"]
    with session_scope(engine) as session:
        seed_targets(session, actor=ACTOR, seeds=SEED_TARGETS[:1])
        update_target(session, name, actor=ACTOR, target_value=4.0)
    with session_scope(engine) as session:
        result = seed_targets(session, actor=ACTOR, seeds=SEED_TARGETS[:1])
    assert result.updated == [name]
