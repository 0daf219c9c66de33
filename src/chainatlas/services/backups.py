"""A backup of the whole store in one file, and its restore, for `chainatlas backup` and `restore`.

`BackupError`, the one failure either reports (one line naming the file and what is wrong), is the store's own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from chainatlas.store.backup import BackupError, Manifest, Restored, back_up, restore
from chainatlas.store.session import Store

__all__ = ["BackupError", "back_up_store", "restore_store"]


def back_up_store(url: str | None, out: Path, created: dt.datetime) -> Manifest:
    """Write the whole store at `url` to `out` (`store.backup.back_up`); the store is closed after."""
    store = Store(url)
    try:
        return back_up(store, out, created=created)
    finally:
        store.dispose()


def restore_store(url: str | None, source: Path, force: bool = False) -> Restored:
    """Restore the backup `source` into the store at `url` (`store.backup.restore`); the store is closed after."""
    store = Store(url)
    try:
        return restore(store, source, force=force)
    finally:
        store.dispose()
