"""An index of claims by subject type, subject and document: the cluster list's counts read it alone.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_claims_subject_type", "claims", ["subject_type", "subject_id", "document_id"])


def downgrade() -> None:
    op.drop_index("ix_claims_subject_type", table_name="claims")
