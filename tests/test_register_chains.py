"""Register firms on the chains and in the news (both backends): the constructed register fills every chain of
Jiaxing with filled, fragile and empty nodes, its firms' placements are uncertain with the register row as
evidence, `chain gaps 平湖市` lists leads with reasons, and a news mention resolves to the register firm."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import func, select

from chainatlas.briefing.compose import briefing_for
from chainatlas.briefing.pdf import write_pdf
from chainatlas.briefing.sections import MOST_NAMES
from chainatlas.chains import Area, Decision, bundled_chains, find_gaps
from chainatlas.register.constructed import write_register
from chainatlas.services.chain_views import chain_overlap
from chainatlas.services.register import import_register
from chainatlas.store import tables
from chainatlas.store.chain_records import Atlas
from chainatlas.store.session import Store
from cli_runner import ok
from register_samples import code, workbook

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English output

PAGE = "jiaxing-2026-07-p1.txt"
BAIRUN = "浙江百润轴承有限公司"


@pytest.fixture
def registered(store: Store, db_url: str, tmp_path: Path) -> str:
    """The store with the constructed register of 5,000 firms imported."""
    source = tmp_path / "constructed.csv"
    write_register(source)
    with store.transaction() as session:
        report = import_register(session, source, "tester")
    assert (report.rows, report.created, report.errors) == (5000, 5000, [])
    return db_url


def test_the_constructed_register_fills_the_chains(store: Store, registered: str) -> None:
    with store.session() as session:
        atlas = Atlas(session)
        placements = atlas.placements()
        city = Area.of_region("嘉兴市", "330400", atlas.firms)
        assert len(city.firms) == 5000
        for chain in bundled_chains():
            report = find_gaps(chain, city, placements, atlas.firms)
            filled = [c for c in report.coverage if len(c.holders) > 1]
            assert filled and report.fragile and report.empty, chain.id
        firm = placements[0]
        assert all(p.decision is Decision.UNCERTAIN for p in placements)
        [evidence] = firm.evidence
        assert evidence.document.startswith("register constructed.csv row ") and "主要产品" in evidence.sentence
        overlap = chain_overlap(session, "嘉兴市")
        cosines = [round(p.cosine, 6) for p in overlap.pairs]
        assert len(cosines) == 21 and len(set(cosines)) == 21 and max(cosines) - min(cosines) > 0.3


def test_chain_gaps_of_a_county_lists_leads_with_reasons(registered: str) -> None:
    gaps = {g["chain_id"]: g for g in json.loads(ok(registered, "chain", "gaps", "平湖市", "--json").stdout)}
    robot = gaps["humanoid-robot"]
    assert robot["placements"] and {p["decision"] for p in robot["placements"]} == {"uncertain"}
    leads = [lead for node in robot["leads"].values() for lead in node]
    assert leads and all(lead["reasons"] and lead["region_code"] != "330482" for lead in leads)
    assert any(" in 海盐县" in r or " in 嘉善县" in r for lead in leads for r in lead["reasons"])


def _bairun(tmp_path: Path) -> Path:
    """A register with 浙江百润轴承有限公司 in 平湖 and a firm of the same trade name in 海盐."""
    rows: list[dict[str, object]] = [
        {"统一社会信用代码": code("330482", 1), "企业名称": BAIRUN, "所在县(市、区)": "平湖市",
         "所在镇(街道)": "钟埭街道", "行业代码": "3451", "主要产品": "精密薄壁轴承、四点接触球轴承"},
        {"统一社会信用代码": code("330424", 2), "企业名称": "海盐百润轴承有限公司", "所在镇(街道)": "武原街道",
         "所在县(市、区)": "海盐县", "行业代码": "3451", "主要产品": "深沟球轴承"},
    ]
    return workbook(tmp_path / "bairun.xlsx", rows)


def _claims(store: Store) -> dict[str | None, int]:
    """Claims from the news per register firm (by credit code), and on firms without one (None)."""
    e = tables.Enterprise
    with store.session() as session:
        query = (
            select(e.credit_code, func.count(tables.Claim.id))
            .join(tables.Claim, tables.Claim.subject_id == e.id)
            .where(func.replace(e.name, " ", "").like("%百润%"))
            .group_by(e.credit_code)
        )
        return {credit: count for credit, count in session.execute(query)}


@pytest.mark.parametrize("register_first", [True, False], ids=["register-then-news", "news-then-register"])
def test_a_news_mention_resolves_to_the_register_firm_not_its_namesake(
    store: Store, db_url: str, data: Path, tmp_path: Path, register_first: bool
) -> None:
    steps = [
        ("enterprises", "import", _bairun(tmp_path), "--sheet", "规上企业", "--by", "tester"),
        ("ingest", "--date", "2026-07-05", data / "news" / PAGE),
    ]
    for step in steps if register_first else steps[::-1]:
        ok(db_url, *step)
    claims = _claims(store)
    assert claims.get(code("330482", 1), 0) > 0 and None not in claims
    assert code("330424", 2) not in claims
    with store.session() as session:
        e = tables.Enterprise
        firms = session.execute(select(e.name, e.region_code, e.credit_code).where(e.name.like("%百润%"))).all()
        assert sorted(firms) == [
            (BAIRUN, "330482", code("330482", 1)), ("海盐百润轴承有限公司", "330424", code("330424", 2))
        ]


def test_a_briefing_over_thousands_of_firms_stays_short(store: Store, registered: str) -> None:
    with store.session() as session:
        found = briefing_for(session, "平湖市", dt.date(2026, 12, 5))
    assert found.chains and max(len(c.leaders) for c in found.chains) > MOST_NAMES
    pages = pypdf.PdfReader(io.BytesIO(write_pdf(found))).pages
    assert len(pages) <= 3 and "家" in "".join(p.extract_text() for p in pages)  # 甲、乙…等379家


def test_every_news_firm_of_the_city_links_to_its_register_row_and_no_namesake_elsewhere_does(
    store: Store, db_url: str, data: Path, tmp_path: Path
) -> None:
    """The shared dev pages (tests/data/news) ingested, then a register holding every firm they name in a county of
    嘉兴市, under the news's name and county, and, for each, a namesake in another county of the city."""
    ok(db_url, "ingest", "--workers", "1", "--date", "2026-07-05", data / "news")
    e = tables.Enterprise
    with store.session() as session:
        news = session.execute(
            select(e.id, e.name, e.region_code).where(e.region_code.like("3304__"), e.region_code != "330400")
        ).all()
        claims = {i: n for i, n in session.execute(
            select(tables.Claim.subject_id, func.count()).where(tables.Claim.subject_type == "enterprise")
            .group_by(tables.Claim.subject_id))}  # fmt: skip
    assert len(news) >= 9  # 安波福, 佛吉亚, 百润, 贝托传动, 华芯智能, 欣兴工具, …
    elsewhere = {"330482": "330424"}  # 平湖 → 海盐; every other county → 平湖
    rows = []
    for serial, (_, name, county) in enumerate(news):
        other = elsewhere.get(county or "", "330482")  # the namesake's row first: only the region guard keeps it off
        rows += [{"统一社会信用代码": code(other, 500 + serial), "企业名称": name, "所在县(市、区)": other},
                 {"统一社会信用代码": code(county or "", serial), "企业名称": name,
                  "所在县(市、区)": county}]  # fmt: skip
    report = ok(db_url, "enterprises", "import", workbook(tmp_path / "register.xlsx", rows), "--sheet", "规上企业")
    assert f"{len(rows)} rows, {len(rows)} good: {len(news)} created, {len(news)} updated" in report.stdout
    with store.session() as session:
        for serial, (entity_id, name, county) in enumerate(news):
            firm = session.get_one(e, entity_id)
            assert firm.credit_code == code(county or "", serial), name  # the news's firm is the register's
            namesake = session.scalars(select(e).where(e.credit_code == code(elsewhere.get(county or "", "330482"),
                                                                             500 + serial))).one()  # fmt: skip
            assert namesake.id != entity_id and namesake.name == firm.name
            kept = session.scalar(select(func.count()).where(tables.Claim.subject_id == entity_id))
            assert kept == claims.get(entity_id, 0) and not session.scalar(
                select(func.count()).where(tables.Claim.subject_id == namesake.id)
            ), name  # the news's claims stay on the firm of its county
