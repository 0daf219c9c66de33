"""Lists paged in the database and search through the trigram indexes (both backends).

Search through the indexes answers what a scan of every document, entity name or alias answers, for Chinese
words of two characters (under the trigram minimum: 嘉兴) and of three or more; the indexes follow rows added,
changed and deleted, and migration 0010 fills them from rows stored before it. Pages of clusters, enterprises
and documents (and the API's projects) hold the rows the whole ordered list holds at their place, with the
right totals.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

import chainatlas
from chainatlas.services.curate import aliases_holding, names_holding
from chainatlas.services.documents import holding
from chainatlas.services.ingest import ingest_paths
from chainatlas.services.reference import load_reference
from chainatlas.store import tables
from chainatlas.store.session import Store
from store_samples import migrate
from web_client import logged_in

DEMO = Path(chainatlas.__file__).parent / "data" / "demo"
WORDS = ["嘉兴", "平湖", "集群", "亿元", "平湖市", "嘉善县", "产业集群", "智能光电", "浙江省", "不存在的词", "%", "_"]


def _scan(session: Session, part: str, names: bool = False) -> set[int]:
    """Documents holding `part` (ignoring case) found by reading every one."""
    d = tables.Document
    return {
        i for i, name, text in session.execute(select(d.id, d.name, d.text))
        if part.lower() in text.lower() or (names and part.lower() in name.lower())
    }  # fmt: skip


def _found(session: Session, part: str, names: bool = False) -> set[int]:
    return set(session.scalars(select(tables.Document.id).where(holding(session, part, names=names))))


def _document(text: str, name: str = "a.txt") -> tables.Document:
    digest = hashlib.sha256(f"{name}\n{text}".encode()).hexdigest()
    return tables.Document(name=name, sha256=digest, raw=text.encode(), text=text, encoding="utf-8", header={})


@pytest.fixture
def demo(store: Store) -> Store:
    report = ingest_paths(store, [DEMO])
    assert report.added
    return store


def test_search_through_the_index_finds_what_a_scan_finds(demo: Store) -> None:
    with demo.session() as session:
        for word in WORDS:
            for names in (False, True):
                assert _found(session, word, names) == _scan(session, word, names), (word, names)
        assert _scan(session, "嘉兴") and _scan(session, "产业集群")  # both sizes find something
        assert not _scan(session, "不存在的词")


def test_name_search_through_the_index_finds_what_a_scan_finds(demo: Store) -> None:
    e, a = tables.Entity, tables.Alias
    with demo.session() as session:
        names = session.execute(select(e.id, e.name)).all()
        aliases = session.execute(select(a.id, a.alias)).all()
        for word in [*WORDS, "科技", "有限公司", "光机电"]:
            assert set(session.scalars(select(e.id).where(names_holding(session, word)))) == {
                i for i, name in names if word.lower() in name.lower()}, word  # fmt: skip
            assert set(session.scalars(select(a.id).where(aliases_holding(session, word)))) == {
                i for i, alias in aliases if word.lower() in alias.lower()}, word  # fmt: skip
        assert any("集群" in name for _, name in names) and any("有限公司" in alias for _, alias in aliases)


def test_the_index_follows_documents_added_changed_and_deleted(store: Store) -> None:
    with store.transaction() as session:
        kept, changed = _document("平湖市光机电产业集群"), _document("嘉善县的企业", "b.txt")
        session.add_all([kept, changed])
        session.flush()
        session.execute(update(tables.Document).where(tables.Document.id == changed.id).values(text="海宁市皮革"))
        gone = _document("桐乡市毛衫产业集群", "c.txt")
        session.add(gone)
        session.flush()
        session.execute(delete(tables.Document).where(tables.Document.id == gone.id))
    with store.session() as session:
        assert _found(session, "产业集群") == {kept.id}
        assert _found(session, "海宁市皮革") == {changed.id} and _found(session, "嘉善县") == set()
        assert _found(session, "桐乡市") == set() and _found(session, "桐乡") == set()
        assert _found(session, "c.txt", names=True) == set() and _found(session, "b.tx", names=True) == {changed.id}
    with store.transaction() as session:
        firm = tables.Enterprise(name="平湖旧名科技有限公司", region_code="330482")
        session.add(firm)
        session.flush()
        session.add(tables.Alias(entity_id=firm.id, entity_type="enterprise", alias=firm.name, normalised=firm.name))
        session.flush()
        firm.name = "平湖新名科技有限公司"
    with store.session() as session:
        assert set(session.scalars(select(tables.Entity.id).where(names_holding(session, "新名科技")))) == {firm.id}
        assert not session.scalars(select(tables.Entity.id).where(names_holding(session, "旧名科技"))).all()
        assert len(session.scalars(select(tables.Alias.id).where(aliases_holding(session, "旧名科技"))).all()) == 1


def test_the_migration_indexes_documents_stored_before_it(empty_store: Store) -> None:
    migrate(empty_store, command.upgrade, "0009")
    with empty_store.transaction() as session:
        load_reference(session)
        session.add(_document("嘉兴市数字经济产业集群"))
        session.add(tables.Cluster(name="嘉兴市数字经济产业集群", region_code="330400"))
    empty_store.upgrade()
    with empty_store.session() as session:
        assert len(_found(session, "数字经济")) == 1 and len(_found(session, "嘉兴")) == 1
        assert len(session.scalars(select(tables.Entity.id).where(names_holding(session, "数字经济"))).all()) == 1


def test_search_answers_page_their_documents(demo: Store) -> None:
    client = logged_in(demo)
    with demo.session() as session:
        expected = sorted(_scan(session, "嘉兴", names=True))
    found = client.get("/api/search", params={"q": "嘉兴", "limit": 2, "offset": 1}).json()["documents"]
    assert found["total"] == len(expected) and [h["id"] for h in found["items"]] == expected[1:3]
    page = client.get("/search", params={"q": "嘉兴"}).text
    section = re.search(r'<section id="results-document">(.*?)</section>', page, re.S)
    assert section is not None
    with demo.session() as session:
        shown = sorted(_scan(session, "嘉兴"))
    assert [int(i) for i in re.findall(r'href="/documents/(\d+)"', section.group(1))] == shown


@pytest.fixture
def crowded(store: Store) -> dict[str, list[int]]:
    """60 clusters and 60 enterprises in two counties, their ids in list order."""
    with store.transaction() as session:
        for i in range(60):
            county = "330482" if i % 2 else "330421"
            session.add(tables.Cluster(name=f"测试集群{i:02d}", region_code=county))
            session.add(tables.Enterprise(name=f"测试企业{i:02d}", region_code=county))
        session.flush()
        for firm in session.scalars(select(tables.Enterprise)):
            alias = tables.Alias(entity_id=firm.id, entity_type="enterprise", alias=firm.name, normalised=firm.name)
            session.add(alias)
    with store.session() as session:
        c, e = tables.Cluster, tables.Enterprise
        return {
            "clusters": list(session.scalars(select(c.id).order_by(c.region_code, c.name))),
            "enterprises": list(session.scalars(select(e.id).order_by(e.name))),
        }


def _links(page: str, prefix: str) -> list[int]:
    return [int(i) for i in re.findall(rf'href="{prefix}/(\d+)"', page)]


def test_pages_hold_the_rows_of_their_place(store: Store, crowded: dict[str, list[int]]) -> None:
    client = logged_in(store)
    clusters, firms = crowded["clusters"], crowded["enterprises"]
    answer = client.get("/api/clusters", params={"limit": 25, "offset": 25}).json()
    assert answer["total"] == 60 and [c["id"] for c in answer["items"]] == clusters[25:50]
    assert client.get("/api/clusters", params={"offset": 60}).json() | {"items": []} == {
        "items": [], "total": 60, "limit": 50, "offset": 60}  # fmt: skip
    some = client.get("/api/clusters", params={"county": "平湖市", "q": "集群0", "limit": 3}).json()
    assert some["total"] == 5 and [c["county"] for c in some["items"]] == ["平湖市"] * 3
    assert _links(client.get("/clusters?page=2").text, "/clusters") == clusters[50:]
    assert _links(client.get("/clusters?page=9").text, "/clusters") == clusters[50:]  # past the last: the last
    assert _links(client.get("/clusters").text, "/clusters") == clusters[:50]
    exported = client.get("/clusters?page=2&format=csv").content.decode("utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(exported))][1:] == [f"测试集群{i:02d}" for i in range(41, 60, 2)]
    assert _links(client.get("/enterprises?page=2").text, "/enterprises") == firms[50:]
    assert _links(client.get("/enterprises?q=企业0&page=1").text, "/enterprises") == firms[:10]
    listed = client.get("/api/enterprises", params={"limit": 20, "offset": 40}).json()
    assert listed["total"] == 60 and [f["id"] for f in listed["items"]] == firms[40:60]


def test_document_pages_hold_the_rows_of_their_place(demo: Store) -> None:
    client = logged_in(demo)
    with demo.session() as session:
        d = tables.Document
        by_id = list(session.scalars(select(d.id).order_by(d.id)))
        newest = list(session.scalars(select(d.id).order_by(d.date.desc().nulls_last(), d.id)))
    answer = client.get("/api/documents", params={"limit": 2, "offset": 1}).json()
    assert answer["total"] == len(by_id) and [i["id"] for i in answer["items"]] == by_id[1:3]
    assert _links(client.get("/documents").text, "/documents") == newest[:50]
    assert client.get("/documents?page=2").status_code == (200 if len(newest) > 50 else 400)


def test_project_pages_hold_the_rows_of_their_place(store: Store) -> None:
    with store.transaction() as session:
        for i in range(30):
            kind = "investment" if i % 3 else "public"
            session.add(tables.Project(name=f"测试项目{i:02d}", kind=kind, region_code="330482" if i % 2 else "330421"))
    with store.session() as session:
        p = tables.Project
        every = list(session.scalars(select(p.id).order_by(p.id)))
        investing = list(session.scalars(select(p.id).where(p.kind == "investment").order_by(p.id)))
    client = logged_in(store)

    def listed(**params: str | int) -> tuple[int, list[int]]:
        answer = client.get("/api/projects", params={"today": "2026-07-15", **params}).json()
        return answer["total"], [f["project"]["id"] for f in answer["items"]]

    assert listed(limit=10, offset=10) == (30, every[10:20])
    assert listed(kind="investment", limit=5, offset=15) == (20, investing[15:20])
    assert listed(offset=40) == (30, [])
    in_county = [i for n, i in enumerate(every) if n % 2]  # filtered from the records, then paged
    assert listed(county="平湖市", limit=4, offset=2) == (15, in_county[2:6])
