"""A backup's manifest: what the archive holds and how a restore checks it.

The manifest names the store kind, the schema revision, the rows of every table, the payload's
size and SHA-256, the chainatlas version and the time of the backup. It is read back with every
field checked, so a damaged or foreign manifest is refused before anything is restored.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, inspect, select, table

FORMAT = "chainatlas-backup/1"
PAYLOADS = {"sqlite": "store.sqlite3", "postgresql": "store.pgdump"}  # the payload's name in the archive, by kind
_TABLE_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")  # what chainatlas names its tables; safe to put in SQL
_SHA256 = re.compile(r"[0-9a-f]{64}\Z")
_REVISION = re.compile(r"\w+\Z", re.ASCII)  # an Alembic revision id; also safe to put in SQL


class BackupError(Exception):
    """A backup that cannot be written or restored; the message is one line naming the file or store."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a backup holds: store kind, schema revision, rows per table, payload checksum, version, time."""

    store: str
    schema: str
    tables: dict[str, int]
    size: int
    sha256: str
    chainatlas: str
    created: dt.datetime

    @property
    def payload(self) -> str:
        """The payload's name in the archive."""
        return PAYLOADS[self.store]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def to_json(self) -> bytes:
        fields = {
            "format": FORMAT,
            "chainatlas": self.chainatlas,
            "created": self.created.isoformat(),
            "store": self.store,
            "schema": self.schema,
            "payload": {"name": self.payload, "bytes": self.size, "sha256": self.sha256},
            "tables": self.tables,
        }
        return json.dumps(fields, ensure_ascii=False, indent=2).encode()

    @classmethod
    def from_json(cls, data: bytes, source: Path) -> Manifest:
        """The manifest in `data`, every field checked; anything else raises :class:`BackupError`."""
        try:
            return _parse(json.loads(data))
        except (ValueError, KeyError, TypeError, AttributeError) as error:  # JSON's and UTF-8's are ValueErrors
            raise BackupError(f"{source}: not a chainatlas backup: its manifest is unreadable ({error})") from None


def _parse(fields: Any) -> Manifest:
    if fields.get("format") != FORMAT:
        raise ValueError(f"format {fields.get('format')!r}, not {FORMAT!r}")
    store, payload, tables = _text(fields, "store"), fields["payload"], fields["tables"]
    if store not in PAYLOADS:
        raise ValueError(f"unknown store kind {store!r}")
    if payload.get("name") != PAYLOADS[store]:
        raise ValueError(f"a {store} backup's payload is {PAYLOADS[store]}, not {payload.get('name')!r}")
    if not _REVISION.match(_text(fields, "schema")):
        raise ValueError(f"schema {fields['schema']!r} is no revision id")
    if not _SHA256.match(_text(payload, "sha256")) or not _count(payload["bytes"]):
        raise ValueError("the payload's checksum or size is malformed")
    if not isinstance(tables, dict) or not all(_TABLE_NAME.match(n) and _count(c) for n, c in tables.items()):
        raise ValueError("the table row counts are malformed")
    return Manifest(
        store=store,
        schema=_text(fields, "schema"),
        tables=tables,
        size=payload["bytes"],
        sha256=payload["sha256"],
        chainatlas=_text(fields, "chainatlas"),
        created=dt.datetime.fromisoformat(_text(fields, "created")),
    )


def _text(fields: Mapping[str, Any], key: str) -> str:
    value = fields[key]
    if not isinstance(value, str):
        raise ValueError(f"{key} is not text")
    return value


def _count(value: object) -> bool:
    return type(value) is int and value >= 0


def count_rows(connection: Connection) -> dict[str, int]:
    """Rows per table of the store on `connection` (its default schema), in the connection's snapshot."""
    names = sorted(inspect(connection).get_table_names())
    return {name: connection.execute(select(func.count()).select_from(table(name))).scalar_one() for name in names}


def check_counts(found: Mapping[str, int], manifest: Manifest, source: Path) -> None:
    """Raise :class:`BackupError` unless the restored tables and their rows are the manifest's."""
    for name in sorted(found.keys() | manifest.tables.keys()):
        rows, listed = found.get(name), manifest.tables.get(name)
        if rows != listed:
            restored = "not restored" if rows is None else f"{rows} rows restored"
            expected = "lists no such table" if listed is None else f"says {listed}"
            raise BackupError(f"{source}: table {name}: {restored}, the manifest {expected}")
