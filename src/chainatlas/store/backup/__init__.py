"""Backup and restore of a whole store: `back_up` writes one file, `restore` checks it and puts it back.

The file is a tar archive of a manifest (store kind, schema revision, rows per table, the
payload's size and SHA-256, chainatlas version, time of the backup) and the payload: a SQLite
copy made with the online backup API, or a `pg_dump --format=custom` archive. Both are taken
while the store stays in use. A restore reads the manifest and refuses a backup of another
kind of store or of a schema newer than this chainatlas knows; it refuses a target that holds
data unless forced; it verifies the payload's checksum before it touches the target, restores
atomically, checks every table's rows against the manifest (and SQLite's integrity check), and
upgrades an older schema with the bundled migrations.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory

from chainatlas import __version__
from chainatlas.store.backup import postgres, sqlite
from chainatlas.store.backup.archive import Archive, open_archive, sha256, write_archive
from chainatlas.store.backup.manifest import PAYLOADS, BackupError, Manifest
from chainatlas.store.session import Store, alembic_config

__all__ = ["BackupError", "Manifest", "Restored", "back_up", "restore"]


@dataclass(frozen=True, slots=True)
class _Backend:
    """What one kind of store does for a backup: dump into a file, tell whether it is empty, restore."""

    dump: Callable[[Store, Path], tuple[str | None, dict[str, int]]]
    is_empty: Callable[[Store], bool]
    restore: Callable[[Store, Archive], None]


BACKENDS = {
    "sqlite": _Backend(sqlite.dump, sqlite.is_empty, sqlite.restore),
    "postgresql": _Backend(postgres.dump, postgres.is_empty, postgres.restore),
}


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore put back: the backup's manifest, and the schema the store is at now."""

    manifest: Manifest
    schema: str | None


def _kind(store: Store) -> str:
    kind = store.engine.dialect.name
    if kind not in BACKENDS:
        raise BackupError(f"{store.engine.url}: backup and restore know SQLite and PostgreSQL stores, not {kind}")
    return kind


def back_up(store: Store, out: Path, created: dt.datetime) -> Manifest:
    """Write the whole store to the backup file `out` (replaced atomically, never half-written); its manifest."""
    kind = _kind(store)
    if kind == "sqlite" and out.resolve() == sqlite.store_file(store).resolve():
        raise BackupError(f"{out}: the store itself, not a place for its backup")
    try:
        work = tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.")
    except OSError as error:
        raise BackupError(f"cannot write {out}: {error.strerror or error}") from None
    with work as folder:
        payload, archive = Path(folder) / PAYLOADS[kind], Path(folder) / "backup.tar"
        schema, tables = BACKENDS[kind].dump(store, payload)
        if schema is None:
            raise BackupError(f"{store.engine.url}: not a chainatlas store (no schema), nothing to back up")
        manifest = Manifest(kind, schema, tables, payload.stat().st_size, sha256(payload), __version__, created)
        try:
            write_archive(archive, manifest, payload)
            os.replace(archive, out)
        except OSError as error:
            raise BackupError(f"cannot write {out}: {error.strerror or error}") from None
    return manifest


def restore(store: Store, source: Path, force: bool = False) -> Restored:
    """Restore the backup file `source` into the store, every check passed first; a bad file changes nothing."""
    kind = _kind(store)
    with open_archive(source) as archive:
        manifest = archive.manifest
        if manifest.store != kind:
            raise BackupError(f"{source}: a backup of a {manifest.store} store, {store.engine.url} is {kind}")
        _check_schema(manifest, source)
        if not force and not BACKENDS[kind].is_empty(store):
            raise BackupError(f"{store.engine.url} holds data: restoring {source} would replace it (--force does)")
        BACKENDS[kind].restore(store, archive)
    return Restored(manifest, store.revision())


def _check_schema(manifest: Manifest, source: Path) -> None:
    """Refuse a schema the bundled migrations do not know: a newer chainatlas made the backup."""
    scripts = ScriptDirectory.from_config(alembic_config())
    if manifest.schema not in {script.revision for script in scripts.walk_revisions()}:
        raise BackupError(
            f"{source}: schema {manifest.schema} (chainatlas {manifest.chainatlas}) is newer than this chainatlas "
            f"({__version__}, schema {scripts.get_current_head()}): upgrade chainatlas, then restore"
        )
