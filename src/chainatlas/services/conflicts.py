"""Conflicts: claims of one subject, metric, unit and period whose values two documents disagree on.

All of them are kept; `queries.winner` (the rule in `precedence`) says which is shown.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chainatlas.domain import ReviewStatus
from chainatlas.services.queries import Conflict, claim_rows, conflicts_of, figure_of
from chainatlas.store import tables

_KEY = (
    tables.Claim.subject_id,
    tables.Claim.region_code,
    tables.Claim.metric,
    tables.Claim.unit,
    tables.Claim.period,
)


def _subject_name(session: Session, subject_id: int | None, region_code: str | None) -> str:
    if subject_id is not None:
        return session.get_one(tables.Entity, subject_id).name
    region = session.get(tables.Region, region_code) if region_code else None
    return region.name if region else ""


def find_conflicts(session: Session) -> list[Conflict]:
    """Every conflict among claims not rejected: each value with its source, the one shown and why."""
    keys = session.execute(
        select(*_KEY)
        .where(
            tables.Claim.status != ReviewStatus.REJECTED,
            tables.Claim.metric.is_not(None),
            tables.Claim.value.is_not(None),
        )
        .group_by(*_KEY)
        .having(
            func.count(func.distinct(tables.Claim.value)) > 1,
            func.count(func.distinct(tables.Claim.document_id)) > 1,
        )
        .order_by(*_KEY)
    ).all()
    found: list[Conflict] = []
    for subject_id, region_code, metric, unit, period in keys:
        rows = claim_rows(
            session,
            [
                tables.Claim.subject_id.is_not_distinct_from(subject_id),
                tables.Claim.region_code.is_not_distinct_from(region_code),
                tables.Claim.metric == metric,
                tables.Claim.unit.is_not_distinct_from(unit),
                tables.Claim.period.is_not_distinct_from(period),
                tables.Claim.value.is_not(None),
            ],
        )
        _, conflicts = conflicts_of(_subject_name(session, subject_id, region_code), [figure_of(r) for r in rows])
        found.extend(conflicts)
    return found
