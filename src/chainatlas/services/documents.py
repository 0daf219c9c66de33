"""Documents as the shells list and search them: a page of them newest first, those holding some text
(through the trigram index, `text_search`), one with its text and its claims a page at a time, and the documents
claims stand in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, func, select
from sqlalchemy.orm import Session

from chainatlas.domain import Span
from chainatlas.paging import EVERYTHING, Window
from chainatlas.store import tables, text_search
from chainatlas.store.paging import count, rows


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A stored document: its name, header, date and source."""

    id: int
    name: str
    header: dict[str, Any]
    date: dt.date | None
    source_url: str | None


@dataclass(frozen=True, slots=True)
class DocumentRow(StoredDocument):
    """A document in a list, with its first headline and how many claims were read in it."""

    headline: str | None
    claims: int


@dataclass(frozen=True, slots=True)
class DocumentText(StoredDocument):
    """A document with its text, as its page shows it."""

    text: str


@dataclass(frozen=True, slots=True)
class Statement:
    """What a claim states: its kind, subject (its entity's name, else the name as written), metric, value,
    unit and period."""

    id: int
    kind: str
    subject: str | None
    metric: str | None
    value: float | None
    unit: str | None
    period: str | None


@dataclass(frozen=True, slots=True)
class DocumentClaim(Statement):
    """A claim as its document's page marks it: what it states, its review status and where (its span)."""

    status: str
    span: Span


def first_headline() -> ScalarSelect[str]:
    """The headline of the document's first article, for a query over documents."""
    a = tables.Article
    return select(a.headline).where(a.document_id == tables.Document.id).order_by(a.id).limit(1).scalar_subquery()


def _listed() -> Select[int, str, dict[str, Any], str, dt.date | None, str | None, int]:
    d = tables.Document
    claims = select(func.count()).where(tables.Claim.document_id == d.id).scalar_subquery()  # from the index alone
    return select(d.id, d.name, d.header, first_headline(), d.date, d.source_url, claims)


def count_documents(session: Session, *where: ColumnElement[bool]) -> int:
    """How many documents there are (meeting `where`)."""
    return count(session, select(tables.Document.id).where(*where))


def list_documents(
    session: Session, window: Window, *where: ColumnElement[bool], by_id: bool = False
) -> list[DocumentRow]:
    """A window of the documents (meeting `where`), newest first (undated last) then by id, or (`by_id`) by id."""
    d = tables.Document
    query = _listed().where(*where).order_by(*([d.id] if by_id else [d.date.desc().nulls_last(), d.id]))
    return [DocumentRow(i, n, h, day, url, line, c) for i, n, h, line, day, url, c in rows(session, query, window)]


def named_like(part: str) -> ColumnElement[bool]:
    """Documents whose name holds `part`, ignoring case (`%` and `_` as written)."""
    return tables.Document.name.icontains(part, autoescape=True)


def with_ids(document_ids: Iterable[int]) -> ColumnElement[bool]:
    """The documents with these ids."""
    return tables.Document.id.in_(list(document_ids))


def document_of(session: Session, document_id: int) -> DocumentText | None:
    """The document with this id, with its text; None when there is none."""
    d = session.get(tables.Document, document_id)
    return None if d is None else DocumentText(d.id, d.name, d.header, d.date, d.source_url, d.text)


def claim_document(session: Session, claim_id: int) -> int | None:
    """The id of the document claim `claim_id` was read in; None when there is no such claim."""
    return session.scalar(select(tables.Claim.document_id).where(tables.Claim.id == claim_id))


def holding(session: Session, part: str, *, names: bool = False) -> ColumnElement[bool]:
    """Documents whose text (with `names`, or name) holds `part`, ignoring case."""
    d = tables.Document
    return text_search.holding(session, "document_search", d.id, [d.name, d.text] if names else [d.text], part)


def claim_documents(session: Session, claim_ids: Iterable[int]) -> dict[int, int]:
    """Claim id → its document's id (claims not stored left out)."""
    wanted = set(claim_ids)
    if not wanted:
        return {}
    found = session.execute(select(tables.Claim.id, tables.Claim.document_id).where(tables.Claim.id.in_(wanted)))
    return {claim: document for claim, document in found}


def _claims_of(document_id: int) -> ColumnElement[bool]:
    return tables.Claim.document_id == document_id


def document_claims(session: Session, document_id: int, window: Window = EVERYTHING) -> list[DocumentClaim]:
    """The document's claims by their span (those in `window`)."""
    query = (
        select(tables.Claim, tables.Entity.name)
        .outerjoin(tables.Entity, tables.Entity.id == tables.Claim.subject_id)
        .where(_claims_of(document_id))
        .order_by(tables.Claim.span_start, tables.Claim.id)
    )
    return [
        DocumentClaim(
            c.id, c.kind, name or c.subject_name, c.metric, c.value, c.unit, c.period, c.status,
            Span(c.span_start, c.span_end),
        )
        for c, name in rows(session, query, window)
    ]  # fmt: skip
def count_document_claims(session: Session, document_id: int) -> int:
    """How many claims were read in the document."""
    return session.scalar(select(func.count()).where(_claims_of(document_id))) or 0


def claims_before(session: Session, document_id: int, claim_id: int) -> int | None:
    """How many of the document's claims come before this one in `document_claims`' order; None when the claim
    is not the document's."""
    c = tables.Claim
    start = session.scalar(select(c.span_start).where(c.id == claim_id, _claims_of(document_id)))
    if start is None:
        return None
    earlier = (c.span_start < start) | ((c.span_start == start) & (c.id < claim_id))
    return session.scalar(select(func.count()).where(_claims_of(document_id), earlier)) or 0


def headline_of(session: Session, document_id: int) -> str | None:
    """The headline of the document's first article, if any."""
    return session.scalar(select(first_headline()).where(tables.Document.id == document_id))
