"""The real-browser tests' parts: a test atlas, the app served by uvicorn in a thread, Chromium, a page watcher.

`build_atlas` ingests the test news folder (the Jiaxing page dated 2026-07-05) through the CLI, adds a
document whose text carries a `<script>` tag, and users admin, editor and viewer. `LiveServer` serves
`create_app` over that store on a socket it binds itself on 127.0.0.1 (port 0: the system picks a free
one, so there is no race between finding a port and listening on it). `Watch` records what must not
happen on a page: console errors, uncaught exceptions, failed requests, error responses, requests to any
host but 127.0.0.1 (they are aborted: the atlas must work offline) and dialogs.
"""

from __future__ import annotations

import atexit
import os
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Playwright,
    Request,
    Response,
    Route,
    sync_playwright,
)

from chainatlas.services.users import add_user
from chainatlas.store.session import Store
from chainatlas.web.app import create_app
from cli_runner import ok

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE = "jiaxing-2026-07-p1.txt"
SCRIPT_DOC = "script-in-text.txt"
SCRIPT_TEXT = "<script>alert('xss')</script>"
PASSWORD = "correct horse battery"
ROLES = ("admin", "editor", "viewer")
HOST = "127.0.0.1"


def build_atlas(folder: Path, news: Path) -> str:
    """A SQLite atlas in `folder` with the news ingested, a document with script text, and the users; its URL."""
    url = f"sqlite:///{folder / 'atlas.db'}"
    ok(url, "ingest", "--workers", "1", "--date", "2026-07-05", news / PAGE)
    ok(url, "ingest", "--workers", "1", news)
    script_doc = folder / "docs" / SCRIPT_DOC
    script_doc.parent.mkdir(parents=True, exist_ok=True)
    script_doc.write_text(  # a figure whose sentence carries the tag: it shows in marks and source sentences
        "嘉兴讯 2025年，平湖机器人关节零部件中小企业特色产业集群"
        f"实现总产值128.95亿元{SCRIPT_TEXT}，集聚中小企业71家。\n"
        f"网页里写下 {SCRIPT_TEXT} 这样的文字，页面须把它当作文字显示。\n",
        encoding="utf-8",
    )
    ok(url, "ingest", "--workers", "1", "--date", "2026-07-05", script_doc)
    store = Store(url)
    try:
        with store.transaction() as session:
            for role in ROLES:
                add_user(session, role, PASSWORD, role, "test")
    finally:
        store.dispose()
    return url


class LiveServer:
    """The atlas app served by uvicorn in a daemon thread on 127.0.0.1; `stop` shuts it down."""

    def __init__(self, db_url: str) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((HOST, 0))
        port = self._socket.getsockname()[1]
        self.url = f"http://{HOST}:{port}"
        config = uvicorn.Config(create_app(db_url), host=HOST, port=port, log_level="warning", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True)

    def start(self, timeout: float = 30) -> str:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the atlas server did not start at {self.url}")
            time.sleep(0.05)
        return self.url

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()


_started: list[Playwright] = []


def shared_playwright() -> Playwright:
    """The process's one Playwright, started on first use and stopped at exit: its sync API allows one at a time, and
    each test module that drives the browser (test_browser, test_demo_browser) has its own session fixtures."""
    if not _started:
        _started.append(sync_playwright().start())
        atexit.register(_started[0].stop)
    return _started[0]


def need_chromium() -> None:
    """Skip when Debian's Chromium is absent, except in CI (CI=true), where that fails the tests."""
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is absent: apt install chromium fonts-wqy-microhei (scripts/setup does, as root on Debian)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI runs the browser tests: {reason}")
    pytest.skip(reason)


def offline_only(context: BrowserContext, blocked: list[str]) -> None:
    """Abort (and record in `blocked`) every request of the context to a host other than 127.0.0.1."""

    def handle(route: Route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != HOST:
            blocked.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", handle)


@dataclass
class Watch:
    """What went wrong on a page since it was opened; `problems()` lists it all, empty when all is well."""

    page: Page
    blocked: list[str]
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.page.on("requestfailed", self._failed)
        self.page.on("response", self._response)
        self.page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} @ {message.location.get('url', '')}")

    def _failed(self, request: Request) -> None:
        self.failed.append(f"{request.method} {request.url}: {request.failure}")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.bad_responses.append(f"{response.status} {response.url}")

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def problems(self) -> list[str]:
        return [
            *(f"console error: {e}" for e in self.console_errors),
            *(f"uncaught exception: {e}" for e in self.page_errors),
            *(f"request failed: {e}" for e in self.failed),
            *(f"error response: {e}" for e in self.bad_responses),
            *(f"request to another host: {e}" for e in self.blocked),
            *(f"dialog opened: {e}" for e in self.dialogs),
        ]


def log_in(page: Page, base: str, name: str, password: str, target: str = "/") -> None:
    """Fill and send the login form at /login?next=TARGET."""
    page.goto(f"{base}/login?next={target}")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")
