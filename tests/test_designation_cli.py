"""`chainatlas designation` on a real store (both backends): the dev page's clusters and ingested pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from chainatlas.store import tables
from chainatlas.store.session import Store
from cli_runner import run

PAGE = "jiaxing-2026-07-p1.txt"
PINGHU = "平湖机器人关节零部件中小企业特色产业集群"
FASTENERS = "海盐紧固件中小企业特色产业集群"

NEWS = f"""date: 2026-07-06
---
{FASTENERS}位于海盐县。2023年，{FASTENERS}实现产值45亿元。2024年，集群实现产值38亿元。2025年，集群实现产值60亿元。
集群核心区面积35平方公里。集群中小企业产值占比达80%。集群主导产业产值占比75%。
"""
OFFICIAL = f"""source_url: https://jxj.jiaxing.gov.cn/art/2026/7/1/1.html
date: 2026-07-01
---
2024年，{FASTENERS}实现产值52亿元。
"""



def ingest(db: str, *args: str | Path) -> None:
    result = run(db, "ingest", "--workers", "1", *args)
    assert result.exit_code == 0, result.output


def checked(db: str, cluster: str, *args: str) -> dict[str, Any]:
    result = run(db, "designation", cluster, "--year", "2026", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def rules(found: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in found["rules"]}


@pytest.fixture
def jiaxing(store: Store, data: Path) -> str:
    """The Jiaxing dev page ingested, dated 2026-07-05."""
    ingest(store.url, "--date", "2026-07-05", data / "news" / PAGE)
    return store.url


def test_pinghu_from_the_dev_page_is_incomplete_not_failing(jiaxing: str) -> None:
    found = checked(jiaxing, PINGHU)
    assert (found["verdict"], found["window"]) == ("incomplete", [2023, 2024, 2025])
    assert found["failed"] == [] and found["missing"] == ["area", "output", "growth", "sme_share", "leading_share"]
    by_id = rules(found)
    [place] = by_id["county"]["evidence"]
    assert (by_id["county"]["outcome"], place["name"], place["code"]) == ("pass", "平湖市", "330482")
    assert place["source"]["document"] == PAGE
    output = by_id["output"]
    assert (output["outcome"], output["detail"]) == ("missing", "缺2023、2024年的数据")
    [value] = output["evidence"]
    assert (value["value"], value["unit"], value["period"]) == (12895000000.0, "CNY", "2025")
    assert "128.95亿元" in value["source"]["sentence"]
    store = Store(jiaxing)
    with store.session() as session:
        claim = session.get_one(tables.Claim, value["source"]["claim_id"])
        assert (claim.metric, claim.value, claim.period) == ("output_value", 12895000000.0, "2025")
    store.dispose()
    assert checked(jiaxing, "平湖机器人关节零部件") == found  # an alias resolves to the same cluster
    text = run(jiaxing, "designation", PINGHU, "--year", "2026").stdout
    assert "结论：数据不全（缺数据：area、output、growth、sme_share、leading_share）" in text
    assert "output: 缺数据 — 缺2023、2024年的数据" in text
    assert "128.95亿元" in text and f"#{claim.id}" in text


def test_a_city_wide_cluster_of_the_dev_page_fails_the_county_rule(jiaxing: str) -> None:
    found = checked(jiaxing, "嘉兴市轻纺产业集群")
    assert (found["verdict"], found["failed"]) == ("fails", ["county"])
    assert "prefecture" in rules(found)["county"]["detail"]
    assert "结论：不符合（未达标：county；缺数据：" in run(jiaxing, "designation", "嘉兴市轻纺产业集群").stdout


def test_the_shown_claim_decides_and_a_review_changes_the_verdict(store: Store, tmp_path: Path) -> None:
    (tmp_path / "news.txt").write_text(NEWS, encoding="utf-8")
    ingest(store.url, tmp_path / "news.txt")
    found = checked(store.url, FASTENERS)
    assert (found["verdict"], found["failed"]) == ("fails", ["output"])  # 2024: 38亿元 (growth 45 → 60: 15.5%)
    (tmp_path / "official.txt").write_text(OFFICIAL, encoding="utf-8")
    ingest(store.url, tmp_path / "official.txt")
    found = checked(store.url, FASTENERS)
    assert found["verdict"] == "meets"
    by_id = rules(found)
    shown = {v["period"]: (v["value"], v["source"]["document"]) for v in by_id["output"]["evidence"]}
    assert shown["2024"] == (5.2e9, "official.txt")  # the official source beats the news page
    assert [v["value"] for v in by_id["area"]["evidence"]] == [35e6]
    assert [v["value"] for v in by_id["sme_share"]["evidence"]] == [0.8]
    assert [v["value"] for v in by_id["leading_share"]["evidence"]] == [0.75]
    assert "结论：符合" in run(store.url, "designation", FASTENERS, "--year", "2026").stdout
    with store.session() as session:
        official = session.scalars(
            select(tables.Claim.id)
            .join(tables.Document, tables.Document.id == tables.Claim.document_id)
            .where(tables.Document.name == "official.txt", tables.Claim.metric == "output_value")
        ).one()
    assert run(store.url, "claims", "review", str(official), "--status", "rejected", "--by", "li").exit_code == 0
    assert checked(store.url, FASTENERS)["failed"] == ["output"]
    waived = checked(store.url, FASTENERS, "--not-applicable", "output")
    assert waived["verdict"] == "meets" and rules(waived)["output"]["outcome"] == "not-applicable"


def test_the_default_year_is_this_year(jiaxing: str) -> None:
    result = run(jiaxing, "designation", PINGHU, "--json")
    assert result.exit_code == 0, result.output
    year = json.loads(result.stdout)["year"]
    assert year >= 2026 and json.loads(result.stdout)["window"] == [year - 3, year - 2, year - 1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("不存在的集群",), "没有名为“不存在的集群”的实体"),
        (("佛吉亚",), "不是集群"),
        ((PINGHU, "--not-applicable", "nope"), "没有规则 nope"),
    ],
)
def test_bad_input_is_a_clear_error(jiaxing: str, args: tuple[str, ...], message: str) -> None:
    result = run(jiaxing, "designation", *args)
    assert result.exit_code == 1
    assert message in " ".join(result.stderr.split())
