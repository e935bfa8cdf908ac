"""Connecting: SQLite settings, and readable ConfigurationErrors instead of tracebacks."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from oneworkforce.appdb import create_app_engine, current_revision, parse_url, upgrade
from oneworkforce.errors import ConfigurationError


def unused_port() -> int:
    """A local TCP port nothing listens on (the OS just handed it out and it was closed)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_sqlite_gets_foreign_keys_and_wal(tmp_path: Path) -> None:
    database = tmp_path / "new" / "folder" / "app.sqlite"
    engine = create_app_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        engine.dispose()
    assert database.is_file()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "is not valid"),
        ("", "is not valid"),
        ("postgresql+psycopg://user:secret@host:notaport/db", "is not valid"),
        ("mysql://user:secret@host/db", "supports sqlite and postgresql"),
        ("nosuchdb://user:secret@host/db", "supports sqlite and postgresql"),
        ("postgresql+nosuchdriver://user:secret@host/db", "not usable"),
        ("postgresql+psycopg://user:secret@localhost", "names no database"),
    ],
)
def test_bad_urls_raise_configuration_error(url: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message) as caught:
        create_app_engine(url)
    assert "secret" not in str(caught.value)


def test_postgres_urls_use_psycopg() -> None:
    for url in ("postgresql://u@h/d", "postgres://u@h/d", "postgresql+psycopg://u@h/d"):
        assert parse_url(url).drivername == "postgresql+psycopg"


def test_unreachable_server_raises_configuration_error() -> None:
    url = f"postgresql+psycopg://someone:secret@127.0.0.1:{unused_port()}/oneworkforce"
    for attempt in (create_app_engine, upgrade, current_revision):
        with pytest.raises(ConfigurationError) as caught:
            attempt(url)
        message = str(caught.value)
        assert message.startswith("Cannot connect to the application database postgresql")
        assert "127.0.0.1" in message and "Check the server is running" in message
        assert "secret" not in message and "***" in message
        assert "\n" not in message


def test_unusable_sqlite_folder_raises_configuration_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ConfigurationError, match="Cannot create the folder"):
        create_app_engine(f"sqlite:///{blocker / 'app.sqlite'}")


@pytest.mark.postgres
def test_wrong_password_raises_configuration_error(postgres_server_url: str) -> None:
    url = make_url(postgres_server_url).set(password="not-the-password")
    with pytest.raises(ConfigurationError, match="password authentication failed"):
        create_app_engine(url.render_as_string(hide_password=False))
