"""The JSON API over the ingested news folder, on both backends: shapes, values, paging, bad input, login."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from chainatlas.services.desk import open_request
from chainatlas.services.project_registry import find_project
from chainatlas.web.app import create_app
from cli_runner import ok
from store_backends import BACKENDS, fresh_postgres, postgres_url, ready_store
from web_client import logged_in

ZHIFENG = "致丰能源集团电力设备生产项目"
PINGHU = "平湖机器人关节零部件中小企业特色产业集群"
OPENED = dt.datetime(2026, 7, 6, 9, tzinfo=dt.UTC)
LISTS = [
    "/api/clusters",
    "/api/enterprises",
    "/api/projects?today=2026-07-20",
    "/api/rollup?by=county&today=2026-07-20",
    "/api/requests?today=2026-07-20",
    "/api/documents",
    "/api/claims",
    "/api/chains",
]
DETAILS = [
    "/api/clusters/1",
    "/api/enterprises/1",
    "/api/projects/1",
    "/api/documents/1",
    "/api/chains/humanoid-robot/gaps?area=平湖市",
    "/api/counties/overlap?city=嘉兴市",
    "/api/specialisation?region=平湖市",
    "/api/search?q=平湖",
]


@pytest.fixture(scope="module", params=BACKENDS)
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, data: Path
) -> Iterator[TestClient]:
    """A viewer's client over one store holding the news folder and two requests on 致丰's project (read-only
    tests, so the module shares it)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'atlas.db'}"
    else:
        url = postgres_url()
        fresh_postgres(url)
    store = ready_store(url)
    news = data / "news"
    ok(store.url, "ingest", "--workers", "1", "--date", "2026-07-05", news / "jiaxing-2026-07-p1.txt")
    ok(store.url, "ingest", "--workers", "1", news)
    with store.transaction() as session:
        project = find_project(session, ZHIFENG).id
        for due, department in ((dt.date(2026, 7, 10), "自然资源局"), (dt.date(2026, 8, 1), "供电公司")):
            open_request(session, project, "用地指标", department, "张三", due, "editor", now=OPENED)
    yield logged_in(store)
    store.dispose()


def get(client: TestClient, path: str, **params: Any) -> Any:
    """The JSON of a successful GET."""
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def one(client: TestClient, path: str, name: str, **params: Any) -> dict[str, Any]:
    """The only item of a list page that is called `name`."""
    (found,) = [item for item in get(client, path, limit=500, **params)["items"] if item["name"] == name]
    assert isinstance(found, dict)
    return found


# ---------------------------------------------------------------- values


def test_cluster_list_and_profile_carry_sourced_figures(client: TestClient) -> None:
    listed = one(client, "/api/clusters", PINGHU, county="平湖市", level="provincial", q="机器人")
    assert listed["output_value"]["value"] == 12_895_000_000
    assert "128.95亿元" in listed["output_value"]["source"]["sentence"]
    profile = get(client, f"/api/clusters/{listed['id']}", year=2026)
    output = next(f for f in profile["figures"] if f["metric"] == "output_value")
    assert output["source"]["document"] == "jiaxing-2026-07-p1.txt" and output["source"]["document_id"] > 0
    assert output["claim_id"] == listed["output_value"]["claim_id"] and "128.95亿元" in output["source"]["sentence"]
    assert "浙江百润轴承有限公司" in {m["name"] for m in profile["members"]["items"]}
    assert "上海交大平湖智能光电研究院" in {p["name"] for p in profile["platforms"]}
    assert "宇树科技" in {c["name"] for c in profile["customers"]}
    designation = profile["designation"]
    assert designation["year"] == 2026 and designation["verdict"] in ("meets", "fails", "incomplete")
    assert get(client, "/api/clusters", q="不存在的集群")["total"] == 0


def test_enterprise_profile_names_its_cluster(client: TestClient) -> None:
    listed = one(client, "/api/enterprises", "浙江百润轴承有限公司", q="百润", county="平湖市")
    profile = get(client, f"/api/enterprises/{listed['id']}")
    assert profile["region"] == "平湖市" and "精密薄壁轴承" in profile["products"]
    assert PINGHU in {c["name"] for c in profile["clusters"]["items"]}
    assert any("百润" in m["sentence"] for m in profile["mentions"]["items"])


def test_project_timeline_timeliness_and_requests(client: TestClient) -> None:
    in_zone = get(client, "/api/projects", zone="嘉善经济技术开发区")["items"]
    (listed,) = [f["project"] for f in in_zone if f["project"]["name"] == ZHIFENG]
    detail = get(client, f"/api/projects/{listed['id']}", today="2026-07-20")
    (landed,) = [s for s in detail["project"]["stages"] if s["stage"] == "landed"]
    assert landed["actual"]["text"] == "2026-06-05" and "jiaxing-2026-07-p1.txt" in landed["actual"]["source"]
    assert detail["timeliness"]["status"] == "on_time" and detail["timeliness"]["next_stage"] == "started"
    assert {r["department"] for r in detail["requests"]} == {"自然资源局", "供电公司"}
    late = get(client, "/api/projects", status="overdue", today="2027-01-01", kind="investment")["items"]
    assert ZHIFENG in {f["project"]["name"] for f in late}
    assert all(f["timeliness"]["status"] == "overdue" for f in late)
    stalled = get(client, "/api/projects", stalled="true", today="2026-07-20")["items"]
    assert stalled and all(f["timeliness"]["stalled"] for f in stalled)


def test_rollup_groups_every_project(client: TestClient) -> None:
    projects = get(client, "/api/projects", today="2026-07-20")["total"]
    (city,) = get(client, "/api/rollup", by="city", today="2026-07-20")["items"]
    assert city["group"] == "all" and city["projects"] == projects
    zones = get(client, "/api/rollup", by="zone", today="2026-07-20")["items"]
    assert sum(z["projects"] for z in zones) == projects and "嘉善经济技术开发区" in {z["group"] for z in zones}


@pytest.mark.parametrize(
    ("params", "departments"),
    [
        ({"overdue": "true"}, ["自然资源局"]),
        ({"overdue": "false"}, ["供电公司"]),
        ({}, ["自然资源局", "供电公司"]),
        ({"status": "open", "department": "供电公司"}, ["供电公司"]),
        ({"status": "resolved"}, []),
    ],
)
def test_requests_filter_and_count_overdue_on_the_day(
    client: TestClient, params: dict[str, str], departments: list[str]
) -> None:
    found = get(client, "/api/requests", today="2026-07-20", **params)["items"]
    assert [r["department"] for r in found] == departments
    assert all(r["overdue"] == (r["due"] < "2026-07-20") for r in found)
    assert all(r["project"] == ZHIFENG for r in found)


def test_document_with_its_claims_and_spans(client: TestClient) -> None:
    (listed,) = get(client, "/api/documents", q="JIAXING")["items"]
    document = get(client, f"/api/documents/{listed['id']}", limit=listed["claim_count"])
    claims = document["claims"]
    assert document["date"] == "2026-07-05" and len(claims["items"]) == claims["total"] == listed["claim_count"] > 0
    assert claims["next"] is None  # one page holds them all
    output = next(c for c in claims["items"] if c["metric"] == "output_value" and c["value"] == 12_895_000_000)
    assert "128.95亿元" in document["text"][output["span"]["start"] : output["span"]["end"]]


def test_claims_filter(client: TestClient) -> None:
    found = get(client, "/api/claims", subject=PINGHU, metric="output_value", status="proposed")["items"]
    assert [c["value"] for c in found] == [12_895_000_000] and found[0]["subject"] == PINGHU
    document = found[0]["document_id"]
    assert all(c["document_id"] == document for c in get(client, "/api/claims", document_id=document)["items"])
    assert get(client, "/api/claims", status="rejected")["total"] == 0


def test_chains_gaps_and_overlap(client: TestClient) -> None:
    assert "humanoid-robot" in {c["id"] for c in get(client, "/api/chains")["items"]}
    gaps = get(client, "/api/chains/humanoid-robot/gaps", area="平湖市")
    assert gaps["area"] == "平湖市" and gaps["empty"]
    covered = {c["node_id"]: c["holders"] for c in gaps["coverage"]}
    assert all(not covered[node] for node in gaps["empty"]) and "浙江百润轴承有限公司" in covered["bearings"]
    overlap = get(client, "/api/counties/overlap", city="嘉兴市")
    counties = {c["name"]: c["nodes"] for c in overlap["counties"]}
    assert {"chain_id": "humanoid-robot", "node_id": "bearings", "firms": 1} in counties["平湖市"]
    assert len(overlap["pairs"]) == len(counties) * (len(counties) - 1) // 2


def test_specialisation_of_a_county(client: TestClient) -> None:
    found = get(client, "/api/specialisation", region="平湖市")
    (profile,) = found["profiles"]
    assert found["code"] == profile["region"] == "330482"
    assert profile["standings"][0]["lq"] > 1 and profile["standings"][0]["activity"].startswith("humanoid-robot/")


def test_search_finds_each_kind_with_ids(client: TestClient) -> None:
    found = get(client, "/api/search", q="平湖")
    assert PINGHU in {c["name"] for c in found["clusters"]["items"]}
    assert "平湖陈达仓储办公股份有限公司" in {e["name"] for e in found["enterprises"]["items"]}
    assert found["documents"]["total"] >= 1 and all(d["id"] > 0 for d in found["documents"]["items"])
    assert ZHIFENG in {p["name"] for p in get(client, "/api/search", q="致丰")["projects"]["items"]}


# ---------------------------------------------------------------- paging, bad input, login, schema


@pytest.mark.parametrize("path", LISTS)
def test_lists_page_consistently(client: TestClient, path: str) -> None:
    every = get(client, path, limit=500)
    page = get(client, path, limit=2, offset=1)
    assert page["total"] == every["total"] and (page["limit"], page["offset"]) == (2, 1)
    assert page["items"] == every["items"][1:3]
    assert get(client, path, offset=every["total"])["items"] == []
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "many"}):
        assert client.get(path, params=bad).status_code == 422


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/clusters/999999", 404),
        ("/api/clusters/abc", 422),
        ("/api/clusters/1?year=twenty", 422),
        ("/api/enterprises/999999", 404),
        ("/api/projects/999999", 404),
        ("/api/projects?status=late", 422),
        ("/api/projects?kind=factory", 422),
        ("/api/projects?today=2026-02-30", 422),
        ("/api/projects?stalled=perhaps", 422),
        ("/api/rollup?by=town", 422),
        ("/api/requests?status=closed", 422),
        ("/api/requests?today=yesterday", 422),
        ("/api/documents/999999", 404),
        ("/api/claims?status=maybe", 422),
        ("/api/claims?subject=无此企业", 400),
        ("/api/chains/no-such-chain/gaps?area=平湖市", 404),
        ("/api/chains/humanoid-robot/gaps", 422),
        ("/api/chains/humanoid-robot/gaps?area=无此地", 400),
        ("/api/counties/overlap", 422),
        ("/api/counties/overlap?city=平湖市", 400),
        ("/api/specialisation?region=无此地", 400),
        ("/api/specialisation?region=平湖市&dataset=none", 400),
        ("/api/search?q=", 422),
    ],
)
def test_bad_input_is_named_not_a_500(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status, response.text
    assert response.json()["detail"]


def test_a_missing_record_is_named_in_the_readers_language(client: TestClient) -> None:
    """The atlas's own words in an error answer follow the reader's language, as its pages do."""
    assert client.get("/api/documents/999999").json()["detail"] == "没有编号为999999的文档"
    assert client.get("/api/clusters/999999").json()["detail"] == "没有编号为999999的集群"
    try:
        assert client.get("/api/enterprises/999999?lang=en").json()["detail"] == "no enterprise with id 999999"
        assert client.get("/api/documents/999999").json()["detail"] == "no document with id 999999"  # kept
    finally:
        client.get("/api/clusters?lang=zh")  # the module's client is shared


@pytest.mark.parametrize("path", LISTS + DETAILS)
def test_login_required(client: TestClient, path: str) -> None:
    anonymous = TestClient(create_app(client.app.state.store.url))
    assert anonymous.get(path).status_code == 401


def test_openapi_documents_every_path(client: TestClient) -> None:
    paths = get(client, "/openapi.json")["paths"]
    documented = {p for p in paths if p.startswith("/api/")}
    expected = {
        "/api/clusters", "/api/clusters/{cluster_id}", "/api/enterprises", "/api/enterprises/{enterprise_id}",
        "/api/projects", "/api/projects/{project_id}", "/api/rollup", "/api/requests", "/api/documents",
        "/api/documents/{document_id}", "/api/claims", "/api/chains", "/api/chains/{chain_id}/gaps",
        "/api/counties/overlap", "/api/specialisation", "/api/search", "/api/clusters/{cluster_id}/members",
        "/api/enterprises/{enterprise_id}/clusters", *(f"/api/{kind}/{{entity_id}}/{part}"
        for kind in ("clusters", "enterprises") for part in ("claims", "mentions")),
    }  # fmt: skip
    assert documented == expected
    assert all("$ref" in str(paths[p]["get"]["responses"]["200"]) for p in expected)
