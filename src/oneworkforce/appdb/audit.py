"""The audit trail: who did what to which subject, when, and how it ended.

Functions take a Session and never commit, so an event is saved in the same transaction as
the change it describes. To record a failure whose own transaction rolled back, record it in
a separate ``session_scope``.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from oneworkforce.appdb.models import AuditEvent, utc_now


class Outcome(enum.StrEnum):
    """Usual outcomes; the column is free text so new ones need no migration."""

    SUCCESS = "success"
    FAILURE = "failure"
    DENIED = "denied"


def record_event(
    session: Session,
    *,
    actor: str,
    action: str,
    subject: str,
    outcome: str = Outcome.SUCCESS,
    details: Mapping[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> AuditEvent:
    """Add an event to the session and flush it, so it has an id; the caller commits.

    ``details`` must be JSON-serialisable: it is checked here, where the caller can see the
    mistake, rather than at commit. ``occurred_at`` defaults to now (UTC) and must be
    timezone-aware.
    """
    for name, value in (("actor", actor), ("action", action), ("subject", subject)):
        if not value or not value.strip():
            raise ValueError(f"an audit event needs a non-empty {name}")
    if occurred_at is not None and occurred_at.utcoffset() is None:
        raise ValueError(f"occurred_at {occurred_at.isoformat()} has no time zone; give it one")
    payload = dict(details or {})
    try:
        json.dumps(payload)
    except (TypeError, ValueError) as error:
        raise ValueError(f"audit details must be JSON-serialisable: {error}") from None
    event = AuditEvent(
        occurred_at=occurred_at or utc_now(),
        actor=actor,
        action=action,
        subject=subject,
        details=payload,
        outcome=str(outcome),
    )
    session.add(event)
    session.flush()
    return event


def list_events(
    session: Session,
    *,
    actor: str | None = None,
    action: str | None = None,
    subject: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[AuditEvent]:
    """Events in time order (id breaks ties between events in the same instant), filtered.

    With ``limit`` and ``newest_first`` this gives the latest events, e.g. for a status page.
    """
    query = select(AuditEvent)
    if actor is not None:
        query = query.where(AuditEvent.actor == actor)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    if subject is not None:
        query = query.where(AuditEvent.subject == subject)
    if since is not None:
        query = query.where(AuditEvent.occurred_at >= since)
    if newest_first:
        query = query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    else:
        query = query.order_by(AuditEvent.occurred_at, AuditEvent.id)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))
