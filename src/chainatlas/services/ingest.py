"""Ingesting files and folders: extraction in worker processes, each document stored in its own transaction.

Streaming: files are read a chunk at a time and only a few chunks per worker are in
flight, so memory does not grow with the number of files. The main process is the one
writer (SQLite allows no other): it reads each file, leaves out those whose bytes
(sha256) are already stored before any extraction, and stores the documents with
their facts in the order of the files, so a parallel ingest stores what a serial one
does. A file that cannot be read is reported with its reason and the others go on; only regular files
are read (a FIFO, a device or a directory named as a file is reported, not read), never past the size limit.

Workers die with the ingest: each watches its parent and exits once the parent is gone, even when it
was killed with SIGKILL and could not shut its pool down (`exit_with_parent`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chainatlas.domain import Fact
from chainatlas.i18n import Message
from chainatlas.ingest.decode import MAX_BYTES, DocumentError
from chainatlas.ingest.document import Document, parse_document
from chainatlas.ingest.extract import extract_document
from chainatlas.ingest.formats import DOCUMENT_SUFFIXES
from chainatlas.input_files import InputRefused, read_regular
from chainatlas.logs import event
from chainatlas.services.claims import store_facts
from chainatlas.store import tables
from chainatlas.store.session import Store

_log = logging.getLogger(__name__)
# A task sent to a local worker: this many files, or fewer once their bytes reach CHUNK_BYTES.
CHUNK_FILES = 16
CHUNK_BYTES = 1 << 20
# Tasks queued per worker: enough to keep it busy while the main process stores.
IN_FLIGHT_PER_WORKER = 2
# How often a worker looks whether its parent is still there.
PARENT_CHECK_SECONDS = 0.5

Progress = Callable[[Path], None]
# Of the sha256 digests given, those whose documents are already stored.
Known = Callable[[list[str]], set[str]]


@dataclass
class IngestReport:
    """What one ingest did: documents added or already stored, claims added, files skipped."""

    added: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    claims: int = 0
    skipped: list[tuple[Path, Message | str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Extracted:
    """One file's outcome: its document and facts, or why it was skipped; neither when already stored."""

    path: Path
    document: Document | None = None
    facts: list[Fact] = field(default_factory=list)
    error: Message | str | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """A file read by the main process, to be decoded and extracted by a worker."""

    path: Path
    data: bytes
    sha256: str


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and the documents of every readable format (`DOCUMENT_SUFFIXES`) under the folders named
    (recursive, hidden ones left out); a file named on its own is always read."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
                if found.is_file() and not hidden and found.suffix.lower() in DOCUMENT_SUFFIXES:
                    yield found
        else:
            yield path


def read_file(path: Path) -> bytes:
    """A document file's bytes: a regular file of at most `MAX_BYTES`, else DocumentError with the reason."""
    try:
        return read_regular(path, MAX_BYTES)
    except InputRefused as error:
        raise DocumentError(path.name, error.reason) from None


def _read(path: Path) -> Job:
    """A file's bytes and their sha256, its kind and size checked before reading."""
    data = read_file(path)
    return Job(path, data, hashlib.sha256(data).hexdigest())


def _chunks(files: Iterable[Path], known: Known | None, most: int = CHUNK_FILES) -> Iterator[list[Extracted | Job]]:
    """The files read `most` at a time (fewer once their bytes reach CHUNK_BYTES); unreadable and already stored
    ones settled here."""
    chunk: list[Extracted | Job] = []
    size = 0
    for path in files:
        try:
            job = _read(path)
        except DocumentError as error:
            chunk.append(Extracted(path, error=error.reason))
        else:
            chunk.append(job)
            size += len(job.data)
        if len(chunk) >= most or size >= CHUNK_BYTES:
            yield _settle_stored(chunk, known)
            chunk, size = [], 0
    if chunk:
        yield _settle_stored(chunk, known)


def _settle_stored(chunk: list[Extracted | Job], known: Known | None) -> list[Extracted | Job]:
    hashes = [item.sha256 for item in chunk if isinstance(item, Job)]
    if known is None or not hashes:
        return chunk
    stored = known(hashes)
    return [Extracted(item.path) if isinstance(item, Job) and item.sha256 in stored else item for item in chunk]


def extract_chunk(chunk: list[Extracted | Job], date: dt.date | None) -> list[Extracted]:
    """A worker's task: each file of the chunk decoded and extracted."""
    return [item if isinstance(item, Extracted) else _extract_job(item, date) for item in chunk]


def _extract_job(job: Job, date: dt.date | None) -> Extracted:
    try:
        document = parse_document(job.data, job.path.name, date)
    except DocumentError as error:
        return Extracted(job.path, error=error.reason)
    try:
        facts = extract_document(document)
    except Exception as error:
        error.add_note(f"while extracting {job.path}")
        raise
    return Extracted(job.path, document, facts)


class Pool(Protocol):
    """Where chunks are extracted: local worker processes, or a Dask cluster (`services.dask_engine`)."""

    workers: int
    # Files a chunk holds at most: a task must be long enough to make the pool's cost of sending it small.
    chunk_files: int

    def submit(self, chunk: list[Extracted | Job], date: dt.date | None) -> Pending:
        """Start extracting a chunk; its outcome when asked for."""
        ...

    def close(self) -> None:
        """Drop the chunks not started and let the workers go."""
        ...


class Pending(Protocol):
    """A chunk being extracted."""

    def result(self) -> list[Extracted]: ...


class LocalPool:
    """`workers` processes of this machine (spawned clean; each ends when this process does)."""

    chunk_files = CHUNK_FILES

    def __init__(self, workers: int) -> None:
        self.workers = workers
        # spawn: a worker starts clean, not forked from a process with threads and open connections.
        spawn = multiprocessing.get_context("spawn")
        self._pool = ProcessPoolExecutor(workers, spawn, initializer=exit_with_parent, initargs=(os.getpid(),))

    def submit(self, chunk: list[Extracted | Job], date: dt.date | None) -> Future[list[Extracted]]:
        return self._pool.submit(extract_chunk, chunk, date)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


def extract_paths(
    paths: Iterable[Path],
    date: dt.date | None = None,
    workers: int | None = None,
    known: Known | None = None,
    pool: Pool | None = None,
) -> Generator[Extracted, None, None]:
    """Each file's document and facts, in the order of the files, extracted by `workers` processes (or `pool`).

    `workers` defaults to one per core; 1 extracts in this process. Files whose digest
    `known` reports are yielded as already stored, without being extracted. A few chunks per worker are in
    flight at once, so memory does not grow with the number of files; `pool` is closed at the end.
    """
    if pool is None and (workers := workers or os.cpu_count() or 1) == 1:
        for chunk in _chunks(iter_files(paths), known):
            yield from extract_chunk(chunk, date)
        return
    pool = pool or LocalPool(workers or 1)
    chunks = _chunks(iter_files(paths), known, pool.chunk_files)
    try:
        in_flight: deque[Pending] = deque()
        for chunk in chunks:
            in_flight.append(pool.submit(chunk, date))
            if len(in_flight) > IN_FLIGHT_PER_WORKER * pool.workers:
                yield from in_flight.popleft().result()
        while in_flight:
            yield from in_flight.popleft().result()
    finally:  # stopped early (an error, SIGTERM, the caller closing us): the chunks not started are dropped
        pool.close()


def exit_with_parent(parent: int) -> None:
    """A worker's initializer: a thread that ends the worker once `parent` is no longer its parent.

    A parent killed by SIGKILL (or by a SIGTERM it does not handle) cannot shut its pool down, and its
    workers, blocked on the task queue whose write end they hold too, would live on under init.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def stored_digests(store: Store, digests: list[str]) -> set[str]:
    """Of the sha256 digests given, those of documents already in the store."""
    with store.session() as session:
        return set(session.scalars(select(tables.Document.sha256).where(tables.Document.sha256.in_(digests))))


def document_values(document: Document) -> dict[str, Any]:
    """A document's `documents` row, without its id."""
    return {
        "name": document.name,
        "sha256": document.sha256,
        "raw": document.raw,
        "text": document.text,
        "encoding": document.encoding,
        "header": document.header,
        "date": document.date,
        "source_url": document.header.get("source_url"),
    }


def store_document(store: Store, document: Document, facts: list[Fact]) -> int | None:
    """Store a document with its facts in one transaction; the claims added, None if already stored."""
    try:
        with store.transaction() as session:
            if session.scalar(select(tables.Document.id).where(tables.Document.sha256 == document.sha256)):
                return None
            row = tables.Document(**document_values(document))
            session.add(row)
            session.flush()
            return store_facts(session, row, facts)
    except IntegrityError:
        with store.session() as session:  # another ingest stored the same bytes meanwhile
            if session.scalar(select(tables.Document.id).where(tables.Document.sha256 == document.sha256)):
                return None
        raise


def record(report: IngestReport, item: Extracted, added: int | None, progress: Progress | None) -> None:
    """Count and log one file's outcome: skipped, already stored (`added` None) or stored with `added` claims."""
    if item.error is not None:
        report.skipped.append((item.path, item.error))
        event(_log, "document-skipped", path=item.path, reason=item.error)
    elif item.document is None or added is None:
        report.unchanged.append(item.path)
        event(_log, "document-unchanged", logging.DEBUG, path=item.path)
    else:
        report.added.append(item.path)
        report.claims += added
        event(_log, "document-stored", path=item.path, sha256=item.document.sha256[:12], claims=added)
    if progress is not None:
        progress(item.path)


def log_done(report: IngestReport) -> None:
    """Log the ingest's totals."""
    event(_log, "ingest-done", added=len(report.added), unchanged=len(report.unchanged),
          skipped=len(report.skipped), claims=report.claims)  # fmt: skip


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    date: dt.date | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    pool: Pool | None = None,
    report: IngestReport | None = None,
) -> IngestReport:
    """Ingest files and folders, extracting in `workers` processes or `pool` (see `extract_paths`); this
    process stores every document, in the order of the files.

    `progress` is called after each file with its path, in the order of the files; `report`, when given, is
    the one filled as the files are done (so `progress` can read how far the ingest got).
    """
    report = report if report is not None else IngestReport()
    extracted = extract_paths(paths, date, workers, partial(stored_digests, store), pool)
    with closing(extracted):  # on any error the workers are shut down now, not when the generator is collected
        for item in extracted:
            added = store_document(store, item.document, item.facts) if item.document is not None else None
            record(report, item, added, progress)
    log_done(report)
    return report
