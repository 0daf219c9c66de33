"""Profiles by id, ids and offsets in range (both backends).

A cluster and two enterprises share one name, the cluster first in the store (a name lookup prefers clusters,
then the lowest id): each enterprise's page and API answer show that very enterprise; two clusters of one name
each have their own page, list link and API record. Ids and offsets past the
store's INTEGER range are refused by validation (422 with `detail`) or answered 404, never a 500.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from chainatlas.ids import MAX_ID
from chainatlas.store import tables
from chainatlas.store.names import normalise
from chainatlas.store.session import Store
from web_client import logged_in

NAME = "嘉兴同名科技有限公司"
PLACES = {"cluster": "330482", "first": "330482", "second": "330421"}  # 平湖市, then 嘉善县


@pytest.fixture
def twins(store: Store) -> dict[str, int]:
    """The ids of the cluster and the two enterprises called NAME."""
    ids = {}
    with store.transaction() as session:
        for key, cls in (("cluster", tables.Cluster), ("first", tables.Enterprise), ("second", tables.Enterprise)):
            entity = cls(name=NAME, region_code=PLACES[key])
            session.add(entity)
            session.flush()
            kind = str(cls.__mapper__.polymorphic_identity)
            session.add(tables.Alias(entity_id=entity.id, entity_type=kind, alias=NAME, normalised=normalise(NAME)))
            ids[key] = entity.id
    return ids


@pytest.fixture
def client(store: Store) -> TestClient:
    return logged_in(store)


def test_each_enterprise_shows_itself_not_its_namesake(client: TestClient, twins: dict[str, int]) -> None:
    for key, county in (("first", "平湖市"), ("second", "嘉善县")):
        found = client.get(f"/api/enterprises/{twins[key]}").json()
        assert (found["id"], found["kind"], found["region"]) == (twins[key], "enterprise", county)
        page = client.get(f"/enterprises/{twins[key]}").text
        assert county in page and "集群" not in page.split('<h1 translate="no">', 1)[1].split("</h1>", 1)[0]
    cluster = client.get(f"/api/clusters/{twins['cluster']}").json()
    assert (cluster["id"], cluster["kind"]) == (twins["cluster"], "cluster")
    assert client.get(f"/api/enterprises/{twins['cluster']}").status_code == 404


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"/api/clusters/{MAX_ID + 1}", 422), ("/api/clusters/99999999999999999999", 422), ("/api/clusters/0", 422),
        ("/api/clusters/-1", 422), (f"/api/clusters/{MAX_ID}", 404), ("/api/enterprises/99999999999999999999", 422),
        ("/api/projects/99999999999999999999", 422), ("/api/documents/9223372036854775808", 422),
        (f"/api/claims?document_id={MAX_ID + 1}", 422), ("/api/requests?project_id=99999999999999999999", 422),
        (f"/api/clusters?offset={MAX_ID + 1}", 422), ("/api/enterprises?offset=99999999999999999999", 422),
        (f"/api/enterprises?offset={MAX_ID}", 200), ("/api/claims?limit=99999999999999999999", 422),
        ("/clusters/99999999999999999999", 422), (f"/enterprises/{MAX_ID + 1}", 422),
        (f"/projects/{MAX_ID + 1}", 404), ("/documents/99999999999999999999", 404),
        ("/documents?page=99999999999999999999", 400), ("/enterprises?page=99999999999999999999", 200),
    ],
)  # fmt: skip
def test_ids_and_offsets_outside_the_store_range_are_refused(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status, response.text
    if status != 200:
        assert response.json()["detail"]


def test_two_clusters_of_one_name_each_have_their_page_and_record(store: Store, client: TestClient) -> None:
    ids = {}
    with store.transaction() as session:
        for county in ("330482", "330421"):
            cluster = tables.Cluster(name="同名产业集群", region_code=county)
            session.add(cluster)
            session.flush()
            ids[county] = cluster.id
    listed = client.get("/api/clusters", params={"q": "同名产业集群"}).json()["items"]
    assert sorted((c["id"], c["region_code"]) for c in listed) == sorted((i, c) for c, i in ids.items())
    page = client.get("/clusters").text
    for county, name in (("330482", "平湖市"), ("330421", "嘉善县")):
        assert f'href="/clusters/{ids[county]}"' in page
        record = client.get(f"/api/clusters/{ids[county]}").json()
        assert (record["id"], record["region"]) == (ids[county], name)
        shown = client.get(f"/clusters/{ids[county]}").text
        assert name in shown.split("</h1>", 1)[1][:2000]
