"""Search over the store: entities of a type by name or alias, documents by their text; how many match and
the first few."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chainatlas.services.curate import aliases_holding, names_holding
from chainatlas.services.documents import count_documents, first_headline, holding
from chainatlas.store import tables


def entities_named(session: Session, kind: str, part: str, limit: int) -> tuple[int, list[tuple[int, str]]]:
    """How many entities of type `kind` have `part` in their name or an alias, and the first `limit` of them
    (id, name) by name and id. Names and aliases are each looked up on their own (through their trigram
    indexes for three characters or more), not joined row by row."""
    e, a = tables.Entity, tables.Alias
    by_alias = select(a.entity_id).where(a.entity_type == kind, aliases_holding(session, part))
    matching = (e.type == kind) & (names_holding(session, part) | e.id.in_(by_alias))
    total = session.scalar(select(func.count()).select_from(e).where(matching)) or 0
    shown = select(e.id, e.name).where(matching).order_by(e.name, e.id).limit(limit)
    return total, [(number, name) for number, name in session.execute(shown)]


def documents_holding(
    session: Session, part: str, limit: int
) -> tuple[int, list[tuple[int, str, dict[str, Any], str | None, str]]]:
    """How many documents' text holds `part` (ignoring case), and the first `limit` of them by id: (id, name,
    header, first headline, text)."""
    d, where = tables.Document, holding(session, part)
    found = session.execute(
        select(d.id, d.name, d.header, first_headline(), d.text).where(where).order_by(d.id).limit(limit)
    )
    return count_documents(session, where), [(n, name, header, first, text) for n, name, header, first, text in found]
