"""A partial index of the enterprises a chain can place (a register record's products or industry code): the
chain views read them through it instead of scanning every firm of a national store.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PLACEABLE = "products IS NOT NULL OR industry_code IS NOT NULL"


def upgrade() -> None:
    where = sa.text(PLACEABLE)
    op.create_index("ix_enterprises_placeable", "enterprises", ["id"], sqlite_where=where, postgresql_where=where)


def downgrade() -> None:
    op.drop_index("ix_enterprises_placeable", table_name="enterprises")
