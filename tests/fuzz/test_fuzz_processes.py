"""End to end: bad inputs given to `chainatlas` as a process of its own, as a user runs it.

What the in-process fuzzing cannot show: the exit code the shell sees, that nothing reaches stderr but the
lines meant (no traceback, from the workers of a parallel ingest either), that a FIFO cannot hang a process,
and the process's own peak RSS (from wait4).
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from bad_files import fifo
from cli_runner import process
from fuzzing import StoreGuard, record
from test_fuzz_documents import odd_files
from test_fuzz_tables import COMPLEXITY, DATASET, PANEL, PANEL_BOOK, csv_bytes

# The most RSS one refusal may take (the interpreter with numpy, scipy and SQLAlchemy takes ~150 MB).
PROCESS_RSS_BOUND_MB = 400


@dataclass(frozen=True)
class Finished:
    code: int
    stderr: str
    peak_rss_mb: float


def run_measured(tmp_path: Path, *args: str | Path, timeout: float = 120) -> Finished:
    """`chainatlas ARGS…` as a process, stdin closed; its exit code, stderr and peak RSS (killed after `timeout`)."""
    err_path = tmp_path / "stderr.txt"
    with err_path.open("wb") as err, open(os.devnull, "rb") as nothing, open(os.devnull, "wb") as out:
        pid = os.posix_spawn(process(*args)[0], process(*args), os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, nothing.fileno(), 0),
                                           (os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                                           (os.POSIX_SPAWN_DUP2, err.fileno(), 2)])  # fmt: skip
    deadline = time.monotonic() + timeout
    peak = 0.0
    while True:
        peak = max(peak, _high_water_mb(pid))
        done, status, _usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.wait4(pid, 0)
            pytest.fail(f"{args} still running after {timeout} s")
        time.sleep(0.05)
    return Finished(os.waitstatus_to_exitcode(status), err_path.read_text(encoding="utf-8"), peak)


def _high_water_mb(pid: int) -> float:
    """The process's peak RSS so far (VmHWM), in MB; 0 once it has gone. Not wait4's ru_maxrss: a spawned child
    shares the test process's memory until it execs, and Linux counts that in its maximum."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0.0
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) / 1024 if found else 0.0


def refused(done: Finished, named: Path, entry: str) -> None:
    assert done.code == 1, done.stderr
    assert "Traceback" not in done.stderr and str(named.name) in done.stderr, done.stderr
    assert done.peak_rss_mb < PROCESS_RSS_BOUND_MB, f"{entry}: {done.peak_rss_mb:.0f} MB"
    record(f"{entry} (process)", "refused: exit 1, no traceback")


def test_a_parallel_ingest_of_bad_files_and_a_fifo(guard: StoreGuard, tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    files = [path for path in odd_files(folder) if path.is_file()]  # a folder's links that lead nowhere are passed
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    pipe = fifo(tmp_path, "pipe.txt")
    done = run_measured(tmp_path, "--db", guard.store.url, "ingest", "--workers", "2", folder, pipe)
    refused(done, pipe, "ingest")
    skipped = [line for line in done.stderr.splitlines() if line.strip().startswith("skipped ")]
    assert len(skipped) == len(files) + 2 and all(path.name in done.stderr for path in files)
    guard.unchanged("a parallel ingest of bad files")
    refused(run_measured(tmp_path, "extract", pipe, folder / "sparse-200MB.txt"), pipe, "extract")


def test_tables_refused_by_a_process(guard: StoreGuard, bomb: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(PANEL_BOOK[: len(PANEL_BOOK) // 2])
    panel = tmp_path / "panel.csv"
    panel.write_bytes(csv_bytes(PANEL, [["330421", "C38", "2025", "1e308"], ["330421", "C38", "nan", "1"]]))
    db = ("--db", guard.store.url)
    refused(run_measured(tmp_path, *db, "projects", "import", bomb), bomb, "projects import")
    refused(run_measured(tmp_path, *db, "datasets", "import", broken, *DATASET), broken, "datasets import")
    refused(run_measured(tmp_path, *db, "datasets", "import", panel, *DATASET), panel, "datasets import")
    out = tmp_path / "out.csv"
    refused(run_measured(tmp_path, "complexity", panel, *COMPLEXITY, "--out", out), panel, "complexity")
    assert not out.exists()
    guard.unchanged("tables refused by a process")
