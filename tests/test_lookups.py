"""Storing a document on both backends: a few statements per document, and lookups that see the writer's aliases."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sqlalchemy import event, func, select

from chainatlas.ingest.document import parse_document
from chainatlas.ingest.extract import extract_document
from chainatlas.services.ingest import store_document
from chainatlas.services.resolve import PREFIX_TYPES
from chainatlas.store import tables
from chainatlas.store.lookups import Lookups
from chainatlas.store.names import normalise
from chainatlas.store.session import Store

PAGE = "jiaxing-2026-07-p1.txt"


def test_a_page_already_known_is_stored_in_a_few_statements(store: Store, data: Path) -> None:
    document = parse_document((data / "news" / PAGE).read_bytes(), PAGE)
    facts = extract_document(document)
    claims = store_document(store, document, facts)
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    again = dataclasses.replace(document, name="again.txt", sha256="0" * 64)
    assert store_document(store, again, facts) == claims
    # Lookups once per document and a statement per table written: nothing per name or per
    # fact (the store used to run about five statements per fact).
    assert len(facts) > 60 and len(statements) < 20
    with store.session() as session:
        per_document = select(func.count()).select_from(tables.Claim).group_by(tables.Claim.document_id)
        assert list(session.scalars(per_document)) == [claims, claims]


def test_lookups_see_the_aliases_added_in_the_transaction(store: Store) -> None:
    with store.transaction() as session:
        firm = tables.Enterprise(name="浙江百润轴承有限公司")
        session.add(firm)
        session.flush()
        lookups = Lookups(session, PREFIX_TYPES)
        key = normalise(firm.name)
        assert lookups.same_key([key]) == [] and lookups.same_stem(key[:3]) == []
        lookups.created(firm)
        lookups.add_alias(firm, firm.name)
        lookups.add_alias(firm, "百润轴承")
        cached = (lookups.same_key([key]), lookups.same_stem(key[:3]), lookups.held([firm.id])[firm.id])
        fresh = Lookups(session, PREFIX_TYPES)
        read = (fresh.same_key([key]), fresh.same_stem(key[:3]), fresh.held([firm.id])[firm.id])
        assert cached == read
        assert [a.alias for a in read[0]] == ["浙江百润轴承有限公司", "百润轴承"]
        assert fresh.entity(firm.id) is firm and fresh.is_region("330400") and not fresh.is_region("999999")
