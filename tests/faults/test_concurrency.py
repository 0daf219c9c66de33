"""Two writers on one store: an ingest while the web server serves 20 clients, and two ingests at once."""

from __future__ import annotations

import subprocess
import threading
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from web import PAGES, ensure_user, logged_in, page_ids, serving

from cli_runner import ok
from faults import Reference, canonical, claims_by_document, differences, ingest

CLIENTS = 20
DEMO = Path(__file__).resolve().parents[2] / "src" / "chainatlas" / "data" / "demo"
LOCKED = "database is locked"


class Load:
    """`CLIENTS` logged-in clients, each asking for the atlas's pages in turn until stopped."""

    def __init__(self, base: str, paths: list[str]) -> None:
        self.base, self.paths = base, paths
        self.answered = 0
        self.failed: list[str] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._client, args=(n,)) for n in range(CLIENTS)]

    def _client(self, number: int) -> None:
        try:
            client = logged_in(self.base)
        except (AssertionError, httpx.HTTPError) as error:
            self._record(f"client {number} could not log in: {error!r}")
            return
        with closing(client):
            turn = number
            while not self._stop.is_set():
                path = self.paths[turn % len(self.paths)]
                turn += 1
                try:
                    status = client.get(path).status_code
                except httpx.HTTPError as error:
                    self._record(f"{path}: {error!r}")
                    continue
                if status != 200:
                    self._record(f"{path}: {status}")
                with self._lock:
                    self.answered += 1

    def _record(self, failure: str) -> None:
        with self._lock:
            self.failed.append(failure)

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_an_ingest_while_the_web_server_serves_20_clients_fails_nothing(
    db_url: str, small: list[Path], small_reference: Reference, tmp_path: Path
) -> None:
    ok(db_url, "ingest", "--workers", "1", DEMO)  # the atlas the clients browse: the demo's pages
    ensure_user(db_url)
    log = tmp_path / "server.log"
    with serving(db_url, log) as base:
        ids = page_ids(db_url)
        with closing(logged_in(base)) as client:  # the pages this atlas has
            paths = [p.format(**ids) for p in PAGES if client.get(p.format(**ids)).status_code == 200]
        assert len(paths) >= 10, paths
        with Load(base, paths) as load:
            run = subprocess.run(ingest(db_url, small[0].parent), capture_output=True, text=True, timeout=900)
            served_during = load.answered
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert load.failed == [] and served_during >= CLIENTS, (served_during, load.failed[:10])
    assert LOCKED not in log.read_text() and LOCKED not in run.stderr
    print(f"{served_during} requests by {CLIENTS} clients during the ingest of {len(small)} pages, 0 failed")
    stored = claims_by_document(db_url)
    assert {name: stored.get(name) for name in small_reference.claims} == small_reference.claims


def test_two_ingests_at_once_into_a_new_store_store_each_document_once(
    db_url: str, small: list[Path], small_reference: Reference
) -> None:
    """Both start on a store without a schema: both complete, or one refuses with one line; nothing twice."""
    runs = [subprocess.Popen(ingest(db_url, small[0].parent), stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = [(run.wait(timeout=900), run.communicate()[1]) for run in runs]
    for code, stderr in outcomes:
        assert "Traceback" not in stderr, stderr
        assert code == 0 or (code == 1 and len(stderr.strip().splitlines()) == 1), stderr
    assert 0 in [code for code, _ in outcomes]
    print("exit codes and last lines:", [(code, stderr.strip().splitlines()[-1:]) for code, stderr in outcomes])
    assert differences(canonical(db_url), small_reference.snapshot) == []
