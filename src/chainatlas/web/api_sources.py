"""The API's documents and claims, and the search over clusters, enterprises, projects and documents."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from chainatlas.domain import ReviewStatus
from chainatlas.paging import EVERYTHING, Window
from chainatlas.services.curate import CurationError, count_entities, list_entities
from chainatlas.services.documents import count_documents, document_of, holding, list_documents, named_like, with_ids
from chainatlas.services.review import ClaimRow, count_claims, list_claims
from chainatlas.web.api_common import IdFilter, Linked, Page, PageOf, Paging, bad_request, no_such, not_found
from chainatlas.web.deps import Db, StoreId

router = APIRouter(tags=["documents and claims"])


class DocumentItem(BaseModel):
    """A stored document: its name, date, where it came from and how many claims were read in it."""

    id: int
    name: str
    date: dt.date | None
    source_url: str | None
    claim_count: int


class DocumentDetail(DocumentItem):
    """A document's text and a page of the claims read in it, with their spans in the text (`next` pages through
    the rest at /api/claims)."""

    text: str
    claims: Linked[ClaimRow]


class Hit(BaseModel):
    id: int
    name: str


class SearchResult(BaseModel):
    """What a search found, a page of each kind."""

    q: str
    clusters: Page[Hit]
    enterprises: Page[Hit]
    projects: Page[Hit]
    documents: Page[Hit]


def _documents(session: Session, page: Window, *where: ColumnElement[bool]) -> list[DocumentItem]:
    """A window of the documents (meeting `where`) by id, with their claim counts."""
    return [
        DocumentItem(id=d.id, name=d.name, date=d.date, source_url=d.source_url, claim_count=d.claims)
        for d in list_documents(session, page, *where, by_id=True)
    ]


def _page_of_documents(session: Session, page: Paging, *where: ColumnElement[bool]) -> Page[DocumentItem]:
    return page.window(_documents(session, page, *where), count_documents(session, *where))


def _claims(
    session: Session,
    page: Paging,
    status: ReviewStatus | None = None,
    subject: str | None = None,
    metric: str | None = None,
    document_id: int | None = None,
) -> tuple[list[ClaimRow], int]:
    """One page of claims by id, filtered, with their document id and span, and the total."""
    try:
        rows = list_claims(
            session, status, subject, limit=page.limit, offset=page.offset, metric=metric, document_id=document_id
        )
        total = count_claims(session, status, subject, metric=metric, document_id=document_id)
    except CurationError as error:
        bad_request(error)
    return rows, total


@router.get("/documents")
def documents(
    session: Db, page: PageOf, q: Annotated[str | None, Query(description="part of the name")] = None
) -> Page[DocumentItem]:
    """Every stored document, by id."""
    return _page_of_documents(session, page, *([named_like(q)] if q else []))


@router.get("/documents/{document_id}")
def document(session: Db, document_id: StoreId, page: PageOf) -> DocumentDetail:
    """A document's text, date and source, and a page of the claims read in it with their spans."""
    found = document_of(session, document_id)
    if found is None:
        not_found(no_such("document", document_id))
    (item,) = _documents(session, EVERYTHING, with_ids([document_id]))
    claimed = page.linked(*_claims(session, page, document_id=document_id), f"/api/claims?document_id={document_id}")
    return DocumentDetail(**item.model_dump(), text=found.text, claims=claimed)


@router.get("/claims")
def claims(
    request: Request,
    session: Db,
    page: PageOf,
    subject: Annotated[str | None, Query(description="any name of the entity, or #ID")] = None,
    metric: str | None = None,
    status: ReviewStatus | None = None,
    document_id: IdFilter = None,
) -> Linked[ClaimRow]:
    """Claims by id with their review status and source span; `next` is the address of the next page."""
    return page.linked(*_claims(session, page, status, subject, metric, document_id), request.url)


@router.get("/search")
def search(session: Db, page: PageOf, q: Annotated[str, Query(min_length=1, max_length=200)]) -> SearchResult:
    """Clusters, enterprises and projects whose name holds `q`, and documents whose name or text does."""
    def of(kind: str) -> Page[Hit]:
        rows = list_entities(session, kind, name_contains=q, limit=page.limit, offset=page.offset)
        return page.window([Hit(id=e.id, name=e.name) for e in rows], count_entities(session, kind, name_contains=q))

    found = _page_of_documents(session, page, holding(session, q, names=True))
    documents = page.window([Hit(id=doc.id, name=doc.name) for doc in found.items], found.total)
    return SearchResult(
        q=q, clusters=of("cluster"), enterprises=of("enterprise"), projects=of("project"), documents=documents
    )

