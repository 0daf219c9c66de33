"""Extraction on a Dask cluster (`chainatlas ingest --engine dask [--scheduler ADDRESS]`).

The ingest's own process reads the files, leaves out those already stored and stores every document in the order
of the files (`services.ingest`); only the extraction of each chunk of files, the pure core with no database, runs on
the cluster's workers. Without a scheduler address a local cluster of `workers` processes is started for the run
and stopped after it; with one, the run uses that cluster's workers, which must have chainatlas installed at the
same version. Chunks in flight are bounded as with local workers, so memory does not grow with the corpus.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from chainatlas.services.ingest import Extracted, Job, extract_chunk

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

# How long to wait for the scheduler to answer before giving up.
CONNECT_SECONDS = 10
# Files a task holds at most: sending a task costs the client and the scheduler a few milliseconds, so a task
# carries about half a second of extraction or more (a local worker's task is 16 files).
CHUNK_FILES = 64
# The local cluster's workers do without what a run does not need: a stack sample every 10 ms for Dask's profile
# views and the GIL contention monitor.
QUIET_WORKERS = {"distributed.worker.profile.enabled": False, "distributed.admin.system-monitor.gil.enabled": False}


class DaskPool:
    """A Dask client's workers as the ingest's pool (see `services.ingest.Pool`)."""

    chunk_files = CHUNK_FILES

    def __init__(self, workers: int, scheduler: str | None = None) -> None:
        import dask
        from distributed import Client, LocalCluster

        self._cluster: LocalCluster | None = None
        if scheduler is None:
            with dask.config.set(QUIET_WORKERS):  # handed to the worker processes as they start
                self._cluster = LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
                )
        self._client: Client = Client(scheduler or self._cluster, timeout=CONNECT_SECONDS)
        self.workers = len(self._client.scheduler_info()["workers"]) or workers
        self._futures: list[Future[list[Extracted]]] = []

    def submit(self, chunk: list[Extracted | Job], date: dt.date | None) -> Future[list[Extracted]]:
        future: Future[list[Extracted]] = self._client.submit(extract_chunk, chunk, date, pure=False)
        self._futures.append(future)
        return future

    def close(self) -> None:
        self._client.cancel([f for f in self._futures if not f.done()])
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
