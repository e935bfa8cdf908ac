"""Users and audit events survive a round trip through each backend unchanged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, exc, text

from oneworkforce.appdb import (
    AuditEvent,
    DuplicateUsernameError,
    Outcome,
    Role,
    User,
    UserError,
    create_user,
    get_user,
    list_events,
    list_users,
    record_event,
    session_scope,
)
from oneworkforce.appdb.engine import session_factory

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def test_users_round_trip_with_role_and_scope(engine: Engine) -> None:
    with session_scope(engine) as session:
        create_user(
            session,
            username=" J.Patel ",
            display_name="Jaya Patel",
            role="org_workforce_lead",
            org_code="rxh",
        )
        create_user(session, username="cpo", display_name="Chief", role=Role.CHIEF_PEOPLE_OFFICER)
        create_user(
            session,
            username="old",
            display_name="Old",
            role=Role.STAFF,
            org_code="RYR",
            active=False,
        )

    with session_factory(engine)() as session:
        patel = get_user(session, "J.PATEL")
        assert patel is not None
        assert (patel.username, patel.display_name) == ("j.patel", "Jaya Patel")
        assert patel.role is Role.ORG_WORKFORCE_LEAD
        assert patel.org_code == "RXH"
        assert patel.active is True
        assert patel.created_at.tzinfo == UTC
        assert abs(datetime.now(UTC) - patel.created_at) < timedelta(minutes=5)

        cpo = get_user(session, "cpo")
        assert cpo is not None and cpo.org_code is None  # system-wide scope

        assert [u.username for u in list_users(session)] == ["cpo", "j.patel", "old"]
        assert [u.username for u in list_users(session, include_inactive=False)] == [
            "cpo",
            "j.patel",
        ]
        assert [u.username for u in list_users(session, org_code="RXH")] == ["j.patel"]
        assert [u.username for u in list_users(session, role="staff")] == ["old"]
        stored = session.execute(text("SELECT role FROM users WHERE username = 'cpo'")).scalar()
        assert stored == "chief_people_officer"


def test_username_is_unique_regardless_of_case(engine: Engine) -> None:
    with session_scope(engine) as session:
        create_user(session, username="alex", display_name="Alex", role="staff")
    with (
        session_factory(engine)() as session,
        pytest.raises(DuplicateUsernameError, match="already exists"),
    ):
        create_user(session, username="ALEX", display_name="Other", role="admin")


def test_database_enforces_unique_username(engine: Engine) -> None:
    """The constraint holds even for code that bypasses create_user."""
    with session_scope(engine) as session:
        session.add(User(username="sam", display_name="Sam", role=Role.STAFF))
    with session_factory(engine)() as session:
        session.add(User(username="sam", display_name="Sam again", role=Role.ADMIN))
        with pytest.raises(exc.IntegrityError):
            session.flush()


def test_database_enforces_known_roles(engine: Engine) -> None:
    with engine.connect() as connection, pytest.raises(exc.IntegrityError):
        connection.execute(
            text(
                "INSERT INTO users (username, display_name, role) "
                "VALUES ('eve', 'Eve', 'superuser')"
            )
        )


def test_server_defaults_fill_active_and_created_at(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO users (username, display_name, role) VALUES ('raw', 'Raw', 'staff')")
        )
    with session_factory(engine)() as session:
        user = get_user(session, "raw")
        assert user is not None and user.active is True
        assert user.created_at.tzinfo == UTC


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"role": "superuser"}, "Unknown role 'superuser'; use one of: ics_analyst"),
        ({"username": "two words"}, "no spaces"),
        ({"username": "  "}, "non-empty"),
        ({"display_name": " "}, "needs a display name"),
        ({"org_code": ""}, "no code for system-wide scope"),
        ({"org_code": "R-1"}, "not valid"),
    ],
)
def test_invalid_users_are_refused(engine: Engine, fields: dict[str, str], message: str) -> None:
    values = {"username": "pat", "display_name": "Pat", "role": "staff", **fields}
    with session_factory(engine)() as session, pytest.raises(UserError, match=message):
        create_user(session, **values)


def test_audit_events_are_listed_in_time_order(engine: Engine) -> None:
    plus_two = timezone(timedelta(hours=2))
    with session_scope(engine) as session:
        record_event(
            session, actor="b", action="load", subject="s2", occurred_at=T0 + timedelta(hours=2)
        )
        # 10:30 at UTC+2 is 08:30 UTC: earliest, though recorded second and in another zone.
        record_event(
            session,
            actor="a",
            action="init",
            subject="s1",
            occurred_at=datetime(2026, 4, 1, 10, 30, tzinfo=plus_two),
        )
        record_event(
            session, actor="c", action="load", subject="s3", occurred_at=T0 + timedelta(hours=1)
        )
        record_event(
            session, actor="d", action="load", subject="s4", occurred_at=T0 + timedelta(hours=1)
        )

    with session_factory(engine)() as session:
        events = list_events(session)
        assert [e.subject for e in events] == ["s1", "s3", "s4", "s2"]
        assert events[0].occurred_at == T0 - timedelta(minutes=30)
        assert all(e.occurred_at.tzinfo == UTC for e in events)
        assert [e.subject for e in list_events(session, newest_first=True, limit=2)] == [
            "s2",
            "s4",
        ]
        assert [e.subject for e in list_events(session, action="load", since=T0)] == [
            "s3",
            "s4",
            "s2",
        ]
        assert [e.subject for e in list_events(session, actor="a")] == ["s1"]


def test_audit_details_json_round_trips(engine: Engine) -> None:
    details = {
        "file": "staff_in_post_2026-03.csv",
        "rows": {"loaded": 41_250, "quarantined": 3},
        "organisations": ["RXH", "RYR"],
        "dry_run": False,
        "note": None,
        "ratio": 0.25,
        "text": "Zoë’s trust — “quoted”",
    }
    with session_scope(engine) as session:
        event = record_event(
            session,
            actor="loader",
            action="load",
            subject="staff_in_post",
            details=details,
            outcome=Outcome.FAILURE,
        )
        event_id = event.id
    with session_factory(engine)() as session:
        stored = session.get(AuditEvent, event_id)
        assert stored is not None
        assert stored.details == details
        assert stored.outcome == "failure"
        empty = record_event(session, actor="x", action="init", subject="y")
        session.commit()
        session.expire_all()
        assert session.get(AuditEvent, empty.id).details == {}


def test_audit_refuses_what_it_cannot_store(engine: Engine) -> None:
    with session_factory(engine)() as session:
        with pytest.raises(ValueError, match="JSON-serialisable"):
            record_event(session, actor="a", action="b", subject="c", details={"when": T0})
        with pytest.raises(ValueError, match="non-empty actor"):
            record_event(session, actor=" ", action="b", subject="c")
        with pytest.raises(ValueError, match="no time zone"):
            record_event(
                session, actor="a", action="b", subject="c", occurred_at=datetime(2026, 4, 1)
            )
