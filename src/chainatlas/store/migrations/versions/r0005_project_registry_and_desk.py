"""Project registry and service desk: project kinds and details, managed stage dates, benchmarks,
service requests and the audit log.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None



def _project_columns() -> list[sa.Column[Any]]:
    """The columns this revision adds to `projects` (new objects each time: a column belongs to one table)."""
    return [
        sa.Column("kind", sa.String(length=12), server_default="investment", nullable=False),
        sa.Column("code", sa.String(length=60), nullable=True),
        sa.Column("expected_output", sa.Double(), nullable=True),
        sa.Column("area", sa.Double(), nullable=True),
        sa.Column("chain_id", sa.String(length=60), nullable=True),
        sa.Column("node_id", sa.String(length=60), nullable=True),
        sa.Column("cause", sa.String(length=20), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("projects") as batch:
        for column in _project_columns():
            batch.add_column(column)
        batch.create_unique_constraint(op.f("uq_projects_code"), ["code"])
    op.create_table(
        "project_stages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("planned", sa.String(length=10), nullable=True),
        sa.Column("actual", sa.String(length=10), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_stages_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_stages")),
        sa.UniqueConstraint("project_id", "stage", name=op.f("uq_project_stages_project_id")),
    )
    op.create_index(op.f("ix_project_stages_project_id"), "project_stages", ["project_id"])
    op.create_table(
        "stage_benchmarks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=12), server_default="", nullable=False),
        sa.Column("from_stage", sa.String(length=20), nullable=False),
        sa.Column("to_stage", sa.String(length=20), nullable=False),
        sa.Column("min_months", sa.Double(), nullable=False),
        sa.Column("max_months", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_benchmarks")),
        sa.UniqueConstraint(
            "scope", "key", "kind", "from_stage", "to_stage", name=op.f("uq_stage_benchmarks_scope")
        ),
    )
    op.create_table(
        "service_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("need", sa.Text(), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=100), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("cause", sa.String(length=20), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("opened_by", sa.String(length=100), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("responded_by", sa.String(length=100), nullable=True),
        sa.Column("responded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by", sa.String(length=100), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_service_requests_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_requests")),
    )
    op.create_index(op.f("ix_service_requests_project_id"), "service_requests", ["project_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_subject", "audit_log", ["subject_type", "subject_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_subject", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index(op.f("ix_service_requests_project_id"), table_name="service_requests")
    op.drop_table("service_requests")
    op.drop_table("stage_benchmarks")
    op.drop_index(op.f("ix_project_stages_project_id"), table_name="project_stages")
    op.drop_table("project_stages")
    with op.batch_alter_table("projects") as batch:
        batch.drop_constraint(op.f("uq_projects_code"), type_="unique")
        for column in reversed(_project_columns()):
            batch.drop_column(column.name)
