"""The ids of an entity subtype, found from its own table."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from chainatlas.store import tables


def of_subtype(subtype: type[tables.Entity]) -> ColumnElement[bool]:
    """Entities of this subtype (clusters, projects…), found from its own table: a query on a few thousand of
    them then never scans every entity of a national store (SQLite), nor walks them all in a merge join
    (PostgreSQL), as the joined entities-and-subtype select alone may."""
    return tables.Entity.id.in_(select(subtype.__table__.c.id))
