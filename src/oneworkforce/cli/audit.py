"""Record what the command did in the application database's audit trail."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

from oneworkforce.appdb import create_app_engine, record_event, session_scope
from oneworkforce.config import Settings
from oneworkforce.ingest import LoadResult


def current_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


class Auditor:
    def __init__(self, settings: Settings):
        self.engine = create_app_engine(settings.database_url)
        self.actor = current_user()

    def record(self, action: str, subject: str, outcome: str, details: dict) -> None:
        with session_scope(self.engine) as session:
            record_event(
                session,
                actor=self.actor,
                action=action,
                subject=subject,
                outcome=outcome,
                details=details,
            )

    def load(self, subject: str, result: LoadResult | None, error: str | None) -> None:
        if result is None:
            self.record("load", subject, "failure", {"error": (error or "")[:1000]})
            return
        self.record(
            "load",
            subject,
            "success",
            {
                "load_id": result.load_id,
                "extract": result.extract,
                "schema_version": result.schema_version,
                "checksum": result.checksum,
                "rows_read": result.rows_read,
                "rows_loaded": result.rows_loaded,
                "rows_quarantined": result.rows_quarantined,
                "rows_replaced": result.rows_replaced,
            },
        )


@contextmanager
def auditor(settings: Settings) -> Iterator[Auditor]:
    audit = Auditor(settings)
    try:
        yield audit
    finally:
        audit.engine.dispose()
