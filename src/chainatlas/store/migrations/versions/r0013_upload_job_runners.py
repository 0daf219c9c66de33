"""`upload_jobs` name the process running each job (host, id, start), so a job whose server died can be ended.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("upload_jobs") as table:
        table.add_column(sa.Column("runner_host", sa.String(length=255), nullable=True))
        table.add_column(sa.Column("runner_pid", sa.Integer(), nullable=True))
        table.add_column(sa.Column("runner_started", sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("upload_jobs") as table:
        table.drop_column("runner_started")
        table.drop_column("runner_pid")
        table.drop_column("runner_host")
