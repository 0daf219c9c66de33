"""The audit log as the shells read it: a project's history.

`Entry`, one entry as read back, is the store's record, re-exported: the shells format it (the web's
`audit_view`, the CLI's `project --json`) and a copy here would be a second definition of one record.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from chainatlas.store.audit import Entry, history

__all__ = ["Entry", "project_history"]


def project_history(session: Session, project_id: int) -> list[Entry]:
    """The audit entries of project `project_id`, oldest first."""
    return history(session, "project", project_id)
