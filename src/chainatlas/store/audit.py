"""The audit log: every change to a project, a stage date, a benchmark or a service request, with who and when.

Writers call :func:`record` inside the transaction that makes the change, so a change and its entry
commit or roll back together; :func:`changes` gives the before/after of the fields that differ (and
nothing when nothing does, so an unchanged re-import writes no entry).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.logs import event
from chainatlas.store import tables

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Entry:
    """One audit entry as read back."""

    at: dt.datetime
    actor: str
    subject_type: str
    subject_id: int
    action: str
    changes: dict[str, Any]


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field of `after` whose value differs from `before`'s."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    session: Session,
    actor: str,
    subject_type: str,
    subject_id: int,
    action: str,
    change: Mapping[str, Any],
    at: dt.datetime | None = None,
) -> None:
    """Add an entry (in the caller's transaction); values must be JSON-serialisable. Logged as it is added."""
    event(_log, "audit", actor=actor, subject=f"{subject_type}:{subject_id}", action=action, fields=",".join(change))
    session.add(
        tables.AuditEntry(
            at=at or dt.datetime.now(dt.UTC),
            actor=actor,
            subject_type=subject_type,
            subject_id=subject_id,
            action=action,
            changes=dict(change),
        )
    )


def history(session: Session, subject_type: str | None = None, subject_id: int | None = None) -> list[Entry]:
    """Entries, oldest first, for one subject, one type of subject or everything."""
    a = tables.AuditEntry
    query = select(a).order_by(a.id)
    if subject_type is not None:
        query = query.where(a.subject_type == subject_type)
    if subject_id is not None:
        query = query.where(a.subject_id == subject_id)
    return [
        Entry(e.at, e.actor, e.subject_type, e.subject_id, e.action, dict(e.changes)) for e in session.scalars(query)
    ]
