"""Writing many rows at once: new entities with their subtype rows, their aliases, and any table's rows.

The importers (project registry, enterprise register) create thousands of entities per file; the ORM's unit of
work, flushed once an entity to learn its id, spends milliseconds on each. Here the entity rows go in a batch at
a time with their ids returned in order (``INSERT … RETURNING``, both backends), then their subtype rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from chainatlas.store import tables
from chainatlas.store.batches import batches
from chainatlas.store.names import normalise, stem, written_place

_ENTITIES = tables.Base.metadata.tables[tables.Entity.__tablename__]
_NEW_ENTITY = insert(_ENTITIES).returning(_ENTITIES.c.id, sort_by_parameter_order=True)


def insert_entities(session: Session, cls: type[tables.Entity], rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert new entities of `cls`, each row holding its entity columns (name, region_code) and those of its
    subtype table (missing ones NULL); their ids, in the order of `rows`."""
    kind = str(cls.__mapper__.polymorphic_identity)
    own = tables.Base.metadata.tables[cls.__tablename__]
    columns = [c.name for c in own.columns if c.name != "id"]
    ids: list[int] = []
    for batch in batches(rows):
        heads = [{"type": kind, "name": r["name"], "region_code": r.get("region_code")} for r in batch]
        made = list(session.execute(_NEW_ENTITY, heads).scalars())
        details = [{c: r.get(c) for c in columns} | {"id": i} for i, r in zip(made, batch, strict=True)]
        session.execute(insert(own), details)
        ids += made
    return ids


def alias_row(entity_id: int, entity_type: str, name: str) -> dict[str, Any]:
    """An `entity_aliases` row: `name` with the normalised form, stem and written place the resolver matches on."""
    key = normalise(name)
    return {"entity_id": entity_id, "entity_type": entity_type, "alias": name, "normalised": key,
            "stem": stem(key), "place_code": written_place(name)}  # fmt: skip


def insert_rows(session: Session, table: Table | type[tables.Base], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` into a table (or a model's table), a batch at a time."""
    target = table if isinstance(table, Table) else tables.Base.metadata.tables[table.__tablename__]
    for batch in batches(rows):
        session.execute(insert(target), batch)
