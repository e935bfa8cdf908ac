"""Bring the application database schema up to date with Alembic, from code.

The migrations ship inside the package, so no ``alembic.ini`` is needed at run time: the
Alembic configuration is built here and handed an open connection, which keeps the engine
settings (SQLite pragmas, timeouts) and the friendly connection errors of ``engine``.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from oneworkforce.appdb.engine import connection_errors, create_app_engine

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
# Any fixed 64-bit number; PostgreSQL serialises concurrent upgrades on it.
MIGRATION_LOCK_KEY = 0x4F4E45574F524B  # "ONEWORK"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic Config pointing at the packaged migrations, optionally bound to a connection."""
    config = Config()
    # Config values go through configparser interpolation, so a literal % must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision shipped with this version of OneWorkforce."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # only if the package was built without its migrations
        raise RuntimeError(f"No migrations found in {MIGRATIONS_DIR}")
    return head


def upgrade(database_url: str, revision: str = "head") -> str | None:
    """Migrate the database to ``revision`` (the latest by default); returns the new revision.

    Safe to run repeatedly and, on PostgreSQL, from several processes at once: the whole
    upgrade is one transaction holding an advisory lock.
    """
    engine = create_app_engine(database_url)
    try:
        with connection_errors(engine.url), engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            command.upgrade(alembic_config(connection), revision)
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def current_revision(database_url: str) -> str | None:
    """The revision the database is at, or None if it has never been migrated."""
    engine = create_app_engine(database_url)
    try:
        with connection_errors(engine.url), engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def is_up_to_date(database_url: str) -> bool:
    """Whether the database is at the newest shipped revision, e.g. before serving requests."""
    return current_revision(database_url) == head_revision()
