"""Migration 0003 on both backends: rank targets beside value targets, existing rows kept."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, exc, inspect, text

from oneworkforce.appdb import create_app_engine, current_revision, session_scope, upgrade
from oneworkforce.appdb.engine import session_factory
from oneworkforce.appdb.migrate import alembic_config, head_revision
from oneworkforce.appdb.models import TARGET_PEER_GROUPS, Target
from oneworkforce.survey.ranking import ORGANISATION_PEERS, SYSTEM_PEERS

INSERT_0002 = text(
    "INSERT INTO targets (name, metric_id, slice, comparison, target_value, kind, due_month) "
    "VALUES ('Sickness', 'sickness_rate', '{}', 'at_most', 5, 'absolute', '2026-03')"
)


def rank(**fields) -> Target:
    values = {
        "name": "Top ICS",
        "target_type": "rank",
        "metric_id": "staff_engagement",
        "slice": {},
        "peer_group": "region",
        "comparison": "at_most",
        "target_value": 1.0,
        "due_month": "2026-03",
    }
    return Target(**(values | fields))


def value() -> Target:
    return Target(
        name="Sickness",
        metric_id="sickness_rate",
        slice={},
        comparison="at_most",
        target_value=5.0,
        due_month="2026-03",
    )


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def test_the_peer_groups_are_those_ranking_ranks():
    assert set(TARGET_PEER_GROUPS) == set(ORGANISATION_PEERS) | set(SYSTEM_PEERS)


def test_upgrade_from_0002_keeps_targets_as_value_targets(database_url: str) -> None:
    assert upgrade(database_url, "0002") == "0002"
    engine = create_app_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(INSERT_0002)
        assert upgrade(database_url, "0003") == "0003"
        with session_factory(engine)() as session:
            kept = session.query(Target).one()
            assert (kept.name, kept.target_type, kept.peer_group) == ("Sickness", "value", None)
            assert "sickness_rate" in repr(kept)
        with engine.connect() as connection:
            assert {c["name"] for c in inspect(connection).get_check_constraints("targets")} >= {
                "ck_targets_comparison_valid",  # 0002's constraints survive SQLite's table copy
                "ck_targets_kind_valid",
                "ck_targets_target_type_valid",
                "ck_targets_peer_group_valid",
            }
            indexes = {i["name"] for i in inspect(connection).get_indexes("targets")}
            assert "ix_targets_metric_id" in indexes
    finally:
        engine.dispose()


def test_rank_targets_round_trip(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(rank())
        session.add(rank(name="Trust", slice={"org": "RXA"}, peer_group="sector", target_value=5))
    with session_factory(engine)() as session:
        top = session.query(Target).filter_by(name="Top ICS").one()
        assert (top.target_type, top.peer_group, top.kind, top.slice) == (
            "rank",
            "region",
            "absolute",
            {},
        )
        assert repr(top) == (
            "Target('Top ICS': rank 1 or better on staff_engagement [system] within region "
            "by 2026-03)"
        )
        assert session.query(Target).filter_by(peer_group="sector").one().slice == {"org": "RXA"}


@pytest.mark.parametrize(
    "fields",
    [
        {"target_type": "ranking"},
        {"peer_group": None},  # a rank target ranks within a group
        {"peer_group": "galaxy"},
        {"target_type": "value"},  # a value target has no peer group
    ],
)
def test_database_refuses_nonsense_rank_targets(engine: Engine, fields: dict) -> None:
    with session_factory(engine)() as session:
        session.add(rank(**fields))
        with pytest.raises(exc.IntegrityError):
            session.flush()


def test_downgrade_to_0002_is_refused_while_rank_targets_exist(migrated_url: str) -> None:
    engine = create_app_engine(migrated_url)
    try:
        with session_scope(engine) as session:
            session.add(rank())
        with pytest.raises(RuntimeError, match="1 rank target"):
            downgrade(engine, "0002")
        assert current_revision(migrated_url) == head_revision()
        with session_scope(engine) as session:
            session.query(Target).delete()
            session.add(value())
        downgrade(engine, "0002")
        assert current_revision(migrated_url) == "0002"
        with engine.connect() as connection:
            columns = {c["name"] for c in inspect(connection).get_columns("targets")}
            assert not columns & {"target_type", "peer_group"}
            assert connection.execute(text("SELECT name FROM targets")).scalars().all() == [
                "Sickness"
            ]
        assert upgrade(migrated_url) == head_revision()
    finally:
        engine.dispose()
