"""Backing up and restoring a SQLite store.

The backup is a copy made by SQLite's online backup API in one step: a read transaction, so in
WAL mode it is a consistent snapshot and the web server or an ingest writes on meanwhile. A
restore writes the copy beside the store, checks it (SQLite's integrity check, the manifest's
row counts, the schema), upgrades its schema if it is older, and only then puts it in the
store's place with `os.replace`.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from typing import cast

from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import DatabaseError

from chainatlas.store.backup.archive import Archive
from chainatlas.store.backup.manifest import BackupError, check_counts, count_rows
from chainatlas.store.session import Store


def store_file(store: Store) -> Path:
    """The file of a SQLite store (a store in memory has none to back up or replace)."""
    database = store.engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError(f"{store.engine.url}: backup and restore need a SQLite store in a plain file")
    return Path(database)


def dump(store: Store, payload: Path) -> tuple[str | None, dict[str, int]]:
    """Copy the store into the new file `payload`; the copy's schema revision and rows per table."""
    path = store_file(store)
    if not path.is_file():
        raise BackupError(f"{path}: no such store")
    try:
        with store.engine.connect() as connection, closing(sqlite3.connect(payload)) as copy:
            source = cast(sqlite3.Connection, connection.connection.driver_connection)
            source.backup(copy)  # every page in one step: one read transaction, one snapshot
    except DatabaseError as error:
        raise BackupError(f"{path}: cannot back up this SQLite store ({error.orig})") from None
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path}: cannot back up this SQLite store ({error})") from None
    return _inspect(payload)


def _inspect(path: Path, source: Path | None = None) -> tuple[str | None, dict[str, int]]:
    """The schema revision and rows per table of the SQLite file `path`, once it passes SQLite's integrity check."""
    copy = Store(f"sqlite:///{path}")
    try:
        with copy.engine.connect() as connection:
            problems = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
            if problems == ["ok"]:
                return MigrationContext.configure(connection).get_current_revision(), count_rows(connection)
    except DatabaseError as error:  # damage SQLite cannot even list: not a database, a malformed image
        problems = [str(error.orig)]
    finally:
        copy.dispose()
    raise BackupError(f"{source or path}: fails SQLite's integrity check: {problems[0]}")


def is_empty(store: Store) -> bool:
    """True when the store's file is missing or holds no rows."""
    path = store_file(store)
    if not path.exists() or path.stat().st_size == 0:
        return True
    try:
        with store.engine.connect() as connection:
            return not any(count_rows(connection).values())
    except DatabaseError as error:
        reason = f"cannot tell whether this store is empty ({error.orig})"
        raise BackupError(f"{path}: {reason}; --force replaces it") from None
    finally:
        store.dispose()


def restore(store: Store, archive: Archive) -> None:
    """Replace the store's file by the archive's copy once the copy is checked and at the newest schema."""
    path = store_file(store)
    store.dispose()  # its pooled connections would hold the file
    try:
        work = tempfile.TemporaryDirectory(dir=path.parent, prefix=f".{path.name}.restore-")
    except OSError as error:
        raise BackupError(f"cannot restore into {path}: {error.strerror or error}") from None
    with work as folder:
        copy = archive.extract(Path(folder))
        schema, counts = _inspect(copy, archive.source)
        listed = archive.manifest.schema
        if schema != listed:
            raise BackupError(f"{archive.source}: the store in it is at schema {schema}, the manifest says {listed}")
        check_counts(counts, archive.manifest, archive.source)
        upgraded = Store(f"sqlite:///{copy}")
        upgraded.upgrade()
        upgraded.dispose()
        _release(path)
        os.replace(copy, path)


def _release(path: Path) -> None:
    """Fold the store's write-ahead log into it and drop the log, so the new file gets no stale log.

    Leaving the journal mode of WAL needs the only connection: a store in use (the web server, an
    ingest) is refused here, before anything is replaced.
    """
    if not path.exists():
        return
    try:
        with closing(sqlite3.connect(path)) as connection:
            connection.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.OperationalError as error:
        raise BackupError(f"{path}: in use ({error}): stop the web server and any ingest, then restore") from None
    except sqlite3.DatabaseError:  # a damaged store, replaced under --force: its log is as useless
        for log in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            log.unlink(missing_ok=True)
