"""The upload loop in a real browser (Chromium over a live server, SQLite): an editor uploads a news page, the job
page shows its progress and then its report, and the report's link leads to the stored document, whose clusters the
clusters page now lists. Screenshots go to test-output/screenshots/ as the other browser tests' do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGE,
    PASSWORD,
    LiveServer,
    Watch,
    log_in,
    need_chromium,
    offline_only,
    shared_playwright,
)
from chainatlas.services.reference import load_reference
from chainatlas.services.users import add_user
from chainatlas.store.session import Store

SCREENSHOTS = Path(__file__).parents[1] / "test-output" / "screenshots"
TIMEOUT = 30_000  # ms


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """An empty atlas with an editor, served on a free port."""
    need_chromium()
    store = Store(f"sqlite:///{tmp_path / 'atlas.db'}")
    store.upgrade()
    with store.transaction() as session:
        load_reference(session)
        add_user(session, "editor", PASSWORD, "editor", "test")
    store.dispose()
    live = LiveServer(store.url)
    try:
        yield live.start()
    finally:
        live.stop()


@pytest.fixture
def browser() -> Iterator[Browser]:
    need_chromium()
    browser = shared_playwright().chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


def test_upload_progress_report_and_the_updated_pages(server: str, browser: Browser, data: Path) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT)
    blocked: list[str] = []
    offline_only(context, blocked)
    page = context.new_page()
    watch = Watch(page, blocked)
    log_in(page, server, "editor", PASSWORD, "/upload")
    assert page.url.endswith("/upload")
    page.goto(f"{server}/upload")
    page.set_input_files("#upload-documents input[type=file]", str(data / "news" / PAGE))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "upload-01-form.png"), full_page=True)
    with page.expect_navigation():
        page.click("#upload-documents button[type=submit]")
    assert "/upload/" in page.url
    page.screenshot(path=str(SCREENSHOTS / "upload-02-progress.png"), full_page=True)
    page.wait_for_selector('#state[data-state="done"]')  # the page refreshes itself until the job is done
    assert page.locator("#report tr.added").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "upload-03-report.png"), full_page=True)
    with page.expect_navigation():
        page.click("#report a")
    assert "/documents/" in page.url and page.locator("h1").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "upload-04-document.png"), full_page=True)
    page.goto(f"{server}/clusters")
    assert "产业集群" in page.locator("main table").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "upload-05-clusters.png"), full_page=True)
    assert watch.problems() == []
    context.close()
