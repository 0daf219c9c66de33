"""Ingesting the dev set twice, or again from scratch, yields the same entities, aliases and claims."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import select

from chainatlas.services.ingest import ingest_paths
from chainatlas.services.reference import load_reference
from chainatlas.store import tables
from chainatlas.store.session import Store
from store_samples import migrate


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """What the store says, without ids: entities, aliases, claims and the resolution log."""
    with store.session() as session:
        names: dict[int, str] = {i: n for i, n in session.execute(select(tables.Entity.id, tables.Entity.name))}
        docs: dict[int, str] = {i: n for i, n in session.execute(select(tables.Document.id, tables.Document.name))}
        entities = sorted((e.type, e.name, e.region_code or "") for e in session.scalars(select(tables.Entity)))
        aliases = sorted(
            (names[a.entity_id], a.alias, a.normalised, a.place_code or "")
            for a in session.scalars(select(tables.Alias))
        )
        claims = sorted(
            (
                docs[c.document_id],
                c.span_start,
                c.span_end,
                c.kind,
                names.get(c.subject_id or 0, ""),
                c.region_code or "",
                c.metric or "",
                c.value or 0.0,
                c.period or "",
                c.status,
                repr(c.data),
            )
            for c in session.scalars(select(tables.Claim))
        )
        log = sorted(
            (names[r.entity_id], r.name, r.matched or "", r.rule, docs.get(r.document_id or 0, ""))
            for r in session.scalars(select(tables.Resolution))
        )
    return {"entities": entities, "aliases": aliases, "claims": claims, "resolutions": log}


def test_the_dev_set_twice_and_from_scratch_gives_the_same_store(store: Store, data: Path) -> None:
    news = data / "news"
    ingest_paths(store, [news])
    first = snapshot(store)
    assert len(first["entities"]) > 50 and len(first["claims"]) > 100
    ingest_paths(store, [news])
    assert snapshot(store) == first

    migrate(store, command.downgrade, "base")
    store.upgrade()
    with store.transaction() as session:
        load_reference(session)
    ingest_paths(store, [news])
    assert snapshot(store) == first
