"""Chain placements: users' decisions on firms' places on chain nodes, kept across ingests.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "placement_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("chain_id", sa.String(length=60), nullable=False),
        sa.Column("node_id", sa.String(length=60), nullable=False),
        sa.Column("decision", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_placement_decisions_entity_id_entities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placement_decisions")),
        sa.UniqueConstraint("entity_id", "chain_id", "node_id", name=op.f("uq_placement_decisions_entity_id")),
    )
    op.create_index(op.f("ix_placement_decisions_entity_id"), "placement_decisions", ["entity_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_placement_decisions_entity_id"), table_name="placement_decisions")
    op.drop_table("placement_decisions")
