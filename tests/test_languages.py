"""One language at a time: every page of the demo atlas, read in Chinese and in English, carries no words of the
other language outside names and quoted source text (marked `translate="no"`), in its text, the labels of its
controls and the words of its charts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from chainatlas.chains import bundled_chains
from chainatlas.demo import build
from chainatlas.formatting import format_amount, format_period, format_stated, level_label, metric_label
from chainatlas.i18n import language
from chainatlas.store import tables
from chainatlas.store.session import Store
from page_text import foreign, reader_text
from web_client import logged_in

DAY = dt.date(2026, 7, 15)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, list[str]]]:
    """An admin's client of the demo atlas built for DAY, and the URLs of every kind of page in it."""
    folder = tmp_path_factory.mktemp("demo-languages")
    db_url = f"sqlite:///{folder / 'atlas.db'}"
    build(db_url, folder / "files", DAY)
    store = Store(db_url)
    try:
        yield logged_in(store, "admin"), _urls(store)
    finally:
        store.dispose()


def _urls(store: Store) -> list[str]:
    """Every list page and each kind of profile: every cluster, chain and project, a few firms and documents."""
    day = f"today={DAY.isoformat()}"
    with store.session() as session:
        clusters = session.scalars(select(tables.Cluster.id)).all()
        projects = session.scalars(select(tables.Project.id)).all()
        documents = session.scalars(select(tables.Document.id).limit(5)).all()
        firms = session.scalars(select(tables.Enterprise.id).limit(5)).all()
    return [
        "/", "/clusters", "/enterprises", "/chains", "/counties", "/specialisation", f"/projects?{day}",
        "/documents", "/search?q=嘉兴", "/upload", "/users", "/docs", "/clusters/999999",
        *(f"/clusters/{i}?{day}" for i in clusters), *(f"/chains/{c.id}" for c in bundled_chains()),
        *(f"/projects/{i}?{day}" for i in projects), *(f"/documents/{i}" for i in documents),
        *(f"/enterprises/{i}" for i in firms),
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_reads_in_one_language(demo: tuple[TestClient, list[str]], lang: str) -> None:
    client, urls = demo
    client.get(f"/?lang={lang}")
    found: dict[str, list[str]] = {}
    for url in urls:
        page = client.get(url, headers={"accept": "text/html"})
        assert page.status_code in (200, 404), (url, page.status_code)
        assert reader_text(page.text), url
        if words := foreign(page.text, lang):
            found[url] = sorted(set(words))
    assert found == {}, json.dumps(found, ensure_ascii=False, indent=1)


def test_figures_read_in_the_current_language() -> None:
    """Units, periods, qualifiers, metric and level names: Chinese by default, English in an English block."""
    assert (format_amount(12_895_000_000, "CNY"), format_amount(350_000, "CNY"), format_amount(120, "m2")) == (
        "128.95亿元", "35万元", "120平方米")  # fmt: skip
    assert (format_period("2025"), format_period("2023/2025"), format_period("2026-01/2026-05")) == (
        "2025年", "2023—2025年", "2026-01至2026-05")  # fmt: skip
    assert (level_label("provincial"), metric_label("output_value"), format_stated(5e8, "CNY", "gt")) == (
        "省级", "产值", "超5亿元")  # fmt: skip
    with language("en"):
        assert (format_amount(12_895_000_000, "CNY"), format_amount(350_000_000, "CNY"), format_amount(5000, "CNY"),
                format_amount(120, "m2"), format_amount(3, "month")) == (
            "¥12.895 bn", "¥350 m", "¥5,000", "120 m²", "3 months")  # fmt: skip
        assert (format_period("2025"), format_period("2023/2025"), format_period("2026-01/2026-05")) == (
            "2025", "2023–2025", "2026-01 to 2026-05")  # fmt: skip
        assert (level_label("provincial"), metric_label("output_value"), format_stated(5e8, "CNY", "gt")) == (
            "Provincial", "Output value", "over ¥500 m")  # fmt: skip
