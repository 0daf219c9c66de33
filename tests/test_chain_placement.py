"""Placement: firms land on chain nodes from their products, their sentences or their industry codes,
with evidence, and users' decisions survive a new run on the same facts."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from chain_samples import MINI
from chainatlas.chains import (
    Basis,
    Chain,
    ChainLookupError,
    Decision,
    Evidence,
    FirmRecord,
    Placement,
    chain,
    parse_chain,
    place_firms,
)
from chainatlas.chains.placement import industry_nodes, region_prefix
from chainatlas.domain import EnterpriseFact, Fact, Span
from chainatlas.ingest.chain_facts import evidence_of, firm_records
from chainatlas.ingest.document import read_document
from chainatlas.ingest.extract import extract_document
from chainatlas.reference import load_regions


@pytest.fixture(scope="module")
def mini() -> Chain:
    return parse_chain(MINI, "mini.toml")


def said(sentence: str, start: int = 0) -> Evidence:
    return Evidence("doc.txt", sentence, Span(start, start + len(sentence)))


def only(placements: list[Placement], firm: str, chain_id: str = "mini") -> list[tuple[str, Decision, Basis, str]]:
    return [(p.node_id, p.decision, p.basis, p.reason) for p in placements if p.firm == firm and p.chain_id == chain_id]


# ---------------------------------------------------------------- hand-built cases


def test_a_product_on_a_leaf_is_uncertain_with_its_sentence(mini: Chain) -> None:
    other, own = said("甲公司去年营收过亿。"), said("甲公司生产谐波减速器。", 20)
    firm = FirmRecord("甲公司", "330482", products=("谐波减速器",), evidence=(other, own))
    [placement] = place_firms([firm], [mini])
    assert placement == Placement(
        "甲公司", "mini", "gear", Decision.UNCERTAIN, Basis.PRODUCT, "产品 谐波减速器", (own,)
    )


def test_a_product_no_sentence_names_keeps_all_the_firms_evidence(mini: Chain) -> None:
    evidence = (said("甲公司是龙头企业。"),)
    [placement] = place_firms([FirmRecord("甲公司", None, ("薄壁轴承",), evidence=evidence)], [mini])
    assert (placement.node_id, placement.evidence) == ("bearing", evidence)


def test_an_umbrella_word_lands_on_the_parent(mini: Chain) -> None:
    placements = place_firms([FirmRecord("甲公司", None, ("汽车零部件", "工业减速器"))], [mini])
    assert [p.node_id for p in placements] == ["parts", "gear"]


def test_industry_codes_only_when_no_word_places_the_firm(mini: Chain) -> None:
    coded = FirmRecord("己机械", None, industry_codes=("3453", "3491"))
    worded = FirmRecord("戊机械", None, products=("薄壁轴承",), industry_codes=("3453",))
    placements = place_firms([coded, worded], [mini])
    assert only(placements, "己机械") == [
        ("gear", Decision.UNCERTAIN, Basis.INDUSTRY, "行业代码 3453"),
        ("assembly", Decision.UNCERTAIN, Basis.INDUSTRY, "行业代码 3491"),
    ]
    assert [p.node_id for p in placements if p.firm == "戊机械"] == ["bearing"]


def test_industry_nodes_take_the_most_specific_code_and_the_topmost_node(mini: Chain) -> None:
    assert [(n.id, code) for n, code in industry_nodes(mini, ["3459", "3451", "2651"])] == [
        ("parts", "3459"), ("bearing", "3451"),
    ]
    robot = chain("humanoid-robot")
    assert [n.id for n, _ in industry_nodes(robot, ["3453"])] == ["reducers"]


def test_decisions_override_and_survive(mini: Chain) -> None:
    firm = FirmRecord("甲公司", "330482", products=("谐波减速器", "薄壁轴承"))
    decisions = {
        ("甲公司", "mini", "gear"): Decision.REJECTED,
        ("甲公司", "mini", "bearing"): Decision.CONFIRMED,
        ("甲公司", "mini", "assembly"): Decision.CONFIRMED,
        ("别的公司", "mini", "motor"): Decision.CONFIRMED,  # not in this run: left for the run that places it
        ("甲公司", "humanoid-robot", "servo"): Decision.CONFIRMED,  # a chain not asked about, likewise
    }
    first = place_firms([firm], [mini], decisions)
    assert [(p.node_id, p.decision, p.basis, p.by_user) for p in first] == [
        ("bearing", Decision.CONFIRMED, Basis.PRODUCT, True),
        ("gear", Decision.REJECTED, Basis.PRODUCT, True),
        ("assembly", Decision.CONFIRMED, Basis.USER, True),
    ]
    assert place_firms([firm], [mini], decisions) == first
    assert [p.active for p in first] == [True, False, True]


def test_a_decision_on_a_node_the_chain_lacks_is_refused(mini: Chain) -> None:
    firm = FirmRecord("甲公司", None)
    with pytest.raises(ChainLookupError, match=r"甲公司.*'gearbox'.*chain 'mini'"):
        place_firms([firm], [mini], {("甲公司", "mini", "gearbox"): Decision.CONFIRMED})


@pytest.mark.parametrize(
    ("code", "region", "inside"),
    [("330482", "330482", True), ("330482", "330400", True), ("330482", "330000", True),
     ("330482", "330481", False), ("330110", "330111", False), (None, "330400", False)],
)
def test_in_region(code: str | None, region: str, inside: bool) -> None:
    assert FirmRecord("甲", code).in_region(region) is inside
    assert region_prefix("330400") == "3304"


# ---------------------------------------------------------------- evidence sentences from facts


@pytest.mark.parametrize(
    ("text", "start", "sentence"),
    [("前一句。甲公司生产轴承;后一句。", 4, "甲公司生产轴承;"),
     ("标题行\n\n甲公司生产轴承", 5, "甲公司生产轴承"),
     ("份额超30%;在专用整机领域,华芯智能的晶圆搬运机器人已实\n\n现技术替代。下一句。", 15,
      "在专用整机领域,华芯智能的晶圆搬运机器人已实现技术替代。"),
     ("在位于高新区的\n\n甲公司车间,工人忙碌。", 10, "在位于高新区的甲公司车间,工人忙碌。")],
)
def test_evidence_is_the_sentence_around_the_span(text: str, start: int, sentence: str) -> None:
    fact = EnterpriseFact("doc.txt", Span(start, start + 3), name="甲公司")
    evidence = evidence_of(fact, text)
    assert evidence.sentence == sentence
    assert "".join(text[evidence.span.start : evidence.span.end].split()) == sentence


# ---------------------------------------------------------------- real text: 嘉兴日报 2026-07-05, page 1

PINGHU = "330482"


@pytest.fixture(scope="module")
def page(data: Path) -> tuple[str, list[Fact]]:
    document = read_document(data / "news" / "jiaxing-2026-07-p1.txt", datetime.date(2026, 7, 5))
    return document.text, extract_document(document)


def jiaxing_firms(text: str, facts: list[Fact]) -> list[FirmRecord]:
    codes = {r.name: r.code for r in load_regions() if r.parent_code == "330400"}
    return firm_records(facts, text, codes)


def test_pinghu_firms_land_on_their_nodes_with_their_sentences(page: tuple[str, list[Fact]]) -> None:
    text, facts = page
    pinghu = [f for f in jiaxing_firms(text, facts) if f.in_region(PINGHU)]
    assert {"浙江百润轴承有限公司", "贝托传动", "华芯智能"} <= {f.name for f in pinghu}
    robot = {p.firm: p for p in place_firms(pinghu, [chain("humanoid-robot")])}
    expected = {
        "浙江百润轴承有限公司": ("bearings", "产品 精密薄壁轴承", "精密薄壁轴承、四点接触球轴承等产品将被装配"),
        "贝托传动": ("harmonic-reducer", "产品 谐波减速器", "贝托传动的谐波减速器在宇树科技、智元机器人等企业"),
        "华芯智能": ("wafer-handling-robots", "产品 晶圆搬运机器人", "华芯智能的晶圆搬运机器人已实现"),
    }
    for firm, (node_id, reason, words) in expected.items():
        placement = robot[firm]
        assert (placement.node_id, placement.decision, placement.reason) == (node_id, Decision.UNCERTAIN, reason)
        [evidence] = placement.evidence
        assert words in evidence.sentence and firm in evidence.sentence
        assert evidence.document == "jiaxing-2026-07-p1.txt"
        assert "".join(text[evidence.span.start : evidence.span.end].split()) == evidence.sentence


def test_a_rejected_placement_stays_rejected_on_the_same_facts(data: Path, page: tuple[str, list[Fact]]) -> None:
    text, facts = page
    decisions = {("华芯智能", "humanoid-robot", "wafer-handling-robots"): Decision.REJECTED}
    first = place_firms(jiaxing_firms(text, facts), decisions=decisions)
    document = read_document(data / "news" / "jiaxing-2026-07-p1.txt", datetime.date(2026, 7, 5))
    again = place_firms(jiaxing_firms(document.text, extract_document(document)), decisions=decisions)
    assert again == first
    [huaxin] = [p for p in again if p.firm == "华芯智能"]
    assert (huaxin.node_id, huaxin.decision, huaxin.by_user) == ("wafer-handling-robots", Decision.REJECTED, True)
    assert huaxin.evidence and "晶圆搬运机器人" in huaxin.evidence[0].sentence
