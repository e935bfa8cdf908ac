"""Alembic environment for the application database.

Normally driven by ``oneworkforce.appdb.migrate``, which passes an open connection in
``config.attributes["connection"]``. Run by the ``alembic`` command instead (e.g. to write a
new revision), it uses ``sqlalchemy.url`` from the Alembic config, else the configured
application database URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from oneworkforce.appdb.engine import connection_errors, create_app_engine, parse_url
from oneworkforce.appdb.models import Base
from oneworkforce.config import load_settings

config = context.config
target_metadata = Base.metadata


def database_url() -> str:
    """The URL to migrate when no connection was handed in."""
    return config.get_main_option("sqlalchemy.url") or load_settings().database_url


def run_with(connection: Connection) -> None:
    """Run the migrations on one connection; SQLite alters tables in batch (copy) mode."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # SQLite changes its schema in transactions too (see ``engine``): a migration that
        # fails part way leaves the database as it was, on both backends.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    """Write the migration SQL instead of running it (``alembic upgrade --sql``)."""
    url = parse_url(database_url())
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.get_backend_name() == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    engine = create_app_engine(database_url())
    try:
        with connection_errors(engine.url), engine.connect() as new_connection:
            run_with(new_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
