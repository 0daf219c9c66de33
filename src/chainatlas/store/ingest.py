"""Ingesting files and folders: each document read, extracted and stored in its own transaction.

Streaming: one document is in memory at a time. A document whose bytes (sha256) are
already stored adds nothing; a file that cannot be read is reported with its reason
and the others go on, leaving the store as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from chainatlas.ingest.decode import DocumentError
from chainatlas.ingest.document import Document, read_document
from chainatlas.ingest.extract import extract_document
from chainatlas.store import tables
from chainatlas.store.claims import store_facts
from chainatlas.store.session import Store

# Files a folder walk picks up; a file named on its own is always read.
TEXT_SUFFIXES = frozenset({".txt", ".text"})

Progress = Callable[[Path], None]


@dataclass
class IngestReport:
    """What one ingest did: documents added or already stored, claims added, files skipped."""

    added: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    claims: int = 0
    skipped: list[tuple[Path, str]] = field(default_factory=list)


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and the text files under the folders named (recursive, hidden ones left out)."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in found.relative_to(path).parts)
                if found.is_file() and not hidden and found.suffix.lower() in TEXT_SUFFIXES:
                    yield found
        else:
            yield path


def store_document(store: Store, document: Document) -> int | None:
    """Store a document with its facts in one transaction; the claims added, None if already stored."""
    try:
        with store.transaction() as session:
            if session.scalar(select(tables.Document.id).where(tables.Document.sha256 == document.sha256)):
                return None
            row = tables.Document(
                name=document.name,
                sha256=document.sha256,
                raw=document.raw,
                text=document.text,
                encoding=document.encoding,
                header=document.header,
                date=document.date,
                source_url=document.header.get("source_url"),
            )
            session.add(row)
            session.flush()
            return store_facts(session, row, extract_document(document))
    except IntegrityError:
        with store.session() as session:  # another ingest stored the same bytes meanwhile
            if session.scalar(select(tables.Document.id).where(tables.Document.sha256 == document.sha256)):
                return None
        raise


def ingest_paths(
    store: Store, paths: Iterable[Path], date: dt.date | None = None, progress: Progress | None = None
) -> IngestReport:
    """Ingest files and folders; `progress` is called after each file with its path."""
    report = IngestReport()
    for path in iter_files(paths):
        try:
            document = read_document(path, date=date)
        except DocumentError as error:
            report.skipped.append((path, error.reason))
        else:
            added = store_document(store, document)
            if added is None:
                report.unchanged.append(path)
            else:
                report.added.append(path)
                report.claims += added
        if progress is not None:
            progress(path)
    return report
