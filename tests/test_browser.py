"""The atlas in a real browser (Debian's Chromium driven by Playwright) over a live server.

Every page loads with no console error, no failed request and nothing fetched from another host; charts
are drawn; a figure's link leads to its sentence; login, roles, exports and escaping work as a user sees
them. A full-page screenshot of every page goes to test-output/screenshots/ for a reviewer.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import openpyxl
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright
from sqlalchemy import func, select

from browser_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGE,
    PASSWORD,
    SCRIPT_DOC,
    SCRIPT_TEXT,
    LiveServer,
    Watch,
    build_atlas,
    log_in,
    need_chromium,
    offline_only,
    shared_playwright,
)
from chainatlas.store import tables
from chainatlas.store.session import Store
from page_text import foreign

SCREENSHOTS = Path(__file__).parents[1] / "test-output" / "screenshots"
TIMEOUT = 15_000  # ms


@dataclass(frozen=True, slots=True)
class Atlas:
    url: str  # the server's base URL
    db_url: str
    ids: dict[str, str]  # real ids for the pages' URLs


def _ids(db_url: str) -> dict[str, str]:
    """Ids of a cluster, an enterprise, a project and documents that have figures."""
    store = Store(db_url)
    try:
        with store.session() as s:

            def busiest(kind: type[tables.Entity]) -> str:
                count = func.count(tables.Claim.id)
                query = (
                    select(kind.id)
                    .join(tables.Claim, tables.Claim.subject_id == kind.id, isouter=True)
                    .group_by(kind.id)
                    .order_by(count.desc(), kind.id)
                    .limit(1)
                )
                found = s.scalar(query)
                assert found is not None, f"the test atlas has no {kind.__name__}"
                return str(found)

            def document(name: str) -> str:
                found = s.scalar(select(tables.Document.id).where(tables.Document.name.endswith(name)))
                assert found is not None, f"document {name} not in the test atlas"
                return str(found)

            return {
                "cluster": busiest(tables.Cluster),
                "enterprise": busiest(tables.Enterprise),
                "project": busiest(tables.Project),
                "document": document(PAGE),
                "script_document": document(SCRIPT_DOC),
                "chain": "humanoid-robot",
            }
    finally:
        store.dispose()


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def atlas(data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Atlas]:
    """The test atlas served on a free port of 127.0.0.1 for the whole session."""
    need_chromium()
    folder = tmp_path_factory.mktemp("browser-atlas")
    db_url = build_atlas(folder, data / "news")
    server = LiveServer(db_url)
    url = server.start()
    try:
        yield Atlas(url, db_url, _ids(db_url))
    finally:
        server.stop()


@pytest.fixture(scope="session")
def playwright() -> Playwright:
    need_chromium()
    return shared_playwright()


class _ScreenshotSummary:
    """A plugin registered by the browser fixture: names the screenshots' folder at the end of the run."""

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if SCREENSHOTS.is_dir():
            shots = len(list(SCREENSHOTS.glob("*.png")))
            terminalreporter.write_line(f"browser screenshots ({shots}): {SCREENSHOTS}")


@pytest.fixture(scope="session")
def browser(playwright: Playwright, request: pytest.FixtureRequest) -> Iterator[Browser]:
    plugins = request.config.pluginmanager
    if not plugins.has_plugin("chainatlas-screenshots"):
        plugins.register(_ScreenshotSummary(), "chainatlas-screenshots")
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


class Session:
    """A browser context (its own cookies) with requests to other hosts blocked and recorded."""

    def __init__(self, browser: Browser, atlas: Atlas) -> None:
        self.atlas = atlas
        self.blocked: list[str] = []
        self.context: BrowserContext = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
        )
        self.context.set_default_timeout(TIMEOUT)
        offline_only(self.context, self.blocked)

    def page(self) -> tuple[Page, Watch]:
        page = self.context.new_page()
        return page, Watch(page, self.blocked)

    def log_in(self, name: str) -> None:
        page, _ = self.page()
        log_in(page, self.atlas.url, name, PASSWORD)
        assert "/login" not in page.url, f"{name} could not log in"
        page.close()

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="session")
def admin(browser: Browser, atlas: Atlas) -> Iterator[Session]:
    session = Session(browser, atlas)
    session.log_in("admin")
    yield session
    session.close()


@pytest.fixture
def anonymous(browser: Browser, atlas: Atlas) -> Iterator[Session]:
    session = Session(browser, atlas)
    yield session
    session.close()


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def wait_for_charts(page: Page) -> int:
    """Wait until every chart of the page is drawn; how many there are."""
    charts = page.locator("[data-chart]").count()
    if charts:
        page.wait_for_function(
            "n => document.querySelectorAll('[data-chart][data-drawn=\"true\"]').length >= n", arg=charts
        )
    return charts


# ---------------------------------------------------------------- every page

PAGES = {
    "01-overview": "/",
    "02-clusters": "/clusters",
    "03-cluster": "/clusters/{cluster}",
    "04-enterprises": "/enterprises",
    "05-enterprise": "/enterprises/{enterprise}",
    "06-chains": "/chains",
    "07-chain": "/chains/{chain}",
    "08-counties": "/counties?city=" + quote("嘉兴市"),
    "09-specialisation": "/specialisation",
    "10-projects": "/projects?today=2026-07-05",
    "11-project": "/projects/{project}?today=2026-07-05",
    "12-document": "/documents/{document}",
    "13-search": "/search?q=" + quote("平湖"),
    "14-users": "/users",
    "15-overview-en": "/?lang=en",
}


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_clean(admin: Session, name: str) -> None:
    """The page answers 200 and loads with no console error, failed request or request to another host."""
    path = PAGES[name].format(**admin.atlas.ids)
    page, watch = admin.page()
    try:
        response = page.goto(admin.atlas.url + path, wait_until="networkidle")
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        assert urlsplit(page.url).path == urlsplit(path).path, f"{path} went to {page.url}"
        assert page.locator("meta[charset='utf-8']").count() == 1
        wait_for_charts(page)
        assert page.locator("main").inner_text().strip(), f"{path} shows nothing"
        screenshot(page, name)
        assert watch.problems() == [], f"{path}: {watch.problems()}"
    finally:
        if name == "15-overview-en":  # back to Chinese for the other tests of this session
            page.goto(admin.atlas.url + "/login?lang=zh")
        page.close()


@pytest.fixture(scope="module")
def reader(browser: Browser, atlas: Atlas) -> Iterator[Session]:
    """An admin's context of its own for the pages in either language (the language a session keeps stays here)."""
    session = Session(browser, atlas)
    session.log_in("admin")
    yield session
    session.close()


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_reads_in_one_language_at_each_width(reader: Session, lang: str, width: int) -> None:
    """Each page as the browser draws it (charts included), on a laptop and a phone: no words of the other language
    outside names and quoted source text (marked translate="no"); a screenshot of each for a reviewer."""
    page, watch = reader.page()
    page.set_viewport_size({"width": width, "height": 900})
    found: dict[str, list[str]] = {}
    try:
        for name, path in PAGES.items():
            if "lang=" in path:
                continue  # the overview in English, here already
            url = path.format(**reader.atlas.ids)
            url += ("&" if "?" in url else "?") + f"lang={lang}"
            response = page.goto(reader.atlas.url + url, wait_until="networkidle")
            assert response is not None and response.status == 200, f"{url}: {response and response.status}"
            wait_for_charts(page)
            assert page.locator("html").get_attribute("lang") == {"zh": "zh-CN", "en": "en"}[lang], url
            screenshot(page, f"{name}-{lang}-{width}")
            if words := foreign(page.content(), lang):
                found[url] = sorted(set(words))
        assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)
        assert watch.problems() == []
    finally:
        page.close()


def test_overview_draws_the_map_in_chinese(admin: Session) -> None:
    """The county map of Jiaxing, its boundaries served by the atlas from the installed package."""
    page, watch = admin.page()
    with page.expect_response(lambda r: urlsplit(r.url).path == "/maps/330400.json") as boundaries:
        page.goto(admin.atlas.url + "/?lang=zh", wait_until="networkidle")
    assert boundaries.value.status == 200
    page.wait_for_selector('[data-chart][data-drawn="true"]')
    assert page.locator("div.chart[data-chart] canvas").count() >= 1
    drawn = page.evaluate(
        "() => { const o = echarts.getInstanceByDom(document.querySelector('[data-chart]')).getOption();"
        " return [o.series[0].type, o.series[0].data.map(d => d.name).sort()]; }"
    )
    assert drawn == ["map", sorted(["南湖区", "秀洲区", "嘉善县", "海盐县", "海宁市", "平湖市", "桐乡市"])]
    text = page.locator("body").inner_text()
    assert "嘉兴" in text and "产业集群" in text
    assert watch.problems() == []
    page.close()


def test_a_figure_links_to_its_sentence(admin: Session) -> None:
    """The overview's first figure link opens the document with that claim's sentence marked as current."""
    page, watch = admin.page()
    page.goto(admin.atlas.url + "/", wait_until="networkidle")
    link = page.locator("a[href*='/documents/'][href*='?claim=']").first
    href = link.get_attribute("href")
    assert href, "the overview links no figure to its document"
    claim_id = int(re.sub(r".*[?]claim=", "", href))
    with page.expect_navigation():
        link.click()
    assert urlsplit(page.url).path.startswith("/documents/")
    current = page.locator("mark.current")
    current.wait_for()
    assert current.count() == 1
    assert current.get_attribute("id") == f"claim-{claim_id}"
    assert "fact" in (current.get_attribute("class") or "")

    store = Store(admin.atlas.db_url)
    try:
        with store.session() as s:
            claim = s.get(tables.Claim, claim_id)
            assert claim is not None
            document = s.get(tables.Document, claim.document_id)
            assert document is not None
            sentence = document.text[claim.span_start : claim.span_end]
    finally:
        store.dispose()
    assert urlsplit(page.url).path == f"/documents/{claim.document_id}"
    marked = current.inner_text().strip()
    assert marked and (marked in sentence or sentence.strip() in marked), (marked, sentence)
    screenshot(page, "20-figure-source")
    page.screenshot(path=str(SCREENSHOTS / "20-figure-source-at-sentence.png"))  # the viewport: the marked sentence
    assert watch.problems() == []
    page.close()


# ---------------------------------------------------------------- login and roles


def test_login_wrong_then_right(anonymous: Session) -> None:
    page, watch = anonymous.page()
    page.goto(anonymous.atlas.url + "/clusters")
    assert urlsplit(page.url).path == "/login", "a page without login must lead to the login form"
    page.fill("input[name=name]", "editor")
    page.fill("input[name=password]", "not the password")
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")
    assert urlsplit(page.url).path == "/login"
    assert page.locator("#login-error").is_visible()
    screenshot(page, "21-login-error")

    page.fill("input[name=name]", "editor")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")
    assert urlsplit(page.url).path == "/clusters", page.url
    assert "editor" in page.locator("header").inner_text()
    # the wrong password's 401 is the one error response expected here
    assert [p for p in watch.problems() if "401" not in p] == []
    page.close()


def test_viewer_cannot_see_users_admin_can(browser: Browser, atlas: Atlas, admin: Session) -> None:
    viewer = Session(browser, atlas)
    try:
        viewer.log_in("viewer")
        page, _ = viewer.page()
        page.goto(atlas.url + "/")
        assert page.locator("nav a[href='/users']").count() == 0
        response = page.goto(atlas.url + "/users")
        assert response is not None and response.status == 403
    finally:
        viewer.close()

    page, watch = admin.page()
    # the overview fetches its map; leaving before it arrives would abort that request
    page.goto(atlas.url + "/", wait_until="networkidle")
    assert page.locator("nav a[href='/users']").count() == 1
    response = page.goto(atlas.url + "/users")
    assert response is not None and response.status == 200
    text = page.locator("main").inner_text()
    assert "viewer" in text and "editor" in text
    assert watch.problems() == []
    page.close()


# ---------------------------------------------------------------- exports and escaping


def _cells(texts: list[str]) -> list[str]:
    return [" ".join(t.split()) for t in texts]


def _table(page: Page) -> tuple[list[str], list[list[str]]]:
    table = page.locator("table").first
    header = _cells(table.locator("thead th").all_inner_texts())
    rows = [_cells(row.locator("td").all_inner_texts()) for row in table.locator("tbody tr").all()]
    return header, rows


def _download(page: Page, fmt: str) -> bytes:
    with page.expect_download() as info:
        page.locator(f"a[href*='format={fmt}']").first.click()
    path = info.value.path()
    return Path(path).read_bytes()


def test_csv_and_xlsx_exports_are_the_table(admin: Session) -> None:
    page, watch = admin.page()
    page.goto(admin.atlas.url + "/clusters", wait_until="networkidle")
    header, rows = _table(page)
    assert rows, "the clusters page shows no rows"

    data = _download(page, "csv")
    assert data.startswith(b"\xef\xbb\xbf"), "the CSV starts with a BOM for Excel"
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert _cells(lines[0]) == header
    assert [_cells(line) for line in lines[1:]] == rows

    book = openpyxl.load_workbook(io.BytesIO(_download(page, "xlsx")), read_only=True)
    sheet = book.worksheets[0]
    cells = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert _cells(cells[0]) == header
    assert [_cells(row) for row in cells[1:]] == rows
    # a download ends its navigation: Chromium reports that request as aborted
    downloads = [p for p in watch.problems() if "format=" in p and p.endswith("net::ERR_ABORTED")]
    assert [p for p in watch.problems() if p not in downloads] == []
    page.close()


def test_script_in_a_document_is_shown_as_text(admin: Session) -> None:
    page, watch = admin.page()
    page.goto(admin.atlas.url + f"/documents/{admin.atlas.ids['script_document']}", wait_until="networkidle")
    page.wait_for_timeout(300)
    assert SCRIPT_TEXT in page.locator("#text").inner_text()
    assert "128.95亿元" in page.locator("mark.fact").all_inner_texts(), "the figure is marked, not its sentence"
    inline = page.evaluate("[...document.scripts].filter(s => s.textContent.includes('xss')).length")
    assert inline == 0
    assert watch.dialogs == []
    screenshot(page, "22-document-with-script-text")
    assert watch.problems() == []
    page.close()


def test_api_docs_render_offline(admin: Session) -> None:
    """Swagger UI at /docs draws every API path from the atlas's own assets, nothing from another host."""
    page, watch = admin.page()
    page.goto(admin.atlas.url + "/docs", wait_until="networkidle")
    page.locator(".opblock").first.wait_for()
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/clusters" in [" ".join(p.split()).replace("\u200b", "") for p in paths]
    screenshot(page, "23-api-docs")
    assert watch.problems() == []
    page.close()


# ---------------------------------------------------------------- layout: phone width and print

WIDTHS = (1366, 390)


def _overflow(page: Page) -> list[int]:
    """How far the page is wider than the window (0 when it is not), for the document and the body."""
    return page.evaluate(
        "() => [document.documentElement, document.body].map(e => Math.max(0, e.scrollWidth - window.innerWidth))"
    )


def _chart_widths(page: Page) -> list[int]:
    return page.evaluate(
        "() => [...document.querySelectorAll('[data-chart]')].map(e => echarts.getInstanceByDom(e).getWidth())"
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_fits_the_width(admin: Session, name: str, width: int) -> None:
    """At 1366 and 390 px: a screenshot of every page; at 390 nothing makes the page scroll sideways (wide tables
    scroll in their own box, the nav wraps, charts take the width they have)."""
    page, watch = admin.page()
    page.set_viewport_size({"width": width, "height": 900})
    try:
        page.goto(admin.atlas.url + PAGES[name].format(**admin.atlas.ids), wait_until="networkidle")
        wait_for_charts(page)
        screenshot(page, f"{width}px-{name}")
        assert _overflow(page) == [0, 0], f"{name} at {width} px is wider than the window"
        assert all(0 < w <= width for w in _chart_widths(page))
        if width < 800:
            nav = page.locator("header nav")
            if nav.count():
                assert nav.bounding_box()["width"] <= width  # type: ignore[index]
        assert watch.problems() == []
    finally:
        if name == "15-overview-en":
            page.goto(admin.atlas.url + "/login?lang=zh")
        page.close()


def test_charts_follow_the_window_and_tables_scroll_in_their_box(admin: Session) -> None:
    page, watch = admin.page()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(admin.atlas.url + f"/clusters/{admin.atlas.ids['cluster']}", wait_until="networkidle")
    wait_for_charts(page)
    assert max(_chart_widths(page)) > 390
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("() => [...document.querySelectorAll('[data-chart]')].every("
                           "e => echarts.getInstanceByDom(e).getWidth() <= 390)")  # fmt: skip
    assert _overflow(page) == [0, 0]
    page.goto(admin.atlas.url + "/projects?today=2026-07-05", wait_until="networkidle")
    box = page.locator("#table-projects").evaluate("t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
    assert box[0] > box[1], "the ten-column project table is wider than the phone: it scrolls in its own box"
    assert _overflow(page) == [0, 0]
    assert watch.problems() == []
    page.close()


def test_the_timeline_counts_in_days(admin: Session) -> None:
    """The project timeline's axis ticks are whole days apart (never hours), today and the due date drawn."""
    page, watch = admin.page()
    page.goto(admin.atlas.url + f"/projects/{admin.atlas.ids['project']}?today=2026-07-05", wait_until="networkidle")
    wait_for_charts(page)
    ticks = page.evaluate(
        "() => echarts.getInstanceByDom(document.querySelector('[data-chart=\"timeline-chart\"]'))"
        ".getModel().getComponent('xAxis', 0).axis.scale.getTicks().map(t => t.value)"
    )
    assert len(ticks) >= 2 and min(b - a for a, b in itertools.pairwise(ticks)) >= 86_400_000
    option = page.evaluate(
        "() => echarts.getInstanceByDom(document.querySelector('[data-chart=\"timeline-chart\"]')).getOption()"
    )
    lines = [line["name"] for s in option["series"] for line in (s.get("markLine") or {}).get("data", [])]
    assert "今天" in lines
    assert watch.problems() == []
    page.close()


def test_print_shows_the_content_black_on_white(admin: Session) -> None:
    """Printed, a page has no navigation, tools or download links; black text on white; its charts as drawn."""
    page, watch = admin.page()
    page.goto(admin.atlas.url + f"/clusters/{admin.atlas.ids['cluster']}", wait_until="networkidle")
    wait_for_charts(page)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        "() => ['header nav', 'header .tools', '.exports'].map(s => [...document.querySelectorAll(s)]"
        ".every(e => getComputedStyle(e).display === 'none'))"
    )
    assert hidden == [True, True, True]
    colours = page.evaluate(
        "() => [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor,"
        " getComputedStyle(document.querySelector('a')).color]"
    )
    assert colours[0] == "rgb(0, 0, 0)" and colours[1] in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
    assert colours[2] == "rgb(0, 0, 0)"
    charts = page.locator("[data-chart] canvas")
    assert charts.count() >= 1 and all(charts.nth(i).is_visible() for i in range(charts.count()))
    screenshot(page, "24-cluster-print")
    page.emulate_media(media="screen")
    assert watch.problems() == []
    page.close()
