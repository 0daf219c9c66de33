"""Scaling of ingestion (issue 17): extraction on a Dask local cluster of 1 and 2 worker processes (target: 2 workers
≥ 1.8× one), and storing into PostgreSQL with 1, 2 and 4 writers (target: 2 writers ≥ 1.5× one).

The corpus is the one `bench/extract.py` builds (the dev pages repeated and perturbed, each page distinct) of
`--size` MB; the issue's figure is taken with `--size 1000` (about 330,000 pages: hours on two cores). Extraction is
timed alone (documents to facts, no database) in this process (the reference: no cluster at all) and on a local
cluster of 1 and 2 worker processes (the cluster's start not timed). Then the corpus is ingested through a 2-worker
cluster into a fresh SQLite store (one writer) and, when CHAINATLAS_BENCH_PG names a PostgreSQL database (emptied
for each run), into it with 1 writer (this process) and with 2 and 4 writer processes (`ingest --writers N`).

Each line gives wall seconds, pages/s, MB/s and CPU seconds: of this process with its workers and writers, and of
the PostgreSQL server processes serving the database (sampled every half second; a process that ends between two
samples loses its last fraction). The load average before each run is printed too: the machine may be shared.

Run: CHAINATLAS_BENCH_PG=postgresql+psycopg://… .venv/bin/python bench/dask_ingest.py [--size 20]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import psutil
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract import MB, build_corpus  # bench/extract.py

from chainatlas.services.dask_engine import DaskPool
from chainatlas.services.ingest import extract_paths, ingest_paths
from chainatlas.services.reference import load_reference
from chainatlas.services.writers import ingest_with_writers
from chainatlas.store.session import Store
from faults import fresh  # bench/faults.py: an empty store of either kind

PG_ENV = "CHAINATLAS_BENCH_PG"
SAMPLE_SECONDS = 0.5
WRITERS = (1, 2, 4)


class CpuMeter:
    """CPU seconds used while it runs by this process and its descendants, and by the PostgreSQL server processes
    serving `database` (none when None)."""

    def __init__(self, database: str | None) -> None:
        self._database = database
        self._first: dict[tuple[str, int], float] = {}
        self._last: dict[tuple[str, int], float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _processes(self) -> list[tuple[str, psutil.Process]]:
        found = [("client", p) for p in psutil.Process().children(recursive=True)]
        if self._database is not None:
            for p in psutil.process_iter(["cmdline"]):
                line = " ".join(p.info["cmdline"] or [])
                if line.startswith("postgres:") and f" {self._database} " in f"{line} ":
                    found.append(("server", p))
        return found

    def _sample(self, first: bool) -> None:
        for side, process in self._processes():
            try:
                times = process.cpu_times()
            except psutil.Error:  # ended, or not ours to read
                continue
            key = (side, process.pid)
            self._first.setdefault(key, times.user + times.system if first else 0.0)
            self._last[key] = times.user + times.system

    def _watch(self) -> None:
        while not self._stop.wait(SAMPLE_SECONDS):
            self._sample(False)

    def __enter__(self) -> CpuMeter:
        self._own = time.process_time()
        self._sample(True)
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()
        self._sample(False)
        used = {side: 0.0 for side in ("client", "server")}
        for key, last in self._last.items():
            used[key[0]] += last - self._first[key]
        self.client = used["client"] + time.process_time() - self._own
        self.server = used["server"]


@dataclass(frozen=True, slots=True)
class Corpus:
    files: list[Path]
    megabytes: float
    chars: int


def _line(label: str, corpus: Corpus, took: float, meter: CpuMeter, load: float) -> None:
    pages = len(corpus.files)
    print(f"{label:<40} {took:8.1f} {pages / took:8.1f} {corpus.megabytes / took:7.3f} "
          f"{meter.client:8.1f} {meter.server:8.1f} {load:6.2f}", flush=True)  # fmt: skip


def _timed(label: str, corpus: Corpus, database: str | None, run: Callable[[], object]) -> float:
    load = os.getloadavg()[0]
    with CpuMeter(database) as meter:
        began = time.perf_counter()
        run()
        took = time.perf_counter() - began
    _line(label, corpus, took, meter, load)
    return took


def _extraction(corpus: Corpus) -> None:
    def extract(pool: DaskPool | None) -> Callable[[], object]:
        return lambda: sum(len(item.facts) for item in extract_paths(corpus.files, workers=1, pool=pool))

    _timed("extract, this process", corpus, None, extract(None))
    took = {}
    for workers in (1, 2):
        pool = DaskPool(workers)  # the cluster's start is not timed
        took[workers] = _timed(f"extract, dask {workers} worker(s)", corpus, None, extract(pool))
    print(f"extraction, 2 workers / 1 worker: {took[1] / took[2]:.2f}×  (target ≥ 1.8×)")


def _store(url: str) -> Store:
    fresh(url)
    store = Store(url)
    store.upgrade()
    with store.transaction() as session:
        load_reference(session)
    return store


def _ingests(corpus: Corpus) -> None:
    sqlite = f"sqlite:///{corpus.files[0].parent.parent / 'atlas.db'}"
    store = _store(sqlite)
    pool = DaskPool(2)
    _timed("ingest sqlite, dask 2, 1 writer", corpus, None, lambda: ingest_paths(store, corpus.files, pool=pool))
    if not (url := os.environ.get(PG_ENV)):
        print(f"PostgreSQL left out: {PG_ENV} names no database")
        return
    database = make_url(url).database
    took = {}
    for writers in WRITERS:
        store, pool = _store(url), DaskPool(2)

        def run(store: Store = store, pool: DaskPool = pool, writers: int = writers) -> object:
            if writers == 1:
                return ingest_paths(store, corpus.files, pool=pool)
            return ingest_with_writers(store, corpus.files, writers, pool=pool)

        took[writers] = _timed(f"ingest postgresql, dask 2, {writers} writer(s)", corpus, database, run)
        store.dispose()
    print(f"postgresql, 2 writers / 1: {took[1] / took[2]:.2f}×  (target ≥ 1.5×); "
          f"4 writers / 1: {took[1] / took[4]:.2f}×")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=float, default=20.0, help="corpus size in MB (the issue's figure: 1000)")
    megabytes = parser.parse_args().size
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name) / "corpus"
        folder.mkdir()
        pages = build_corpus(folder, megabytes)
        corpus = Corpus([folder / p.name for p in pages], sum(p.bytes for p in pages) / MB, sum(p.chars for p in pages))
        print(f"corpus: {len(pages):,} pages, {corpus.megabytes:.1f} MB, {corpus.chars:,} characters; "
              f"{os.cpu_count()} cores")  # fmt: skip
        print(f"{'':<40} {'wall s':>8} {'pages/s':>8} {'MB/s':>7} {'CPU s':>8} {'PG CPU s':>8} {'load':>6}")
        _extraction(corpus)
        _ingests(corpus)


if __name__ == "__main__":
    main()
