"""Reviewing claims: list them by status or subject, set a status with a note, who and when.

A rejected claim is never shown as a figure (`queries` leaves it out). A claim is
marked low-confidence when its confidence is below `precedence.LOW_CONFIDENCE`
(0.6) or it has no subject (see `precedence.is_low_confidence`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chainatlas.domain import ReviewStatus, Span
from chainatlas.services.curate import find_entity
from chainatlas.services.documents import Statement
from chainatlas.services.precedence import is_low_confidence
from chainatlas.store import tables

DEFAULT_LIMIT = 1000


class ReviewError(Exception):
    """A review that cannot be recorded as asked."""


class ClaimNotFound(ReviewError):
    def __init__(self, ids: Sequence[int]) -> None:
        super().__init__(f"no claim with id {', '.join(map(str, ids))}")
        self.ids = list(ids)


class BadStatus(ReviewError):
    def __init__(self, status: str) -> None:
        allowed = ", ".join(s.value for s in ReviewStatus)
        super().__init__(f"status {status!r} is not one of {allowed}")


@dataclass(frozen=True, slots=True)
class ClaimRow(Statement):
    """A claim in the review list: what it states, its document and span, review status and latest review."""

    document: str
    document_id: int
    span: Span
    confidence: float | None
    low_confidence: bool
    status: str
    reviewer: str | None = None
    reviewed_at: str | None = None
    note: str | None = None


def _status(status: str) -> str:
    try:
        return ReviewStatus(status).value
    except ValueError as error:
        raise BadStatus(status) from error


def _claim_filters(
    session: Session, status: str | None, subject: str | None, metric: str | None, document_id: int | None
) -> list[Any]:
    c = tables.Claim
    found: list[Any] = []
    if status is not None:
        found.append(c.status == _status(status))
    if subject is not None:
        found.append(c.subject_id == find_entity(session, subject).id)
    if metric is not None:
        found.append(c.metric == metric)
    if document_id is not None:
        found.append(c.document_id == document_id)
    return found


def count_claims(
    session: Session,
    status: str | None = None,
    subject: str | None = None,
    *,
    metric: str | None = None,
    document_id: int | None = None,
) -> int:
    """How many claims `list_claims` pages through with the same filters."""
    where = _claim_filters(session, status, subject, metric, document_id)
    return session.scalar(select(func.count()).select_from(tables.Claim).where(*where)) or 0


def list_claims(
    session: Session,
    status: str | None = None,
    subject: str | None = None,
    low_only: bool = False,
    limit: int = DEFAULT_LIMIT,
    *,
    metric: str | None = None,
    document_id: int | None = None,
    offset: int = 0,
) -> list[ClaimRow]:
    """Claims by id, filtered by status, subject (any name of the entity), metric and document, with their last
    review; `limit` and `offset` page in the database."""
    query = (
        select(tables.Claim, tables.Document.name, tables.Entity.name, tables.Region.name)
        .join(tables.Document, tables.Document.id == tables.Claim.document_id)
        .outerjoin(tables.Entity, tables.Entity.id == tables.Claim.subject_id)
        .outerjoin(tables.Region, tables.Region.code == tables.Claim.region_code)
        .where(*_claim_filters(session, status, subject, metric, document_id))
        .order_by(tables.Claim.id)
        .offset(offset)
        .limit(limit)
    )
    rows = []
    for claim, document, entity, region in session.execute(query):
        low = is_low_confidence(claim.confidence, claim.subject_id is not None or claim.region_code is not None)
        if low_only and not low:
            continue
        rows.append(
            ClaimRow(
                id=claim.id,
                kind=claim.kind,
                subject=entity or region or claim.subject_name,
                metric=claim.metric,
                value=claim.value,
                unit=claim.unit,
                period=claim.period,
                document=document,
                document_id=claim.document_id,
                span=Span(claim.span_start, claim.span_end),
                confidence=claim.confidence,
                low_confidence=low,
                status=claim.status,
            )
        )
    return _with_reviews(session, rows)


def _with_reviews(session: Session, rows: list[ClaimRow]) -> list[ClaimRow]:
    reviews = {
        r.claim_id: r
        for r in session.scalars(
            select(tables.Review).where(tables.Review.claim_id.in_([r.id for r in rows])).order_by(tables.Review.id)
        )
    }
    out = []
    for row in rows:
        review = reviews.get(row.id)
        if review is None:
            out.append(row)
            continue
        out.append(
            replace(
                row,
                reviewer=review.reviewer,
                reviewed_at=review.reviewed_at.isoformat() if review.reviewed_at else None,
                note=review.note,
            )
        )
    return out


def review_claims(session: Session, ids: Sequence[int], status: str, reviewer: str, note: str | None = None) -> int:
    """Set the status of the claims `ids`, recording reviewer, note and time; the count changed."""
    value = _status(status)
    claims = {c.id: c for c in session.scalars(select(tables.Claim).where(tables.Claim.id.in_(ids)))}
    if missing := [i for i in ids if i not in claims]:
        raise ClaimNotFound(missing)
    for claim in claims.values():
        claim.status = value
        session.add(tables.Review(claim_id=claim.id, status=value, note=note, reviewer=reviewer))
    session.flush()
    return len(claims)
