"""Tables of the application database: users, the audit trail and targets.

The same models run on SQLite and PostgreSQL, so types stay portable: roles are strings with a
CHECK constraint rather than a native enum, details are JSON (JSONB on PostgreSQL), and times go
through ``UTCDateTime`` so both backends hand back timezone-aware UTC values.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Named constraints let Alembic alter tables on SQLite (batch mode copies a table by name)
# and keep names identical on both backends.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Role(enum.StrEnum):
    """What a user does; later features grant access by role (and by ``User.org_code``)."""

    ICS_ANALYST = "ics_analyst"
    CHIEF_PEOPLE_OFFICER = "chief_people_officer"
    ORG_WORKFORCE_LEAD = "org_workforce_lead"
    RECRUITING_MANAGER = "recruiting_manager"
    STAFF = "staff"
    ADMIN = "admin"


ROLE_VALUES: tuple[str, ...] = tuple(role.value for role in Role)
ROLE_LENGTH = 32


def utc_now() -> datetime:
    """Now, timezone-aware in UTC: the only kind of time the application database stores."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware in UTC.

    SQLite has no time zones and returns naive values; PostgreSQL returns the session's zone.
    Naive values are refused on the way in, because their zone cannot be known.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"refusing a naive datetime ({value.isoformat()}); give it a zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# JSON everywhere (TEXT underneath on SQLite), JSONB on PostgreSQL so it can be indexed later.
PortableJSON = JSON().with_variant(JSONB(), "postgresql")
# SQLite only auto-increments an INTEGER primary key; PostgreSQL gets a 64-bit one.
BigIntegerId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class User(Base):
    """A person who signs in. ``org_code`` NULL means system-wide scope, else one organisation."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(
            "role IN (" + ", ".join(f"'{value}'" for value in ROLE_VALUES) + ")",
            name="role_valid",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(
        Enum(
            Role,
            native_enum=False,
            create_constraint=False,  # the named CHECK above is the one constraint
            length=ROLE_LENGTH,
            values_callable=lambda roles: [role.value for role in roles],
            validate_strings=True,
        )
    )
    org_code: Mapped[str | None] = mapped_column(String(16), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.current_timestamp()
    )

    def __repr__(self) -> str:
        scope = self.org_code or "system-wide"
        return f"User({self.username!r}, role={self.role.value}, scope={scope})"


class AuditEvent(Base):
    """One thing that happened: who did what to which subject, with what outcome."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_occurred_at", "occurred_at", "id"),)

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.current_timestamp()
    )
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(PortableJSON, default=dict)
    outcome: Mapped[str] = mapped_column(Text)

    def __repr__(self) -> str:
        return (
            f"AuditEvent({self.occurred_at.isoformat()}, {self.actor!r} {self.action} "
            f"{self.subject!r}: {self.outcome})"
        )


# Values copied into migrations 0002 and 0003; a new value needs a migration (the CHECKs list
# them).
TARGET_COMPARISONS: tuple[str, ...] = ("at_most", "at_least")
TARGET_KINDS: tuple[str, ...] = ("absolute", "change_points", "change_per_year_percent")
# A value target asks for a metric's value; a rank target for a place among peers in the NHS
# Staff Survey, within a peer group that oneworkforce.survey.ranking can rank.
TARGET_TYPES: tuple[str, ...] = ("value", "rank")
TARGET_PEER_GROUPS: tuple[str, ...] = ("sector", "region", "ics", "england")
MONTH_PATTERN_SQL = "____-__"  # YYYY-MM; the code checks the digits, the database the shape
# An absent trajectory is SQL NULL, not the JSON value null, so "IS NULL" finds it.
NullableJSON = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


def _in_check(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


class Target(Base):
    """A goal for one metric on one slice of the system, with a due month.

    ``slice`` maps dimensions to values ({"staff_group": "nursing"}); empty means the whole
    system. ``kind`` says how ``target_value`` reads: the value itself, a change in the
    metric's units from the baseline, or a yearly percentage change from it. A ``rank``
    target (``target_type``) instead asks for a staff survey score (``metric_id``, an item
    code) to rank ``target_value`` or better within ``peer_group``; its slice names the
    subject (an ICS or an organisation), and it is always ``at_most`` and ``absolute``. Months
    are 'YYYY-MM' text, as everywhere else in OneWorkforce. Validation lives in
    ``oneworkforce.targets.store``; the constraints here only stop nonsense that bypasses it.
    """

    __tablename__ = "targets"
    __table_args__ = (
        CheckConstraint(_in_check("comparison", TARGET_COMPARISONS), name="comparison_valid"),
        CheckConstraint(_in_check("kind", TARGET_KINDS), name="kind_valid"),
        CheckConstraint(f"due_month LIKE '{MONTH_PATTERN_SQL}'", name="due_month_format"),
        CheckConstraint(
            f"baseline_month IS NULL OR baseline_month LIKE '{MONTH_PATTERN_SQL}'",
            name="baseline_month_format",
        ),
        CheckConstraint(_in_check("target_type", TARGET_TYPES), name="target_type_valid"),
        CheckConstraint(
            # IS NOT NULL spelled out: a CHECK that comes out NULL passes.
            "(target_type = 'value' AND peer_group IS NULL) OR (target_type = 'rank' AND "
            "peer_group IS NOT NULL AND " + _in_check("peer_group", TARGET_PEER_GROUPS) + ")",
            name="peer_group_valid",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    metric_id: Mapped[str] = mapped_column(String(100), index=True)
    slice: Mapped[dict[str, str]] = mapped_column(PortableJSON, default=dict)
    comparison: Mapped[str] = mapped_column(String(16))
    target_value: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(32), default="absolute", server_default="absolute")
    due_month: Mapped[str] = mapped_column(String(7))
    baseline_month: Mapped[str | None] = mapped_column(String(7))
    baseline_value: Mapped[float | None] = mapped_column(Float)
    trajectory: Mapped[list[dict[str, Any]] | None] = mapped_column(NullableJSON)
    owner: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    target_type: Mapped[str] = mapped_column(String(8), default="value", server_default="value")
    peer_group: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.current_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, onupdate=utc_now, server_default=func.current_timestamp()
    )

    def __repr__(self) -> str:
        where = ", ".join(f"{k}={v}" for k, v in self.slice.items()) or "system"
        if self.target_type == "rank":
            return (
                f"Target({self.name!r}: rank {self.target_value:g} or better on "
                f"{self.metric_id} [{where}] within {self.peer_group} by {self.due_month})"
            )
        return (
            f"Target({self.name!r}: {self.metric_id} [{where}] {self.comparison} "
            f"{self.target_value:g} ({self.kind}) by {self.due_month})"
        )


PLAN_LEVELS: tuple[str, ...] = ("org", "place", "sector", "system")


class PlanVersion(Base):
    """One adopted version of a workforce plan: the scenario it ran (as validated, JSON),
    the month its data ended and who adopted it. A plan is refreshed by adopting a new
    version under the same name; ``oneworkforce.planning.versions`` numbers them."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("name", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    version: Mapped[int] = mapped_column(Integer)
    base_month: Mapped[str] = mapped_column(String(7))
    months: Mapped[int] = mapped_column(Integer)
    runs: Mapped[int] = mapped_column(Integer)
    scenario: Mapped[dict[str, Any]] = mapped_column(PortableJSON)
    adopted_by: Mapped[str] = mapped_column(String(200))
    adopted_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utc_now, server_default=func.current_timestamp()
    )
    notes: Mapped[str | None] = mapped_column(Text)

    def __repr__(self) -> str:
        return f"PlanVersion({self.name!r} v{self.version}, from {self.base_month})"


class PlanPoint(Base):
    """A plan version's expected workforce in one month for one area and staff group
    ('all' for every group): the P10/P50/P90 supply FTE, heads (P50) and demand FTE."""

    __tablename__ = "plan_points"
    __table_args__ = (
        CheckConstraint(_in_check("level", PLAN_LEVELS), name="level_valid"),
        CheckConstraint(f"month LIKE '{MONTH_PATTERN_SQL}'", name="month_format"),
        Index("ix_plan_points_version_area", "plan_version_id", "level", "area", "staff_group"),
    )

    id: Mapped[int] = mapped_column(BigIntegerId, primary_key=True)
    plan_version_id: Mapped[int] = mapped_column(ForeignKey("plan_versions.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(16))
    area: Mapped[str] = mapped_column(String(100))
    staff_group: Mapped[str] = mapped_column(String(50))
    month: Mapped[str] = mapped_column(String(7))
    heads: Mapped[float] = mapped_column(Float)
    fte_p10: Mapped[float] = mapped_column(Float)
    fte_p50: Mapped[float] = mapped_column(Float)
    fte_p90: Mapped[float] = mapped_column(Float)
    demand_fte: Mapped[float] = mapped_column(Float)
