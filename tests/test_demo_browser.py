"""The demo atlas (`chainatlas.demo.build`, as `scripts/demo` builds it) in a browser: each page shows its capability.

Chain graphs with filled, fragile and empty nodes, 补链 projects and leads; county overlap with non-zero,
differing values; specialisation with LQ numbers and all four quadrants; indicator charts over several years;
a project board with projects in every stage of every kind, overdue and stalled ones marked; service requests
in each state. The demo is built for a fixed day and the pages are asked for that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from browser_server import PASSWORD, LiveServer, need_chromium
from chainatlas.analytics import constructed as panel
from chainatlas.analytics.specialisation import QUADRANT_NAMES
from chainatlas.chains import bundled_chains
from chainatlas.demo import build
from chainatlas.projects.model import STAGES, Kind
from chainatlas.services.desk import STATUS_NAMES
from chainatlas.services.users import add_user
from chainatlas.store import tables
from chainatlas.store.session import Store
from test_browser import Atlas, Session, browser, playwright, screenshot, wait_for_charts  # noqa: F401 (fixtures)

DAY = dt.date(2026, 7, 15)
QUADRANTS = set(QUADRANT_NAMES.values())  # the pages read in Chinese


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Atlas]:
    """The demo atlas built for DAY, with an admin, served on a free port of 127.0.0.1."""
    need_chromium()
    folder = tmp_path_factory.mktemp("demo-atlas")
    db_url = f"sqlite:///{folder / 'atlas.db'}"
    build(db_url, folder / "files", DAY)
    store = Store(db_url)
    try:
        with store.transaction() as session:
            add_user(session, "admin", PASSWORD, "admin", "test")
    finally:
        store.dispose()
    server = LiveServer(db_url)
    url = server.start()
    try:
        yield Atlas(url, db_url, {})
    finally:
        server.stop()


@pytest.fixture(scope="module")
def admin(browser: Browser, demo: Atlas) -> Iterator[Session]:  # noqa: F811 (browser: the fixture imported)
    session = Session(browser, demo)
    session.log_in("admin")
    yield session
    session.close()


def _open(admin: Session, path: str, shot: str) -> Page:
    """The page at `path`, loaded with its charts drawn and nothing gone wrong; a screenshot saved."""
    page, watch = admin.page()
    response = page.goto(admin.atlas.url + path, wait_until="networkidle")
    assert response is not None and response.status == 200, path
    wait_for_charts(page)
    screenshot(page, f"demo-{shot}")
    assert watch.problems() == [], watch.problems()
    return page


def _option(page: Page, chart: str, expression: str) -> Any:
    """`expression` over the drawn chart's option `o` (as ECharts holds it)."""
    return page.evaluate(
        f"id => {{ const o = echarts.getInstanceByDom(document.querySelector(`[data-chart=\"${{id}}\"]`))"
        f".getOption(); return {expression}; }}",
        chart,
    )


def _column(page: Page, table: str, header: str) -> list[str]:
    """The texts of a grid's column under `header`."""
    return list(
        page.evaluate(
            "([table, header]) => { const t = document.getElementById('table-' + table);"
            " const i = [...t.querySelectorAll('thead th')].findIndex(th => th.textContent.trim() === header);"
            " if (i < 0) throw new Error('no column ' + header);"
            " return [...t.querySelectorAll('tbody tr')].map(tr => tr.children[i].textContent.trim()); }",
            [table, header],
        )
    )


def test_every_chain_graph_has_filled_fragile_and_empty_nodes(admin: Session) -> None:
    for held in bundled_chains():
        page = _open(admin, f"/chains/{held.id}", f"chain-{held.id}")
        statuses = _option(page, "chain-graph", "o.series[0].data.map(d => d.status)")
        counts = {s: statuses.count(s) for s in ("filled", "fragile", "empty")}
        assert sum(counts.values()) == len(statuses) == len(held.nodes), (held.id, counts)
        assert min(counts.values()) >= 1, (held.id, counts)
        page.close()


def test_chain_graph_has_filled_fragile_and_empty_nodes_projects_and_leads(admin: Session) -> None:
    page = _open(admin, "/chains/humanoid-robot", "chain")
    statuses = _option(page, "chain-graph", "o.series[0].data.map(d => d.status)")
    counts = {s: statuses.count(s) for s in ("filled", "fragile", "empty")}
    assert sum(counts.values()) == len(statuses) and min(counts.values()) >= 2, counts
    holders = [h for h in _column(page, "coverage-humanoid-robot", "企业") if h]
    assert len(holders) >= statuses.count("filled")
    projects = page.locator("main a[href^='/projects/']")
    assert projects.count() >= 1 and "项目" in projects.first.inner_text()  # a 补链 project on an empty node
    page.close()

    page = _open(admin, "/chains/humanoid-robot?area=" + quote("平湖市"), "chain-county")
    leads = [lead for lead in _column(page, "coverage-humanoid-robot", "招商线索") if lead]
    assert len(leads) >= 3 and all("有限公司" in lead for lead in leads)  # firms of other counties for its gaps
    page.close()


def test_county_overlap_differs_pair_by_pair(admin: Session) -> None:
    page = _open(admin, "/counties?city=" + quote("嘉兴市"), "counties")
    cells = _option(page, "overlap-heatmap", "o.series[0].data.map(d => d[2])")
    assert len(cells) == 2 * 21  # 7 counties: 21 pairs, each drawn on both sides
    assert all(0 < value < 1 for value in cells) and len(set(cells)) >= 15, cells
    cosines = [float(c) for c in _column(page, "pairs", "余弦相似度")]
    assert sorted(cosines) == sorted(cells[:21])
    page.close()


def test_specialisation_shows_location_quotients_and_quadrants(admin: Session) -> None:
    path = f"/specialisation?region={quote('嘉兴市')}&dataset={quote(panel.NAME)}"
    page = _open(admin, path, "specialisation")
    lqs = [float(lq) for lq in _column(page, "standings", "LQ")]
    assert len(lqs) == 7 * len(panel.DIVISIONS)
    assert all(lq > 0 for lq in lqs) and len(set(lqs)) >= 40 and max(lqs) > 2 > 0.7 > min(lqs), lqs
    classes = " ".join(_column(page, "standings", "类别")).split()
    assert set(classes) >= QUADRANTS and "优势" in classes
    krugman = [float(k) for k in _column(page, "regions", "Krugman 指数")]
    assert len(krugman) == 7 and all(k > 0 for k in krugman) and len(set(krugman)) == 7
    page.close()


def test_indicator_charts_show_several_years(admin: Session) -> None:
    store = Store(admin.atlas.db_url)
    try:
        with store.session() as s:
            clusters = list(s.execute(select(tables.Cluster.id, tables.Cluster.name)))
    finally:
        store.dispose()
    assert len(clusters) == 4
    for number, (cluster_id, name) in enumerate(clusters):
        page = _open(admin, f"/clusters/{cluster_id}", f"cluster-{number}")
        charts = page.locator("[data-chart^='indicator-']").count()
        years = [
            _option(page, f"indicator-{i}", "[o.title[0].text, o.xAxis[0].data, o.series[0].data.map(d => d.value)]")
            for i in range(1, charts + 1)
        ]
        spanning = {title: values for title, x, values in years if x == ["2023年", "2024年", "2025年"]}
        assert len(spanning) >= 2, (name, years)  # the output value and the count of firms, at least
        output = [values for title, values in spanning.items() if title.startswith("产值")]
        assert output and output[0] == sorted(output[0]) and len(set(output[0])) == 3, (name, output)  # growing
        page.close()


def test_board_has_projects_in_every_stage_overdue_and_stalled_marked(admin: Session) -> None:
    page = _open(admin, f"/projects?today={DAY}", "projects")
    for kind in Kind:
        stages = [None, *STAGES[kind]]
        for stage in stages:
            column = page.locator(f"#stage-{kind}-{stage or 'none'}")
            cards = column.locator("li")
            assert cards.count() >= 1, (kind, stage)
            if stage != stages[-1]:  # every stage before the last has a project behind: overdue or stalled
                assert column.locator(".overdue, .stalled").count() >= 1, (kind, stage)
            else:  # done: nothing due, nothing stalled
                assert column.locator(".overdue, .stalled").count() == 0, (kind, stage)
    assert page.locator(".board .overdue").count() >= 15
    assert page.locator(".board .stalled").count() >= 8
    stalled = page.locator(".board .stalled").first.inner_text()
    assert int("".join(ch for ch in stalled if ch.isdigit())) > 180, stalled
    page.close()


def test_service_requests_in_each_state(admin: Session) -> None:
    store = Store(admin.atlas.db_url)
    try:
        with store.session() as s:
            projects = sorted(set(s.scalars(select(tables.ServiceRequest.project_id))))
    finally:
        store.dispose()
    statuses, overdue = [], 0
    for number, project in enumerate(projects):
        page = _open(admin, f"/projects/{project}?today={DAY}", f"requests-{number}")
        statuses += [s.strip("［］") for s in page.locator(".request .status").all_inner_texts()]
        overdue += page.locator(".request .overdue").count()
        page.close()
    expected = ["open", "open", "open", "responded", "resolved", "confirmed"]
    assert sorted(statuses) == sorted(STATUS_NAMES[state] for state in expected)
    assert overdue == 2  # the one past its due date, and the one reopened by an unsatisfied enterprise
