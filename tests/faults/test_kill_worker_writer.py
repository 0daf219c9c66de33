"""A Dask worker process and a writer process killed (SIGKILL) mid-run, then `ingest --resume`: the store is the
one an uninterrupted run gives (PostgreSQL, 2 writers, a real `dask.distributed` local cluster of 2 worker
processes). The cluster reruns the dead worker's tasks; the dead writer stops the run, whose resumption stores the
batches resolved but not stored from their pending rows and the rest as usual."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from distributed import Client, LocalCluster
from sqlalchemy import Engine

from chainatlas.store.session import make_engine
from cli_runner import run_process
from faults import POLL_SECONDS, Reference, canonical, chainatlas, differences, fresh, stored_documents
from store_backends import postgres_url

WORKER_KILLED_AT, WRITER_KILLED_AT = 60, 160  # documents stored, of the 400


@pytest.fixture
def pg_url() -> str:
    """The test PostgreSQL database, emptied."""
    url = postgres_url()
    fresh(url)
    return url


@pytest.fixture
def cluster() -> Iterator[Client]:
    """A local Dask cluster of 2 worker processes, one thread each."""
    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with local, Client(local) as client:
        yield client


def _wait_for(engine: Engine, documents: int, run: subprocess.Popen[bytes]) -> None:
    while stored_documents(engine) < documents:
        assert run.poll() is None, "the ingest ended before the kill"
        time.sleep(POLL_SECONDS)


def _writers(run: subprocess.Popen[bytes]) -> list[psutil.Process]:
    """The ingest's writer processes (its children started by multiprocessing's spawn)."""
    children = psutil.Process(run.pid).children()
    return [child for child in children if any("spawn_main" in part for part in child.cmdline())]


@pytest.mark.postgres
def test_a_worker_and_a_writer_killed_then_resumed_give_the_uninterrupted_store(
    pg_url: str, cluster: Client, small: list[Path], small_reference: Reference
) -> None:
    url = pg_url
    scheduler = cluster.scheduler.address
    argv = chainatlas("--db", url, "ingest", "--engine", "dask", "--scheduler", scheduler, "--writers", "2")
    run = subprocess.Popen([*argv, str(small[0].parent)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    watched = make_engine(url)
    try:
        _wait_for(watched, WORKER_KILLED_AT, run)
        killed = next(iter(cluster.run(os.getpid).values()))
        os.kill(killed, signal.SIGKILL)
        _wait_for(watched, WRITER_KILLED_AT, run)  # the run goes on: the dead worker's tasks run elsewhere
        writers = _writers(run)
        assert len(writers) == 2
        writers[0].kill()
        _, stderr = run.communicate(timeout=120)
    finally:
        watched.dispose()
    assert run.returncode == 1, stderr
    assert killed not in cluster.run(os.getpid).values()  # the worker died (its nanny started another)
    assert f"writer process {writers[0].pid} ended (exit code -9)" in stderr.decode().strip().splitlines()[-1]
    [stopped] = json.loads(run_process("--db", url, "runs", "--json").stdout)
    assert stopped["status"] == "stopped" and stopped["done"] < len(small)

    argv = ["ingest", "--resume", str(stopped["id"]), "--engine", "dask", "--scheduler", scheduler, "--writers", "2"]
    resumed = run_process("--db", url, *argv)
    assert resumed.returncode == 0, resumed.stderr
    assert differences(canonical(url), small_reference.snapshot) == []
    [done] = json.loads(run_process("--db", url, "runs", "--json").stdout)
    assert (done["id"], done["status"], done["done"], done["files"]) == (stopped["id"], "done", len(small), len(small))
