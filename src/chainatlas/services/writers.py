"""Several writer processes storing an ingest's documents on PostgreSQL (`chainatlas ingest --writers N`).

Two writers resolving names at once would each find no entity for a new name and both create one, so every
resolution takes the write lock (`session.WRITE_LOCK`) and sees all the names stored before it. Storing is split
in two so that only that part takes turns:

1. **Resolution, in turn and in the order of the files.** This process takes the extracted documents a batch at
   a time and, in one transaction holding the lock, resolves each one's names (`claims.DocumentWriter.resolve_facts`):
   entities and aliases created, entities' fields filled, townships added. The document gets an id from its
   sequence, and its other rows (claims, articles, products, memberships, stage events, supply links, the merge
   log) are kept in `pending_writes` under its digest.
2. **Everything else, concurrently.** One of the N writer processes stores the batch: its documents and their
   rows in one transaction without the lock, deleting the batch's pending rows in it. No resolution reads these
   rows, so the writers overlap one another and the resolution of the next batches.

Resolution runs in file order through the same code as a single writer, so the store is the one a single writer
gives. It is idempotent by digest: a document stored is left out, and one pending (resolved by a run whose writer
died before committing) is stored from its pending rows, not resolved again; a resumed run so re-does only the
dead writer's batches. A writer that dies or fails stops the ingest with `WriterError`. SQLite keeps one writer.

Entities merged or split while such an ingest runs may lose claims (a merge deletes the merged entity, and the
rows a writer stores for it go with it): curate between ingests. Rates and cluster sizes: docs/scale.md.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import queue
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from pathlib import Path
from types import TracebackType

from sqlalchemy import delete, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from chainatlas.i18n import Message, lazy
from chainatlas.ingest.document import Document
from chainatlas.services.claim_rows import DocumentRows, insert_rows
from chainatlas.services.claims import DocumentWriter, prefetched
from chainatlas.services.ingest import (
    Extracted,
    IngestReport,
    Pool,
    Progress,
    document_values,
    exit_with_parent,
    extract_paths,
    log_done,
    record,
    stored_digests,
)
from chainatlas.store import tables
from chainatlas.store.batches import batches
from chainatlas.store.session import Store

# Documents resolved in one turn and stored by a writer in one transaction.
BATCH_DOCUMENTS = 16
# Batches handed to the writers and not yet stored, per writer: enough to keep each busy.
IN_FLIGHT_PER_WRITER = 2
# How often this process looks whether its writers are alive while it waits for them.
WAIT_SECONDS = 0.5
_DOCUMENT_IDS = text("SELECT nextval(pg_get_serial_sequence('documents', 'id')) FROM generate_series(1, :n)")
_DOCUMENTS = tables.Base.metadata.tables[tables.Document.__tablename__]


class WriterError(RuntimeError):
    """A writer process died or failed: the run stops, and `ingest --resume RUN` completes it."""


@dataclass(frozen=True, slots=True)
class Write:
    """A document whose names are resolved: the id kept for it and its rows, for a writer to store."""

    document: Document
    document_id: int
    rows: DocumentRows


def resolve_batch(store: Store, items: list[Extracted], in_flight: set[str]) -> list[Write]:
    """Resolve the names of a batch's documents in one turn (see the module's docstring); the documents to store.

    Documents stored already, or handed to a writer by this run (`in_flight`, their digests: the same bytes
    named twice), are left out; those written are added to `in_flight`.
    """
    documents = {item.document.sha256: item for item in items if item.document is not None}
    if not documents:
        return []
    with store.transaction() as session:
        stored = set(session.scalars(select(tables.Document.sha256).where(tables.Document.sha256.in_(documents))))
        kept = session.scalars(select(tables.PendingWrite).where(tables.PendingWrite.sha256.in_(documents)))
        pending = {row.sha256: row for row in kept}
        new = [d for d in documents if d not in stored | in_flight | pending.keys()]
        ids = dict(zip(new, session.scalars(_DOCUMENT_IDS, {"n": len(new)}), strict=True)) if new else {}
        writes = []
        resolver = prefetched(session, (fact for digest in new for fact in documents[digest].facts))
        for digest, item in documents.items():
            if digest in stored or digest in in_flight:
                continue
            assert item.document is not None
            if (row := pending.get(digest)) is not None:
                writes.append(Write(item.document, row.document_id, DocumentRows.from_json(row.rows)))
            else:
                writer = DocumentWriter(session, tables.Document(id=ids[digest]), resolver=resolver)
                rows = writer.resolve_facts(item.facts)
                session.flush()  # the next document's lookups read the entities as this one left them
                session.add(tables.PendingWrite(sha256=digest, document_id=ids[digest], rows=rows.as_json()))
                writes.append(Write(item.document, ids[digest], rows))
            in_flight.add(digest)
    return writes


def store_writes(store: Store, writes: list[Write]) -> set[str]:
    """Store resolved documents with their rows in one transaction, without the lock; the digests stored.

    A document is stored only while pending: deleting its pending row first settles which of two writers
    (of two runs) given the same document stores it.
    """
    digests = [write.document.sha256 for write in writes]
    with store.concurrent_transaction() as session:
        taken = delete(tables.PendingWrite).where(tables.PendingWrite.sha256.in_(digests))
        claimed = set(session.scalars(taken.returning(tables.PendingWrite.sha256)))
        mine = [write for write in writes if write.document.sha256 in claimed]
        if mine:
            connection = session.connection()
            connection.execute(insert(_DOCUMENTS), [document_values(w.document) | {"id": w.document_id} for w in mine])
            for write in mine:
                insert_rows(connection, write.rows, write.document_id)
    return claimed


# One batch's outcome as a writer reports it: its number, and the digests stored or why it failed.
Outcome = tuple[int, set[str] | Message]
Settle = Callable[[list[Extracted], list[Write], set[str]], None]


def _write_batches(url: str, tasks: Queue[tuple[int, list[Write]] | None], done: Queue[Outcome], parent: int) -> None:
    """A writer process: store each batch it is given until told to stop (None)."""
    exit_with_parent(parent)
    store = Store(url)
    try:
        while (task := tasks.get()) is not None:
            number, writes = task
            try:
                done.put((number, store_writes(store, writes)))
            except SQLAlchemyError as error:
                done.put((number, lazy("写入进程{pid}未能存储：{error}", pid=str(os.getpid()), error=str(error))))
                return
    finally:
        store.dispose()


class Writers:
    """`count` writer processes, given batches in file order; each batch settled (`settle`) once it and every
    batch before it are stored, so progress never runs ahead of what is committed."""

    def __init__(self, url: str, count: int, settle: Settle) -> None:
        spawn = multiprocessing.get_context("spawn")  # a writer starts clean, not forked with open connections
        self._tasks: Queue[tuple[int, list[Write]] | None] = spawn.Queue()
        self._done: Queue[Outcome] = spawn.Queue()
        self._settle = settle
        self._batches: dict[int, tuple[list[Extracted], list[Write]]] = {}
        self._stored: dict[int, set[str]] = {}
        self._numbers = iter(range(1 << 62))
        self._limit = IN_FLIGHT_PER_WRITER * count
        args = (url, self._tasks, self._done, os.getpid())
        self.processes: list[BaseProcess] = [
            spawn.Process(target=_write_batches, args=args, name=f"chainatlas-writer-{n}", daemon=True)
            for n in range(count)
        ]
        for process in self.processes:
            process.start()

    def submit(self, items: list[Extracted], writes: list[Write]) -> None:
        """Hand a batch to the writers (settled at once when it has nothing to store); waits while too many are."""
        number = next(self._numbers)
        self._batches[number] = (items, writes)
        if writes:
            self._tasks.put((number, writes))
        else:
            self._stored[number] = set()
        self._release()
        while len(self._batches) > self._limit:
            self._collect()

    def finish(self) -> None:
        """Wait until every batch is stored, then let the writers go."""
        while self._batches:
            self._collect()
        for _ in self.processes:
            self._tasks.put(None)
        for process in self.processes:
            process.join()

    def _collect(self) -> None:
        """Wait a moment for a writer's outcome; WriterError when one failed or a writer process died."""
        if dead := [p for p in self.processes if not p.is_alive()]:
            ended = lazy("写入进程{pid}已结束（退出码{code}）", pid=str(dead[0].pid), code=str(dead[0].exitcode))
            raise WriterError(ended)
        try:
            number, outcome = self._done.get(timeout=WAIT_SECONDS)
        except queue.Empty:
            return
        if isinstance(outcome, Message):
            raise WriterError(outcome)
        self._stored[number] = outcome
        self._release()

    def _release(self) -> None:
        while self._batches and (first := next(iter(self._batches))) in self._stored:
            items, writes = self._batches.pop(first)
            self._settle(items, writes, self._stored.pop(first))

    def __enter__(self) -> Writers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Stopped early (an error, SIGTERM): the writers are ended, their open transactions rolled back."""
        if kind is None:
            return
        self._tasks.cancel_join_thread()
        for process in self.processes:
            process.kill()
            process.join()


def ingest_with_writers(
    store: Store,
    paths: Iterable[Path],
    writers: int,
    date: dt.date | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    pool: Pool | None = None,
    report: IngestReport | None = None,
    batch: int = BATCH_DOCUMENTS,
) -> IngestReport:
    """Ingest files and folders into PostgreSQL with `writers` writer processes, `batch` documents resolved in a
    turn (see the module's docstring); extraction, `progress` and `report` as for `store.ingest.ingest_paths`."""
    report = report if report is not None else IngestReport()
    in_flight: set[str] = set()

    def settle(items: list[Extracted], writes: list[Write], stored: set[str]) -> None:
        claims = {w.document.sha256: len(w.rows.claims) for w in writes if w.document.sha256 in stored}
        for item in items:
            digest = item.document.sha256 if item.document is not None else None
            record(report, item, claims.pop(digest) if digest in claims else None, progress)
        in_flight.difference_update(w.document.sha256 for w in writes)

    extracted = extract_paths(paths, date, workers, partial(stored_digests, store), pool)
    with closing(extracted), Writers(store.url, writers, settle) as processes:
        for items in batches(extracted, batch):
            processes.submit(items, resolve_batch(store, items, in_flight))
        processes.finish()
    log_done(report)
    return report
