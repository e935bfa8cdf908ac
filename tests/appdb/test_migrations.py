"""Migrations build the schema from nothing on both backends and can be rerun safely."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

import oneworkforce
from oneworkforce.appdb import (
    Base,
    create_app_engine,
    create_user,
    current_revision,
    head_revision,
    is_up_to_date,
    list_users,
    session_scope,
    upgrade,
)
from oneworkforce.appdb.migrate import MIGRATION_LOCK_KEY, MIGRATIONS_DIR, alembic_config

APP_TABLES = {"users", "audit_events", "targets", "plan_versions", "plan_points"}


def table_names(database_url: str) -> set[str]:
    engine = create_app_engine(database_url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_migrations_ship_inside_the_package() -> None:
    assert (MIGRATIONS_DIR / "env.py").is_file()
    assert (MIGRATIONS_DIR / "script.py.mako").is_file()
    assert head_revision() == "0004"


def test_upgrade_from_empty_to_head(database_url: str) -> None:
    assert table_names(database_url) == set()
    assert current_revision(database_url) is None
    assert not is_up_to_date(database_url)

    assert upgrade(database_url) == head_revision()

    assert table_names(database_url) == APP_TABLES | {"alembic_version"}
    assert current_revision(database_url) == head_revision()
    assert is_up_to_date(database_url)


def test_upgrade_twice_changes_nothing(database_url: str) -> None:
    upgrade(database_url)
    engine = create_app_engine(database_url)
    try:
        with session_scope(engine) as session:
            create_user(session, username="kept", display_name="Kept", role="staff")
        assert upgrade(database_url) == head_revision()
        assert current_revision(database_url) == head_revision()
        with session_scope(engine) as session:
            assert [user.username for user in list_users(session)] == ["kept"]
    finally:
        engine.dispose()


def test_models_match_the_migrated_schema(migrated_url: str) -> None:
    """Catches a model changed without a migration (or the reverse)."""
    engine = create_app_engine(migrated_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_constraints_have_conventional_names(migrated_url: str) -> None:
    engine = create_app_engine(migrated_url)
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            assert inspector.get_pk_constraint("users")["name"] in ("pk_users", None)
            assert [c["name"] for c in inspector.get_unique_constraints("users")] == [
                "uq_users_username"
            ]
            assert [c["name"] for c in inspector.get_check_constraints("users")] == [
                "ck_users_role_valid"
            ]
            assert {index["name"] for index in inspector.get_indexes("audit_events")} == {
                "ix_audit_events_occurred_at"
            }
    finally:
        engine.dispose()


def test_downgrade_to_nothing_and_back(migrated_url: str) -> None:
    engine = create_app_engine(migrated_url)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
    finally:
        engine.dispose()
    assert table_names(migrated_url) == {"alembic_version"}
    assert current_revision(migrated_url) is None
    assert upgrade(migrated_url) == head_revision()
    assert table_names(migrated_url) >= APP_TABLES


@pytest.mark.postgres
@pytest.mark.slow
def test_concurrent_upgrades_wait_for_each_other(postgres_schema_url: str) -> None:
    """Processes starting at once queue on the migration lock instead of racing for tables.

    The test holds the lock itself until all four processes are seen waiting for it, so the
    check does not depend on how the processes happen to be scheduled.
    """
    lock = {"high": MIGRATION_LOCK_KEY >> 32, "low": MIGRATION_LOCK_KEY & 0xFFFFFFFF}
    waiting = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
        "AND classid::bigint = :high AND objid::bigint = :low"
    )
    script = "import sys; from oneworkforce.appdb import upgrade; print(upgrade(sys.argv[1]))"
    # The child processes import this same copy of the package, installed or not.
    source = str(Path(oneworkforce.__file__).resolve().parents[1])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")])),
    }
    holder = create_app_engine(postgres_schema_url)
    processes: list[subprocess.Popen[str]] = []
    try:
        with holder.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            connection.commit()
            processes = [
                subprocess.Popen(
                    [sys.executable, "-c", script, postgres_schema_url],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                    env=env,
                )
                for _ in range(4)
            ]
            deadline = time.monotonic() + 60
            while connection.execute(waiting, lock).scalar() < 4:
                connection.commit()
                exited = [p.poll() for p in processes if p.poll() is not None]
                assert not exited, "an upgrade finished without waiting for the lock"
                assert time.monotonic() < deadline, "upgrades did not queue on the lock"
                time.sleep(0.05)
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
            connection.commit()
        results = [process.communicate(timeout=120) for process in processes]
    finally:
        for process in processes:
            process.kill()
        holder.dispose()
    assert [process.returncode for process in processes] == [0] * 4, results
    assert [out.strip() for out, _ in results] == [head_revision()] * 4
    assert table_names(postgres_schema_url) >= APP_TABLES
