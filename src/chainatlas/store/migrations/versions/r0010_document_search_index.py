"""The full-text index document search reads: trigrams of each document's name and text.

SQLite: an FTS5 table `document_search` with the trigram tokenizer over `documents` (external content, kept in
step by triggers, filled from the documents already stored). PostgreSQL: `pg_trgm` GIN indexes on the lowered
name and text, which a `lower(…) LIKE '%…%'` uses.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SQLITE_UP = (
    "CREATE VIRTUAL TABLE document_search USING fts5("
    "name, text, content='documents', content_rowid='id', tokenize='trigram')",
    "INSERT INTO document_search(document_search) VALUES ('rebuild')",
    "CREATE TRIGGER document_search_insert AFTER INSERT ON documents BEGIN "
    "INSERT INTO document_search(rowid, name, text) VALUES (new.id, new.name, new.text); END",
    "CREATE TRIGGER document_search_delete AFTER DELETE ON documents BEGIN "
    "INSERT INTO document_search(document_search, rowid, name, text) VALUES ('delete', old.id, old.name, old.text); "
    "END",
    "CREATE TRIGGER document_search_update AFTER UPDATE OF name, text ON documents BEGIN "
    "INSERT INTO document_search(document_search, rowid, name, text) VALUES ('delete', old.id, old.name, old.text); "
    "INSERT INTO document_search(rowid, name, text) VALUES (new.id, new.name, new.text); END",
)
_SQLITE_DOWN = (
    "DROP TRIGGER document_search_update",
    "DROP TRIGGER document_search_delete",
    "DROP TRIGGER document_search_insert",
    "DROP TABLE document_search",
)
_POSTGRESQL_UP = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_documents_name_trgm ON documents USING gin (lower(name) gin_trgm_ops)",
    "CREATE INDEX ix_documents_text_trgm ON documents USING gin (lower(text) gin_trgm_ops)",
)
_POSTGRESQL_DOWN = ("DROP INDEX ix_documents_text_trgm", "DROP INDEX ix_documents_name_trgm")


def _run(statements: dict[str, Sequence[str]]) -> None:
    for statement in statements.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def upgrade() -> None:
    _run({"sqlite": _SQLITE_UP, "postgresql": _POSTGRESQL_UP})


def downgrade() -> None:
    _run({"sqlite": _SQLITE_DOWN, "postgresql": _POSTGRESQL_DOWN})
