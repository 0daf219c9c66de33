"""What the fuzz suite shares: how many examples to run, the tally of inputs and outcomes, the store guard.

Every generated input is recorded with its entry point and outcome (`record`); the suite prints the tally when
it ends and writes it as JSON to `$CHAINATLAS_FUZZ_RECORD` when set (bench/fuzz.py reads it). With
`CHAINATLAS_FUZZ=full` the generated counts are the full ones (≥ 10,000 inputs in all), else the smaller CI
ones; Hypothesis runs derandomised in CI, so a CI run tries the same inputs every time.
"""

from __future__ import annotations

import hashlib
import os
import resource
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from hypothesis import HealthCheck, settings
from sqlalchemy import MetaData, select

from chainatlas.store.backup.manifest import count_rows
from chainatlas.store.session import Store

FULL = os.environ.get("CHAINATLAS_FUZZ") == "full"
TALLY: Counter[tuple[str, str]] = Counter()
# The peak resident size any in-process input may add to the test process (the subprocess runs are measured apart).
RSS_BOUND_MB = 600


def examples(ci: int, full: int) -> settings:
    """Hypothesis settings for a generated test: `ci` examples, or `full` under CHAINATLAS_FUZZ=full."""
    return settings(
        max_examples=full if FULL else ci,
        deadline=None,
        database=None,
        derandomize=not FULL,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def scaled(ci: int, full: int) -> int:
    """A count of hand-made inputs: `ci`, or `full` under CHAINATLAS_FUZZ=full."""
    return full if FULL else ci


def record(entry: str, outcome: str) -> None:
    """Count one input tried at `entry` (e.g. `ingest`, `GET /api/claims`) and what came of it."""
    TALLY[(entry, outcome)] += 1


def peak_rss_mb() -> float:
    """The test process's peak resident size so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# Logs every command adds to, whatever it reads: an ingest of nothing but bad files is still a run (`runs`).
LOGS = frozenset({"ingest_runs"})


@dataclass(frozen=True)
class StoreState:
    """Rows per table and a digest of every row: two equal states are the same store content."""

    counts: dict[str, int]
    digest: str


def integrity_problems(store: Store) -> list[str]:
    """SQLite's integrity check (empty when it passes); PostgreSQL keeps its own consistency and has none."""
    if store.engine.dialect.name != "sqlite":
        return []
    with store.engine.connect() as connection:
        found = connection.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    return [] if found == ["ok"] else [str(p) for p in found]


def state_of(store: Store, volatile: frozenset[str] = frozenset()) -> StoreState:
    """The store's rows per table and a digest of all rows (each table's rows sorted, so order does not count),
    but the rows of `volatile` tables (web sessions, whose last use moves with each request) and of the `LOGS`."""
    digest = hashlib.sha256()
    with store.engine.connect() as connection:
        counts = count_rows(connection)
        metadata = MetaData()
        metadata.reflect(connection)
        for name in sorted(set(metadata.tables) - volatile - LOGS):
            rows = sorted(repr(tuple(row)) for row in connection.execute(select(metadata.tables[name])))
            digest.update(name.encode() + b"\0" + "\n".join(rows).encode())
    return StoreState(counts, digest.hexdigest())


def row_counts(store: Store) -> dict[str, int]:
    """Rows per table: the cheap check made after every input."""
    with store.engine.connect() as connection:
        return count_rows(connection)


class StoreGuard:
    """Checks that inputs leave a store as it was: row counts after each input; every row, the integrity check
    and the test's added peak RSS at the end (`guarding`)."""

    def __init__(self, store: Store, volatile: frozenset[str]) -> None:
        self.store = store
        self.volatile = volatile
        self.before = state_of(store, volatile)

    def unchanged(self, what: str, growing: tuple[str, ...] = ()) -> None:
        """Assert the row counts are those of the start after one input (`what`), but in the `growing` tables."""
        now = {name: count for name, count in row_counts(self.store).items() if name not in {*growing, *LOGS}}
        before = {name: count for name, count in self.before.counts.items() if name not in {*growing, *LOGS}}
        assert now == before, f"the store's row counts changed after {what}"

    def finish(self) -> None:
        """Assert every row is as at the start (but in volatile tables) and the store passes its integrity check."""
        assert integrity_problems(self.store) == []
        after = state_of(self.store, self.volatile)
        assert after.digest == self.before.digest, "the store's rows changed"


@contextmanager
def guarding(store: Store, volatile: frozenset[str] = frozenset()) -> Iterator[StoreGuard]:
    """A guard over `store` for the inputs of the block, checked when it ends; the block's added peak RSS
    bounded by RSS_BOUND_MB."""
    start = peak_rss_mb()
    watch = StoreGuard(store, volatile)
    yield watch
    watch.finish()
    assert peak_rss_mb() - start < RSS_BOUND_MB, f"peak RSS grew by {peak_rss_mb() - start:.0f} MB"
