"""Only http(s) URLs and this site's paths become links: a document's `source_url` of `javascript:…` is text.

`is_link` (the Jinja test `link`) on its own, then on the pages that show a document's source (both backends).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from chainatlas.store import tables
from chainatlas.store.session import Store
from chainatlas.web.links import is_link
from cli_runner import ok
from web_client import logged_in

PAGE = """date: 2026-07-05
source_url: {url}
title: 链接测试
---
链接测试

本报讯 嘉兴测试{n}号光伏产业集群实现总产值12.5亿元。
"""
EVIL = ["javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)", "//evil.example/x", "java\tscript:alert(1)"]  # fmt: skip
GOOD = "https://www.jiaxing.gov.cn/art/2026/7/5/art_1.html"


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("http://example.com/a", True), ("HTTPS://example.com", True), ("/documents/3#claim-4", True),
        ("#claim-5", True), ("/", True), ("javascript:alert(1)", False), (" javascript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("data:text/html,x", False), ("//evil.example", False), ("/\\evil.example", False), ("http:evil", False),
        ("https://", False), ("ftp://example.com", False), ("mailto:a@b.c", False), ("", False), (None, False),
        ("https://exa\x00mple.com", False),
    ],
)  # fmt: skip
def test_is_link(url: object, linked: bool) -> None:
    assert is_link(url) is linked


@pytest.fixture
def documents(store: Store, tmp_path: Path) -> Store:
    for n, url in enumerate([*EVIL, GOOD]):
        (tmp_path / f"page-{n}.txt").write_text(PAGE.format(url=url, n=n), encoding="utf-8")
    ok(store.url, "ingest", "--workers", "1", tmp_path)
    return store


def test_only_http_sources_are_linked(documents: Store) -> None:
    client = logged_in(documents)
    pages = [client.get("/documents").text]
    with documents.session() as session:
        ids = session.scalars(select(tables.Document.id).order_by(tables.Document.id)).all()
    pages += [client.get(f"/documents/{i}").text for i in ids]
    hrefs = {href for page in pages for href in re.findall(r'href="([^"]*)"', page)}
    assert GOOD in hrefs
    assert not [h for h in hrefs if not (h.startswith(("/", "#", "?", "https://www.jiaxing.gov.cn/")))], hrefs
    assert "javascript:alert(document.cookie)" in pages[0] and "javascript:alert(document.cookie)" in "".join(pages[1:])
