"""Plan versions: adopted workforce plans and the workforce each expects, month by month.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08

Written by hand to run unchanged on SQLite and PostgreSQL. Values are copied here rather than
imported from the models, so this revision keeps meaning what it meant when it was written.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEVELS = ("org", "place", "sector", "system")
MONTH = "____-__"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "plan_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("base_month", sa.String(length=7), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("scenario", _json(), nullable=False),
        sa.Column("adopted_by", sa.String(length=200), nullable=False),
        sa.Column(
            "adopted_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_versions")),
        sa.UniqueConstraint("name", "version", name=op.f("uq_plan_versions_name_version")),
    )
    op.create_index(op.f("ix_plan_versions_name"), "plan_versions", ["name"])
    op.create_table(
        "plan_points",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("plan_version_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("area", sa.String(length=100), nullable=False),
        sa.Column("staff_group", sa.String(length=50), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("heads", sa.Float(), nullable=False),
        sa.Column("fte_p10", sa.Float(), nullable=False),
        sa.Column("fte_p50", sa.Float(), nullable=False),
        sa.Column("fte_p90", sa.Float(), nullable=False),
        sa.Column("demand_fte", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_points")),
        sa.ForeignKeyConstraint(
            ["plan_version_id"],
            ["plan_versions.id"],
            name=op.f("fk_plan_points_plan_version_id_plan_versions"),
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(_in("level", LEVELS), name=op.f("ck_plan_points_level_valid")),
        sa.CheckConstraint(f"month LIKE '{MONTH}'", name=op.f("ck_plan_points_month_format")),
    )
    op.create_index(
        "ix_plan_points_version_area",
        "plan_points",
        ["plan_version_id", "level", "area", "staff_group"],
    )


def downgrade() -> None:
    op.drop_index("ix_plan_points_version_area", table_name="plan_points")
    op.drop_table("plan_points")
    op.drop_index(op.f("ix_plan_versions_name"), table_name="plan_versions")
    op.drop_table("plan_versions")
