"""Work in progress: ingest runs, writes waiting for a writer, upload jobs.

Annotations are evaluated as Python reads them (no ``from __future__ import annotations``), see `store.tables`.
"""

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from chainatlas.store.tables.base import Base, UtcDateTime


class IngestRun(Base):
    """One `chainatlas ingest`: what it reads, how far it got and how it ended (`running` until it ends: a run
    killed outright stays `running`, and `ingest --resume ID` takes it up again)."""

    __tablename__ = "ingest_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(12))
    engine: Mapped[str] = mapped_column(String(10))
    paths: Mapped[list[str]] = mapped_column(JSON)
    date: Mapped[str | None] = mapped_column(String(10))
    files: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    claims: Mapped[int] = mapped_column(Integer, default=0)


class PendingWrite(Base):
    """A document whose names are resolved (its entities and aliases stored) and whose rows wait for a writer
    process (`services.writers`): its digest, the id kept for it, its rows (`claim_rows.DocumentRows.as_json`)."""

    __tablename__ = "pending_writes"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[int] = mapped_column(Integer)
    rows: Mapped[dict[str, Any]] = mapped_column(JSON)


class UploadJob(Base):
    """A file upload from the web atlas, run in the background: its kind and settings, its state (pending,
    running, done, failed), how far it is (`done` of `total` rows or files), once done its report, and the
    process running it (`runner_*`: host, id, start), by which a job whose server died is found and ended."""

    __tablename__ = "upload_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(10))
    files: Mapped[list[str]] = mapped_column(JSON)
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Why it failed: a message (`i18n.to_store`), or a text in a job that failed before revision 0016.
    error: Mapped[dict[str, Any] | str | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    runner_host: Mapped[str | None] = mapped_column(String(255))
    runner_pid: Mapped[int | None] = mapped_column(Integer)
    runner_started: Mapped[str | None] = mapped_column(String(30))

