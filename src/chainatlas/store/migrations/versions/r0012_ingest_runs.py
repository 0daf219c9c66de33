"""`ingest_runs`: each ingest's paths, engine, progress and end, so a killed run can be resumed.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MOMENT = sa.DateTime(timezone=True)
_COUNTS = ("files", "done", "added", "unchanged", "skipped", "claims")


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("started_at", _MOMENT, nullable=False),
        sa.Column("finished_at", _MOMENT, nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("engine", sa.String(length=10), nullable=False),
        sa.Column("paths", sa.JSON(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in _COUNTS),
    )


def downgrade() -> None:
    op.drop_table("ingest_runs")
