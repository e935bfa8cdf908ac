"""Targets: a goal for one metric on one slice of the system, with a due month.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Written by hand to run unchanged on SQLite and PostgreSQL. Values are copied here rather than
imported from the models, so this revision keeps meaning what it meant when it was written.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMPARISONS = ("at_most", "at_least")
KINDS = ("absolute", "change_points", "change_per_year_percent")
MONTH = "____-__"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


def _json() -> sa.types.TypeEngine:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("metric_id", sa.String(length=100), nullable=False),
        sa.Column("slice", _json(), nullable=False),
        sa.Column("comparison", sa.String(length=16), nullable=False),
        sa.Column("target_value", sa.Float(), nullable=False),
        sa.Column("kind", sa.String(length=32), server_default="absolute", nullable=False),
        sa.Column("due_month", sa.String(length=7), nullable=False),
        sa.Column("baseline_month", sa.String(length=7), nullable=True),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("trajectory", _json(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint("name", name=op.f("uq_targets_name")),
        sa.CheckConstraint(
            _in("comparison", COMPARISONS), name=op.f("ck_targets_comparison_valid")
        ),
        sa.CheckConstraint(_in("kind", KINDS), name=op.f("ck_targets_kind_valid")),
        sa.CheckConstraint(f"due_month LIKE '{MONTH}'", name=op.f("ck_targets_due_month_format")),
        sa.CheckConstraint(
            f"baseline_month IS NULL OR baseline_month LIKE '{MONTH}'",
            name=op.f("ck_targets_baseline_month_format"),
        ),
    )
    op.create_index(op.f("ix_targets_metric_id"), "targets", ["metric_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_targets_metric_id"), table_name="targets")
    op.drop_table("targets")
