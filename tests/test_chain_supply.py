"""The supply graph: a cluster's customers and a customer's suppliers, names joined only when the resolver says so."""

from __future__ import annotations

import datetime
from pathlib import Path

from chainatlas.chains import Evidence, SupplyLink, cluster_customers, customer_suppliers
from chainatlas.domain import Qualifier, Span
from chainatlas.i18n import language
from chainatlas.ingest.chain_facts import same_names, supply_links
from chainatlas.ingest.document import read_document
from chainatlas.ingest.extract import extract_document

CLUSTER = "平湖机器人关节零部件集群"
EVIDENCE = Evidence("doc.txt", "贝托传动的谐波减速器在宇树科技的配套份额超30%。", Span(10, 35))
LINKS = [
    SupplyLink("百润轴承", "智元机器人", "精密薄壁轴承"),
    SupplyLink("贝托传动", "宇树科技", "谐波减速器", 0.3, Qualifier.GT, (EVIDENCE,)),
    SupplyLink(CLUSTER, "宇树"),
    SupplyLink(CLUSTER, "傅利叶"),
    SupplyLink(CLUSTER, "智元"),
    SupplyLink("外地公司", "宇树科技", "伺服电机"),  # not ours
]
ALIASES = [{"宇树科技", "宇树"}, {"智元机器人", "智元"}]


def resolver(a: str, b: str) -> bool:
    return a == b or any(a in names and b in names for names in ALIASES)


def test_cluster_customers_join_names_the_resolver_joins() -> None:
    customers = cluster_customers(LINKS, CLUSTER, ["百润轴承", "贝托传动"], resolver)
    assert [(c.name, c.names) for c in customers] == [
        ("智元机器人", ("智元机器人", "智元")),
        ("宇树科技", ("宇树科技", "宇树")),
        ("傅利叶", ("傅利叶",)),
    ]
    yushu = customers[1]
    assert yushu.links == (LINKS[1], LINKS[2])
    assert yushu.products == ("谐波减速器",)
    assert yushu.links[0].describe() == "贝托传动向宇树科技供应谐波减速器（份额 >30%）"
    assert LINKS[2].describe() == f"{CLUSTER}为宇树供货"
    with language("en"):
        assert yushu.links[0].describe() == "贝托传动 supplies 谐波减速器 to 宇树科技 (share >30%)"


def test_without_a_resolver_names_stay_apart() -> None:
    customers = cluster_customers(LINKS, CLUSTER, ["百润轴承", "贝托传动"])
    assert [c.name for c in customers] == ["智元机器人", "宇树科技", "宇树", "傅利叶", "智元"]


def test_the_resolver_joins_transitively() -> None:
    links = [SupplyLink("甲", "A"), SupplyLink("甲", "C"), SupplyLink("甲", "B")]

    def near(a: str, b: str) -> bool:
        return {a, b} in ({"A", "B"}, {"B", "C"})

    [customer] = cluster_customers(links, "甲", [], near)
    assert customer.names == ("A", "C", "B")
    assert customer.links == tuple(links)


def test_customer_suppliers() -> None:
    suppliers = customer_suppliers(LINKS, "宇树", resolver)
    assert [(s.name, s.products) for s in suppliers] == [
        ("贝托传动", ("谐波减速器",)), (CLUSTER, ()), ("外地公司", ("伺服电机",)),
    ]
    assert customer_suppliers(LINKS, "宇树") == [suppliers[1]]


def test_pinghu_cluster_customers_on_real_text(data: Path) -> None:
    document = read_document(data / "news" / "jiaxing-2026-07-p1.txt", datetime.date(2026, 7, 5))
    facts = extract_document(document)
    members = ["浙江百润轴承有限公司", "贝托传动", "华芯智能"]
    customers = cluster_customers(
        supply_links(facts, document.text), "平湖机器人关节零部件中小企业特色产业集群", members, same_names(facts)
    )
    assert [c.name for c in customers] == ["智元机器人", "宇树科技", "傅利叶"]
    yushu = customers[1]
    assert yushu.names == ("宇树科技", "宇树")
    [beito] = [link for link in yushu.links if link.supplier == "贝托传动"]
    assert (beito.product, beito.qualifier) == ("谐波减速器", Qualifier.GT)
    assert beito.share is not None and beito.share >= 0.3
    [evidence] = beito.evidence
    assert evidence.sentence.startswith("贝托传动的谐波减速器在宇树科技、智元机器人等企业的配套份额均超30%")
    assert all(link.evidence for c in customers for link in c.links)
    assert customers[2].links[0].supplier == "平湖机器人关节零部件中小企业特色产业集群"
