"""The full-text indexes search reads: trigrams of documents' names and texts, entities' names and aliases.

SQLite: an FTS5 table with the trigram tokenizer over each (external content, kept in step by triggers, filled
from the rows already stored): `document_search` (name, text), `entity_search` (name), `alias_search` (alias).
PostgreSQL: `pg_trgm` GIN indexes on the same columns lowered, which a `lower(…) LIKE '%…%'` uses.

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

# FTS5 table → (the table it indexes, its columns)
_SQLITE = {
    "document_search": ("documents", ("name", "text")),
    "entity_search": ("entities", ("name",)),
    "alias_search": ("entity_aliases", ("alias",)),
}
# GIN index → (table, column)
_POSTGRESQL = {
    "ix_documents_name_trgm": ("documents", "name"),
    "ix_documents_text_trgm": ("documents", "text"),
    "ix_entities_name_trgm": ("entities", "name"),
    "ix_entity_aliases_alias_trgm": ("entity_aliases", "alias"),
}


def _fts(index: str, source: str, columns: Sequence[str]) -> list[str]:
    """The FTS5 table over `source`, filled, and the triggers keeping it in step."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    remove = f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old});"
    add = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {index} USING fts5({names}, content='{source}', content_rowid='id', tokenize='trigram')",
        f"INSERT INTO {index}({index}) VALUES ('rebuild')",
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {source} BEGIN {add} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {source} BEGIN {remove} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {source} BEGIN {remove} {add} END",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        statements = [s for index, (source, columns) in _SQLITE.items() for s in _fts(index, source, columns)]
    else:
        statements = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"] + [
            f"CREATE INDEX {index} ON {table} USING gin (lower({column}) gin_trgm_ops)"
            for index, (table, column) in _POSTGRESQL.items()
        ]
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        statements = [
            f"DROP {kind} {index}{suffix}"
            for index in _SQLITE
            for kind, suffix in (("TRIGGER", "_update"), ("TRIGGER", "_delete"), ("TRIGGER", "_insert"), ("TABLE", ""))
        ]
    else:
        statements = [f"DROP INDEX {index}" for index in _POSTGRESQL]
    for statement in statements:
        op.execute(statement)
