"""The project pages over the news folder (the Jiaxing page dated 2026-07-05), both backends.

Board, project page with its sourced timeline and the desk loop through the forms, documents with
their facts marked (and markup escaped), exports equal to the table, search, roles, CSRF, bad input.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from chainatlas.projects.model import STAGES, Kind
from chainatlas.services.project_registry import find_project
from chainatlas.services.queries import sentence_around
from chainatlas.settings import WebSettings
from chainatlas.store import tables
from chainatlas.store.session import Store
from cli_runner import ok
from web_client import csrf_of, logged_in

PAGE_SIZE = WebSettings().page_size  # the documents page shows this many a page
TODAY = "2026-07-05"
ZHIFENG = "致丰能源集团电力设备生产项目"  # landed 2026-06-05 for 110M, 开工 due 2026-12-05
YIWANSHUN = "一万舜传感器项目"  # signed 2026-06-11, no investment stated
MARKUP = """date: 2026-07-05
title: 标记测试
---
测试页面

本报讯 <b>加粗</b>的新闻<script>alert(1)</script>,嘉兴测试光伏产业集群实现总产值12.5亿元。
"""


@pytest.fixture
def atlas(store: Store, data: Path, tmp_path: Path) -> Store:
    """The store with the news folder ingested (the Jiaxing page dated) and a page carrying markup."""
    news = data / "news"
    ok(store.url, "ingest", "--workers", "1", "--date", TODAY, news / "jiaxing-2026-07-p1.txt")
    (tmp_path / "markup.txt").write_text(MARKUP, encoding="utf-8")
    ok(store.url, "ingest", "--workers", "1", news, tmp_path / "markup.txt")
    return store


def _project_id(store: Store, name: str = ZHIFENG) -> int:
    with store.session() as session:
        return find_project(session, name).id


def _table(page: str, table_id: str) -> list[list[str]]:
    """The cells' texts of an HTML table, header first."""
    found = re.search(rf'<table[^>]* id="{table_id}">(.*?)</table>', page, re.S)
    assert found, f"no table {table_id}"
    rows = re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in rows]
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)) for c in row] for row in cells]


def test_board_groups_by_stage_with_rollup_and_exports_equal_to_the_table(atlas: Store) -> None:
    client = logged_in(atlas, "editor")
    page = client.get(f"/projects?today={TODAY}").text
    landed = re.search(r'<section class="card" id="stage-investment-landed">(.*?)</section>', page, re.S)
    assert landed and ZHIFENG in landed.group(1) and "2026-06-05" in landed.group(1)
    assert "<h3>落地" in landed.group(1)
    assert re.search(r'<span class="overdue">逾期 \d+天</span>', page)
    assert 'id="rollup"' in page
    shown = _table(page, "table-projects")
    assert any(row[0] == ZHIFENG and row[5] == "落地" and row[6] == "2026-06-05" for row in shown)
    exported = client.get(f"/projects?today={TODAY}&format=csv")
    assert exported.headers["content-type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")))) == shown
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/projects?today={TODAY}&format=xlsx").content))
    sheet = book.active
    assert sheet is not None
    assert [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)] == shown
    filtered = _table(
        client.get(f"/projects?today={TODAY}&zone=嘉善经济技术开发区&status=on_time").text, "table-projects"
    )
    assert ZHIFENG in {row[0] for row in filtered[1:]} and all(row[2] == "嘉善经济技术开发区" for row in filtered[1:])
    english = client.get(f"/projects?today={TODAY}&lang=en").text
    assert "<h3>Landed" in english


def _row(page: str, name: str) -> list[str]:
    return next(row for row in _table(page, "table-projects") if row[0] == name)


def test_an_unknown_investment_reads_unknown_never_0_yuan(atlas: Store) -> None:
    client = logged_in(atlas, "viewer")
    page = client.get(f"/projects?today={TODAY}").text
    assert _row(page, YIWANSHUN)[4] == "未知" and _row(page, ZHIFENG)[4] == "1.1亿元"
    # signed this year: 一万舜 and another signing, neither stating its investment
    signed = re.search(r'<dd id="rollup-signed">([^<]*)</dd>', page)
    assert signed and signed.group(1) == "2 · 未知"
    investment = re.search(r'<dd id="rollup-investment">([^<]*)</dd>', page)
    assert investment and re.fullmatch(r"[\d.]+亿元（另有\d+个未载明）", investment.group(1))
    exported = client.get(f"/projects?today={TODAY}&format=csv").content.decode("utf-8-sig")
    assert next(r for r in csv.reader(io.StringIO(exported)) if r[0] == YIWANSHUN)[4] == "未知"
    english = client.get(f"/projects?today={TODAY}&lang=en").text
    assert _row(english, YIWANSHUN)[4] == "unknown" and '<dd id="rollup-signed">2 · unknown</dd>' in english
    project = client.get(f"/projects/{_project_id(atlas, YIWANSHUN)}?today={TODAY}&lang=zh").text
    assert '<dd id="investment">未知</dd>' in project
    assert "0元" not in page + english + project


def test_on_time_but_idle_reads_as_how_long_nothing_moved(atlas: Store) -> None:
    client = logged_in(atlas, "viewer")
    day = "2026-12-04"  # 182 days after 致丰 landed, a day before its 开工 is due
    page = client.get(f"/projects?today={day}").text
    assert _row(page, ZHIFENG)[9] == "按期（已182天无进展）"
    assert "停滞" not in _row(page, ZHIFENG)[9] and " · " not in page.split('id="table-projects"')[1]
    english = client.get(f"/projects?today={day}&lang=en").text
    assert _row(english, ZHIFENG)[9] == "on time (no progress for 182 days)"
    project = client.get(f"/projects/{_project_id(atlas)}?today={day}&lang=zh").text
    assert "按期（已182天无进展）" in project
    assert _row(client.get(f"/projects?today={TODAY}&lang=zh").text, ZHIFENG)[9] == "按期"  # a month after landing


def test_the_board_has_a_column_for_every_stage_of_the_kind(atlas: Store) -> None:
    page = logged_in(atlas, "viewer").get(f"/projects?today={TODAY}").text
    columns = re.findall(r'<section class="card" id="stage-investment-([a-z_]+)">', page)
    assert columns == ["none", *STAGES[Kind.INVESTMENT]]
    empty = re.search(r'<section class="card" id="stage-investment-completed">(.*?)</section>', page, re.S)
    assert empty and "暂无项目" in empty.group(1) and "<li>" not in empty.group(1)


def test_project_page_links_each_date_to_its_mark_in_the_document(atlas: Store) -> None:
    client = logged_in(atlas, "viewer")
    page = client.get(f"/projects/{_project_id(atlas)}?today={TODAY}").text
    landed = re.search(r'<tr id="stage-landed">(.*?)</tr>', page, re.S)
    assert landed
    link = re.search(r'href="/documents/(\d+)\?claim=(\d+)"[^>]*>2026-06-05</a>', landed.group(1))
    assert link, landed.group(1)
    document_id, claim_id = map(int, link.groups())
    assert "按期" in page and "2026-12-05" in page  # 开工 due landed + 6 months
    assert 'data-chart="timeline-chart"' in page and '<script type="application/json" id="timeline-chart">' in page
    with atlas.session() as session:
        claim = session.get_one(tables.Claim, claim_id)
        text = session.get_one(tables.Document, document_id).text
    assert claim.document_id == document_id
    shown = client.get(f"/documents/{document_id}?claim={claim_id}").text  # the link: the page of facts holding it
    mark = re.search(rf'<mark class="fact" id="claim-{claim_id}" title="[^"]*">([^<]*)</mark>', shown)
    assert mark and html.unescape(mark.group(1)) == text[claim.span_start : claim.span_end]
    assert "6月5日" in sentence_around(text, claim.span_start, claim.span_end)
    assert f'href="#claim-{claim_id}"' in shown
    assert shown.count("<mark") == shown.count("</mark>")


def _option(page: str, chart_id: str) -> dict[str, Any]:
    found = re.search(rf'<script type="application/json" id="{chart_id}">(.*?)</script>', page, re.S)
    assert found, f"no chart {chart_id}"
    parsed: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return parsed


def test_the_timeline_is_planned_and_actual_by_day_with_the_due_date_and_today(atlas: Store) -> None:
    """致丰 landed 2026-06-05; 开工 is due 2026-12-05; the page is asked as of 2026-07-05."""
    page = logged_in(atlas, "viewer").get(f"/projects/{_project_id(atlas)}?today={TODAY}").text
    chart = _option(page, "timeline-chart")
    axis = chart["xAxis"]
    assert axis["type"] == "time" and axis["minInterval"] == 86_400_000  # ticks a day apart at the least
    assert axis["axisLabel"]["formatter"] == "{yyyy}-{MM}-{dd}"
    assert axis["min"] <= "2026-06-05" and axis["max"] >= "2026-12-05"
    assert chart["yAxis"]["data"] == ["签约", "落地", "开工", "竣工验收", "通电", "获生产许可", "投产", "量产", "达产"]
    series = {s["name"]: s for s in chart["series"]}
    assert [p["value"] for p in series["实际"]["data"]] == [["2026-06-05", "落地"]]
    assert series["实际"]["data"][0]["tooltip"] == {"formatter": "落地 实际：2026-06-05"}
    assert [p["value"] for p in series["应完成"]["data"]] == [["2026-12-05", "开工"]]
    lines = {line["name"]: line["xAxis"] for s in chart["series"] for line in s.get("markLine", {}).get("data", [])}
    assert lines == {"今天": TODAY, "应完成": "2026-12-05"}
    later = logged_in(atlas, "editor").get(f"/projects/{_project_id(atlas)}?today=2026-09-01").text
    assert {"今天": "2026-09-01"}.items() <= {
        line["name"]: line["xAxis"] for line in _option(later, "timeline-chart")["series"][0]["markLine"]["data"]
    }.items()


def _post(client: TestClient, path: str, data: dict[str, str], back: str) -> None:
    token = csrf_of(client.get(back).text)
    response = client.post(path, data={**data, "csrf": token}, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == back


def test_the_desk_loop_through_the_forms(atlas: Store) -> None:
    client = logged_in(atlas, "editor")
    number = _project_id(atlas)
    back, base = f"/projects/{number}", f"/projects/{number}/requests"
    need = {"need": "配套电力扩容", "department": "供电公司", "owner": "李四", "due": "2099-12-31"}
    need["cause"] = "utilities"
    _post(client, base, need, back)
    with atlas.session() as session:
        request_id = session.scalars(select(tables.ServiceRequest.id)).one()
    steps = [
        {"action": "respond", "text": "已排期"},
        {"action": "resolve", "text": "已扩容"},
        {"action": "confirm", "satisfied": "no", "text": "仍跳闸"},
        {"action": "respond", "text": "再查线路"},
        {"action": "resolve", "text": "已更换开关"},
        {"action": "confirm", "satisfied": "yes"},
    ]
    for step in steps:
        _post(client, f"{base}/{request_id}", step, back)
    _post(client, f"/projects/{number}/cause", {"cause": "utilities"}, back)
    page = client.get(back).text
    assert f'id="request-{request_id}"' in page and "［已确认］" in page and "已更换开关" in page
    actions = [row[3] for row in _table(page, "audit")[1:]]
    assert actions == ["提出", "答复", "办结", "重开", "答复", "办结", "确认", "滞后原因"]
    assert "仍跳闸" in page  # the reason for reopening, in the log
    assert f'action="{base}/{request_id}"' not in page  # a confirmed request takes no more steps
    token = csrf_of(page)
    bad = client.post(f"{base}/{request_id}", data={"action": "respond", "text": "x", "csrf": token})
    assert bad.status_code == 400 and f"诉求 #{request_id}无法作出答复：它已确认，而非待答复" in bad.text
    english = client.post(f"{base}/{request_id}?lang=en", data={"action": "respond", "text": "x", "csrf": token})
    assert f"cannot respond to request #{request_id}: it is confirmed, not open" in english.text
    late = client.post(base, data={**need, "due": "2000-01-01", "csrf": token})
    assert late.status_code == 400


def test_viewers_see_no_forms_and_cannot_post_and_every_form_needs_its_token(atlas: Store) -> None:
    number = _project_id(atlas)
    viewer = logged_in(atlas, "viewer")
    page = viewer.get(f"/projects/{number}").text
    assert 'id="open-request"' not in page and 'id="set-cause"' not in page
    document = viewer.get("/documents/1").text
    assert "/claims/" not in document
    token = csrf_of(page)  # the logout form's
    assert viewer.post(f"/projects/{number}/cause", data={"cause": "land", "csrf": token}).status_code == 403
    assert viewer.post("/documents/1/claims/1", data={"status": "accepted", "csrf": token}).status_code == 403
    editor = logged_in(atlas, "editor")
    assert editor.post(f"/projects/{number}/cause", data={"cause": "land"}).status_code == 403
    assert editor.post(f"/projects/{number}/cause", data={"cause": "land", "csrf": "forged"}).status_code == 403
    assert editor.post("/documents/1/claims/1", data={"status": "rejected"}).status_code == 403
    with atlas.session() as session:
        assert session.get_one(tables.Project, number).cause is None


def test_an_editor_reviews_a_claim_on_its_document(atlas: Store) -> None:
    client = logged_in(atlas, "editor")
    page = client.get("/documents/1").text
    assert 'action="/documents/1/claims/1"' in page
    response = client.post(
        "/documents/1/claims/1", data={"status": "rejected", "csrf": csrf_of(page)}, follow_redirects=False
    )
    assert response.status_code == 303 and response.headers["location"] == "/documents/1?claim=1"
    with atlas.session() as session:
        assert session.get_one(tables.Claim, 1).status == "rejected"


def test_documents_list_and_markup_shown_escaped(atlas: Store) -> None:
    client = logged_in(atlas, "viewer")
    listed = client.get("/documents").text
    rows = _table(listed, "table-documents")
    assert rows[0] == ["文档", "日期", "来源", "事实数"] and len(rows) == 1 + 26
    jiaxing = "10个特色集群撑场——嘉兴县域产业的突围之路"  # the page's first headline: it has no header
    assert any(row[0] == jiaxing and row[1] == TODAY and int(row[3]) > 50 for row in rows)
    assert "标记测试" in [row[0] for row in rows] and "markup.txt" not in [row[0] for row in rows]
    with atlas.session() as session:
        number = session.scalars(select(tables.Document.id).where(tables.Document.name == "markup.txt")).one()
    page = client.get(f"/documents/{number}").text
    assert "<script>alert" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;加粗&lt;/b&gt;" in page


def _document_id(store: Store, name: str) -> int:
    with store.session() as session:
        return session.scalars(select(tables.Document.id).where(tables.Document.name == name)).one()


def test_a_document_shows_its_title_date_and_source_not_its_header(atlas: Store) -> None:
    client = logged_in(atlas, "viewer")
    page = client.get(f"/documents/{_document_id(atlas, 'markup.txt')}").text
    assert '<h1 id="document-title" translate="no">标记测试</h1>' in page
    assert '<title translate="no">标记测试 · ' in page
    assert '<dd id="document-date">2026-07-05</dd>' in page
    text = re.search(r'<div class="document" id="text" translate="no">(.*?)</div>', page, re.S)
    assert text and text.group(1).startswith("测试页面")
    assert "title:" not in text.group(1) and "---" not in text.group(1)
    sourced = client.get(f"/documents/{_document_id(atlas, 'news_d320c16b48.txt')}").text
    title = "工业和信息化部关于公布2022年度中小企业特色产业集群名单的通告"
    assert f'<h1 id="document-title" translate="no">{title}</h1>' in sourced
    url = "https://dg.feibaos.com/news/info/82765.html?idx=2"
    assert f'<dd id="document-source"><a href="{html.escape(url)}"' in sourced


def test_each_figure_marks_its_own_words_not_the_sentence(atlas: Store) -> None:
    """嘉兴拥有国家级中小企业特色产业集群4个、省级10个,数量均居全省第二: three marks, 4个, 10个 and 第二."""
    page = logged_in(atlas, "viewer").get(f"/documents/{_document_id(atlas, 'jiaxing-2026-07-p1.txt')}").text
    marks = re.findall(r'<mark class="fact" id="claim-\d+" title="([^"]*)">([^<]*)</mark>', page)
    assert ("国家级集群数 4", "4个") in marks and ("省级集群数 10", "10个") in marks
    assert ("国家级集群数 2", "第二") in marks and ("产值 88.82亿元", "88.82亿元") in marks
    assert ("企业数 100", "超100家") in marks  # the qualifier with its figure
    text = '<div class="document" id="text" translate="no">10个特色集群撑场'
    assert text in page  # the blank lines above the headline dropped
    assert not any("截至目前" in words for _, words in marks)


def test_documents_page_through_with_their_numbers_right(atlas: Store, tmp_path: Path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    for i in range(PAGE_SIZE):  # 26 documents already: two pages
        (folder / f"page-{i:02d}.txt").write_text(f"date: 2026-01-{1 + i % 28:02d}\n---\n第{i}篇测试新闻。\n", "utf-8")
    ok(atlas.url, "ingest", "--workers", "1", folder)
    client = logged_in(atlas, "viewer")
    first, second = client.get("/documents").text, client.get("/documents?page=2").text
    assert "第1页，共2页" in first and 'href="/documents?page=2"' in first and "rel=\"prev\"" not in first
    assert "第2页，共2页" in second and 'href="/documents?page=1"' in second and "rel=\"next\"" not in second
    assert len(_table(first, "table-documents")) == 1 + PAGE_SIZE and len(_table(second, "table-documents")) == 1 + 26
    assert client.get("/documents?page=2").status_code == 200 and client.get("/documents?page=3").status_code == 400


def _results(client: TestClient, q: str, key: str) -> str:
    """One section of the search page for `q`."""
    found = re.search(rf'<section id="results-{key}">(.*?)</section>', client.get(f"/search?q={q}").text, re.S)
    assert found, f"no {key} results for {q}"
    return found.group(1)


def test_search_finds_clusters_projects_and_documents(atlas: Store) -> None:
    client = logged_in(atlas, "viewer")
    assert 'id="results-' not in client.get("/search").text
    clusters = _results(client, "平湖", "cluster")
    assert "平湖机器人关节零部件中小企业特色产业集群" in clusters and re.search(r'href="/clusters/\d+"', clusters)
    assert f'href="/projects/{_project_id(atlas)}">{ZHIFENG}</a>' in _results(client, "致丰", "project")
    documents = _results(client, "谐波减速器", "document")
    assert ">10个特色集群撑场——嘉兴县域产业的突围之路</a>" in documents and "<mark>谐波减速器</mark>" in documents
    assert client.get("/search?q=嘉").status_code == 200
    escaped = client.get("/search?q=alert").text
    assert "&lt;script&gt;<mark>alert</mark>(1)" in escaped


BAD = [
    ("/projects/999999", 404),
    ("/projects/abc", 404),
    ("/documents/999999", 404),
    ("/documents/x", 404),
    ("/projects?today=2026-13-01", 400),
    ("/projects?status=late", 400),
    ("/projects?kind=factory", 400),
    ("/projects?format=pdf", 400),
    ("/documents?page=0", 400),
]


def test_bad_parameters_are_404_or_400(atlas: Store) -> None:
    client = logged_in(atlas, "viewer")
    assert [(path, client.get(path).status_code) for path, _ in BAD] == BAD
    assert client.get("/projects/999999").json()["detail"] == "没有项目 #999999"
