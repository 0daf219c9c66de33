"""Briefings (产业集群简报) over the news folder, both backends: what they say, as .docx and PDF, CLI and web.

The Jiaxing page (2026-07-05) gives the 秀洲 cluster its figures; its firms fill nodes of two chains; the
安波福 project landed in 2018 and is long overdue on the day the briefing is made.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pypdf
import pytest
from fastapi.testclient import TestClient

from chainatlas.briefing.compose import BriefingError, briefing_for
from chainatlas.briefing.model import Briefing, KeyFigure, SourceNote
from chainatlas.briefing.pdf import write_pdf
from chainatlas.briefing.word import write_docx
from chainatlas.store import tables
from chainatlas.store.session import Store
from cli_runner import ok, run
from web_client import logged_in

TODAY = dt.date(2026, 12, 5)
XIUZHOU = "秀洲汽车智能配饰中小企业产业集群"
PINGHU = "平湖机器人关节零部件中小企业特色产业集群"
HEADLINE = "10个特色集群撑场——嘉兴县域产业的突围之路"


@pytest.fixture
def atlas(store: Store, data: Path) -> Store:
    news = data / "news"
    ok(store.url, "ingest", "--workers", "1", "--date", "2026-07-05", news / "jiaxing-2026-07-p1.txt")
    ok(store.url, "ingest", "--workers", "1", news)
    return store


def _briefing(store: Store, name: str, today: dt.date = TODAY) -> Briefing:
    with store.session() as session:
        return briefing_for(session, name, today)


def _docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _pdf_text(content: bytes) -> str:
    """The PDF's text with line breaks taken out: table cells wrap names over lines."""
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages).replace("\n", "")


def test_a_cluster_briefing_cites_each_figure_and_names_gaps_and_late_projects(atlas: Store) -> None:
    found = _briefing(atlas, XIUZHOU)
    assert found.title == f"{XIUZHOU}简报"
    assert ("县（市、区）", "秀洲区") in found.facts and ("等级", "省级") in found.facts
    figures = {(f.label, f.value, f.period, f.source) for f in found.figures}
    assert {("产值", "88.82亿元", "2025年", 1), ("企业数", "36", "2025年", 1)} <= figures
    assert found.sources == [SourceNote(1, HEADLINE, "2026-07-05", None)]
    chains = {c.chain: c for c in found.chains}
    seats = chains["汽车智能配饰及座舱"]
    assert 0 < seats.held < seats.nodes and seats.empty and "佛吉亚" in seats.leaders
    late = {p.name: p for p in found.projects}
    assert late["安波福"].reached == "落地 2018-01-01" and late["安波福"].late.startswith("逾期")


def test_the_day_decides_which_projects_are_late(atlas: Store) -> None:
    assert "安波福" in {p.name for p in _briefing(atlas, XIUZHOU).projects}
    assert "安波福" not in {p.name for p in _briefing(atlas, XIUZHOU, dt.date(2018, 3, 1)).projects}


def test_a_county_briefing_lists_its_clusters_figures(atlas: Store) -> None:
    found = _briefing(atlas, "平湖市")
    assert found.title == "平湖市产业集群简报" and found.kind == "county"
    assert [(f.subject, f.label, f.value) for f in found.figures] == [(PINGHU, "产值", "128.95亿元")]
    assert any(c.chain == "人形机器人及工业机器人" and "贝托传动" in c.leaders for c in found.chains)


@pytest.mark.parametrize(
    ("name", "message"),
    [("平湖", "没有名为“平湖”的集群或县（市、区）"), ("浙江省", "is a province"), ("贝托传动", "not a cluster")],
)
def test_a_name_that_is_no_cluster_or_county_is_refused(atlas: Store, name: str, message: str) -> None:
    with pytest.raises(BriefingError, match=message):
        _briefing(atlas, name)


def test_word_and_pdf_carry_the_same_text(atlas: Store) -> None:
    found = _briefing(atlas, XIUZHOU)
    for text in (_docx_text(write_docx(found)), _pdf_text(write_pdf(found))):
        for expected in (found.title, "88.82亿元", "[1]", HEADLINE, "汽车智能配饰及座舱", "安波福", "数据截至"):
            assert expected in text


def test_names_with_markup_are_printed_as_text() -> None:
    name = "<b>甲&乙</b>集群"
    found = Briefing("cluster", name, (("等级", "未认定"),), TODAY, figures=[KeyFigure(name, "产值", "1亿元", "", 1)],
                     sources=[SourceNote(1, "<i>标题</i>", None, None)])  # fmt: skip
    assert name in _pdf_text(write_pdf(found)) and name in _docx_text(write_docx(found))


def test_the_cli_writes_the_file_and_refuses_bad_requests_in_one_line(atlas: Store, tmp_path: Path) -> None:
    out = tmp_path / "简报.docx"
    result = ok(atlas.url, "briefing", XIUZHOU, "--out", out, "--today", TODAY.isoformat())
    assert "→" in result.stdout and XIUZHOU in _docx_text(out.read_bytes())
    pdf = tmp_path / "平湖市.pdf"
    ok(atlas.url, "briefing", "平湖市", "--out", pdf, "--today", TODAY.isoformat())
    assert "128.95亿元" in _pdf_text(pdf.read_bytes())
    for args, message in [
        (("平湖", "--out", out), "没有名为“平湖”的集群或县（市、区）"),
        ((XIUZHOU, "--out", tmp_path / "b.txt"), "简报须写成 .docx 或 .pdf"),
        ((XIUZHOU, "--out", tmp_path / "missing" / "b.pdf"), "无法写入：No such file or directory"),
    ]:
        before = out.read_bytes()
        result = run(atlas.url, "briefing", *args)
        assert result.exit_code == 1 and message in result.stderr and len(result.stderr.splitlines()) == 1
        assert out.read_bytes() == before and "Traceback" not in result.output


def test_the_web_serves_both_formats_from_the_cluster_and_counties_pages(atlas: Store) -> None:
    with atlas.session() as session:
        cluster = session.query(tables.Cluster.id).filter(tables.Cluster.name == XIUZHOU).one()[0]
    client = logged_in(atlas)
    assert f'href="/clusters/{cluster}/briefing?format=docx"' in client.get(f"/clusters/{cluster}").text
    assert 'href="/regions/330482/briefing?format=pdf"' in client.get("/counties?city=嘉兴市").text
    pdf = client.get(f"/clusters/{cluster}/briefing", params={"today": TODAY.isoformat()})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"] and "安波福" in _pdf_text(pdf.content)
    word = client.get("/regions/330482/briefing", params={"format": "docx", "today": TODAY.isoformat()})
    assert word.status_code == 200 and "128.95亿元" in _docx_text(word.content)
    for path, status in [
        ("/clusters/99999/briefing", 404), ("/regions/330000/briefing", 404), ("/regions/33/briefing", 422),
        (f"/clusters/{cluster}/briefing?format=xls", 422), (f"/clusters/{cluster}/briefing?today=soon", 422),
    ]:  # fmt: skip
        answer = client.get(path)
        assert answer.status_code == status and "detail" in answer.json()
    anonymous = TestClient(client.app).get(f"/clusters/{cluster}/briefing", follow_redirects=False)
    assert anonymous.status_code in (303, 401)
