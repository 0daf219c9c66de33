"""Opening the store: a database URL, its engine, sessions and schema migrations.

The URL comes from `--db`, else the environment variable `CHAINATLAS_DB`, else
`sqlite:///atlas.db` in the working directory. SQLite connections run in WAL mode
with foreign keys enforced; PostgreSQL is reached through psycopg 3
(`postgresql+psycopg://user:password@host/db`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from chainatlas.settings import CONFIG_VAR, DB_VAR, DEFAULT_DB, load_settings

if TYPE_CHECKING:
    from alembic.config import Config

ENV_VAR = DB_VAR
MIGRATIONS = Path(__file__).with_name("migrations")
# The execution option that marks a transaction as one that writes (`Store.transaction`, `Store.upgrade`).
WRITES = "chainatlas_writes"
# How long a SQLite writer waits for the write lock another holds (an ingest stores one document at a time).
BUSY_SECONDS = 30.0
# The PostgreSQL advisory lock every writing transaction takes at its start, as SQLite's writers take the
# database's write lock: setups (schema, reference data) and writers (ingests, imports, curation) take turns.
WRITE_LOCK = 0x636861696E  # "chain"


def database_url(url: str | None = None) -> str:
    """The URL to open: the one given, else `$CHAINATLAS_DB`, else the settings file's `db`, else `./atlas.db`.

    The settings object is built only when a settings file is named: the environment variable wins over the
    file anyway, and a command then starts without pydantic-settings.
    """
    if url or (url := os.environ.get(ENV_VAR)):
        return url
    return load_settings().db if os.environ.get(CONFIG_VAR) else DEFAULT_DB


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transactions begin only before INSERT, UPDATE and DELETE, so each CREATE TABLE of a
    # migration would commit alone (a kill mid-migration left half a schema that no later run could upgrade):
    # the driver is left in autocommit and `_begin` opens every transaction, DDL included.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Table statistics for the query planner where they are missing or stale (SQLite's advice for long-lived
    # connections): without them a query on a national-size store may scan five million claims.
    cursor.execute("PRAGMA optimize=0x10002")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    # A transaction that writes takes the write lock at its start, waiting for it up to the busy timeout: one
    # that read first would fail with "database is locked" at its first write whenever another connection
    # (an ingest, the web server's other requests) had written since its read.
    writes = connection.get_execution_options().get(WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _begin_postgresql(connection: Connection) -> None:
    # Two writers at once would each resolve a name to no entity and both create it (READ COMMITTED does
    # not see the other's uncommitted row, and no constraint can tell two firms of one name from one firm
    # named twice): a writing transaction waits for its turn, held to its end. Readers never wait.
    if connection.get_execution_options().get(WRITES, False):
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def make_engine(url: str) -> Engine:
    """An engine for `url`. Writing transactions take turns on both backends; SQLite gets WAL, foreign keys
    and fresh planner statistics on every connection, transactions that hold schema changes too, and a writer
    waits up to `BUSY_SECONDS` for another's turn."""
    if make_url(url).get_backend_name() != "sqlite":
        engine = create_engine(url)
        event.listen(engine, "begin", _begin_postgresql)
        return engine
    engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def alembic_config() -> Config:
    """Alembic's configuration, built in code: the bundled migrations, no alembic.ini.

    The migrations run on the connection put in `config.attributes["connection"]`. Alembic is imported here,
    not with the module: commands that only read the store start without it.
    """
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    """SQLite's foreign keys off on `connection` while the block runs (set outside any transaction: inside one
    the pragma does nothing), on again after; other backends as they are."""
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    """Refuse (roll back) a SQLite schema change that leaves a row referring to a row that is not there."""
    if connection.dialect.name == "sqlite" and (broken := connection.exec_driver_sql("PRAGMA foreign_key_check").all()):
        first = tuple(broken[0])
        raise RuntimeError(f"the migration leaves {len(broken)} rows referring to missing rows, first {first}")


class Store:
    """A chainatlas database: engine, sessions and the schema's migrations."""

    def __init__(self, url: str | None = None) -> None:
        self.url = database_url(url)
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = self.engine.execution_options(**{WRITES: True})
        self._writes = sessionmaker(self._writer, expire_on_commit=False)

    def session(self) -> Session:
        """A new session; the caller closes it."""
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        with self._writes.begin() as session:
            yield session

    @contextmanager
    def concurrent_transaction(self) -> Iterator[Session]:
        """A writing transaction that does not wait for the writers' turn (PostgreSQL): only for rows no resolution
        reads, such as a document and its claims once its names are resolved in a turn (`services.writers`)."""
        with self._sessions.begin() as session:
            yield session

    def revision(self) -> str | None:
        """The schema revision the database is at (None when it has no schema yet)."""
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def is_current(self) -> bool:
        """True when the schema is at the newest bundled migration."""
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        return self.revision() == head

    def upgrade(self) -> None:
        """Create or upgrade the schema to the newest migration (`alembic upgrade head`).

        SQLite runs them with its foreign keys off, checked before they commit (when any ran: the check reads
        every table), as SQLite asks of a change that copies a table (Alembic's batch mode): dropping the old copy
        of a table that others refer to (`claims`) would otherwise delete their rows with it (ON DELETE CASCADE)
        or be refused.
        """
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        config = alembic_config()
        # connection.begin() waits for any other setup or writer (`_begin_postgresql`)
        with self._writer.connect() as connection, _foreign_keys_off(connection), connection.begin():
            before = MigrationContext.configure(connection).get_current_revision()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            if MigrationContext.configure(connection).get_current_revision() != before:
                _check_foreign_keys(connection)

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
