"""kill -9 of `chainatlas ingest` at random points: the store stays intact and a re-run completes it exactly.

Writes a corpus of `--documents` distinct news pages (bench/extract.py's variants of the test pages), ingests it
uninterrupted into a reference store, then, round after round into a fresh store, starts `chainatlas ingest`
(a real process with its worker processes) and sends its main process SIGKILL at a random point (once the
store holds a random number of documents, a moment into storing the next), `--per-round` times, each run
killed further on than the last, and then lets a run complete. After each kill the store is checked: SQLite's
integrity and foreign-key checks, and every stored document is one of the corpus's first ones in order with
all its claims (nothing half-written). After each round the completed store must equal the reference: every
row of every table with the autoincrement ids replaced by the rows they point to, timestamps left out
(`canonical`). A kill is survived when its checks found nothing and its round's store came out equal.

Run: .venv/bin/python bench/faults.py [--kills 100] [--per-round 10] [--documents 2000] [--seed 1] [--db URL]
`--db` names an empty PostgreSQL database to kill ingests into instead of a SQLite file; it is wiped each round.
The tests in tests/faults run the same loop a few times.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy
from extract import variants
from sqlalchemy import JSON, DateTime, Integer, Table, func, select
from sqlalchemy.engine import make_url

from chainatlas.store import tables
from chainatlas.store.session import make_engine

WORKERS = 2
POLL_SECONDS = 0.05  # how often the loop looks how far an ingest has got
_QUOTED_ENTITIES = re.compile(r"entities \[([\d, ]+)\]")
Snapshot = dict[str, Counter[tuple[Any, ...]]]


def chainatlas(*args: str | Path) -> list[str]:
    """The argv of `chainatlas ARGS…` run by this interpreter."""
    return [sys.executable, "-c", "from chainatlas.cli import app; app()", *map(str, args)]


def write_corpus(folder: Path, documents: int, seed: int = 1) -> list[Path]:
    """`documents` distinct pages written into `folder` as 000000.txt, 000001.txt, … (the order ingest reads)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number, text in zip(range(documents), variants(seed), strict=False):
        files.append(folder / f"{number:06d}.txt")
        files[-1].write_text(text, encoding="utf-8")
    return files


def ingest(url: str, corpus: Path) -> list[str]:
    """The argv of the ingest the loop runs and kills."""
    return chainatlas("--db", url, "ingest", "--workers", str(WORKERS), corpus)


def fresh(url: str) -> None:
    """Make `url` an empty store: the SQLite file and its journals removed, PostgreSQL's public schema recreated."""
    parts = make_url(url)
    if parts.get_backend_name() == "sqlite":
        assert parts.database
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(parts.database + suffix).unlink(missing_ok=True)
        return
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(sqlalchemy.text("CREATE SCHEMA public"))
    engine.dispose()


# ---------------------------------------------------------------- what a store holds


def _surrogate(table: Table) -> str | None:
    """The table's integer primary key column (an autoincrement id or a subtype's id), None for natural keys."""
    columns = list(table.primary_key.columns)
    if len(columns) == 1 and isinstance(columns[0].type, Integer):
        return columns[0].name
    return None


def _is_moment(column: sqlalchemy.Column[Any]) -> bool:
    kind = column.type
    return isinstance(kind, DateTime) or isinstance(getattr(kind, "impl", None), DateTime)


def canonical(url: str) -> Snapshot:
    """Every table's rows as a multiset, ids and timestamps left out: equal for stores that say the same.

    An integer id is replaced by the row it names (a claim carries its document's and its subject's rows
    instead of their ids), so two stores written in different runs, or on different backends, compare equal
    when they hold the same things. The audit log quotes ids as plain numbers (its subject, `…_id` changes):
    those are left out; the entities a resolution's reason quotes by id are replaced by their rows. The log of
    ingest runs is left out: an interrupted ingest and its re-run are two runs where an uninterrupted one is one.
    """
    engine = make_engine(url)
    keys: dict[str, dict[int, tuple[Any, ...]]] = {}
    snapshot: Snapshot = {}
    try:
        with engine.connect() as connection:
            for table in tables.Base.metadata.sorted_tables:
                if table.name == tables.IngestRun.__tablename__:
                    continue
                own = _surrogate(table)
                named: dict[int, tuple[Any, ...]] = {}
                rows: Counter[tuple[Any, ...]] = Counter()
                for row in connection.execute(select(table)).mappings():
                    key = tuple(
                        _value(column, row[column.name], keys)
                        for column in table.columns
                        if not _is_moment(column) and (column.name != own or column.foreign_keys)
                    )
                    rows[key] += 1
                    if own is not None:
                        named[row[own]] = key
                keys[table.name] = named
                snapshot[table.name] = rows
    finally:
        engine.dispose()
    return snapshot


def _value(column: sqlalchemy.Column[Any], value: Any, keys: dict[str, dict[int, tuple[Any, ...]]]) -> Any:
    for foreign in column.foreign_keys:
        target = foreign.column.table
        if value is not None and _surrogate(target) == foreign.column.name:
            return keys[target.name][value]
    if column is tables.AuditEntry.__table__.c.subject_id:
        return None  # an id quoted as a plain number (PostgreSQL's sequences move on past rolled-back rows)
    if column is tables.Resolution.__table__.c.reason and value is not None:  # "ambiguous: entities [19, 554]"
        named = keys["entities"]
        rows = lambda m: f"entities {sorted(repr(named.get(int(i))) for i in m[1].split(','))}"  # noqa: E731
        return _QUOTED_ENTITIES.sub(rows, value)
    if column is tables.AuditEntry.__table__.c.changes:
        value = {name: change for name, change in value.items() if not name.endswith("_id")}  # ids quoted too
    if isinstance(column.type, JSON):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def differences(found: Snapshot, expected: Snapshot, shown: int = 2) -> list[str]:
    """Per table, the rows one snapshot has and the other lacks (a few shown, shortened)."""
    problems = []
    for name in expected.keys() | found.keys():
        extra = found.get(name, Counter()) - expected.get(name, Counter())
        missing = expected.get(name, Counter()) - found.get(name, Counter())
        for label, rows in (("extra", extra), ("missing", missing)):
            if rows:
                sample = "; ".join(repr(row)[:300] for row in list(rows)[:shown])
                problems.append(f"{name}: {rows.total()} rows {label}, e.g. {sample}")
    return problems


def claims_by_document(url: str) -> dict[str, int]:
    """Each stored document's name and its number of claims."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            claims = (
                select(tables.Document.name, func.count(tables.Claim.id))
                .outerjoin(tables.Claim, tables.Claim.document_id == tables.Document.id)
                .group_by(tables.Document.id, tables.Document.name)
            )
            return {name: count for name, count in connection.execute(claims)}
    finally:
        engine.dispose()


def integrity(url: str) -> list[str]:
    """What SQLite's integrity and foreign-key checks report about the store (PostgreSQL enforces both itself)."""
    parts = make_url(url)
    if parts.get_backend_name() != "sqlite" or not Path(parts.database or "").exists():
        return []  # killed before it created the file
    connection = sqlite3.connect(parts.database or "")
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check") if row[0] != "ok"]
        problems += [f"foreign key: {row}" for row in connection.execute("PRAGMA foreign_key_check")]
    finally:
        connection.close()
    return problems


def has_schema(url: str) -> bool:
    """True once the store has its documents table (a kill may come before the schema is there)."""
    engine = make_engine(url)
    try:
        return sqlalchemy.inspect(engine).has_table("documents")
    finally:
        engine.dispose()


def half_written(url: str, files: list[Path], reference: dict[str, int]) -> list[str]:
    """The store after a kill: integrity problems, and documents that are not the corpus's first ones in order
    with all their claims."""
    problems = integrity(url)
    if problems or not has_schema(url):
        return problems
    stored = claims_by_document(url)
    first = {path.name for path in files[: len(stored)]}
    if set(stored) != first:
        problems.append(f"{len(stored)} documents stored, not the first {len(stored)} of the corpus")
    problems += [
        f"{name}: {count} claims stored, {reference.get(name)} in the reference"
        for name, count in stored.items()
        if count != reference.get(name)
    ]
    return problems


# ---------------------------------------------------------------- the loop


@dataclass
class Reference:
    """The uninterrupted ingest's store: its snapshot and each document's claims."""

    snapshot: Snapshot
    claims: dict[str, int]


def reference_store(url: str, corpus: Path) -> Reference:
    """Ingest the corpus into the empty store at `url` without interruption."""
    subprocess.run(ingest(url, corpus), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return Reference(canonical(url), claims_by_document(url))


@dataclass
class Round:
    """One round into a fresh store: where its kills came, what the checks after them found, the end's differences."""

    stored: list[int] = field(default_factory=list)  # documents in the store when each kill came
    problems: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def kills(self) -> int:
        return len(self.stored)

    @property
    def survived(self) -> int:
        """The kills survived: all of them when nothing went wrong in the round, else none."""
        return 0 if self.problems or self.differences else self.kills


def stored_documents(engine: sqlalchemy.Engine) -> int:
    """The documents in the store, 0 before it has a schema."""
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(tables.Document)) or 0)
    except sqlalchemy.exc.DBAPIError:  # no table yet, or the file not there
        return 0


def _killed_at(run: subprocess.Popen[bytes], engine: sqlalchemy.Engine, target: int, rng: random.Random) -> bool:
    """SIGKILL `run` once the store holds `target` documents, somewhere in storing the next; False if it ended first."""
    while stored_documents(engine) < target:
        if run.poll() is not None:
            return False
        time.sleep(POLL_SECONDS)
    time.sleep(rng.uniform(0, POLL_SECONDS))
    run.kill()
    run.communicate()
    return True


def kill_round(url: str, files: list[Path], reference: Reference, kills: int, rng: random.Random) -> Round:
    """Ingest into a fresh store at `url`, killing the ingest `kills` times at random points (when the store holds
    a random number of documents, each run killed after the last) and checking the store after each; then run it
    to completion and compare with the reference."""
    fresh(url)
    done = Round()
    targets = sorted(rng.randrange(len(files)) for _ in range(kills))
    engine = make_engine(url)
    try:
        while True:
            run = subprocess.Popen(ingest(url, files[0].parent), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if done.kills < kills and _killed_at(run, engine, targets[done.kills], rng):
                done.stored.append(stored_documents(engine))
                found = half_written(url, files, reference.claims)
                done.problems += [f"after kill {done.kills} at {done.stored[-1]} documents: {p}" for p in found]
                continue
            stderr = run.communicate()[1].decode()
            if run.returncode != 0:
                done.problems.append(f"the ingest failed with exit code {run.returncode}: {stderr[-2000:]}")
                return done
            break
    finally:
        engine.dispose()
    done.differences = differences(canonical(url), reference.snapshot)
    return done


def kill_rounds(
    url: str, files: list[Path], reference: Reference, kills: int, per_round: int, rng: random.Random
) -> Iterator[Round]:
    """Rounds of `per_round` kills into `url` until `kills` kills are spent."""
    spent = 0
    while spent < kills:
        done = kill_round(url, files, reference, min(per_round, kills - spent), rng)
        spent += done.kills
        yield done
        if done.problems and not done.kills:
            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100, help="SIGKILLs sent in all (default 100)")
    parser.add_argument("--documents", type=int, default=2000, help="distinct pages in the corpus (default 2000)")
    parser.add_argument("--per-round", type=int, default=10, help="kills before a round's run to completion")
    parser.add_argument("--seed", type=int, default=1, help="the corpus's and the kill points' random seed")
    parser.add_argument("--db", help="an empty PostgreSQL database to kill ingests into (wiped); default SQLite")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        files = write_corpus(Path(scratch) / "corpus", args.documents, args.seed)
        reference = reference_store(f"sqlite:///{scratch}/reference.db", files[0].parent)
        print(
            f"corpus: {len(files):,} documents; uninterrupted ingest: {len(reference.claims):,} documents, "
            f"{sum(reference.claims.values()):,} claims ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
        survived = total = rounds = 0
        url = args.db or f"sqlite:///{scratch}/killed.db"
        for number, done in enumerate(kill_rounds(url, files, reference, args.kills, args.per_round, rng), 1):
            rounds, total, survived = number, total + done.kills, survived + done.survived
            moments = ", ".join(map(str, done.stored))
            verdict = "store equal" if not done.problems and not done.differences else "FAILED"
            print(f"round {number}: {done.kills} kills (at {moments} documents stored), {verdict}", flush=True)
            for problem in done.problems + done.differences:
                print(f"  {problem}", flush=True)
    equal = "stores equal" if survived == total else "stores NOT equal"
    print(f"{survived}/{total} kills survived, {equal} ({rounds} rounds, {time.perf_counter() - started:.0f} s)")
    if survived != total or total < args.kills:
        sys.exit(1)


if __name__ == "__main__":
    main()
