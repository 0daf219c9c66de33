"""Overlap and specialisation at township level, on the CLI, the API and the pages, over a small register of
firms in real townships of 嘉兴市 (平湖市 当湖街道 and 钟埭街道, 南湖区 大桥镇, 秀洲区 王店镇)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from chainatlas.store.session import Store
from cli_runner import ok, run
from register_samples import firm, workbook
from test_web_pages import parse
from web_client import logged_in

BEARING = {"行业代码": "3451", "主要产品": "精密薄壁轴承"}  # humanoid-robot/bearings
HARMONIC = {"行业代码": "3453", "主要产品": "谐波减速器"}  # humanoid-robot/harmonic-reducer
SERVO = {"行业代码": "3813", "主要产品": "伺服电机"}  # humanoid-robot/servo
# (county, township, what the firm makes)
FIRMS = [
    ("330482", "当湖街道", BEARING), ("330482", "当湖街道", BEARING),
    ("330482", "钟埭街道", BEARING), ("330482", "钟埭街道", BEARING), ("330482", "钟埭街道", SERVO),
    ("330402", "大桥镇", HARMONIC),
    ("330411", "王店镇", SERVO), ("330411", "王店镇", SERVO),
]  # fmt: skip
DANGHU, ZHONGDAI, DAQIAO, WANGDIAN = "330482001", "330482002", "330402105", "330411105"


@pytest.fixture
def towns(store: Store, tmp_path: Path) -> Store:
    rows = [firm(i, county, town, **made) for i, (county, town, made) in enumerate(FIRMS, 1)]
    ok(store.url, "enterprises", "import", workbook(tmp_path / "register.xlsx", rows), "--sheet", "规上企业")
    return store


@pytest.fixture
def client(towns: Store) -> Iterator[TestClient]:
    with logged_in(towns) as viewer:
        yield viewer


def test_overlap_of_a_citys_townships_on_the_cli(towns: Store) -> None:
    found = json.loads(ok(towns.url, "chain", "overlap", "嘉兴市", "--level", "township", "--json").stdout)
    assert found["level"] == "township"
    held = {c["code"]: (c["name"], c["county"], c["nodes"]) for c in found["counties"]}
    assert held == {
        DAQIAO: ("大桥镇", "南湖区", {"humanoid-robot/harmonic-reducer": 1}),
        WANGDIAN: ("王店镇", "秀洲区", {"humanoid-robot/servo": 2}),
        DANGHU: ("当湖街道", "平湖市", {"humanoid-robot/bearings": 2}),
        ZHONGDAI: ("钟埭街道", "平湖市", {"humanoid-robot/bearings": 2, "humanoid-robot/servo": 1}),
    }
    pairs = {(p["a"], p["b"]): (p["cosine"], p["jaccard"]) for p in found["pairs"]}
    assert len(pairs) == 6
    assert pairs[(DANGHU, ZHONGDAI)] == pytest.approx((4 / (2 * math.sqrt(5)), 1 / 2))  # (2,0)·(2,1)
    assert pairs[(WANGDIAN, ZHONGDAI)] == pytest.approx((2 / (2 * math.sqrt(5)), 1 / 2))  # (0,2)·(2,1)
    assert [p["a_name"] for p in found["pairs"][:2]] == ["当湖街道", "王店镇"]  # most alike first
    assert all(v == (0.0, 0.0) for k, v in pairs.items() if DAQIAO in k or k == (WANGDIAN, DANGHU))
    # one county's townships, each with its county
    table = ok(towns.url, "chain", "overlap", "平湖市", "--level", "township").stdout
    assert "当湖街道" in table and "(平湖市)" in table and "0.89" in table and "王店镇" not in table


def test_overlap_level_must_be_county_or_township(towns: Store) -> None:
    wrong = run(towns.url, "chain", "overlap", "嘉兴市", "--level", "village")
    assert wrong.exit_code == 1 and "层级须为 county 或 township，不是“village”" in wrong.stderr
    assert "Traceback" not in wrong.stderr


def test_township_overlap_and_specialisation_in_the_api(client: TestClient) -> None:
    found = client.get("/api/counties/overlap", params={"city": "嘉兴市", "level": "township"}).json()
    assert found["level"] == "township"
    assert {c["code"]: c["county"] for c in found["counties"]} == {
        DAQIAO: "南湖区", WANGDIAN: "秀洲区", DANGHU: "平湖市", ZHONGDAI: "平湖市"
    }  # fmt: skip
    special = client.get("/api/specialisation", params={"region": "平湖市", "level": "township"}).json()
    lq = {p["region"]: {s["activity"]: s["lq"] for s in p["standings"]} for p in special["profiles"]}
    # 当湖 2 firms in division 34; 钟埭 2 in 34 and 1 in 38: of the 5, 4 in 34 and 1 in 38
    assert lq == {DANGHU: {"34": pytest.approx(1.25), "38": 0.0},
                  ZHONGDAI: {"34": pytest.approx(5 / 6), "38": pytest.approx(5 / 3)}}  # fmt: skip
    wrong = client.get("/api/specialisation", params={"region": "平湖市", "level": "township", "dataset": "x"})
    assert wrong.status_code == 400 and wrong.json()["detail"] == "乡镇层级统计名录企业：不用数据集"
    asked = {"region": "平湖市", "level": "township", "dataset": "x", "lang": "en"}
    english = client.get("/api/specialisation", params=asked).json()["detail"]
    assert english == "the township level counts register firms: it takes no dataset"


def test_the_counties_page_compares_townships_with_their_county(client: TestClient) -> None:
    county = client.get("/counties", params={"city": "嘉兴市"}).text
    assert 'href="/counties?city=%E5%98%89%E5%85%B4%E5%B8%82&amp;level=township"' in county
    page = client.get("/counties", params={"city": "嘉兴市", "level": "township"}).text
    assert "镇(街道)产业链重合度" in page
    found = parse(page).tables
    header, *pairs = found["table-pairs"]
    assert header[:2] == ["镇(街道)甲", "镇(街道)乙"]
    assert pairs[0][:5] == ["当湖街道（平湖市）", "钟埭街道（平湖市）", "0.894", "0.500", "机器人轴承"]
    coverage = {(row[0], row[1]): row[2:] for row in found["table-counties"][1:]}
    assert coverage == {("南湖区", "大桥镇"): ["1", "1"], ("秀洲区", "王店镇"): ["1", "2"],
                        ("平湖市", "当湖街道"): ["1", "2"], ("平湖市", "钟埭街道"): ["2", "3"]}  # fmt: skip
    one = parse(client.get("/counties", params={"city": "平湖市", "level": "township"}).text).tables
    assert [row[:2] for row in one["table-pairs"][1:]] == [["当湖街道（平湖市）", "钟埭街道（平湖市）"]]
    assert {row[0] for row in one["table-townships"][1:]} == {"平湖市"}


def test_the_specialisation_page_at_township_level(client: TestClient) -> None:
    page = client.get("/specialisation", params={"region": "嘉兴市", "level": "township"}).text
    assert '<option value="township" selected>' in page and 'id="township-level"' in page
    regions = [row[0] for row in parse(page).tables["table-regions"][1:]]
    assert regions == ["大桥镇（南湖区）", "王店镇（秀洲区）", "当湖街道（平湖市）", "钟埭街道（平湖市）"]


def test_the_enterprise_list_shows_and_filters_by_township(client: TestClient) -> None:
    page = client.get("/enterprises", params={"township": ZHONGDAI}).text
    assert "钟埭街道（平湖市）" in page
    found = parse(page)
    header, *rows = found.tables["table-enterprises"]
    assert header[:3] == ["企业", "县（市、区）", "镇(街道)"]
    assert [row[1:3] for row in rows] == [["平湖市", "钟埭街道"]] * 3
    assert found.links["table-enterprises"][1][2] == f"/enterprises?township={ZHONGDAI}"
    everyone = parse(client.get("/enterprises").text).tables["table-enterprises"][1:]
    assert sorted(row[2] for row in everyone).count("王店镇") == 2
