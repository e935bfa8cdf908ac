"""The targets table (migration 0002) on both backends: round trips, constraints, downgrade."""

from __future__ import annotations

from datetime import UTC

import pytest
from alembic import command
from sqlalchemy import Engine, exc, inspect, text

from oneworkforce.appdb import (
    create_app_engine,
    create_user,
    current_revision,
    head_revision,
    list_users,
    session_scope,
    upgrade,
)
from oneworkforce.appdb.engine import session_factory
from oneworkforce.appdb.migrate import alembic_config
from oneworkforce.appdb.models import Target

TRAJECTORY = [{"month": "2025-03", "value": 5.2}, {"month": "2026-03", "value": 4.8}]


def target(**fields) -> Target:
    values = {
        "name": "Sickness at most 5 %",
        "metric_id": "sickness_rate",
        "slice": {"sector": "acute"},
        "comparison": "at_most",
        "target_value": 5.0,
        "due_month": "2026-03",
    }
    return Target(**(values | fields))


def test_targets_round_trip_with_json_slice_and_trajectory(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(
            target(
                trajectory=TRAJECTORY,
                baseline_month="2024-03",
                baseline_value=5.9,
                owner="People Board",
                source="One People Plan",
                notes="Zoë’s “note”",
            )
        )
        session.add(target(name="Whole system", slice={}))
    with session_factory(engine)() as session:
        stored = session.query(Target).filter_by(name="Sickness at most 5 %").one()
        assert stored.slice == {"sector": "acute"}
        assert stored.trajectory == TRAJECTORY
        assert (stored.kind, stored.baseline_value, stored.notes) == (
            "absolute",
            5.9,
            "Zoë’s “note”",
        )
        assert stored.created_at.tzinfo == UTC and stored.updated_at.tzinfo == UTC
        plain = session.query(Target).filter_by(name="Whole system").one()
        assert plain.slice == {} and plain.trajectory is None
        # No trajectory is SQL NULL, not the JSON value null.
        nulls = session.execute(text("SELECT count(*) FROM targets WHERE trajectory IS NULL"))
        assert nulls.scalar() == 1
        assert "sickness_rate" in repr(stored) and "sector=acute" in repr(stored)


def test_updated_at_moves_on_update(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(target())
    with session_scope(engine) as session:
        stored = session.query(Target).one()
        created, updated = stored.created_at, stored.updated_at
        stored.target_value = 4.5
    with session_factory(engine)() as session:
        stored = session.query(Target).one()
        assert stored.created_at == created
        assert stored.updated_at >= updated


@pytest.mark.parametrize(
    "fields",
    [
        {"comparison": "below"},
        {"kind": "relative"},
        {"due_month": "Mar2026"},
        {"baseline_month": "2024-3"},
    ],
)
def test_database_refuses_nonsense(engine: Engine, fields: dict) -> None:
    with session_factory(engine)() as session:
        session.add(target(**fields))
        with pytest.raises(exc.IntegrityError):
            session.flush()


def test_database_enforces_unique_names(engine: Engine) -> None:
    with session_scope(engine) as session:
        session.add(target())
    with session_factory(engine)() as session:
        session.add(target(target_value=4.0))
        with pytest.raises(exc.IntegrityError):
            session.flush()


def test_constraints_have_conventional_names(engine: Engine) -> None:
    with engine.connect() as connection:
        inspector = inspect(connection)
        assert [c["name"] for c in inspector.get_unique_constraints("targets")] == [
            "uq_targets_name"
        ]
        assert {c["name"] for c in inspector.get_check_constraints("targets")} == {
            "ck_targets_comparison_valid",
            "ck_targets_kind_valid",
            "ck_targets_due_month_format",
            "ck_targets_baseline_month_format",
            "ck_targets_target_type_valid",
            "ck_targets_peer_group_valid",
        }
        # PostgreSQL also lists the index behind the unique constraint.
        indexes = {i["name"] for i in inspector.get_indexes("targets")}
        assert indexes - {"uq_targets_name"} == {"ix_targets_metric_id"}


def test_downgrade_to_0001_keeps_users_and_drops_targets(migrated_url: str) -> None:
    engine = create_app_engine(migrated_url)
    try:
        with session_scope(engine) as session:
            create_user(session, username="kept", display_name="Kept", role="staff")
            session.add(target())
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0001")
        assert current_revision(migrated_url) == "0001"
        with engine.connect() as connection:
            assert "targets" not in inspect(connection).get_table_names()
        assert upgrade(migrated_url) == head_revision()
        with session_scope(engine) as session:
            assert [user.username for user in list_users(session)] == ["kept"]
            assert session.query(Target).count() == 0
    finally:
        engine.dispose()


def test_upgrade_from_0001_adds_targets(database_url: str) -> None:
    """A database made before targets existed gains the table and keeps its rows."""
    assert upgrade(database_url, "0001") == "0001"
    engine = create_app_engine(database_url)
    try:
        with session_scope(engine) as session:
            create_user(session, username="early", display_name="Early", role="admin")
        assert upgrade(database_url) == head_revision()
        with session_scope(engine) as session:
            session.add(target())
        with session_factory(engine)() as session:
            assert session.query(Target).one().name == "Sickness at most 5 %"
            assert [user.username for user in list_users(session)] == ["early"]
    finally:
        engine.dispose()
