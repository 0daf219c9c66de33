"""Backup and restore (both backends): a round trip keeps every row; bad files, newer schemas, busy stores."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tarfile
import threading
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, func, select, text

from chainatlas import __version__
from chainatlas.services.desk import open_request
from chainatlas.services.ingest import ingest_paths
from chainatlas.services.project_import import import_projects
from chainatlas.services.project_registry import find_project
from chainatlas.services.reference import load_reference
from chainatlas.services.users import add_user
from chainatlas.store import audit, tables
from chainatlas.store.backup import BackupError, back_up, restore
from chainatlas.store.backup.postgres import client_programs
from chainatlas.store.session import Store, alembic_config
from cli_runner import run
from store_samples import migrate

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English output

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()
NOW = dt.datetime(2026, 7, 5, 9, 30, tzinfo=dt.UTC)
PROJECTS = """项目编号,项目名称,项目类型,所在园区,所在县(市、区),总投资(亿元),签约实际,落地实际,开工计划,立项实际
P-001,甲项目,投资项目,嘉善经济技术开发区,330421,5,2026-01-10,2026-02-01,2026-Q3,
P-002,丁实事,民生实事,平湖经济技术开发区,330482,,,,2026-Q4,2026-03-01
"""


def _registry(store: Store, tmp_path: Path) -> None:
    """Two imported projects, a service request on one, two users: every kind of row an office adds."""
    sheet = tmp_path / "projects.csv"
    sheet.write_text(PROJECTS, encoding="utf-8")
    with store.transaction() as session:
        report = import_projects(session, sheet, "wang", today=NOW.date())
        assert (report.created, report.errors) == (2, [])
        project = find_project(session, "甲项目").id
        open_request(session, project, "用电报装", "供电公司", "张三", dt.date(2026, 8, 1), "wang", now=NOW)
        add_user(session, "wang", "correct horse", "admin", "setup")
        add_user(session, "li", "battery staple", "viewer", "wang")


def every_row(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order."""
    metadata = MetaData()
    metadata.reflect(store.engine)
    with store.engine.connect() as connection:
        return {
            name: [tuple(row) for row in connection.execute(select(table).order_by(*table.primary_key.columns))]
            for name, table in metadata.tables.items()
        }


def test_a_restored_store_has_every_row_of_the_backup(store: Store, data: Path, tmp_path: Path) -> None:
    ingest_paths(store, [data / "news"], workers=1)
    _registry(store, tmp_path)
    before = every_row(store)
    assert len(before["claims"]) > 100 and len(before["service_requests"]) == 1 and len(before["users"]) == 2

    manifest = back_up(store, tmp_path / "atlas.backup", created=NOW)
    kind = store.engine.dialect.name
    assert (manifest.store, manifest.schema, manifest.chainatlas, manifest.created) == (kind, HEAD, __version__, NOW)
    assert manifest.tables == {name: len(rows) for name, rows in before.items()}
    with tarfile.open(tmp_path / "atlas.backup") as archive:
        assert archive.getnames() == ["manifest.json", manifest.payload]
        payload = archive.extractfile(manifest.payload)
        assert payload is not None and hashlib.sha256(payload.read()).hexdigest() == manifest.sha256

    migrate(store, command.downgrade, "base")  # an empty store: no tables but an empty alembic_version
    restored = restore(store, tmp_path / "atlas.backup")
    assert restored.schema == HEAD and every_row(store) == before

    with pytest.raises(BackupError, match=r"holds data: restoring .* would replace it"):
        restore(store, tmp_path / "atlas.backup")
    restore(store, tmp_path / "atlas.backup", force=True)
    assert every_row(store) == before
    with store.transaction() as session:  # ids go on from the restored ones
        add_user(session, "zhao", "tr0ub4dor&3", "editor", "wang")


def _member(backup: Path, name: str) -> bytes:
    with tarfile.open(backup) as archive:
        stream = archive.extractfile(name)
        assert stream is not None
        return stream.read()


def _repacked(good: Path, bad: Path, change: dict[str, Any], payload: bytes | None = None) -> Path:
    """`good` with fields of its manifest changed and, when given, another payload."""
    with tarfile.open(good) as archive, tarfile.open(bad, "w") as out:
        for member in archive.getmembers():
            content = _member(good, member.name)
            if member.name == "manifest.json":
                content = json.dumps(json.loads(content) | change, ensure_ascii=False).encode()
            elif payload is not None:
                content = payload
            member.size = len(content)
            out.addfile(member, io.BytesIO(content))
    return bad


def _damaged(good: Path, damage: str, data: Path) -> tuple[Path, str]:
    """A backup file broken in the named way, and the reason the restore must give."""
    bad = good.with_name(f"{damage}.backup")
    content = good.read_bytes()
    if damage == "truncated":
        bad.write_bytes(content[: len(content) // 2])
        return bad, "not a chainatlas backup .*truncated"
    if damage == "flipped":  # one byte in the middle of the payload
        with tarfile.open(good) as archive:
            payload = archive.getmembers()[1]
            at = payload.offset_data + payload.size // 2
        bad.write_bytes(content[:at] + bytes([content[at] ^ 0xFF]) + content[at + 1 :])
        return bad, f"damaged: {payload.name} has sha256 .*, the manifest says"
    if damage == "a page":
        return next((data / "news").iterdir()), "not a chainatlas backup"
    if damage == "missing":
        return bad, "no such file"
    if damage == "miscounted":
        tables = json.loads(_member(good, "manifest.json"))["tables"]
        bad = _repacked(good, bad, {"tables": tables | {"users": tables["users"] + 1}})
        return bad, "table users: 2 rows restored, the manifest says 3"
    assert damage == "not a manifest"
    return _repacked(good, bad, {"format": "zip"}), "its manifest is unreadable"


@pytest.mark.parametrize("damage", ["truncated", "flipped", "a page", "missing", "miscounted", "not a manifest"])
def test_a_bad_backup_file_is_refused_and_the_store_unchanged(
    store: Store, damage: str, data: Path, tmp_path: Path
) -> None:
    _registry(store, tmp_path)
    back_up(store, tmp_path / "good.backup", created=NOW)
    before = every_row(store)
    bad, reason = _damaged(tmp_path / "good.backup", damage, data)
    with pytest.raises(BackupError, match=reason) as refused:
        restore(store, bad, force=True)
    assert str(bad) in str(refused.value) and "\n" not in str(refused.value)
    assert every_row(store) == before


def test_a_backup_from_a_newer_schema_is_refused(store: Store, tmp_path: Path) -> None:
    _registry(store, tmp_path)
    with store.transaction() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    assert store.revision() == "0099"
    back_up(store, tmp_path / "future.backup", created=NOW)
    with store.transaction() as session:
        session.execute(text(f"UPDATE alembic_version SET version_num = '{HEAD}'"))
    before = every_row(store)
    with pytest.raises(BackupError, match=f"schema 0099 .* is newer than this chainatlas .*schema {HEAD}"):
        restore(store, tmp_path / "future.backup", force=True)
    assert every_row(store) == before


def test_a_backup_from_an_older_schema_is_upgraded_after_the_restore(empty_store: Store, tmp_path: Path) -> None:
    migrate(empty_store, command.upgrade, "0005")  # before the users table (0006)
    with empty_store.transaction() as session:
        load_reference(session)
    before = every_row(empty_store)
    assert "users" not in before and len(before["regions"]) > 3000
    manifest = back_up(empty_store, tmp_path / "old.backup", created=NOW)
    assert manifest.schema == "0005"

    migrate(empty_store, command.downgrade, "base")
    assert restore(empty_store, tmp_path / "old.backup").schema == HEAD
    after = every_row(empty_store)
    assert after["users"] == [] and after["regions"] == before["regions"]


def _write_user_and_entry(store: Store, number: int) -> None:
    """One transaction writing to two tables: a copy holds both rows or neither."""
    with store.transaction() as session:
        user = tables.User(name=f"writer{number}", role="viewer", password_hash="-")
        session.add(user)
        session.flush()
        audit.record(session, "writer", "user", user.id, "add", {"name": [None, user.name]}, at=NOW)


def test_a_backup_taken_while_another_connection_writes_is_one_snapshot(store: Store, tmp_path: Path) -> None:
    writer, started, stop, written, failures = Store(store.url), threading.Event(), threading.Event(), [0], []

    def write() -> None:
        try:
            while not stop.is_set():
                _write_user_and_entry(writer, written[0])
                written[0] += 1
                started.set()
        except Exception as error:  # the test fails on it below
            failures.append(error)
            started.set()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        started.wait()
        manifest = back_up(store, tmp_path / "busy.backup", created=NOW)
    finally:
        stop.set()
        thread.join()
        writer.dispose()
    assert failures == [] and written[0] >= manifest.tables["users"] >= 1

    migrate(store, command.downgrade, "base")
    restore(store, tmp_path / "busy.backup")  # checks every table's rows against the manifest
    with store.session() as session:
        users = session.scalar(select(func.count()).select_from(tables.User))
        entries = session.scalar(select(func.count()).select_from(tables.AuditEntry))
    assert users == entries == manifest.tables["users"] == manifest.tables["audit_log"]


SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@SQLITE_ONLY
def test_an_unwritable_place_is_refused(store: Store, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(BackupError, match=f"cannot write {blocker}/atlas.backup: Not a directory"):
        back_up(store, blocker / "atlas.backup", created=NOW)
    back_up(store, tmp_path / "atlas.backup", created=NOW)
    with pytest.raises(BackupError, match=f"cannot restore into {blocker}/atlas.db: Not a directory"):
        restore(Store(f"sqlite:///{blocker / 'atlas.db'}"), tmp_path / "atlas.backup")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("missing.db", "missing.db: no such store"),
        ("page.txt", r"page.txt: cannot back up this SQLite store \(file is not a database\)"),
        ("empty.db", r"not a chainatlas store \(no schema\), nothing to back up"),
        ("atlas.backup", "atlas.backup: the store itself, not a place for its backup"),
    ],
)
def test_what_is_no_store_is_not_backed_up(name: str, reason: str, data: Path, tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_bytes(next((data / "news").iterdir()).read_bytes())
    (tmp_path / "empty.db").touch()
    (tmp_path / "atlas.backup").touch()
    source = Store(f"sqlite:///{tmp_path / name}")
    with pytest.raises(BackupError, match=reason):
        back_up(source, tmp_path / "atlas.backup", created=NOW)
    source.dispose()
    assert (tmp_path / "atlas.backup").stat().st_size == 0 and not (tmp_path / "missing.db").exists()


@SQLITE_ONLY
def test_a_sqlite_store_in_use_is_not_replaced(store: Store, tmp_path: Path) -> None:
    _registry(store, tmp_path)
    back_up(store, tmp_path / "atlas.backup", created=NOW)
    before = every_row(store)
    with store.engine.connect() as reader:  # the web server, say, holds the file open
        reader.execute(select(func.count()).select_from(tables.User))
        with pytest.raises(BackupError, match=r"atlas.db: in use .*stop the web server and any ingest"):
            restore(Store(store.url), tmp_path / "atlas.backup", force=True)
    assert every_row(store) == before


@SQLITE_ONLY
def test_a_sqlite_copy_failing_its_integrity_check_is_refused(store: Store, tmp_path: Path) -> None:
    back_up(store, tmp_path / "good.backup", created=NOW)
    pages = bytearray(_member(tmp_path / "good.backup", "store.sqlite3"))
    pages[len(pages) // 2 : len(pages) // 2 + 4096] = bytes(4096)  # a page in the middle zeroed
    payload = {"name": "store.sqlite3", "bytes": len(pages), "sha256": hashlib.sha256(pages).hexdigest()}
    bad = _repacked(tmp_path / "good.backup", tmp_path / "bad.backup", {"payload": payload}, bytes(pages))
    target = Store(f"sqlite:///{tmp_path / 'restored.db'}")
    with pytest.raises(BackupError, match=f"{bad}: fails SQLite's integrity check"):
        restore(target, bad)
    assert not (tmp_path / "restored.db").exists()


def test_client_programs_of_another_major_version_or_none_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # server 99: no Debian folder for it either
    with pytest.raises(BackupError, match="pg_dump not found: install the PostgreSQL 99 client programs"):
        client_programs(99)
    program = tmp_path / "pg_dump"
    program.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 16.4 (Debian 16.4-1)'\n")
    program.chmod(0o755)
    with pytest.raises(BackupError, match=f"{program} is PostgreSQL 16 but the server is PostgreSQL 99"):
        client_programs(99)


def test_the_commands_print_one_line_and_exit_1_on_a_bad_file(store: Store, tmp_path: Path) -> None:
    _registry(store, tmp_path)
    store.dispose()  # the commands are the store's only users: a SQLite store open elsewhere is not replaced
    written = run(store.url, "backup", tmp_path / "atlas.backup")
    assert written.exit_code == 0 and f"backup written: {tmp_path / 'atlas.backup'}" in written.stderr
    refused = run(store.url, "restore", tmp_path / "atlas.backup")
    assert refused.exit_code == 1 and "holds data" in refused.stderr
    restored = run(store.url, "restore", tmp_path / "atlas.backup", "--force")
    assert restored.exit_code == 0 and f"restored {tmp_path / 'atlas.backup'}" in restored.stderr
    (tmp_path / "half.backup").write_bytes((tmp_path / "atlas.backup").read_bytes()[:3000])
    broken = run(store.url, "restore", tmp_path / "half.backup", "--force")
    assert broken.exit_code == 1 and broken.stdout == ""
    [line] = broken.stderr.strip().splitlines()
    assert line.startswith(f"{tmp_path / 'half.backup'}: not a chainatlas backup")
