"""Inserting a document's rows once its names are resolved: its claims first (their ids kept in order), then
the rows that rest on them, a statement per table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from chainatlas.store import tables


@dataclass(frozen=True, slots=True)
class DocumentRows:
    """A document's rows once its names are resolved: its claims, and the other rows by table name (articles,
    products, memberships, stage events, supply links, the merge log), a `claim_id` being the index of its claim
    among `claims` until they are inserted. Plain JSON values throughout (`as_json`, `from_json`)."""

    claims: list[dict[str, Any]]
    rows: dict[str, list[dict[str, Any]]]

    def as_json(self) -> dict[str, Any]:
        """The rows as one JSON object."""
        return {"claims": self.claims, "rows": self.rows}

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> DocumentRows:
        """The rows `as_json` gave."""
        return cls(value["claims"], value["rows"])


def insert_rows(connection: Connection, rows: DocumentRows, document_id: int) -> int:
    """Insert a document's claims, then every other row kept, a statement per table; the claims inserted."""
    ids = _insert_claims(connection, rows.claims, document_id)
    for name, kept in rows.rows.items():
        table = tables.Base.metadata.tables[name]
        if "claim_id" in table.c:
            kept = [{**row, "claim_id": ids[row["claim_id"]]} for row in kept]
        connection.execute(insert(table), kept)
    return len(ids)


def _insert_claims(connection: Connection, rows: list[dict[str, Any]], document_id: int) -> list[int]:
    """Insert the claims in one statement; their ids, in order.

    PostgreSQL returns the ids in the order of the rows. SQLite cannot (SQLAlchemy would
    insert the rows one by one), but it numbers rows in the order they are inserted
    (the largest id plus one), so the document's newest claims read back by id are in that order.
    """
    claims = tables.Base.metadata.tables[tables.Claim.__tablename__]
    if not rows:
        return []
    if connection.dialect.name != "sqlite":
        returning = insert(claims).returning(claims.c.id, sort_by_parameter_order=True)
        return list(connection.execute(returning, rows).scalars())
    connection.execute(insert(claims), rows)
    ids = select(claims.c.id).where(claims.c.document_id == document_id).order_by(claims.c.id)
    return list(connection.execute(ids).scalars())[-len(rows) :]
