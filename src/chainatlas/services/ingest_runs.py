"""Ingest runs in the store: each run's paths, engine, progress and end (`ingest_runs`), so that a run killed
outright can be taken up again (`chainatlas ingest --resume ID`): it reads the same paths, leaves out the
documents already stored (by their bytes), and stores the rest as the first run would have.

Progress is written in transactions of its own every `CHECKPOINT_FILES` files and at the end, so what a run
reports lags by at most that many files; what is stored is always exactly the documents committed.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from chainatlas.i18n import lazy
from chainatlas.services.ingest import IngestReport
from chainatlas.store import tables
from chainatlas.store.session import Store

CHECKPOINT_FILES = 50
RUNNING, DONE, STOPPED = "running", "done", "stopped"


class RunError(LookupError):
    """No run of that id."""


@dataclass(frozen=True, slots=True)
class Run:
    """A run as stored."""

    id: int
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    engine: str
    paths: list[Path]
    date: dt.date | None
    files: int
    done: int
    added: int
    unchanged: int
    skipped: int
    claims: int


def _record(row: tables.IngestRun) -> Run:
    date = dt.date.fromisoformat(row.date) if row.date else None
    return Run(row.id, row.started_at, row.finished_at, row.status, row.engine, [Path(p) for p in row.paths], date,
               row.files, row.done, row.added, row.unchanged, row.skipped, row.claims)  # fmt: skip


def start_run(store: Store, paths: list[Path], date: dt.date | None, engine: str, files: int, now: dt.datetime) -> int:
    """Record a new run (`running`); its id."""
    with store.transaction() as session:
        row = tables.IngestRun(
            started_at=now, status=RUNNING, engine=engine, paths=[os.path.abspath(p) for p in paths],
            date=date.isoformat() if date else None, files=files, done=0, added=0, unchanged=0, skipped=0, claims=0,
        )  # fmt: skip
        session.add(row)
        session.flush()
        return row.id


def find_run(store: Store, run_id: int) -> Run:
    """Run `run_id`; :class:`RunError` naming the runs there are when there is none."""
    with store.session() as session:
        row = session.get(tables.IngestRun, run_id)
        if row is None:
            ids = session.scalars(select(tables.IngestRun.id).order_by(tables.IngestRun.id))
            known = tuple(f"#{i}" for i in ids)
            if not known:
                raise RunError(lazy("没有导入运行 #{id}（尚无任何运行）", id=run_id))
            raise RunError(lazy("没有导入运行 #{id}（已有运行：{runs}）", id=run_id, runs=known))
        return _record(row)


def resume_run(store: Store, run_id: int, files: int) -> None:
    """Mark run `run_id` running again, over `files` files (the folders may hold more or fewer by now)."""
    with store.transaction() as session:
        row = session.get_one(tables.IngestRun, run_id)
        row.status, row.files, row.finished_at = RUNNING, files, None


@dataclass(frozen=True, slots=True)
class Earlier:
    """What the run's earlier attempts stored: this attempt finds those documents stored already."""

    added: int = 0
    claims: int = 0


def checkpoint(
    store: Store,
    run_id: int,
    report: IngestReport,
    earlier: Earlier = Earlier(),
    status: str = RUNNING,
    now: dt.datetime | None = None,
) -> None:
    """Write how far the run got over all its attempts (and its end, when `status` is not running)."""
    with store.transaction() as session:
        row = session.get_one(tables.IngestRun, run_id)
        row.added, row.claims = earlier.added + len(report.added), earlier.claims + report.claims
        row.unchanged, row.skipped = max(0, len(report.unchanged) - earlier.added), len(report.skipped)
        row.done, row.status = row.added + row.unchanged + row.skipped, status
        if status != RUNNING:
            row.finished_at = now


def runs(store: Store) -> list[Run]:
    """Every run, newest first."""
    with store.session() as session:
        return [_record(r) for r in session.scalars(select(tables.IngestRun).order_by(tables.IngestRun.id.desc()))]
