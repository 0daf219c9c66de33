"""`chainatlas serve --workers 2`: two server processes share one store, its sessions and CSRF tokens (SQLite and
PostgreSQL), and stopping the server stops both."""

from __future__ import annotations

import re
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

from web import ensure_user, logged_in, serving

from cli_runner import ok

DEMO = Path(__file__).resolve().parents[2] / "src" / "chainatlas" / "data" / "demo"
REQUESTS = 40


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: its parent and command line."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # ended meanwhile
            continue
        found[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), command)
    return found


def _server_and_workers(port: int) -> tuple[int, list[int]]:
    """The `chainatlas serve` process listening on `port`, and its worker processes."""
    every = _processes()
    [server] = [pid for pid, (_, command) in every.items() if re.search(rf"serve --port {port}\b", command)]
    workers = [pid for pid, (parent, command) in every.items() if parent == server and "spawn_main" in command]
    return server, workers


def test_two_server_processes_share_sessions_and_stop_together(db_url: str, tmp_path: Path) -> None:
    ok(db_url, "ingest", "--workers", "1", DEMO)
    ensure_user(db_url)
    with serving(db_url, tmp_path / "server.log", workers=2) as base:
        server, workers = _server_and_workers(urlsplit(base).port or 0)
        assert len(workers) == 2, (server, workers)
        with closing(logged_in(base)) as client:  # logged in on whichever process took the login
            statuses = [client.get("/clusters").status_code for _ in range(REQUESTS)]
            assert statuses == [200] * REQUESTS  # the session holds on both processes
            form = client.get("/").text
            token = re.search(r'name="csrf" value="([^"]+)"', form)
            assert token, "no form with a CSRF token on the overview"
            out = client.post("/logout", data={"csrf": token.group(1)})
            assert out.status_code == 303, out.text
            assert client.get("/clusters").status_code == 303  # logged out everywhere: back to the login page
    deadline = time.monotonic() + 30
    while any(pid in _processes() for pid in [server, *workers]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in [server, *workers] if pid in _processes()], "server processes left running"
