"""Gap analysis: empty and fragile nodes, leaders, and 招商 leads with their reasons, for a county and a cluster."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from chain_samples import MINI
from chainatlas.chains import (
    Area,
    Basis,
    Chain,
    Decision,
    Evidence,
    FirmRecord,
    Lead,
    Placement,
    SupplyLink,
    chain,
    find_gaps,
    parse_chain,
    place_firms,
)
from chainatlas.domain import Qualifier, Role, Span
from chainatlas.ingest.chain_facts import firm_records, supply_links
from chainatlas.ingest.document import read_document
from chainatlas.ingest.extract import extract_document
from chainatlas.reference import load_regions

PINGHU, HAINING, WUZHONG = "330482", "330481", "320506"


def said(sentence: str) -> Evidence:
    return Evidence("doc.txt", sentence, Span(0, len(sentence)))


FIRMS = [
    FirmRecord("甲轴承", PINGHU, role=Role.LEADER),
    FirmRecord("丙轴承", PINGHU),
    FirmRecord("乙传动", PINGHU),
    FirmRecord("丁电机", HAINING),
    FirmRecord("苏州精工", WUZHONG),
]
BUSY = (said("丙轴承扩产。"), said("丙轴承获评专精特新。"))


def placed(firm: str, node: str, *evidence: Evidence, decision: Decision = Decision.UNCERTAIN) -> Placement:
    return Placement(firm, "mini", node, decision, Basis.PRODUCT, f"product {node}", evidence)


PLACEMENTS = [
    placed("甲轴承", "bearing", said("甲轴承生产薄壁轴承。"), decision=Decision.CONFIRMED),
    placed("丙轴承", "bearing", *BUSY),
    placed("乙传动", "gear", said("乙传动的谐波减速器。")),
    placed("丁电机", "motor", said("丁电机生产伺服电机。")),
    placed("苏州精工", "motor"),
    placed("苏州精工", "gear", decision=Decision.REJECTED),
]
LINKS = [
    SupplyLink("外地减速器厂", "某机器人", "谐波减速器", 0.2, Qualifier.GT,
               (said("外地减速器厂为某机器人配套谐波减速器。"),)),
    SupplyLink("乙传动", "某机器人", "谐波减速器"),  # inside the area: not a lead
    SupplyLink("外地轴承厂", "某机器人", "钢材"),  # a product the chain does not know
]


@pytest.fixture(scope="module")
def mini() -> Chain:
    return parse_chain(MINI, "mini.toml")


def test_county_coverage_gaps_and_leaders(mini: Chain) -> None:
    report = find_gaps(mini, Area.of_region("平湖市", PINGHU, FIRMS), PLACEMENTS, FIRMS, LINKS)
    assert (report.chain_id, report.area) == ("mini", "平湖市")
    table = {c.node_id: (c.holders, c.confirmed, c.leaders) for c in report.coverage}
    assert table == {
        "parts": (("丙轴承", "乙传动", "甲轴承"), ("甲轴承",), ("甲轴承",)),  # the leader by role
        "bearing": (("丙轴承", "甲轴承"), ("甲轴承",), ("甲轴承",)),
        "gear": (("乙传动",), (), ("乙传动",)),
        "motor": ((), (), ()),
        "assembly": ((), (), ()),
        "arm": ((), (), ()),
    }
    assert report.empty == ("motor", "assembly")  # arm lies under the empty assembly
    assert report.fragile == ("gear",)


def test_leads_for_empty_and_fragile_nodes_with_reasons(mini: Chain) -> None:
    report = find_gaps(mini, Area.of_region("平湖市", PINGHU, FIRMS), PLACEMENTS, FIRMS, LINKS)
    assert set(report.leads) == {"motor", "assembly", "gear"}
    assert report.leads["motor"] == (
        Lead("丁电机", HAINING, ("product motor，位于海宁市",), (said("丁电机生产伺服电机。"),)),
        Lead("苏州精工", WUZHONG, ("product motor，位于吴中区",), ()),
    )
    link_evidence = said("外地减速器厂为某机器人配套谐波减速器。")
    assert report.leads["gear"] == (  # 苏州精工's rejected placement is no lead
        Lead(
            "外地减速器厂", None,
            ("向某机器人供应谐波减速器 (doc.txt, 外地减速器厂为某机器人配套谐波减速器。)",),
            (link_evidence,),
        ),
    )
    assert report.leads["assembly"] == ()


def test_most_evidence_leads_where_no_firm_is_a_leader(mini: Chain) -> None:
    firms = [FirmRecord(f.name, f.region_code) for f in FIRMS]  # no roles
    report = find_gaps(mini, Area.of_region("平湖市", PINGHU, firms), PLACEMENTS, firms)
    assert report.node("bearing").leaders == ("丙轴承",)  # two sentences against one
    assert report.node("parts").leaders == ("丙轴承",)
    with pytest.raises(KeyError):
        report.node("gearbox")


def test_a_rejection_empties_a_node_and_a_cluster_is_its_members(mini: Chain) -> None:
    rejected = [*PLACEMENTS[:2], placed("乙传动", "gear", decision=Decision.REJECTED), *PLACEMENTS[3:]]
    cluster = Area("平湖轴承集群", frozenset({"甲轴承", "丙轴承"}))
    report = find_gaps(mini, cluster, rejected, FIRMS, LINKS)
    assert report.empty == ("gear", "motor", "assembly")
    assert report.fragile == ()
    assert [lead.firm for lead in report.leads["gear"]] == ["乙传动", "外地减速器厂"]  # not a member: a lead
    assert report.leads["gear"][0].reasons == ("向某机器人供应谐波减速器",)


def test_a_parent_held_through_one_fragile_child_is_not_repeated(mini: Chain) -> None:
    placements = [placed("甲轴承", "arm")]
    report = find_gaps(mini, Area.of_region("平湖市", PINGHU, FIRMS), placements, FIRMS)
    assert report.node("assembly").holders == ("甲轴承",)
    assert report.fragile == ("arm",)
    assert report.empty == ("parts",)


# ---------------------------------------------------------------- real text


def test_pinghu_robot_gaps_on_real_text(data: Path) -> None:
    document = read_document(data / "news" / "jiaxing-2026-07-p1.txt", datetime.date(2026, 7, 5))
    facts = extract_document(document)
    firms = firm_records(facts, document.text, {r.name: r.code for r in load_regions() if r.parent_code == "330400"})
    robot = chain("humanoid-robot")
    report = find_gaps(
        robot, Area.of_region("平湖市", PINGHU, firms), place_firms(firms), firms, supply_links(facts, document.text)
    )
    assert report.node("bearings").holders == ("浙江百润轴承有限公司",)
    assert report.node("harmonic-reducer").holders == ("贝托传动",)
    assert report.node("wafer-handling-robots").holders == ("华芯智能",)
    assert report.node("core-components").holders == ("浙江百润轴承有限公司", "贝托传动")
    assert report.fragile == ("bearings", "harmonic-reducer", "wafer-handling-robots")
    assert {"rv-reducer", "servo", "sensors", "joint-modules", "humanoid-robots"} <= set(report.empty)
    assert "torque-sensors" not in report.empty  # under the empty 传感器
    [lead] = report.leads["sensors"]  # 安波福 in 秀洲 makes sensors
    assert (lead.firm, lead.region_code) == ("安波福电气系统有限公司嘉兴分公司", "330411")
    assert lead.reasons == ("产品 传感器，位于秀洲区",)
    assert "安波福电气系统有限公司嘉兴分公司" in lead.evidence[0].sentence
