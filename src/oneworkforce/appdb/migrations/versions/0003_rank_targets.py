"""Rank targets: a place among peers in the NHS Staff Survey, beside value targets.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Adds ``targets.target_type`` ('value' or 'rank'; existing rows become 'value') and
``targets.peer_group`` (the group a rank target ranks within; NULL for value targets).
Written by hand to run unchanged on SQLite and PostgreSQL: batch mode copies the table on
SQLite, which cannot add a CHECK constraint in place, and alters it directly on PostgreSQL.
Values are copied here rather than imported from the models, so this revision keeps meaning
what it meant when it was written.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TYPES = ("value", "rank")
PEER_GROUPS = ("sector", "region", "ics", "england")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{value}'" for value in values) + ")"


# IS NOT NULL spelled out: a CHECK that comes out NULL passes.
PEER_GROUP_CHECK = (
    "(target_type = 'value' AND peer_group IS NULL) OR (target_type = 'rank' AND "
    f"peer_group IS NOT NULL AND {_in('peer_group', PEER_GROUPS)})"
)


def upgrade() -> None:
    with op.batch_alter_table("targets") as batch:
        batch.add_column(
            sa.Column("target_type", sa.String(length=8), server_default="value", nullable=False)
        )
        batch.add_column(sa.Column("peer_group", sa.String(length=16), nullable=True))
        batch.create_check_constraint(
            op.f("ck_targets_target_type_valid"), _in("target_type", TYPES)
        )
        batch.create_check_constraint(op.f("ck_targets_peer_group_valid"), PEER_GROUP_CHECK)


def downgrade() -> None:
    """Refused while rank targets exist: revision 0002 cannot hold them, and dropping them
    silently would lose targets that the audit trail says are still there."""
    if not context.is_offline_mode():
        ranks = op.get_bind().execute(
            sa.text("SELECT count(*) FROM targets WHERE target_type = 'rank'")
        )
        count = ranks.scalar()
        if count:
            raise RuntimeError(
                f"Cannot downgrade below 0003: {count} rank target(s) exist. Export them "
                "(`oneworkforce targets export`) and remove them first."
            )
    with op.batch_alter_table("targets") as batch:
        batch.drop_constraint(op.f("ck_targets_peer_group_valid"), type_="check")
        batch.drop_constraint(op.f("ck_targets_target_type_valid"), type_="check")
        batch.drop_column("peer_group")
        batch.drop_column("target_type")
