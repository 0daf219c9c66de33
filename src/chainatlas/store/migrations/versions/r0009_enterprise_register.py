"""The enterprise register's columns on `enterprises`: credit code (unique), township, industry code, products,
output, employees, SME class and the file row they came from.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS: tuple[tuple[str, sa.types.TypeEngine[Any]], ...] = (
    ("credit_code", sa.String(length=18)),
    ("township_code", sa.String(length=12)),
    ("industry_code", sa.String(length=8)),
    ("products", sa.JSON()),
    ("output_value", sa.Double()),
    ("employees", sa.Integer()),
    ("sme_class", sa.String(length=20)),
    ("register_source", sa.String(length=400)),
)


def upgrade() -> None:
    # Plain ALTER TABLE ADD COLUMN and indexes, no batch copy: on SQLite a batch recreates `enterprises`, and
    # dropping the old table fails while projects, memberships and links refer to its rows.
    for name, kind in _COLUMNS:
        op.add_column("enterprises", sa.Column(name, kind, nullable=True))
    op.create_index(op.f("ix_enterprises_credit_code"), "enterprises", ["credit_code"], unique=True)
    op.create_index(op.f("ix_enterprises_township_code"), "enterprises", ["township_code"])


def downgrade() -> None:
    op.drop_index(op.f("ix_enterprises_township_code"), table_name="enterprises")
    op.drop_index(op.f("ix_enterprises_credit_code"), table_name="enterprises")
    for name, _ in reversed(_COLUMNS):
        op.drop_column("enterprises", name)
