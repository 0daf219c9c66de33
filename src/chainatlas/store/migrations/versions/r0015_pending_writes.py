"""`pending_writes`: a document's rows kept under its digest between its names' resolution and its storing by a
writer process (`ingest --writers N`), so a writer killed in between is made good by a resumed run.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_writes",
        sa.Column("sha256", sa.String(length=64), primary_key=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("pending_writes")
