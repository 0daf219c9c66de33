"""The register beside the news: where a register row and a news page disagree about a firm, both values are shown
with the rule that picks the shown one (register outranks news for identity fields; for figures the register is
official unless a reviewer accepted the news), on the profile page, the API record and `enterprises show`; the
township filter of `enterprises list` and `/api/enterprises`. Both backends, on the real page
jiaxing-2026-07-p1.txt (浙江百润轴承有限公司, 陈达仓储's 500余名员工 and its products)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from chainatlas.register.versus import Rule, Said, side_by_side
from chainatlas.services.entity_records import entity_record
from chainatlas.services.register_views import register_view
from chainatlas.services.review import review_claims
from chainatlas.store import tables
from chainatlas.store.session import Store
from cli_runner import as_json, ok, run
from register_samples import code, workbook
from web_client import logged_in

PAGE = "jiaxing-2026-07-p1.txt"
CHENDA = "平湖陈达仓储办公股份有限公司"
BAIRUN = "平湖百润轴承有限公司"  # the register's name; the page writes 浙江百润轴承有限公司
CAOQIAO = "330482003"  # 曹桥街道, 平湖市


def test_the_rules_pick_the_register_unless_a_reviewer_accepted_the_news() -> None:
    register = {"name": "平湖百润轴承有限公司", "region": "330482", "products": ("文件柜",), "employees": 520.0}
    agreeing = {
        "name": [Said("平湖百润轴承有限公司", 1)],
        "region": [Said("330400", 2), Said("330482004", 3)],  # 嘉兴市 holds 平湖市; a town of 平湖市
        "products": [Said("文件柜", 4)],
        "employees": [Said(500.0, 5, "gt"), Said(517.0, 6), Said(500.0, 7, "approx")],
    }
    assert side_by_side(register, agreeing) == []
    news = {
        "name": [Said("浙江百润轴承有限公司", 1, accepted=True)],
        "region": [Said("330424", 2)],
        "employees": [Said(600.0, 5, "gt"), Said(480.0, 6, period="2024"), Said(470.0, 7, period="2025")],
    }
    sides = {s.field: s for s in side_by_side(register, news)}
    assert [(f, s.rule, s.shown) for f, s in sides.items()] == [
        ("name", Rule.IDENTITY, None), ("region", Rule.IDENTITY, None), ("employees", Rule.OFFICIAL, None)
    ]  # an accepted news name does not outrank the register
    assert [s.claim_id for s in sides["employees"].news] == [5, 6, 7]
    news["employees"] = [Said(480.0, 6, period="2024", accepted=True), Said(470.0, 7, period="2025", accepted=True)]
    [employees] = [s for s in side_by_side(register, news) if s.field == "employees"]
    assert (employees.rule, employees.shown) == (Rule.REVIEWED, news["employees"][1])


@pytest.fixture
def linked(store: Store, db_url: str, data: Path, tmp_path: Path) -> str:
    """The page ingested, then a register that names 百润 otherwise and gives 陈达仓储 460 employees."""
    rows: list[dict[str, object]] = [
        {"统一社会信用代码": code("330482", 1), "企业名称": BAIRUN, "所在县(市、区)": "平湖市",
         "所在镇(街道)": "钟埭街道", "行业代码": "3451", "主要产品": "精密薄壁轴承、四点接触球轴承"},
        {"统一社会信用代码": code("330482", 3), "企业名称": CHENDA, "所在县(市、区)": "平湖市",
         "所在镇(街道)": "曹桥街道", "行业代码": "2130", "工业总产值(万元)": 52000, "从业人员(人)": 460,
         "主要产品": "文件柜、办公桌柜、仓储货架、工具箱、工具柜、工作台"},
    ]  # fmt: skip
    ok(db_url, "ingest", "--date", "2026-07-05", data / "news" / PAGE)
    register = workbook(tmp_path / "register.xlsx", rows)
    ok(db_url, "enterprises", "import", register, "--sheet", "规上企业", "--by", "tester")
    return db_url


def _firm(store: Store, name: str) -> int:
    with store.session() as session:
        return session.scalars(select(tables.Enterprise.id).where(tables.Enterprise.name == name)).one()


def test_a_register_row_and_a_news_page_that_disagree(store: Store, linked: str) -> None:
    with store.session() as session:
        firm = session.get_one(tables.Enterprise, _firm(store, BAIRUN))  # the page's firm takes the register's name
        view = register_view(session, entity_record(firm))
        assert view is not None and view.record.township == "钟埭街道"
        [name] = view.sides
        assert (name.field, name.register, [n.value for n in name.news]) == ("name", BAIRUN, ["浙江百润轴承有限公司"])
        assert (name.shown, name.rule) == ("register", "identity") and "百润" in name.news[0].source.sentence
        chenda = session.get_one(tables.Enterprise, _firm(store, CHENDA))
        sides = {s.field: s for s in register_view(session, entity_record(chenda)).sides}  # type: ignore[union-attr]
    assert list(sides) == ["products", "employees"]  # its county 平湖市 agrees; no news output value
    assert [n.value for n in sides["products"].news] == ["电动床"] and sides["products"].rule == "identity"
    employees = sides["employees"]
    assert (employees.register, employees.shown, employees.rule) == (460, "register", "official")
    [said] = employees.news
    assert (said.value, said.qualifier) == (500.0, "gt") and "500余名员工" in said.source.sentence

    shown = as_json(linked, "enterprises", "show", "陈达仓储")["register_view"]
    assert shown["record"]["source"] == "register register.xlsx sheet 规上企业 row 3"
    assert [(s["field"], s["shown"], s["rule"]) for s in shown["sides"]] == [
        ("products", "register", "identity"), ("employees", "register", "official")
    ]
    lines = ok(linked, "enterprises", "show", "陈达仓储").stdout
    assert "名录与新闻不一致 从业人员：名录 460；新闻 超500 #" in lines and "    采用名录：" in lines

    with store.transaction() as session:
        review_claims(session, [said.claim_id], "accepted", "reviewer")
    client = logged_in(store)
    api = client.get(f"/api/enterprises/{_firm(store, CHENDA)}").json()
    assert api["township"] == "曹桥街道" and api["register_view"]["record"]["employees"] == 460
    [employees] = [s for s in api["register_view"]["sides"] if s["field"] == "employees"]
    assert (employees["shown"], employees["shown_claim"], employees["rule"]) == ("news", said.claim_id, "reviewed")
    page = client.get(f"/enterprises/{_firm(store, CHENDA)}").text
    table = page[page.index('id="table-register"'):]
    rows = [re.sub(r"<[^>]+>", "|", r) for r in re.findall(r"<tr>(.*?)</tr>", table[: table.index("</table>")])]
    cells = [[c for c in r.split("|") if c] for r in rows]
    assert ["从业人员", "460", "超500", PAGE, "超500", "审核人已采纳新闻数值"] in cells
    assert ["主要产品", "文件柜、办公桌柜、仓储货架、工具箱、工具柜、工作台", "电动床", PAGE,
            "文件柜、办公桌柜、仓储货架、工具箱、工具柜、工作台", "身份字段以企业名录为准"] in cells  # fmt: skip
    english = client.get(f"/enterprises/{_firm(store, CHENDA)}?lang=en").text
    assert "A reviewer accepted the news value" in english and "Where the news disagrees with the register" in english


def test_the_township_filter_on_the_cli_and_the_api(store: Store, linked: str) -> None:
    listed = as_json(linked, "enterprises", "list", "--township", "曹桥街道")
    assert [f["name"] for f in listed] == [CHENDA]
    assert [f["name"] for f in as_json(linked, "enterprises", "list", "--township", CAOQIAO)] == [CHENDA]
    everyone = {f["name"] for f in as_json(linked, "enterprises", "list")}
    assert {CHENDA, BAIRUN} < everyone
    wrong = run(linked, "enterprises", "list", "--township", "不存在镇")
    assert wrong.exit_code == 1 and wrong.stderr.strip() == "--township: 未知乡镇“不存在镇”"
    client = logged_in(store)
    page = client.get("/api/enterprises", params={"township": CAOQIAO}).json()
    assert (page["total"], [i["name"] for i in page["items"]]) == (1, [CHENDA])
    assert client.get("/api/enterprises", params={"township": "330482001"}).json()["total"] == 0  # 当湖街道
