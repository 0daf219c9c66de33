"""PostgreSQL stopped in the middle of an ingest: one clear line, nothing half-written, a re-run completes.

The shared test server is never stopped: as root, a throwaway cluster of its own is made (`initdb`, `pg_ctl`
as the postgres user, in a temporary folder, on a free port) and that one is stopped with `-m immediate`,
as a crash would (its sessions are cut without a goodbye; it recovers from its log when started again).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy

from cli_runner import run_process
from faults import Reference, canonical, differences, half_written, ingest

ENOUGH = 40  # documents stored before the server is stopped


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Cluster:
    """A PostgreSQL cluster of its own in a temporary folder, run by the postgres user on 127.0.0.1:`port`."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir, self.port = bin_dir, _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="chainatlas-faults-pg-"))
        shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.url = f"postgresql+psycopg://atlas@127.0.0.1:{self.port}/postgres"
        self._as_postgres("initdb", "-D", self.data, "-U", "atlas", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")

    def _as_postgres(self, program: str, *args: str | Path) -> None:
        command = ["runuser", "-u", "postgres", "--", str(self.bin_dir / program), *map(str, args)]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._as_postgres("pg_ctl", "-D", self.data, "-o", options, "-l", self.folder / "log", "-w", "start")

    def stop(self) -> None:
        self._as_postgres("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.stop()
        shutil.rmtree(self.folder)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    """A running throwaway cluster; skipped (failed under CI=true) where one cannot be made."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    missing = (
        "needs root" if os.geteuid() != 0
        else "no PostgreSQL server programs (/usr/lib/postgresql/*/bin/initdb)" if not found
        else None
    )  # fmt: skip
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        missing = missing or "no postgres user"
    if missing is not None:
        reason = f"stopping PostgreSQL mid-ingest needs a throwaway cluster: {missing}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    made = Cluster(found[-1].parent)
    try:
        made.start()
        yield made
    finally:
        made.remove()


def _documents(url: str) -> int:
    engine = sqlalchemy.create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sqlalchemy.text("SELECT count(*) FROM documents")).scalar_one())
    except sqlalchemy.exc.ProgrammingError:  # no schema yet
        return 0
    finally:
        engine.dispose()


def test_postgres_stopped_mid_ingest_ends_it_with_one_line_and_a_re_run_completes(
    cluster: Cluster, small: list[Path], small_reference: Reference
) -> None:
    run = subprocess.Popen(ingest(cluster.url, small[0].parent), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while (stored := _documents(cluster.url)) < ENOUGH:
        assert run.poll() is None and time.monotonic() < deadline, "the ingest ended before the server was stopped"
        time.sleep(0.1)
    cluster.stop()
    stderr = run.communicate(timeout=120)[1].decode()
    line = stderr.strip().splitlines()[-1]  # after the first ingest's note of the reference data it loaded
    assert run.returncode == 1 and "Traceback" not in stderr, stderr
    assert line.startswith(f"postgresql+psycopg://atlas@127.0.0.1:{cluster.port}/postgres: "), stderr
    print(f"stopped after {stored} documents: {line}")

    refused = run_process("--db", cluster.url, "ingest", "--workers", "1", small[0])  # while it is down
    [line] = refused.stderr.strip().splitlines()
    assert refused.returncode == 1 and "Connection refused" in line, refused.stderr

    cluster.start()
    assert _documents(cluster.url) >= stored
    assert half_written(cluster.url, small, small_reference.claims) == []
    again = run_process("--db", cluster.url, "ingest", "--workers", "2", small[0].parent, timeout=900)
    assert again.returncode == 0, again.stderr
    assert differences(canonical(cluster.url), small_reference.snapshot, shown=1000) == []
