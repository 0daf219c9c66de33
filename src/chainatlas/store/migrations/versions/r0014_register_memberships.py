"""Memberships from the register's cluster lists: `memberships.source` names the register file, sheet and row a
membership rests on, and `claim_id` is empty for such a membership (a news membership keeps its claim).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A batch copy on SQLite (no table refers to memberships, so dropping the old one is safe).
    with op.batch_alter_table("memberships") as batch:
        batch.add_column(sa.Column("source", sa.String(length=400), nullable=True))
        batch.alter_column("claim_id", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM memberships WHERE claim_id IS NULL")
    with op.batch_alter_table("memberships") as batch:
        batch.alter_column("claim_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("source")
