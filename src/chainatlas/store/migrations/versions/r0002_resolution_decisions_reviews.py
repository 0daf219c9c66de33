"""Entity resolution and review: alias stems and places, merge log, user decisions, claim reviews.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entity_aliases") as batch:
        batch.add_column(sa.Column("stem", sa.String(length=3), nullable=True))
        batch.add_column(sa.Column("place_code", sa.String(length=12), nullable=True))
        batch.create_index("ix_entity_aliases_stem", ["stem", "entity_type"])
    with op.batch_alter_table("claims") as batch:
        batch.add_column(sa.Column("subject_name", sa.String(length=300), nullable=True))
        batch.create_index("ix_claims_status", ["status"])

    op.create_table(
        "entity_resolutions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("matched", sa.String(length=300), nullable=True),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entity_id"],
            ["entities.id"],
            name=op.f("fk_entity_resolutions_entity_id_entities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_entity_resolutions_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_resolutions")),
    )
    op.create_index(op.f("ix_entity_resolutions_entity_id"), "entity_resolutions", ["entity_id"])
    op.create_index(op.f("ix_entity_resolutions_document_id"), "entity_resolutions", ["document_id"])

    op.create_table(
        "entity_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("left", sa.String(length=300), nullable=False),
        sa.Column("right", sa.String(length=300), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entity_decisions")),
        sa.UniqueConstraint("kind", "left", "right", name=op.f("uq_entity_decisions_kind")),
    )
    op.create_index(op.f("ix_entity_decisions_left"), "entity_decisions", ["left"])
    op.create_index(op.f("ix_entity_decisions_right"), "entity_decisions", ["right"])

    op.create_table(
        "claim_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reviewer", sa.String(length=100), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_reviews_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_reviews")),
    )
    op.create_index(op.f("ix_claim_reviews_claim_id"), "claim_reviews", ["claim_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_claim_reviews_claim_id"), table_name="claim_reviews")
    op.drop_table("claim_reviews")
    op.drop_index(op.f("ix_entity_decisions_right"), table_name="entity_decisions")
    op.drop_index(op.f("ix_entity_decisions_left"), table_name="entity_decisions")
    op.drop_table("entity_decisions")
    op.drop_index(op.f("ix_entity_resolutions_document_id"), table_name="entity_resolutions")
    op.drop_index(op.f("ix_entity_resolutions_entity_id"), table_name="entity_resolutions")
    op.drop_table("entity_resolutions")
    with op.batch_alter_table("claims") as batch:
        batch.drop_index("ix_claims_status")
        batch.drop_column("subject_name")
    with op.batch_alter_table("entity_aliases") as batch:
        batch.drop_index("ix_entity_aliases_stem")
        batch.drop_column("place_code")
        batch.drop_column("stem")
