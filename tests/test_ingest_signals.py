"""`chainatlas ingest --workers 2` killed with SIGKILL or stopped with SIGTERM: no worker process outlives it.

A real ingest runs as a process of its own over a corpus large enough to be mid-way; its children (the workers
and multiprocessing's resource tracker) are found in /proc once the workers have started, the parent is
signalled, and every one of those children must then be gone (or a zombie awaiting its reaper) within a minute.
After SIGTERM the ingest exits with 143 and an ingest run again stores every file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_runner import ok, process

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English output

COPIES = 4  # of each news page, each made different by a line of its own: 100 documents
WAIT = 60.0  # seconds allowed for the workers to start, and for them to end


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a live process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    state, ppid = text.rsplit(")", 1)[1].split()[:2]
    return state, int(ppid)


def _children(parent: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None and stat[1] == parent:
            found.add(int(entry.name))
    return found


def _running(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] != "Z"


def _workers(parent: int) -> set[int]:
    """The parent's children that are multiprocessing workers (spawned: `… spawn_main …` on their command line)."""
    spawned = set()
    for pid in _children(parent):
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                spawned.add(pid)
        except FileNotFoundError:
            continue
    return spawned


def _until(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture
def corpus(data: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for page in sorted((data / "news").glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        for copy in range(COPIES):
            (folder / f"{page.stem}-{copy}.txt").write_text(f"{text}\n第{copy}份副本。\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("sent", [signal.SIGKILL, signal.SIGTERM])
def test_no_worker_outlives_its_ingest(sent: signal.Signals, corpus: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'atlas.db'}"
    ok(db, "init")
    ingest = subprocess.Popen(
        process("--db", db, "ingest", "--workers", "2", corpus),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        assert _until(lambda: len(_workers(ingest.pid)) == 2), "the two workers never started"
        children = _children(ingest.pid)  # the workers and the resource tracker
        os.kill(ingest.pid, sent)
        code = ingest.wait(timeout=WAIT)
    finally:
        if ingest.poll() is None:
            ingest.kill()
            ingest.wait()
    assert code == -sent if sent == signal.SIGKILL else code == 128 + sent
    try:
        assert _until(lambda: not any(_running(pid) for pid in children)), [_stat(pid) for pid in children]
    finally:  # a failure leaves no orphan behind
        for pid in filter(_running, children):
            os.kill(pid, signal.SIGKILL)
    if sent == signal.SIGTERM:
        assert ingest.stderr is not None and "Traceback" not in ingest.stderr.read().decode()
        again = ok(db, "ingest", "--workers", "2", corpus)
        assert "skipped: 0" in again.stderr
        added, unchanged = (int(n) for n in _counts(again.stderr))
        assert added + unchanged == len(list(corpus.iterdir()))


def _counts(summary: str) -> tuple[str, str]:
    """The documents added and unchanged of an ingest's summary line."""
    line = next(line for line in summary.splitlines() if line.startswith("documents added"))
    parts = dict(part.split(": ") for part in line.split(", "))
    return parts["documents added"], parts["unchanged"]
