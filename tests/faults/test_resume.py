"""`chainatlas ingest --resume RUN`: a run killed outright (kill -9) stays `running` with its progress in the
store; resuming it, locally or on a Dask cluster, gives exactly the store of an uninterrupted run (both stores)."""

from __future__ import annotations

import json
import random
import subprocess
import time
from pathlib import Path

import pytest

from chainatlas.store.session import make_engine
from cli_runner import run_process
from faults import POLL_SECONDS, Reference, canonical, differences, fresh, ingest, stored_documents

KILLED_AT = 150  # of the 400 documents


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_killed_run_resumed_gives_the_uninterrupted_store(
    db_url: str, engine: str, small: list[Path], small_reference: Reference
) -> None:
    fresh(db_url)
    run = subprocess.Popen(ingest(db_url, small[0].parent), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watched = make_engine(db_url)
    try:
        while stored_documents(watched) < KILLED_AT:
            assert run.poll() is None, "the ingest ended before the kill"
            time.sleep(POLL_SECONDS)
        time.sleep(random.Random(3).uniform(0, POLL_SECONDS))
        run.kill()
        run.wait()
        stored = stored_documents(watched)
    finally:
        watched.dispose()
    [killed] = json.loads(run_process("--db", db_url, "runs", "--json").stdout)
    assert killed["status"] == "running" and killed["files"] == len(small)
    assert killed["done"] <= stored < len(small)  # progress lags by at most a checkpoint, never runs ahead

    resumed = run_process("--db", db_url, "ingest", "--resume", str(killed["id"]), "--engine", engine, "--workers", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert f"(run #{killed['id']})" in resumed.stderr
    assert differences(canonical(db_url), small_reference.snapshot) == []
    [done] = json.loads(run_process("--db", db_url, "runs", "--json").stdout)
    assert (done["id"], done["status"], done["done"], done["files"]) == (killed["id"], "done", len(small), len(small))


def test_resuming_a_run_that_is_not_there_names_the_runs(db_url: str, small: list[Path]) -> None:
    fresh(db_url)
    assert run_process("--db", db_url, "ingest", "--workers", "1", small[0]).returncode == 0
    missing = run_process("--db", db_url, "ingest", "--resume", "9")
    assert missing.returncode == 1 and missing.stderr.strip().splitlines()[-1] == "no ingest run #9 (runs: #1)"
    both = run_process("--db", db_url, "ingest", "--resume", "1", small[0])
    assert both.returncode == 2 and "not both" in both.stderr
