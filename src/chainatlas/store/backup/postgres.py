"""Backing up and restoring a PostgreSQL store with the server's own client programs.

The backup is `pg_dump --format=custom` run on a snapshot exported by a repeatable-read
transaction, in which the rows are counted too: the counts are those of the dump however busy
the store is. A restore turns the dump into a script (`pg_restore`) and runs it with `psql` in
one transaction that first empties the target's public schema and last checks every table's
rows against the manifest: a failure anywhere rolls everything back.

The programs must be of the server's major version (pg_dump refuses newer servers, and its
script speaks its own version); Debian keeps each version's in /usr/lib/postgresql/N/bin.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError

from chainatlas.store.backup.archive import Archive, describe
from chainatlas.store.backup.manifest import BackupError, Manifest, count_rows
from chainatlas.store.session import Store

DEBIAN_BIN = "/usr/lib/postgresql/{major}/bin"
_VERSION = re.compile(r"\(PostgreSQL\) (\d+)")
WIPE = "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"


@dataclass(frozen=True, slots=True)
class ClientPrograms:
    pg_dump: str
    pg_restore: str
    psql: str


def client_programs(server_major: int) -> ClientPrograms:
    """pg_dump, pg_restore and psql of the server's major version: Debian's folder for it first, then $PATH."""
    search = os.pathsep.join([DEBIAN_BIN.format(major=server_major), os.environ.get("PATH", os.defpath)])
    found = {}
    for name in ("pg_dump", "pg_restore", "psql"):
        program = shutil.which(name, path=search)
        if program is None:
            raise BackupError(
                f"{name} not found: install the PostgreSQL {server_major} client programs "
                f"(Debian: apt install postgresql-client-{server_major})"
            )
        major = _major(program)
        if major != server_major:
            raise BackupError(
                f"{program} is PostgreSQL {major} but the server is PostgreSQL {server_major}: install the "
                f"PostgreSQL {server_major} client programs (Debian: apt install postgresql-client-{server_major})"
            )
        found[name] = program
    return ClientPrograms(**found)


def _major(program: str) -> int:
    answer = subprocess.run([program, "--version"], capture_output=True, text=True, check=False).stdout
    version = _VERSION.search(answer)
    if version is None:
        raise BackupError(f"{program} --version says {answer.strip()!r}: not a PostgreSQL client program")
    return int(version.group(1))


def _programs(connection: Connection) -> ClientPrograms:
    info = connection.dialect.server_version_info
    assert info is not None  # set on the first connection
    return client_programs(int(info[0]))


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The client programs' connection string and environment: the password goes in PGPASSWORD, not argv."""
    from psycopg.conninfo import make_conninfo  # psycopg loads only for a PostgreSQL store, as SQLAlchemy does

    query = {key: value if isinstance(value, str) else ",".join(value) for key, value in url.query.items()}
    params = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database, **query}
    environment = dict(os.environ)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    return make_conninfo("", **{k: v for k, v in params.items() if v is not None}), environment


def _run(command: Sequence[str], environment: dict[str, str], failure: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if done.returncode != 0:
        raise BackupError(f"{failure}: {_first_error(done.stderr)}")


def _first_error(stderr: str) -> str:
    """The line of a client program's complaint that says what went wrong, without psql's file:line prefix."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in lines:
        if "ERROR:" in line:
            return line[line.index("ERROR:") :]
        if "error:" in line:
            return line
    return lines[0] if lines else "no message"


def _connected(store: Store) -> Connection:
    try:
        return store.engine.connect()
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0]  # psycopg adds hints on further lines
        raise BackupError(f"cannot reach the store {store.engine.url}: {reason}") from None


def dump(store: Store, payload: Path) -> tuple[str | None, dict[str, int]]:
    """`pg_dump` the store into `payload`; the dump's schema revision and rows per table."""
    conninfo, environment = _libpq(store.engine.url)
    with _connected(store) as connection:
        programs = _programs(connection)
        snapshot = connection.execution_options(isolation_level="REPEATABLE READ")
        with snapshot.begin():
            name = snapshot.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            schema, counts = MigrationContext.configure(snapshot).get_current_revision(), count_rows(snapshot)
            command = [programs.pg_dump, "--format=custom", f"--snapshot={name}", f"--file={payload}", conninfo]
            _run(command, environment, f"pg_dump failed on {store.engine.url}")
    return schema, counts


def is_empty(store: Store) -> bool:
    """True when no table of the store's public schema holds a row."""
    with _connected(store) as connection:
        return not any(count_rows(connection).values())


def restore(store: Store, archive: Archive) -> None:
    """Empty the store and restore the dump in one transaction that checks the rows before it commits."""
    conninfo, environment = _libpq(store.engine.url)
    with _connected(store) as connection:
        programs = _programs(connection)
    try:
        work = tempfile.TemporaryDirectory(prefix="chainatlas-restore-")
    except OSError as error:
        raise BackupError(f"cannot restore {archive.source}: {describe(error)}") from None
    with work as folder:
        dump, script = archive.extract(Path(folder)), Path(folder) / "restore.sql"
        command = [programs.pg_restore, "--no-owner", "--no-privileges", f"--file={script}", str(dump)]
        _run(command, environment, f"{archive.source}: pg_restore cannot read the dump")
        transaction = ["--single-transaction", f"--command={WIPE}", f"--file={script}"]
        checks = f"--command={_checks(archive.manifest)}"
        command = [programs.psql, "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", *transaction, checks, conninfo]
        _run(command, environment, f"{archive.source}: not restored, {store.engine.url} unchanged")
    store.upgrade()


def _checks(manifest: Manifest) -> str:
    """A DO block that fails (and so rolls the restore back) unless the tables and rows are the manifest's."""
    # The manifest's table names and schema were checked when it was read: [a-z_][a-z0-9_]* and \w+, safe here.
    tables, schema = "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'", manifest.schema
    steps = [
        f"IF ({tables}) <> {len(manifest.tables)} THEN RAISE EXCEPTION "
        f"'% tables restored, the manifest lists {len(manifest.tables)}', ({tables}); END IF;",
        f"IF (SELECT max(version_num) FROM public.alembic_version) IS DISTINCT FROM '{schema}' THEN RAISE EXCEPTION "
        f"'the store in it is at schema %, the manifest says {schema}', "
        "(SELECT max(version_num) FROM public.alembic_version); END IF;",
    ]
    for name, rows in manifest.tables.items():
        steps.append(
            f'SELECT count(*) INTO found FROM public."{name}"; IF found <> {rows} THEN '
            f"RAISE EXCEPTION 'table {name}: % rows restored, the manifest says {rows}', found; END IF;"
        )
    return "DO $checks$ DECLARE found bigint; BEGIN " + " ".join(steps) + " END $checks$"
