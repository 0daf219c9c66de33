"""`upload_jobs.error` holds JSON: why a job failed as a message (its Chinese text and parameters), read in the
language of whoever opens the job. A reason stored before, a sentence, becomes a JSON string and reads as written.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("upload_jobs", "error", type_=sa.JSON(), postgresql_using="to_json(error)")
        return
    op.execute("UPDATE upload_jobs SET error = json_quote(error) WHERE error IS NOT NULL")
    with op.batch_alter_table("upload_jobs") as table:
        table.alter_column("error", type_=sa.JSON(), existing_type=sa.Text())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        plain = "CASE json_typeof(error) WHEN 'string' THEN error #>> '{}' ELSE error::text END"
        op.alter_column("upload_jobs", "error", type_=sa.Text(), postgresql_using=plain)
        return
    with op.batch_alter_table("upload_jobs") as table:
        table.alter_column("error", type_=sa.Text(), existing_type=sa.JSON())
    op.execute("UPDATE upload_jobs SET error = json_extract(error, '$') WHERE json_type(error) = 'text'")
