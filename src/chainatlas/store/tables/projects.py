"""The project registry and the service desk: stages, benchmarks, requests, and the audit log.

Annotations are evaluated as Python reads them (no ``from __future__ import annotations``), see `store.tables`.
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Double, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from chainatlas.domain import REQUEST_STATUSES
from chainatlas.store.tables.base import Base, one_of


class ProjectStage(Base):
    """A stage's planned and actual date as the registry keeps them (an import or a user), with the source.

    Dates are written as in `project_events` (day, month, quarter or year). They override what claims
    say for the same stage; ingestion never writes here.
    """

    __tablename__ = "project_stages"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    planned: Mapped[str | None] = mapped_column(String(10))
    actual: Mapped[str | None] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(300))
    __table_args__ = (UniqueConstraint("project_id", "stage"),)


class StageBenchmark(Base):
    """A user's benchmark for the months from one stage to another, for a chain or a zone (or all), for one
    kind of project or (`kind` empty) every kind."""

    __tablename__ = "stage_benchmarks"
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12), default="", server_default="")
    from_stage: Mapped[str] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    min_months: Mapped[float] = mapped_column(Double)
    max_months: Mapped[float] = mapped_column(Double)
    __table_args__ = (UniqueConstraint("scope", "key", "kind", "from_stage", "to_stage"),)


class ServiceRequest(Base):
    """A request on a project through its loop: opened → responded → resolved → confirmed by the enterprise."""

    __tablename__ = "service_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    need: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(String(100))
    owner: Mapped[str] = mapped_column(String(100))
    due: Mapped[dt.date] = mapped_column(Date)
    cause: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="open")
    opened_by: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    response: Mapped[str | None] = mapped_column(Text)
    responded_by: Mapped[str | None] = mapped_column(String(100))
    responded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_by: Mapped[str | None] = mapped_column(String(100))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    __table_args__ = (one_of("status", REQUEST_STATUSES),)


class AuditEntry(Base):
    """One change to a project, a stage, a benchmark or a request: who, when, what, and the values before and after."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    __table_args__ = (Index("ix_audit_log_subject", "subject_type", "subject_id"),)

