"""`chainatlas ingest --engine dask`: extraction on a real `dask.distributed` cluster (a local one of 2 worker
processes) stores exactly what a single-process ingest stores, on both backends; an unreachable scheduler is one
line and exit code 1, nothing stored."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from chainatlas.services.dask_engine import DaskPool
from chainatlas.services.ingest import ingest_paths
from chainatlas.store import tables
from chainatlas.store.session import Store
from cli_runner import ok, run_process

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from faults import canonical, differences  # bench/faults.py: every table's rows, ids left out

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English output


def test_a_dask_ingest_stores_what_a_single_process_ingest_stores(store: Store, data: Path, tmp_path: Path) -> None:
    single = f"sqlite:///{tmp_path / 'single.db'}"
    ok(single, "ingest", "--workers", "1", data / "news")
    pool = DaskPool(2)
    assert pool.workers == 2  # two worker processes of a local cluster
    report = ingest_paths(store, [data / "news"], pool=pool)
    assert (len(report.added), report.skipped) == (25, [])
    assert differences(canonical(store.url), canonical(single)) == []
    again = run_process("--db", store.url, "ingest", "--engine", "dask", "--workers", "2", data / "news")
    assert again.returncode == 0 and "documents added: 0, unchanged: 25" in again.stderr, again.stderr


def test_an_unreachable_scheduler_is_one_line_and_stores_nothing(store: Store, data: Path) -> None:
    nowhere = "tcp://127.0.0.1:9"
    done = run_process("--db", store.url, "ingest", "--engine", "dask", "--scheduler", nowhere, data / "news")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(f"cannot reach the Dask scheduler {nowhere}: ")
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(tables.Document)) == 0
