"""The minimal web page over a store built from the demo corpus: clusters, figures, sources."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

import chainatlas
from chainatlas.store.ingest import ingest_paths
from chainatlas.store.session import Store
from chainatlas.web.app import create_app
from chainatlas.web.format import format_amount, format_period

DEMO = Path(chainatlas.__file__).parent / "data" / "demo"
PINGHU = "平湖机器人关节零部件中小企业特色产业集群"
# A page whose figure sentence carries markup, as scraped news text may.
MARKUP_PAGE = """date: 2026-07-05
title: 标记测试
---
测试集群产值稳步增长

■记者 测试

本报讯 2025年，嘉兴测试光伏产业集群实现总产值12.5亿元<script>alert("x")</script>，集聚企业20家。
"""


@pytest.fixture
def client(store: Store, tmp_path: Path) -> Iterator[TestClient]:
    """The app over a store (each backend) holding the demo corpus and a page with markup."""
    markup = tmp_path / "markup.txt"
    markup.write_text(MARKUP_PAGE, encoding="utf-8")
    report = ingest_paths(store, [DEMO, markup])
    assert len(report.added) == len(list(DEMO.glob("*.txt"))) + 1 and not report.skipped
    with TestClient(create_app(store.url)) as test_client:
        yield test_client


def _row(page: str, name: str) -> str:
    """The table row of the cluster called `name`."""
    found = re.search(rf"<tr>\s*<td><a [^>]*>{re.escape(name)}</a>.*?</tr>", page, re.S)
    assert found, f"no row for {name}"
    return found.group()


def test_cluster_list_shows_figures_with_their_sources(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert '<meta charset="utf-8">' in page
    row = _row(page, PINGHU)
    assert "平湖市" in row
    assert "省级" in row
    assert "128.95亿元" in row and "（2025年）" in row
    assert "71家" in row
    # The sentence the output value came from, and its document.
    assert "实现总产值128.95亿元" in row
    assert "《01-provincial-clusters.txt》" in row
    assert "秀洲汽车智能配饰" in page and "88.82亿元" in page


def test_page_loads_nothing_from_elsewhere(client: TestClient) -> None:
    response = client.get("/")
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", response.text)
    assert "<script" not in response.text


def test_markup_in_a_stored_sentence_is_shown_escaped(client: TestClient) -> None:
    page = client.get("/").text
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_profile_lists_every_figure_with_period_and_sentence(client: TestClient) -> None:
    response = client.get(f"/clusters/{quote(PINGHU)}")
    assert response.status_code == 200
    page = response.text
    assert f"<h1>{PINGHU}</h1>" in page
    for label, value in (("产值", "128.95亿元"), ("中小企业数", "71"), ("参与制修订团体标准", "41")):
        assert re.search(rf'<td>{label}</td>\s*<td class="num">{value}</td>', page), label
    assert re.search(r'<td>产值</td>\s*<td class="num">128\.95亿元</td>\s*<td>2025年</td>', page)
    assert "近3年，集群内中小企业共参与制修订国家标准31项、团体标准41项。" in page
    assert re.search(r'<td>参与制修订团体标准</td>\s*<td class="num">41</td>\s*<td>2023—2025年</td>', page)


def test_unknown_profile_is_404(client: TestClient) -> None:
    assert client.get(f"/clusters/{quote('不存在的集群')}").status_code == 404


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (12_895_000_000, "CNY", "128.95亿元"),
        (16_460_000_000, "CNY", "164.6亿元"),
        (4_000_000_000, "CNY", "40亿元"),
        (87_630_000, "CNY", "8763万元"),
        (0.168, "ratio", "16.8%"),
        (5000, "m2", "5000平方米"),
        (18, "month", "18个月"),
        (71, "count", "71"),
    ],
)
def test_amounts_read_as_in_the_news(value: float, unit: str, shown: str) -> None:
    assert format_amount(value, unit) == shown


@pytest.mark.parametrize(
    ("period", "shown"),
    [("2025", "2025年"), ("2023/2025", "2023—2025年"), ("2026-01/2026-05", "2026-01至2026-05"), (None, "")],
)
def test_periods_read_as_in_the_news(period: str | None, shown: str) -> None:
    assert format_period(period) == shown
