"""Application-database fixtures: every test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ``ONEWORKFORCE_TEST_POSTGRES_URL`` (start one with
``scripts/postgres-for-tests.sh``). Without it the PostgreSQL cases are skipped, unless
``ONEWORKFORCE_REQUIRE_POSTGRES=1``, when they fail, so CI cannot pass by silently skipping.
Each PostgreSQL test gets its own empty schema (through ``search_path``), dropped afterwards,
so tests never see each other's tables and runs can share one server.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from oneworkforce.appdb import create_app_engine, upgrade
from oneworkforce.errors import ConfigurationError

POSTGRES_URL_VARIABLE = "ONEWORKFORCE_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_VARIABLE = "ONEWORKFORCE_REQUIRE_POSTGRES"
HOW_TO_START = (
    f'start a server with: export {POSTGRES_URL_VARIABLE}="$(sudo scripts/postgres-for-tests.sh)"'
)


def postgres_required() -> bool:
    return os.environ.get(REQUIRE_POSTGRES_VARIABLE, "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """The test server's URL, checked once per run; skip or fail clearly if there is none."""
    url = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
    if not url:
        if postgres_required():
            pytest.fail(
                f"{REQUIRE_POSTGRES_VARIABLE}=1 but {POSTGRES_URL_VARIABLE} is not set; "
                f"{HOW_TO_START}",
                pytrace=False,
            )
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set; {HOW_TO_START}")
    try:
        create_app_engine(url).dispose()
    except ConfigurationError as error:
        pytest.fail(f"{POSTGRES_URL_VARIABLE} is set but unusable: {error}", pytrace=False)
    return url


@pytest.fixture
def postgres_schema_url(postgres_server_url: str) -> Iterator[str]:
    """A URL whose default schema is a new, empty one, dropped with everything in it after."""
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_app_engine(postgres_server_url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(postgres_server_url).update_query_dict(
            {"options": f"-csearch_path={schema}"}
        )
        yield url.render_as_string(hide_password=False)
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty application database on each backend, never migrated."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'app.sqlite'}"
    return request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def backend(database_url: str) -> str:
    return make_url(database_url).get_backend_name()


@pytest.fixture
def migrated_url(database_url: str) -> str:
    """An application database migrated to the newest revision."""
    upgrade(database_url)
    return database_url


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    engine = create_app_engine(migrated_url)
    yield engine
    engine.dispose()
