"""Connections to the application database: a SQLite file by default, PostgreSQL by URL.

Every failure a person can fix (a mistyped URL, a missing driver, a server that is down or
refuses the password) becomes a ``ConfigurationError`` naming the database without its password.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from oneworkforce.errors import ConfigurationError

SUPPORTED_BACKENDS = ("sqlite", "postgresql")
POSTGRES_DRIVER = "psycopg"
CONNECT_TIMEOUT_SECONDS = 10
URL_EXAMPLES = (
    "sqlite:////absolute/path/app.sqlite or postgresql+psycopg://user:password@host:5432/database"
)


def redact(text_with_url: str) -> str:
    """Hide the password in anything that looks like a URL, for messages about unparsable URLs."""
    return re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", text_with_url)


def describe(url: URL) -> str:
    """The URL as shown to people: always without its password."""
    return url.render_as_string(hide_password=True)


def parse_url(database_url: str) -> URL:
    """Parse a database URL, or say clearly why it is not one we can use.

    ``postgresql://`` and ``postgres://`` mean psycopg 3, the driver OneWorkforce installs,
    rather than SQLAlchemy's default of a driver that may not be there.
    """
    try:
        url = make_url(database_url.strip())
    except (exc.ArgumentError, ValueError) as error:
        raise ConfigurationError(
            f"The application database URL {redact(database_url)!r} is not valid ({error}). "
            f"Expected something like {URL_EXAMPLES}."
        ) from None
    backend = url.get_backend_name()
    if backend == "postgres":
        url = url.set(drivername="postgresql")
        backend = "postgresql"
    if backend not in SUPPORTED_BACKENDS:
        raise ConfigurationError(
            f"The application database URL {describe(url)!r} uses {backend!r}; OneWorkforce "
            f"supports {' and '.join(SUPPORTED_BACKENDS)}, e.g. {URL_EXAMPLES}."
        )
    if backend == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername=f"postgresql+{POSTGRES_DRIVER}")
    if backend == "postgresql" and not url.database:
        raise ConfigurationError(
            f"The application database URL {describe(url)!r} names no database; "
            "add one after the host, e.g. .../oneworkforce."
        )
    return url


def _sqlite_file(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for an in-memory database or a ``file:`` URI."""
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """Enforce foreign keys (off by default in SQLite) and use WAL so readers never block.

    The driver's own transaction handling is turned off (``_on_sqlite_begin`` begins every
    transaction instead): it begins one only before data changes, so schema changes ran
    outside any transaction and a migration that failed half way stayed half done.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def _failure_reason(error: exc.DBAPIError) -> str:
    """The driver's own words, on one line, without SQLAlchemy's background links."""
    return " ".join(str(error.orig or error).split())


@contextmanager
def connection_errors(url: URL) -> Iterator[None]:
    """Turn a failure to reach or open the database into a ConfigurationError, not a traceback."""
    try:
        yield
    except (exc.OperationalError, exc.InterfaceError) as error:
        hint = (
            "Check the server is running and the URL, user and password are right"
            if url.get_backend_name() == "postgresql"
            else "Check the folder exists and is writable"
        )
        raise ConfigurationError(
            f"Cannot connect to the application database {describe(url)}: "
            f"{_failure_reason(error)}. {hint} (setting database_url in config.toml, "
            "or ONEWORKFORCE_DATABASE_URL)."
        ) from None


def create_app_engine(database_url: str, *, check: bool = True, **kwargs: Any) -> Engine:
    """An Engine for the application database, configured the same way wherever it is used.

    With ``check`` (the default) it connects once, so a server that is down is reported here
    rather than at the first query. Extra keyword arguments go to ``sqlalchemy.create_engine``.
    """
    url = parse_url(database_url)
    options: dict[str, Any] = dict(kwargs)
    if url.get_backend_name() == "postgresql":
        options.setdefault("pool_pre_ping", True)
        if "connect_timeout" not in url.query:
            connect_args = dict(options.get("connect_args", {}))
            connect_args.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
            options["connect_args"] = connect_args
    else:
        sqlite_file = _sqlite_file(url)
        if sqlite_file is not None:
            try:
                sqlite_file.expanduser().parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise ConfigurationError(
                    f"Cannot create the folder for the application database {sqlite_file}: "
                    f"{error.strerror or error}."
                ) from None
            url = url.set(database=str(sqlite_file.expanduser()))
    try:
        engine = create_engine(url, **options)
    except ImportError as error:
        raise ConfigurationError(
            f"The driver for {describe(url)} is not installed ({error}). Use {URL_EXAMPLES}."
        ) from None
    except exc.ArgumentError as error:
        raise ConfigurationError(
            f"The application database URL {describe(url)!r} is not usable: {error}."
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
    if check:
        try:
            check_connection(engine)
        except ConfigurationError:
            engine.dispose()
            raise
    return engine


def check_connection(engine: Engine) -> None:
    """Connect and run a trivial query, raising ConfigurationError if the database is unreachable."""
    with connection_errors(engine.url), engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit, as the CLI prints what it just saved."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One unit of work: commit if the block finishes, roll back if it raises."""
    with session_factory(engine).begin() as session:
        yield session
