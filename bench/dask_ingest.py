"""Extraction on a Dask local cluster with 1 and 2 worker processes (issue 17: 2 workers ≥ 1.8× one), and a whole
ingest through it into SQLite and PostgreSQL.

The corpus is the one `bench/extract.py` builds (the dev pages repeated and perturbed) of `--mb` MB. Extraction is
timed alone (documents to facts, no database) in this process (the reference: no cluster at all) and on a local
cluster of 1 and 2 worker processes (the cluster's start is not timed); then `ingest --engine dask --workers 2`
stores the corpus, one writer, into a fresh SQLite store and, when CHAINATLAS_BENCH_PG names one, PostgreSQL.

Run: CHAINATLAS_BENCH_PG=postgresql+psycopg://… .venv/bin/python bench/dask_ingest.py [--mb 50]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract import MB, build_corpus  # bench/extract.py

from chainatlas.store.dask_engine import DaskPool
from chainatlas.store.ingest import extract_paths, ingest_paths
from chainatlas.store.reference import load_reference
from chainatlas.store.session import Store
from faults import fresh  # bench/faults.py: an empty store of either kind

PG_ENV = "CHAINATLAS_BENCH_PG"


def _extract(files: list[Path], pool: DaskPool | None) -> tuple[float, int]:
    began = time.perf_counter()
    facts = sum(len(item.facts) for item in extract_paths(files, workers=1, pool=pool))
    return time.perf_counter() - began, facts


def _store(url: str) -> Store:
    fresh(url)
    store = Store(url)
    store.upgrade()
    with store.transaction() as session:
        load_reference(session)
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MB")
    megabytes = parser.parse_args().mb
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "corpus").mkdir()
        pages = build_corpus(folder / "corpus", megabytes)
        files = [folder / "corpus" / page.name for page in pages]
        chars = sum(page.chars for page in pages)
        print(f"corpus: {len(files):,} pages, {sum(p.bytes for p in pages) / MB:.1f} MB, {chars:,} characters")
        runs: dict[str, float] = {}
        took, facts = _extract(files, None)
        runs["in this process"] = took
        for workers in (1, 2):
            pool = DaskPool(workers)
            took, found = _extract(files, pool)
            assert found == facts, (found, facts)
            runs[f"dask, {workers} worker{'s' if workers > 1 else ''}"] = took
        print(f"{'extraction':<24} {'wall s':>8} {'k chars/s':>10}")
        for label, took in runs.items():
            print(f"{label:<24} {took:8.1f} {chars / took / 1000:10.0f}")
        print(f"2 workers / 1 worker: {runs['dask, 1 worker'] / runs['dask, 2 workers']:.2f}×  (target ≥ 1.8×)")
        stores = [("sqlite", f"sqlite:///{folder / 'atlas.db'}")]
        if url := os.environ.get(PG_ENV):
            stores.append(("postgresql", url))
        for label, url in stores:
            store = _store(url)
            began = time.perf_counter()
            report = ingest_paths(store, files, pool=DaskPool(2))
            took = time.perf_counter() - began
            store.dispose()
            print(f"ingest into {label:<10} dask 2 workers, 1 writer: {took:7.1f} s, {len(report.added):,} documents, "
                  f"{report.claims:,} claims, {chars / took / 1000:.0f} k chars/s")  # fmt: skip


if __name__ == "__main__":
    main()
