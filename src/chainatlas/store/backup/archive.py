"""The backup file: a tar archive of `manifest.json` and the payload (a SQLite copy or a pg_dump archive).

Reading goes through :class:`Archive`, which turns every way a file can fail to be a backup
(missing, a folder, not a tar, truncated, a payload that fails its checksum) into one
:class:`BackupError` naming the file.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import tarfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

from chainatlas.store.backup.manifest import BackupError, Manifest

MANIFEST = "manifest.json"


def sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def write_archive(out: Path, manifest: Manifest, payload: Path) -> None:
    """Write `manifest` and then `payload` as the tar file `out`."""
    data = manifest.to_json()
    entry = tarfile.TarInfo(MANIFEST)
    entry.size, entry.mtime, entry.mode = len(data), int(manifest.created.timestamp()), 0o644
    with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as archive:
        archive.addfile(entry, io.BytesIO(data))
        archive.add(payload, arcname=manifest.payload, recursive=False)


def describe(error: OSError) -> str:
    """An OS error as a short reason, with the file it is about when it names one."""
    reason = error.strerror or str(error)
    return f"{error.filename}: {reason}" if error.filename else reason


@contextmanager
def _reading(source: Path) -> Iterator[None]:
    """Every error of reading `source` as a backup, as one BackupError naming it."""
    try:
        yield
    except FileNotFoundError:
        raise BackupError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise BackupError(f"{source}: a folder, not a backup file") from None
    except (tarfile.TarError, EOFError) as error:
        raise BackupError(f"{source}: not a chainatlas backup (not a tar archive, or truncated: {error})") from None
    except OSError as error:
        raise BackupError(f"cannot restore {source}: {describe(error)}") from None


class Archive:
    """A backup file open for reading: its checked manifest, and its payload on request, checksum verified."""

    def __init__(self, source: Path, archive: tarfile.TarFile) -> None:
        self.source = source
        self._archive = archive
        with _reading(source), self._member(MANIFEST) as stream:
            self.manifest = Manifest.from_json(stream.read(), source)

    def _member(self, name: str) -> IO[bytes]:
        try:
            stream = self._archive.extractfile(name)
        except KeyError:
            stream = None
        if stream is None:
            raise BackupError(f"{self.source}: not a chainatlas backup (no file {name} in it)")
        return stream

    def extract(self, folder: Path) -> Path:
        """The payload written into `folder`; raises BackupError unless its size and SHA-256 are the manifest's."""
        manifest, path = self.manifest, folder / self.manifest.payload
        with _reading(self.source), self._member(manifest.payload) as stream, path.open("wb") as out:
            shutil.copyfileobj(stream, out)
        digest = sha256(path)
        if path.stat().st_size != manifest.size or digest != manifest.sha256:
            raise BackupError(
                f"{self.source}: damaged: {manifest.payload} has sha256 {digest[:16]}…, the manifest says "
                f"{manifest.sha256[:16]}…"
            )
        return path


@contextmanager
def open_archive(source: Path) -> Iterator[Archive]:
    """`source` open as a backup, its manifest read and checked."""
    with ExitStack() as stack:
        with _reading(source):  # only the opening: errors of what the caller does with it are its own
            archive = stack.enter_context(tarfile.open(source, "r:"))
        yield Archive(source, archive)
