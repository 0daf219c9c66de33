"""The atlas pages over the news folder, both backends: overview map, clusters, exports, 404s, escaping."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from fastapi.testclient import TestClient

from chainatlas.services.queries import sentence_around
from chainatlas.store import tables
from chainatlas.store.session import Store
from chainatlas.web.app import create_app
from chainatlas.web.chain_charts import HOLDERS_SHOWN
from cli_runner import ok
from register_samples import firm
from register_samples import workbook as register_workbook
from test_specialisation_cli import FIRMS, OUTPUT, load, write
from web_client import logged_in

PINGHU = "平湖机器人关节零部件中小企业特色产业集群"
JIAXING_COUNTIES = {"南湖区", "秀洲区", "嘉善县", "海盐县", "海宁市", "平湖市", "桐乡市"}
# A cluster in a functional zone, which has no boundary of its own.
ZONE_PAGE = """date: 2026-07-05
title: 高新区集群
---
石家庄高新区生物医药集群加快发展

本报讯 2025年，石家庄高新技术产业开发区生物医药产业集群实现产值120.5亿元，同比增长12%。
"""
# A bound (超100亿元) for an earlier year of 平湖's output.
BOUND_PAGE = """date: 2026-07-05
title: 平湖集群回顾
---
平湖机器人关节零部件集群回顾

本报讯 2024年，平湖机器人关节零部件中小企业特色产业集群实现总产值超100亿元。
"""
MARKUP_FIRM = "平湖市浙江测试精工有限公司"
# A firm's sentence carrying markup, as scraped news text may.
MARKUP_PAGE = f"""date: 2026-07-05
title: 标记测试
---
测试企业产值稳步增长

■记者 测试

本报讯 2025年，{MARKUP_FIRM}<script>alert(1)</script>主要生产谐波减速器，实现产值3.5亿元。
"""


class _Tables(HTMLParser):
    """The cells' texts and links of every `<table id=…>` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.links: dict[str, list[list[str | None]]] = {}
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and found.get("id"):
            self._table = found["id"]
            self.tables[self._table or ""], self.links[self._table or ""] = [], []
        elif self._table and tag == "tr":
            self.tables[self._table].append([])
            self.links[self._table].append([])
        elif self._table and tag in ("td", "th"):
            self._cell = []
            self.links[self._table][-1].append(None)
        elif self._table and tag == "a" and self._cell is not None:
            self.links[self._table][-1][-1] = found.get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._table and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> _Tables:
    parser = _Tables()
    parser.feed(page)
    return parser


def option(page: str, chart_id: str) -> dict[str, object]:
    """The ECharts option of the chart `chart_id` on the page."""
    found = re.search(rf'<script type="application/json" id="{re.escape(chart_id)}">(.*?)</script>', page, re.S)
    assert found, f"no chart {chart_id}"
    parsed: dict[str, object] = json.loads(found.group(1))
    return parsed


@pytest.fixture
def atlas(store: Store, data: Path, tmp_path: Path) -> Iterator[TestClient]:
    """A viewer's client over the news folder and a page with markup."""
    news = data / "news"
    ok(store.url, "ingest", "--workers", "1", "--date", "2026-07-05", news / "jiaxing-2026-07-p1.txt")
    ok(store.url, "ingest", "--workers", "1", news)
    markup = tmp_path / "markup.txt"
    markup.write_text(MARKUP_PAGE, encoding="utf-8")
    ok(store.url, "ingest", "--workers", "1", markup)
    with logged_in(store) as client:
        yield client


def _cluster_id(store: Store, name: str) -> int:
    with store.session() as session:
        return session.query(tables.Cluster.id).filter(tables.Cluster.name == name).one()[0]


def test_overview_links_each_output_to_the_sentence_that_states_it(atlas: TestClient, store: Store) -> None:
    response = atlas.get("/")
    assert response.status_code == 200
    page = parse(response.text)
    header, *rows = page.tables["table-clusters"]
    links = page.links["table-clusters"][1:]
    names = [row[0] for row in rows]
    assert PINGHU in names and "秀洲汽车智能配饰中小企业产业集群" in names
    assert not any("南京" in name for name in names)  # another city's cluster
    column = header.index("最新产值")
    checked = 0
    with store.session() as session:
        for row, link in zip(rows, links, strict=True):
            if row[column] == "未知":
                continue
            found = re.fullmatch(r"/documents/(\d+)\?claim=(\d+)", link[column] or "")
            assert found, link
            claim = session.get_one(tables.Claim, int(found.group(2)))
            assert claim.document_id == int(found.group(1))
            document = session.get_one(tables.Document, claim.document_id)
            assert row[column] in sentence_around(document.text, claim.span_start, claim.span_end)
            checked += 1
    assert checked >= 4
    assert "128.95亿元" in rows[names.index(PINGHU)]
    assert any("第2" in row for row in page.tables["table-rankings"])


def test_overview_map_has_a_value_for_every_county(atlas: TestClient) -> None:
    """Jiaxing's seven county-level divisions, drawn from the installed boundary package under the atlas's names."""
    chart = option(atlas.get("/").text, "county-output")
    assert chart["geojson"] == "/maps/330400.json" and chart["map"] == "330400"
    series = chart["series"]
    assert isinstance(series, list) and series[0]["type"] == "map" and series[0]["map"] == chart["map"]
    values = {item["name"]: item["value"] for item in series[0]["data"]}
    response = atlas.get(chart["geojson"])
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    features = response.json()["features"]
    assert {f["properties"]["name"] for f in features} == set(values) == JIAXING_COUNTIES
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") and f["geometry"]["coordinates"] for f in features)
    assert values["平湖市"] == 128.95 and values["南湖区"] is None


def test_an_unknown_output_reads_unknown_never_0(atlas: TestClient) -> None:
    """南湖区 has no cluster output on record: no value on the map, 未知 in its tooltip and under the chart."""
    page = atlas.get("/").text
    items = {item["name"]: item for item in option(page, "county-output")["series"][0]["data"]}
    assert items["南湖区"]["value"] is None and items["南湖区"]["tooltip"] == {"formatter": "南湖区：未知"}
    assert items["平湖市"]["tooltip"] == {"formatter": "平湖市：128.95亿元"}
    no_output = re.search(r'<p class="muted" id="no-output">(.*?)</p>', page)
    assert no_output and "南湖区" in no_output.group(1) and "平湖市" not in no_output.group(1)
    english = option(atlas.get("/?lang=en").text, "county-output")["series"][0]["data"]
    assert {"formatter": "南湖区: unknown"} in [item["tooltip"] for item in english]


def test_a_bound_is_no_bare_number_on_a_chart(atlas: TestClient, store: Store, tmp_path: Path) -> None:
    """超100亿元 charts at 100 with its label and tooltip saying 超100亿元; an exact figure gets no label."""
    page = tmp_path / "bound.txt"
    page.write_text(BOUND_PAGE, encoding="utf-8")
    ok(store.url, "ingest", "--workers", "1", page)
    response = atlas.get(f"/clusters/{_cluster_id(store, PINGHU)}?lang=zh").text
    charts = [option(response, f"indicator-{n}") for n in range(1, response.count('data-chart="indicator-') + 1)]
    output = next(c for c in charts if c["title"]["text"] == "产值（亿元）")
    assert output["xAxis"]["data"] == ["2024年", "2025年"]
    bound, exact = output["series"][0]["data"]
    assert bound["value"] == 100 and bound["label"]["formatter"] == "超100亿元"
    assert bound["tooltip"] == {"formatter": "2024年 产值：超100亿元"}
    assert exact["tooltip"] == {"formatter": "2025年 产值：128.95亿元"} and "label" not in exact


def test_overview_falls_back_to_bars_for_a_county_without_boundaries(atlas: TestClient) -> None:
    """林芝市's 米林市 became a city after the boundary package's snapshot (540481; 540422 米林县 there)."""
    page = atlas.get("/?city=" + quote("林芝市")).text
    chart = option(page, "county-output")
    assert "geojson" not in chart
    series = chart["series"]
    assert isinstance(series, list) and series[0]["type"] == "bar"
    assert any(item["name"] == "米林市" for item in series[0]["data"])
    assert '地图画不出：<span translate="no">米林市</span>' in page
    assert atlas.get("/maps/540400.json").status_code == 404


def test_a_city_map_names_nothing_unknown(atlas: TestClient) -> None:
    assert atlas.get("/maps/999900.json").status_code == 404


def test_a_functional_zone_is_off_the_map_until_it_has_output(atlas: TestClient, store: Store, tmp_path: Path) -> None:
    """石家庄's two zones (130171, 130172) have no boundary: the map leaves them out, bars take over once one counts."""
    chart = option(atlas.get("/?city=" + quote("石家庄市")).text, "county-output")
    assert chart["geojson"] == "/maps/130100.json"
    names = {f["properties"]["name"] for f in atlas.get("/maps/130100.json").json()["features"]}
    assert len(names) == 22 and "辛集市" in names and "石家庄高新技术产业开发区" not in names
    page = tmp_path / "zone.txt"
    page.write_text(ZONE_PAGE, encoding="utf-8")
    ok(store.url, "ingest", "--workers", "1", page)
    response = atlas.get("/?city=" + quote("石家庄市")).text
    series = option(response, "county-output")["series"]
    assert isinstance(series, list) and series[0]["type"] == "bar"
    zone = "石家庄高新技术产业开发区"
    zone_item = {"name": zone, "value": 120.5, "tooltip": {"formatter": f"{zone}：120.5亿元"}}
    assert zone_item in series[0]["data"]
    assert '地图画不出：<span translate="no">石家庄高新技术产业开发区</span>' in response


def test_cluster_profile_shows_chain_graph_and_designation(atlas: TestClient, store: Store) -> None:
    response = atlas.get(f"/clusters/{_cluster_id(store, PINGHU)}")
    assert response.status_code == 200
    graph = option(response.text, "chain-humanoid-robot")
    series = graph["series"]
    assert isinstance(series, list)
    statuses = {node["name"]: node["status"] for node in series[0]["data"]}
    assert statuses["机器人轴承"] == "fragile" and statuses["核心零部件"] == "filled"
    assert statuses["RV减速器"] == "empty"
    assert series[0]["links"], "edges from the chain's feeds"
    assert re.search(r'id="verdict"[^>]*>结论：<strong>数据不全</strong>', response.text)
    figures = parse(response.text).tables["table-figures"]
    assert figures[1][:3] == ["产值", "128.95亿元", "2025年"]


@pytest.mark.parametrize("url", ["/clusters", "/"])
def test_exports_equal_the_shown_table(atlas: TestClient, url: str) -> None:
    shown = parse(atlas.get(url).text).tables["table-clusters"]
    as_csv = atlas.get(url, params={"format": "csv", "table": "clusters"})
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")))) == shown
    as_xlsx = atlas.get(url, params={"format": "xlsx", "table": "clusters"})
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet is not None
    assert [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)] == shown


def test_logged_out_requests_go_to_login(store: Store) -> None:
    with TestClient(create_app(store.url)) as client:
        response = client.get("/clusters", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={quote('/clusters')}"


@pytest.mark.parametrize(
    "url",
    ["/clusters/999999", "/enterprises/999999", "/chains/no-such-chain", "/chains/humanoid-robot?area=无此地",
     "/counties?city=无此市", "/?city=无此市", "/specialisation?region=无此地", "/clusters/1?format=csv&table=nope"],
)  # fmt: skip
def test_bad_parameters_are_404_pages(atlas: TestClient, url: str) -> None:
    response = atlas.get(url)
    assert response.status_code == 404
    assert 'id="missing"' in response.text


def test_markup_in_a_firm_sentence_is_shown_escaped(atlas: TestClient, store: Store) -> None:
    with store.session() as session:
        firm = session.query(tables.Enterprise.id).filter(tables.Enterprise.name == MARKUP_FIRM).one()[0]
    page = atlas.get(f"/enterprises/{firm}").text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in atlas.get("/enterprises", params={"q": "测试精工"}).text


def test_enterprise_search_pages_and_chain_pages(atlas: TestClient) -> None:
    found = parse(atlas.get("/enterprises", params={"q": "轴承"}).text).tables["table-enterprises"]
    assert [row[0] for row in found[1:]] == ["浙江百润轴承有限公司"]
    chains = parse(atlas.get("/chains").text).tables["table-chains"]
    assert "人形机器人及工业机器人" in [row[0] for row in chains]
    coverage = atlas.get("/chains/humanoid-robot", params={"area": "平湖市"})
    rows = parse(coverage.text).tables["table-coverage-humanoid-robot"]
    assert rows[3][:4] == ["　机器人轴承", "上游", "浙江百润轴承有限公司", "薄弱"]
    overlap = parse(atlas.get("/counties", params={"city": "嘉兴市"}).text).tables["table-pairs"]
    assert len(overlap) == 1 + 21  # 7 counties, 21 pairs
    assert atlas.get("/specialisation", params={"region": "平湖市"}).status_code == 200


def test_specialisation_shows_the_dataset_imported_last_and_links_the_others(
    atlas: TestClient, store: Store, tmp_path: Path
) -> None:
    firms = [(c, i, "2025", v) for c, cells in FIRMS.items() for i, v in cells.items()]
    load(store.url, write(tmp_path / "firms.csv", firms), "jx-firms", "enterprise_count", "count")
    output = [(c, i, y, v) for y, by in OUTPUT.items() for c, cells in by.items() for i, v in cells.items()]
    load(store.url, write(tmp_path / "output.csv", output), "jx-output", "output_value", "CNY")
    page = atlas.get("/specialisation").text  # no parameter: the atlas's city, the dataset imported last
    assert 'id="dataset-shown"' in page and '<strong translate="no">jx-output</strong>' in page
    assert '<option value="jx-output" selected translate="no">' in page
    standings = parse(page).tables["table-standings"]
    pinghu_c34 = next(row for row in standings[1:] if row[:2] == ["平湖市", "C34"])
    assert pinghu_c34[-1] == "优势 强势象限"  # 2025 against 2024: the quadrants need both years
    region = quote("嘉兴市")
    assert f'href="/specialisation?region={region}&amp;dataset=jx-firms"' in page
    assert f'href="/specialisation?region={region}&amp;dataset="' in page  # the chain coverage
    other = atlas.get("/specialisation", params={"dataset": "jx-firms"}).text
    assert '<strong translate="no">jx-firms</strong>' in other and "dataset=jx-output" in other
    assert not any(row[-1].split()[-1:] == ["strength"] for row in parse(other).tables["table-standings"][1:])
    coverage = atlas.get("/specialisation", params={"region": "嘉兴市", "dataset": ""}).text
    assert "所示：产业链覆盖" in coverage and 'id="no-dataset"' in coverage
    assert "dataset=jx-firms" in coverage and "dataset=jx-output" in coverage


def test_a_cluster_page_names_a_few_holders_of_a_node_and_links_the_chain_page_for_all(
    atlas: TestClient, store: Store, tmp_path: Path
) -> None:
    bearings = register_workbook(tmp_path / "register.xlsx", [firm(serial) for serial in range(1, 9)])
    ok(store.url, "enterprises", "import", bearings, "--sheet", "规上企业", "--by", "tester")  # 8 bearing makers, 平湖
    found = parse(atlas.get(f"/clusters/{_cluster_id(store, PINGHU)}").text)
    rows, links = found.tables["table-coverage-humanoid-robot"], found.links["table-coverage-humanoid-robot"]
    index = next(i for i, row in enumerate(rows) if row[0] == "　机器人轴承")
    holders = rows[index][2]
    assert holders.endswith("等9家") and holders.count("、") == HOLDERS_SHOWN - 1  # 百润 and the 8
    more = links[index][2]
    assert more == f"/chains/humanoid-robot?area={quote(PINGHU)}"
    chain_rows = parse(atlas.get(more).text).tables["table-coverage-humanoid-robot"]
    every = next(row[2] for row in chain_rows if row[0] == "　机器人轴承").split("、")
    assert len(every) == 9 and "浙江百润轴承有限公司" in every and set(holders[:-3].split("、")) < set(every)
    english = parse(atlas.get(f"/clusters/{_cluster_id(store, PINGHU)}?lang=en").text)
    assert next(row[2] for row in english.tables["table-coverage-humanoid-robot"] if row[0] == "　机器人轴承").endswith(
        "(9 firms in all)"
    )


def test_api_docs_are_served_offline_behind_login(atlas: TestClient, store: Store) -> None:
    """Swagger UI at /docs from the atlas's own /static (swagger-ui-dist), over /openapi.json; both need a login."""
    with TestClient(create_app(store.url)) as anonymous:
        for path in ("/docs", "/openapi.json"):
            response = anonymous.get(path, follow_redirects=False)
            assert response.status_code == 303 and response.headers["location"].startswith("/login"), path
    page = atlas.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in assets
    assert "/static/vendor/swagger-ui/swagger-ui.css" in assets
    for asset in assets:
        assert atlas.get(asset).status_code == 200, asset
    assert "http" not in page.text.replace('href="/', "")
    assert "/api/clusters" in atlas.get("/openapi.json").json()["paths"]


def test_an_empty_table_offers_no_download(atlas: TestClient) -> None:
    """Export links only above a table with rows: 石家庄 has no ranking, a search for nothing finds no firm."""
    page = atlas.get("/?city=" + quote("石家庄市")).text
    assert 'id="table-rankings"' in page and "table=rankings" not in page
    assert "format=csv" not in atlas.get("/enterprises?q=" + quote("无此企业")).text
    assert "format=csv&amp;table=enterprises" in atlas.get("/enterprises").text


def test_townships_on_the_firm_page_in_the_list_filter_and_on_the_counties_page(
    atlas: TestClient, store: Store
) -> None:
    with store.transaction() as session:
        firm = session.query(tables.Enterprise).filter(tables.Enterprise.name == MARKUP_FIRM).one()
        firm.region_code, firm.township_code, firm_id = "330411", "330411105", firm.id  # as the register sets them
    assert re.search(r'<dt>[^<]*</dt><dd translate="no">王店镇</dd>', atlas.get(f"/enterprises/{firm_id}").text)
    listed = parse(atlas.get("/enterprises", params={"township": "330411105"}).text).tables["table-enterprises"]
    assert [row[0] for row in listed[1:]] == [MARKUP_FIRM]
    towns = parse(atlas.get("/counties", params={"city": "嘉兴市"}).text).tables["table-townships"]
    counts = {(row[0], row[1]): row[2] for row in towns[1:]}
    assert counts[("秀洲区", "王店镇")] == "1" and counts[("南湖区", "大桥镇")] == "0"
    assert sum(map(int, counts.values())) == 1
