"""A cluster, enterprise or platform as the shells hold it: a record with its id and kind, not a store row.

The shells find one by id (a page's or the API's path) or by name (a CLI argument) and hand it back to the
services that show it (`queries.profile_of`, `designation_inputs.designation_input`, `register_views.register_view`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.store import tables


@dataclass(frozen=True, slots=True)
class EntityRecord:
    """An entity: its id, kind (the subject type: cluster, enterprise or platform), name and division; a
    cluster's designation level, a register firm's township."""

    id: int
    kind: str
    name: str
    region_code: str | None
    level: str | None = None
    township_code: str | None = None


def entity_record(entity: tables.Entity) -> EntityRecord:
    """The record of a stored entity."""
    level = entity.level if isinstance(entity, tables.Cluster) else None
    township = entity.township_code if isinstance(entity, tables.Enterprise) else None
    return EntityRecord(entity.id, entity.type, entity.name, entity.region_code, level, township)


def clusters_within(session: Session, code_prefix: str) -> list[EntityRecord]:
    """The clusters whose division's code starts with `code_prefix` (a county's or city's, `region_prefix`),
    by name."""
    c = tables.Cluster
    return [
        entity_record(found)
        for found in session.scalars(select(c).where(c.region_code.startswith(code_prefix)).order_by(c.name))
    ]


def entity_by_id(session: Session, kind: str, entity_id: int) -> EntityRecord | None:
    """The entity of `kind` with id `entity_id`; None when there is none (or it is of another kind)."""
    found = session.get(tables.Entity, entity_id)
    return entity_record(found) if found is not None and found.type == kind else None
