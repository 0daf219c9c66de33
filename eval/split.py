"""The site split of the evaluation corpus: which pages are dev (read and tuned on) and which are test.

A page's site is the registrable domain of its `source_url` (jkq.huainan.gov.cn → huainan.gov.cn), so
one publisher's pages never stand on both sides. A site is test when the first eight hex digits of the
SHA-1 of its name, mod 100, fall below TEST_PERCENT; the sites of the 25 pages shared with the project
from the start are dev whatever their hash. The rule depends on nothing but the site's name, so it was
fixed before any page was annotated and no later change of rules or pages can move a page across.
"""

from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

TEST_PERCENT = 40
SECOND_LEVEL = frozenset({"gov", "com", "net", "org", "edu", "ac"})  # gov.cn, com.hk, org.tw, …
SHARED_PAGES_SITE = "嘉兴日报"  # the one shared page without a source_url (嘉兴日报, 2026-07-05, page 1)
HERE = Path(__file__).parent
PAGES = HERE / "pages"
GOLD = HERE / "gold"


@dataclass(frozen=True)
class Page:
    """One corpus page: its file, the site it comes from and its side of the split."""

    path: Path
    site: str
    split: str


def site_of(url: str) -> str:
    """The registrable domain of a URL (or its IP address)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.split(".")
        keep = 3 if len(labels) >= 3 and labels[-2] in SECOND_LEVEL else 2
        return ".".join(labels[-keep:])
    return host


def header(path: Path) -> dict[str, str]:
    """The `key: value` lines before a page's `---` line (empty when it has none)."""
    fields: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() == "---":
            return fields
        key, colon, value = line.partition(":")
        if not colon or " " in key.strip():
            return {}
        fields[key.strip()] = value.strip()
    return {}


def is_test_site(site: str, dev_sites: frozenset[str]) -> bool:
    """The split rule (see the module's docstring)."""
    if site in dev_sites:
        return False
    return int(hashlib.sha1(site.encode("utf-8")).hexdigest()[:8], 16) % 100 < TEST_PERCENT


def shared_sites() -> frozenset[str]:
    """The sites of the pages shared from the start (named `news_*` and the 嘉兴日报 page): always dev."""
    sites = {site_of(header(p).get("source_url", "")) for p in PAGES.glob("news_*.txt")}
    return frozenset(sites | {SHARED_PAGES_SITE})


def corpus() -> list[Page]:
    """Every annotated page (a page with its gold file), in name order, with its site and split."""
    dev_sites = shared_sites()
    pages = []
    for path in sorted(PAGES.glob("*.txt")):
        if not (GOLD / f"{path.stem}.json").is_file():
            continue
        url = header(path).get("source_url")
        site = site_of(url) if url else SHARED_PAGES_SITE
        pages.append(Page(path, site, "test" if is_test_site(site, dev_sites) else "dev"))
    return pages
