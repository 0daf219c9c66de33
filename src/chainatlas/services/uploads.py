"""Uploads as jobs: files an editor sends from the web atlas, imported in a background thread by the functions the
CLI commands call, with the job's state, progress and report kept in the store (`upload_jobs`), so every server
process shows them.

A job's files wait in a temporary folder of their own under their uploaded names; the folder is removed when the
job ends. Documents are ingested as `chainatlas ingest` does (each in its own transaction, unreadable files
reported and skipped); a workbook is imported in one transaction, as `projects import`, `enterprises import` and
`datasets import` do: good rows stored and every bad cell named, or, for a file that cannot be read as the
template (or a dataset with one bad row), nothing stored and one line saying why.

Progress is written as rows are read and files stored. A store has one writer at a time (SQLite's write lock,
PostgreSQL's advisory lock, `store.session`): while a workbook's transaction stores its rows no other may write,
so the job shows the rows read until it is done.

A job runs in the process that recorded it, which the job names (host, process id and start). A server that
stops mid-job leaves it unfinished: whenever jobs are listed or opened, those whose process this host sees gone
end as failed (`end_dead_jobs`). A sibling worker's job lives on, and one of another host is left to that host.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from chainatlas.analytics.panel import PanelError
from chainatlas.analytics.table import Columns, TableError
from chainatlas.i18n import N_, lazy, message_of, to_store
from chainatlas.logs import event
from chainatlas.processes import Owner
from chainatlas.services.import_report import ImportProgress, ImportReport
from chainatlas.services.ingest import ingest_paths
from chainatlas.services.panels import import_dataset
from chainatlas.services.project_import import import_projects
from chainatlas.services.register import import_register
from chainatlas.store import tables
from chainatlas.store.session import Store

_log = logging.getLogger(__name__)
KINDS = ("documents", "projects", "register", "dataset")
STATES = ("pending", "running", "done", "failed")
UNFINISHED = ("pending", "running")
# Why a job whose process is gone failed. Reasons are stored as messages (`i18n.to_store`), read in the language
# of whoever opens the job (`i18n.stored_text`).
STOPPED = N_("服务器在任务进行中停止，任务未完成：请重新上传这些文件。")
# What a workbook that cannot be imported raises: its message is the one line the CLI prints.
_REFUSED = (TableError, PanelError)


@dataclass(frozen=True, slots=True)
class Upload:
    """One upload: its kind, who sent it, the folder its files wait in, the files, and the form's options
    (`today` for projects; `sheet`; for a dataset `name`, `metric`, `unit`, `region`, `activity`, `value`, `year`)."""

    kind: str
    actor: str
    folder: Path
    files: list[Path]
    options: dict[str, str]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_job(store: Store, upload: Upload, runner: Owner | None = None) -> int:
    """Record `upload` as a pending job run by `runner` (default: this process); its id."""
    runner = runner or Owner.this()
    with store.transaction() as session:
        job = tables.UploadJob(
            kind=upload.kind,
            actor=upload.actor,
            state="pending",
            files=[path.name for path in upload.files],
            options=upload.options,
            done=0,
            total=len(upload.files) if upload.kind == "documents" else None,
            created_at=_now(),
            runner_host=runner.host,
            runner_pid=runner.pid,
            runner_started=runner.started,
        )
        session.add(job)
        session.flush()
        return job.id


def recent_jobs(session: Session, limit: int) -> list[tables.UploadJob]:
    """The `limit` latest jobs, newest first."""
    return list(session.scalars(select(tables.UploadJob).order_by(tables.UploadJob.id.desc()).limit(limit)))


def find_job(session: Session, job_id: int) -> tables.UploadJob | None:
    """The job with this id, or None."""
    return session.get(tables.UploadJob, job_id)


def _runner(job: tables.UploadJob) -> Owner | None:
    if job.runner_host is None or job.runner_pid is None or job.runner_started is None:
        return None
    return Owner(job.runner_host, job.runner_pid, job.runner_started)


def _dead(job: tables.UploadJob) -> bool:
    """Whether this host sees the job's process gone (a job naming none predates revision 0013: gone too)."""
    runner = _runner(job)
    return runner is None or runner.alive() is False


def end_dead_jobs(store: Store, now: dt.datetime) -> list[int]:
    """End as failed (`STOPPED`, at `now`) each unfinished job whose process is gone; the ids of those found.

    Only a job still unfinished when the failure is written is ended: one that finished meanwhile keeps its end.
    """
    with store.session() as session:
        unfinished = session.scalars(select(tables.UploadJob).where(tables.UploadJob.state.in_(UNFINISHED)))
        dead = [job.id for job in unfinished if _dead(job)]
    if dead:
        job = tables.UploadJob
        with store.transaction() as session:
            session.execute(
                update(job)
                .where(job.id.in_(dead), job.state.in_(UNFINISHED))
                .values(state="failed", error=lazy(STOPPED).as_json(), finished_at=now)
            )
        event(_log, "upload-stopped", logging.WARNING, jobs=",".join(map(str, dead)))
    return dead


def _set(store: Store, job_id: int, **values: Any) -> None:
    with store.transaction() as session:
        session.execute(update(tables.UploadJob).where(tables.UploadJob.id == job_id).values(**values))


def _progress(store: Store, job_id: int) -> ImportProgress:
    """Progress written to the job as rows are read (before the import's transaction begins)."""

    def tell(step: str, done: int, total: int | None) -> None:
        if step == "read":
            _set(store, job_id, done=done, total=total)

    return tell


def _documents(store: Store, job_id: int, upload: Upload) -> dict[str, Any]:
    done = iter(range(1, len(upload.files) + 1))
    report = ingest_paths(store, upload.files, progress=lambda _p: _set(store, job_id, done=next(done)), workers=1)
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in report.added + report.unchanged}
    with store.session() as session:
        found = session.execute(
            select(tables.Document.sha256, tables.Document.id).where(tables.Document.sha256.in_(digests.values()))
        )
        ids = {digest: number for digest, number in found}
    skipped = dict(report.skipped)
    files: list[dict[str, Any]] = []
    for path in upload.files:
        if path in skipped:
            files.append({"name": path.name, "outcome": "skipped", "reason": to_store(skipped[path])})
        else:
            outcome = "added" if path in report.added else "unchanged"
            files.append({"name": path.name, "outcome": outcome, "document": ids.get(digests[path])})
    return {"files": files, "claims": report.claims}


def _rows(report: ImportReport) -> dict[str, Any]:
    bad = len({(e.sheet, e.row) for e in report.errors})
    return {
        "rows": report.rows,
        "good": report.rows - bad,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "errors": [e.message().as_json() for e in report.errors],
    }


def _workbook(store: Store, job_id: int, upload: Upload) -> dict[str, Any]:
    (path,) = upload.files
    options, progress = upload.options, _progress(store, job_id)
    sheet = options.get("sheet") or None
    with store.transaction() as session:
        if upload.kind == "projects":
            today = dt.date.fromisoformat(options["today"])
            return _rows(import_projects(session, path, upload.actor, today, sheet, progress))
        if upload.kind == "register":
            return _rows(import_register(session, path, upload.actor, sheet, progress))
        columns = Columns(options["region"], options["activity"], options["value"], options.get("year") or None)
        name, unit = options["name"], options.get("unit") or None
        cells, changed = import_dataset(
            session, path, columns, name, options["metric"], unit, sheet, progress, source=path.name
        )
        return {"name": name, "cells": cells, "changed": changed}


def run_job(store: Store, job_id: int, upload: Upload) -> None:
    """Run a recorded job to its end (done with its report, or failed with one line), then remove its folder."""
    try:
        _set(store, job_id, state="running")
        work = _documents if upload.kind == "documents" else _workbook
        report = work(store, job_id, upload)
        _set(store, job_id, state="done", report=report, finished_at=_now())
        event(_log, "upload-done", job=job_id, kind=upload.kind, by=upload.actor)
    except _REFUSED as error:
        reason = _as_uploaded(to_store(message_of(error)), upload.folder)
        _set(store, job_id, state="failed", error=reason, finished_at=_now())
        event(_log, "upload-refused", logging.WARNING, job=job_id, reason=str(error))
    except Exception as error:
        internal = lazy("内部错误：{kind}", kind=type(error).__name__)
        _set(store, job_id, state="failed", error=internal.as_json(), finished_at=_now())
        _log.exception("upload job %s failed", job_id)
    finally:
        shutil.rmtree(upload.folder, ignore_errors=True)


def _as_uploaded(reason: dict[str, Any] | str, folder: Path) -> Any:
    """A stored reason naming each file as uploaded, not where it waited (the job's temporary folder)."""
    return json.loads(json.dumps(reason, ensure_ascii=False).replace(json.dumps(f"{folder}/")[1:-1], ""))


Runner = Callable[[Store, int, Upload], None]


def in_thread(store: Store, job_id: int, upload: Upload) -> None:
    """Run the job in a background thread of this process."""
    threading.Thread(target=run_job, args=(store, job_id, upload), name=f"upload-{job_id}", daemon=True).start()


def start_job(store: Store, upload: Upload, runner: Runner = in_thread) -> int:
    """Record `upload` as a job and start it with `runner`; its id."""
    job_id = create_job(store, upload)
    runner(store, job_id, upload)
    return job_id
