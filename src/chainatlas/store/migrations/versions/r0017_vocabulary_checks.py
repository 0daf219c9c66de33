"""CHECK constraints on the columns that hold a word of a fixed vocabulary: a claim's and a review's status,
a membership's role and decision, a placement's decision, a service request's status and a user's role.

The words are written out here, as they were when this revision was made (a migration is frozen history;
the models take them from the vocabularies in `chainatlas.domain` and `chainatlas.chains.placement`). Every value
the atlas ever wrote is one of them, so the constraints hold on every store made by it. On SQLite each table is
copied in batch mode (`Store.upgrade` runs migrations with foreign keys off and checks them before committing, so
copying `claims`, which other tables refer to, leaves their rows alone).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REVIEW = ("proposed", "accepted", "rejected")
DECISION = ("confirmed", "uncertain", "rejected")
# table → (column, its words, whether it may be NULL)
CHECKS: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {
    "claims": [("status", REVIEW, False)],
    "claim_reviews": [("status", REVIEW, False)],
    "memberships": [("role", ("leader", "member", "customer", "supplier"), True), ("decision", DECISION, False)],
    "placement_decisions": [("decision", DECISION, False)],
    "service_requests": [("status", ("open", "responded", "resolved", "confirmed"), False)],
    "users": [("role", ("viewer", "editor", "admin"), False)],
}


def _condition(column: str, words: tuple[str, ...], nullable: bool) -> str:
    listed = f"{column} IN ({', '.join(repr(w) for w in words)})"
    return f"{column} IS NULL OR {listed}" if nullable else listed


def upgrade() -> None:
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table) as batch:
            for column, words, nullable in checks:
                batch.create_check_constraint(op.f(f"ck_{table}_{column}"), _condition(column, words, nullable))


def downgrade() -> None:
    for table, checks in CHECKS.items():
        with op.batch_alter_table(table) as batch:
            for column, _words, _nullable in checks:
                batch.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
