"""The web atlas's frame over the demo corpus: health, nothing loaded from elsewhere, how figures read.

The pages themselves are tested in test_web_pages.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import chainatlas
from chainatlas.formatting import format_amount, format_period, sum_qualifier
from chainatlas.services.ingest import ingest_paths
from chainatlas.store.session import Store
from web_client import logged_in

DEMO = Path(chainatlas.__file__).parent / "data" / "demo"


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    """A viewer's client over a store (each backend) holding the demo corpus."""
    report = ingest_paths(store, [DEMO])
    assert report.added and not report.skipped
    with logged_in(store) as test_client:
        yield test_client


@pytest.mark.parametrize("url", ["/", "/clusters", "/enterprises", "/chains", "/counties", "/specialisation"])
def test_pages_load_nothing_from_elsewhere(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", response.text)
    # Only data blocks and our own scripts: no inline code.
    for tag in re.findall(r"<script[^>]*>", response.text):
        assert 'type="application/json"' in tag or 'src="/static/' in tag, tag


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


@pytest.mark.parametrize(
    ("qualifiers", "summed"),
    [
        (["eq", "eq"], "eq"), (["eq", "gt"], "gt"), (["ge", "gt", "eq"], "gt"), (["ge", "eq"], "ge"),
        (["lt", "le"], "lt"), (["le"], "le"), (["gt", "lt"], "approx"), (["approx", "eq"], "approx"),
    ],
)  # fmt: skip
def test_a_sum_keeps_the_bound_its_parts_give(qualifiers: list[str], summed: str) -> None:
    """超100 + 28.95 is still more than 128.95; 超 + 不足 says nothing either way but 约."""
    assert sum_qualifier(qualifiers) == summed
