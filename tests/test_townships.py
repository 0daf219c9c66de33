"""Townships: the gazetteer resolves 镇/乡/街道 with their county, and figures about a town attach to the town.

Real sentences: tests/data/news/news_3aa1856e77.txt (嘉兴市秀洲区王店镇镇…一季度实现固定资产投资15.27亿元) and
eval/pages/web_6aba5332a4.txt (温岭市泽国镇…实现规上工业总产值突破300亿元).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from chainatlas.domain import IndicatorFact
from chainatlas.ingest.document import read_document
from chainatlas.ingest.extract import extract_document
from chainatlas.ingest.gazetteer import Gazetteer
from chainatlas.services.claims import store_facts
from chainatlas.store import tables
from chainatlas.store.session import Store

WANGDIAN = "news_3aa1856e77.txt"
ZEGUO = Path(__file__).resolve().parents[1] / "eval" / "pages" / "web_6aba5332a4.txt"
DATE = datetime.date(2024, 4, 26)


@pytest.mark.parametrize(
    ("name", "context", "code"),
    [("秀洲区王店镇", (), "330411105"), ("嘉兴市秀洲区王店镇", (), "330411105"), ("王店镇", ("330411",), "330411105"),
     ("王店镇", ("330400",), "330411105"), ("温岭市泽国镇", (), "331081100"), ("义乌大陈镇", (), "330782106"),
     ("大桥镇", ("330400",), "330402105")],
)
def test_town_resolves_with_its_county_or_city(name: str, context: tuple[str, ...], code: str) -> None:
    town = Gazetteer.bundled().township(name, context)
    assert town is not None and town.code == code


@pytest.mark.parametrize(("name", "context"), [("王店镇", ()), ("大桥镇", ()), ("王店镇", ("330500",)),
                                               ("南湖区王店镇", ()), ("秀洲区", ())])
def test_same_named_town_elsewhere_is_not_taken(name: str, context: tuple[str, ...]) -> None:
    assert Gazetteer.bundled().township(name, context) is None


def _figures(path: Path) -> dict[float, IndicatorFact]:
    facts = extract_document(read_document(path, DATE))
    return {f.value: f for f in facts if isinstance(f, IndicatorFact)}


def test_figures_about_a_town_name_the_town(data: Path) -> None:
    wangdian = _figures(data / "news" / WANGDIAN)
    assert wangdian[1_527_000_000].subject == "嘉兴市秀洲区王店镇"  # 一季度实现固定资产投资15.27亿元
    assert wangdian[0.547].subject == "嘉兴市秀洲区王店镇"  # 同比增长54.7%, not 全区
    assert _figures(ZEGUO)[30_000_000_000].subject == "温岭市泽国镇"  # 规上工业总产值突破300亿元


def test_stored_town_figures_carry_the_town_code(store: Store, data: Path) -> None:
    path = data / "news" / WANGDIAN
    document = read_document(path, DATE)
    facts = extract_document(document)
    for n in range(2):  # a second document about the town reuses its region row
        with store.transaction() as session:
            row = tables.Document(name=f"{n}{path.name}", sha256=str(n) * 64, raw=b"", text=document.text,
                                  encoding="utf-8", header={})
            session.add(row)
            session.flush()
            store_facts(session, row, facts)
    with store.session() as session:
        codes = set(session.scalars(select(tables.Claim.region_code).where(tables.Claim.value == 1_527_000_000)))
        town = session.get(tables.Region, "330411105")
        towns = session.scalars(select(tables.Region.code).where(tables.Region.level == "township")).all()
    assert codes == {"330411105"}
    assert town is not None and (town.name, town.parent_code) == ("王店镇", "330411")
    assert towns == ["330411105"]
