"""`chainatlas ingest --writers N` on PostgreSQL: 2 and 4 writer processes store exactly what one writer stores
(entities, aliases, claims, merge log), a repeated run adds nothing, and a batch resolved whose writer never stored
it is stored from its pending rows by the next run; SQLite refuses more than one writer in one line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from chainatlas.services.ingest import extract_paths
from chainatlas.services.writers import ingest_with_writers, resolve_batch
from chainatlas.store import tables
from chainatlas.store.session import Store
from cli_runner import ok, run_process
from store_backends import fresh_postgres, postgres_url, ready_store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from faults import Snapshot, canonical, differences  # bench/faults.py: every table's rows, ids left out

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English output


@pytest.fixture(scope="module")
def single(data: Path, tmp_path_factory: pytest.TempPathFactory) -> Snapshot:
    """The store one writer makes of the test pages."""
    url = f"sqlite:///{tmp_path_factory.mktemp('single') / 'atlas.db'}"
    ok(url, "ingest", "--workers", "1", data / "news")
    return canonical(url)


@pytest.fixture
def pg_store() -> Store:
    """An empty PostgreSQL store at the newest schema with the reference data."""
    url = postgres_url()
    fresh_postgres(url)
    return ready_store(url)


def single_claims(snapshot: Snapshot) -> int:
    """How many claims a store holds."""
    return sum(snapshot["claims"].values())


def _count(store: Store, table: type[tables.Base]) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


@pytest.mark.postgres
def test_two_writer_processes_store_what_one_writer_stores(pg_store: Store, data: Path, single: Snapshot) -> None:
    done = run_process("--db", pg_store.url, "ingest", "--workers", "1", "--writers", "2", data / "news")
    assert done.returncode == 0 and "documents added: 25, unchanged: 0" in done.stderr, done.stderr
    assert differences(canonical(pg_store.url), single) == []
    again = run_process("--db", pg_store.url, "ingest", "--workers", "1", "--writers", "2", data / "news")
    assert again.returncode == 0 and "documents added: 0, unchanged: 25" in again.stderr, again.stderr
    assert differences(canonical(pg_store.url), single) == []


@pytest.mark.postgres
def test_four_writers_given_small_batches_store_what_one_writer_stores(
    pg_store: Store, data: Path, single: Snapshot
) -> None:
    report = ingest_with_writers(pg_store, [data / "news"], 4, workers=1, batch=3)  # 9 batches over 4 writers
    assert (len(report.added), report.claims, report.skipped) == (25, single_claims(single), [])
    assert differences(canonical(pg_store.url), single) == []
    again = ingest_with_writers(pg_store, [data / "news"], 4, workers=1, batch=3)
    assert (len(again.added), len(again.unchanged), again.claims) == (0, 25, 0)


@pytest.mark.postgres
def test_a_batch_whose_writer_never_stored_it_is_stored_from_its_pending_rows(
    pg_store: Store, data: Path, single: Snapshot
) -> None:
    files = sorted((data / "news").glob("*.txt"))
    first = list(extract_paths(files[:5], workers=1))
    writes = resolve_batch(pg_store, first, set())  # names resolved in a turn; the writer died before storing
    assert len(writes) == 5 and _count(pg_store, tables.PendingWrite) == 5
    assert _count(pg_store, tables.Document) == 0 and _count(pg_store, tables.Entity) > 0
    report = ingest_with_writers(pg_store, [data / "news"], 2, workers=1)
    assert len(report.added) == 25 and _count(pg_store, tables.PendingWrite) == 0
    assert differences(canonical(pg_store.url), single) == []  # not resolved again: no name resolved twice


def test_more_than_one_writer_on_sqlite_is_one_line_and_stores_nothing(data: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'atlas.db'}"
    done = run_process("--db", url, "ingest", "--writers", "2", data / "news")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == ["--writers 2 needs a PostgreSQL store: SQLite has one writer"]
    assert not (tmp_path / "atlas.db").exists()
