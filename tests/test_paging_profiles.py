"""Profiles and the project board stay one page long however large the store grows (both backends).

The store is filled by its own commands: the real page jiaxing-2026-07-p1.txt, then made-up news pages (each a
year's output of the robot-joint cluster and of 浙江百润轴承有限公司, and a sentence naming the firm), a register
whose rows make firms members of that cluster (and 百润 a member of ten clusters, as many as a row may name), and
a project workbook.
With a page size of ten, every list of a cluster's and an enterprise's profile — its figure claims, mentions,
members, clusters, an enterprise's projects —, a document's facts and the project board holds at most one page,
page or API answer, and following the `next` links (pages: `rel="next"`) reaches every item exactly once.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from chainatlas.projects.template import headers
from chainatlas.settings import WebSettings
from chainatlas.store import tables
from chainatlas.store.session import Store
from chainatlas.web.app import create_app
from cli_runner import ok
from register_samples import firm, workbook
from web_client import logged_in

SIZE = 10  # the least page size the settings allow
MANY = 24  # of each list: more than two pages
ROBOTS = "平湖机器人关节零部件中小企业特色产业集群"
FIRM = "浙江百润轴承有限公司"


def _news(folder: Path) -> Path:
    folder.mkdir()
    for n in range(MANY):
        (folder / f"jiaxing-{n:02d}.txt").write_text(
            f"嘉兴日报 2026年7月{n + 1}日\n\n"
            f"{ROBOTS}{2000 + n}年实现产值{100 + n}.5亿元，同比增长{5 + n % 9}%。\n"
            f"走进{FIRM}，第{n + 1}条全自动轴承生产线马力全开，精密薄壁轴承等产品将被装配到智元机器人关节模组。\n"
            f"{FIRM}{2000 + n}年实现产值{3 + n}.2亿元。\n",
            encoding="utf-8",
        )
    return folder


def _register(path: Path) -> Path:
    own = {"统一社会信用代码": firm(1)["统一社会信用代码"], "企业名称": FIRM, "所在县(市、区)": "平湖市"}
    clusters = "、".join([ROBOTS, *(f"平湖市测试{k:02d}产业集群" for k in range(SIZE - 1))])  # a row names ≤ 10
    rows = [firm(1) | own | {"所属产业集群": clusters}]
    rows += [firm(k) | {"所属产业集群": ROBOTS} for k in range(2, MANY + 2)]
    return workbook(path, rows)


def _projects(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers())
        for n in range(MANY):
            cells = {"项目编号": f"JX-2025-{n:04d}", "项目名称": f"平湖年产{n + 1}万套机器人关节轴承项目",
                     "项目类型": "投资项目", "业主单位": FIRM, "所在园区": "平湖经济技术开发区",
                     "总投资(亿元)": f"{1 + n / 10:.1f}", "签约实际": f"2025-{1 + n % 12:02d}-15"}  # fmt: skip
            writer.writerow([cells.get(h, "") for h in headers()])
    return path


@pytest.fixture
def atlas(store: Store, db_url: str, data: Path, tmp_path: Path) -> dict[str, int]:
    """The ids of the cluster and the firm with long lists."""
    ok(db_url, "ingest", "--workers", "1", "--date", "2026-07-05", data / "news" / "jiaxing-2026-07-p1.txt")
    ok(db_url, "ingest", "--workers", "1", _news(tmp_path / "news"))
    ok(db_url, "enterprises", "import", _register(tmp_path / "register.xlsx"), "--sheet", "规上企业", "--by", "t")
    ok(db_url, "projects", "import", _projects(tmp_path / "projects.csv"), "--by", "t")
    with store.session() as session:
        cluster = session.scalars(select(tables.Cluster.id).where(tables.Cluster.name == ROBOTS)).one()
        enterprise = session.scalars(select(tables.Enterprise.id).where(tables.Enterprise.name == FIRM)).one()
    return {"cluster": cluster, "enterprise": enterprise}


@pytest.fixture
def client(store: Store) -> TestClient:
    return logged_in(store, app=create_app(store.url, WebSettings(page_size=SIZE)))


def _stored(store: Store, entity_id: int) -> dict[str, Counter[Hashable]]:
    """What the store holds of the entity, counted apart from the code under test: its claims with a figure (by
    claim id) and without one (by document and span start), its memberships' far sides (by entity id)."""
    c, m = tables.Claim, tables.Membership
    with store.session() as session:
        claims = session.execute(
            select(c.id, c.document_id, c.span_start, c.metric.is_not(None) & c.value.is_not(None)).where(
                c.subject_id == entity_id, c.status != "rejected"
            )
        ).all()
        members = session.scalars(select(m.enterprise_id).where(m.cluster_id == entity_id, m.decision != "rejected"))
        clusters = session.scalars(select(m.cluster_id).where(m.enterprise_id == entity_id, m.decision != "rejected"))
        return {
            "claims": Counter(i for i, _document, _start, figure in claims if figure),
            "mentions": Counter((document, start) for _id, document, start, figure in claims if not figure),
            "members": Counter(members),
            "clusters": Counter(clusters),
        }


def _follow(client: TestClient, first: dict[str, Any], key: Callable[[dict[str, Any]], Hashable]) -> Counter[Hashable]:
    """Every item of an API list from its first page on, each page at most SIZE items and the total unchanged."""
    seen: Counter[Hashable] = Counter()
    page = first
    while True:
        assert len(page["items"]) <= SIZE and page["limit"] == SIZE and page["total"] == first["total"]
        seen.update(key(item) for item in page["items"])
        if page["next"] is None:
            return seen
        response = client.get(page["next"])
        assert response.status_code == 200, response.text
        page = response.json()


@pytest.mark.parametrize("kind", ["cluster", "enterprise"])
def test_api_profile_lists_hold_one_page_and_link_the_rest(
    store: Store, client: TestClient, atlas: dict[str, int], kind: str
) -> None:
    entity_id = atlas[kind]
    stored = _stored(store, entity_id)
    assert all(len(ids) > 2 * SIZE for name, ids in stored.items() if name in ("claims", "mentions")), stored
    profile = client.get(f"/api/{kind}s/{entity_id}").json()
    assert _follow(client, profile["claims"], lambda f: f["claim_id"]) == stored["claims"]
    spans = _follow(client, profile["mentions"], lambda s: (s["document_id"], s["span"]["start"]))
    assert spans == stored["mentions"]
    far = "members" if kind == "cluster" else "clusters"
    assert len(stored[far]) > (2 * SIZE if kind == "cluster" else SIZE - 1)
    assert _follow(client, profile[far], lambda r: r["id"]) == stored[far]


def _rows(html: str, table: str, link: str) -> list[Hashable]:
    """The ids a table's rows link to, in its first column."""
    body = html.split(f'id="table-{table}"', 1)[1].split("</table>", 1)[0]
    return [int(i) for i in re.findall(rf'<tr><td[^>]*><a href="/{link}/(\d+)"', body)]


def _next(html: str, param: str) -> str | None:
    pager = html.split(f'id="pager-{param}"', 1)[1].split("</p>", 1)[0] if f'id="pager-{param}"' in html else ""
    found = re.search(r'<a href="([^"]+)" rel="next">', pager)
    return found.group(1).replace("&amp;", "&") if found else None


def _pages(client: TestClient, url: str, param: str, items: Callable[[str], list[Hashable]]) -> Counter[Hashable]:
    """Every item of a paged list of a web page, following its pager's next links; each page at most SIZE."""
    seen: Counter[Hashable] = Counter()
    at: str | None = url
    while at is not None:
        response = client.get(at)
        assert response.status_code == 200, response.text
        shown = items(response.text)
        assert 0 < len(shown) <= SIZE
        seen.update(shown)
        at = _next(response.text, param)
    return seen


def test_pages_show_one_page_of_members_mentions_and_projects(
    store: Store, client: TestClient, atlas: dict[str, int]
) -> None:
    cluster, enterprise = atlas["cluster"], atlas["enterprise"]
    members = _pages(client, f"/clusters/{cluster}", "members", lambda html: _rows(html, "members", "enterprises"))
    assert members == _stored(store, cluster)["members"]

    def mentions(html: str) -> list[Hashable]:
        """Each mention shown: its sentence and document (several claims of one sentence look alike)."""
        listed = html.split('<ul id="mentions">', 1)[1].split("</ul>", 1)[0]
        return list(re.findall(r"<li>(.*?)</li>", listed))

    shown = _pages(client, f"/enterprises/{enterprise}", "mentions", mentions)
    assert sum(shown.values()) == sum(_stored(store, enterprise)["mentions"].values())
    assert {text for text in shown if "第24条" in str(text)}  # the last page is reached

    owned = _pages(client, f"/enterprises/{enterprise}", "projects", lambda html: _rows(html, "projects", "projects"))
    with store.session() as session:
        assert owned == Counter(session.scalars(select(tables.Project.id).where(tables.Project.owner_id == enterprise)))
    assert len(owned) == MANY

    projects = _pages(client, "/projects?today=2026-07-15", "page", lambda html: _rows(html, "projects", "projects"))
    with store.session() as session:
        assert projects == Counter(session.scalars(select(tables.Project.id)))
    assert len(projects) > 2 * SIZE


def test_api_project_list_pages_in_the_store(store: Store, client: TestClient, atlas: dict[str, int]) -> None:
    with store.session() as session:
        stored = Counter(session.scalars(select(tables.Project.id)))
    seen: Counter[int] = Counter()
    for offset in range(0, len(stored), SIZE):
        page = client.get("/api/projects", params={"limit": SIZE, "offset": offset, "today": "2026-07-15"}).json()
        assert page["total"] == len(stored) and len(page["items"]) <= SIZE
        seen.update(item["project"]["id"] for item in page["items"])
    assert seen == stored and len(stored) > 2 * SIZE


def test_a_document_shows_and_answers_one_page_of_its_facts(
    store: Store, client: TestClient, atlas: dict[str, int]
) -> None:
    c = tables.Claim
    with store.session() as session:
        most = select(c.document_id, func.count()).group_by(c.document_id).order_by(func.count().desc(), c.document_id)
        document, total = session.execute(most.limit(1)).one()
        stored = Counter(session.scalars(select(c.id).where(c.document_id == document)))
        last = session.scalars(select(c.id).where(c.document_id == document).order_by(c.span_start, c.id)).all()[-1]
    assert total > 2 * SIZE

    def facts(html: str) -> list[Hashable]:
        assert html.count('<mark class="fact"') <= SIZE  # only the page's facts are marked in the text
        return [int(i) for i in re.findall(r'<tr id="fact-(\d+)">', html)]

    assert _pages(client, f"/documents/{document}", "facts", facts) == stored
    pages = -(-total // SIZE)
    asked = client.get(f"/documents/{document}?claim={last}", follow_redirects=False)  # a figure's link
    assert asked.status_code == 303 and asked.headers["location"] == f"/documents/{document}?facts={pages}#claim-{last}"
    assert f'id="claim-{last}"' in client.get(asked.headers["location"]).text
    assert client.get(f"/documents/{document}?claim=99999999").status_code == 404
    detail = client.get(f"/api/documents/{document}", params={"limit": SIZE}).json()
    assert _follow(client, detail["claims"], lambda row: row["id"]) == stored
