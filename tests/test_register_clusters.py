"""Cluster membership from the register's cluster lists (所属产业集群), both backends: after the real page
jiaxing-2026-07-p1.txt, the register's rows make their firms members (uncertain, the file/sheet/row as source), a
cluster written short resolves to the stored one and an unknown one is created in the row's county, a membership
the news gives keeps its claim; the cluster page and the API show the source; a re-import changes nothing, and a
list that drops a cluster drops the register's membership with an audit entry."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from chainatlas.store import audit, tables
from chainatlas.store.session import Store
from cli_runner import ok
from register_samples import code, firm, workbook
from web_client import logged_in

PAGE = "jiaxing-2026-07-p1.txt"
ROBOTS = "平湖机器人关节零部件中小企业特色产业集群"  # named on the page
METAL = "平湖市金属制品产业集群"  # known to no page
CLUSTERS = "所属产业集群"


def _rows(third: str) -> list[dict[str, object]]:
    return [
        {"统一社会信用代码": code("330482", 1), "企业名称": "浙江百润轴承有限公司", "所在县(市、区)": "平湖市",
         "所在镇(街道)": "钟埭街道", CLUSTERS: "平湖机器人关节零部件产业集群"},
        firm(3),
        firm(4) | {CLUSTERS: third},
    ]  # fmt: skip


def _import(db_url: str, tmp_path: Path, third: str, name: str) -> None:
    ok(db_url, "enterprises", "import", workbook(tmp_path / name, _rows(third)), "--sheet", "规上企业", "--by", "t")


def _members(store: Store) -> set[tuple[str, str, str, bool, str | None]]:
    """(firm, cluster, decision, rests on a claim, source) of every membership of the register's firms."""
    m, e, cluster = tables.Membership, tables.Enterprise, aliased(tables.Entity)
    with store.session() as session:
        rows = session.execute(
            select(e.name, cluster.name, m.decision, m.claim_id.is_not(None), m.source)
            .join(m, m.enterprise_id == e.id).join(cluster, cluster.id == m.cluster_id)
            .where(e.credit_code.is_not(None))
        )  # fmt: skip
        return {tuple(r) for r in rows}  # type: ignore[misc]


def _audit_entries(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(tables.AuditEntry)) or 0


def test_register_cluster_lists_fill_the_member_lists(store: Store, db_url: str, data: Path, tmp_path: Path) -> None:
    ok(db_url, "ingest", "--date", "2026-07-05", data / "news" / PAGE)
    _import(db_url, tmp_path, f"{ROBOTS}、{METAL}", "a.xlsx")
    row = "register {} sheet 规上企业 row {}"
    third = "测试0004轴承有限公司"
    assert _members(store) == {
        ("浙江百润轴承有限公司", ROBOTS, "uncertain", True, row.format("a.xlsx", 2)),  # the news's, with the row
        (third, ROBOTS, "uncertain", False, row.format("a.xlsx", 4)),
        (third, METAL, "uncertain", False, row.format("a.xlsx", 4)),
    }
    with store.session() as session:
        metal = session.scalars(select(tables.Cluster).where(tables.Cluster.name == METAL)).one()
        assert metal.region_code == "330482"
        robots = session.scalars(select(tables.Cluster).where(tables.Cluster.name == ROBOTS)).one()
        firm_id = session.scalars(select(tables.Enterprise.id).where(tables.Enterprise.name == third)).one()
    client = logged_in(store)
    page = client.get(f"/clusters/{robots.id}").text
    basis = f'<span translate="no">{row.format("a.xlsx", 4)}</span>'  # the register row, as written
    assert f"{third}</a></td><td>成员</td><td>待确认</td><td>{basis}</td>" in page
    members = {r["name"]: r for r in client.get(f"/api/clusters/{robots.id}").json()["members"]["items"]}
    assert (members[third]["source"], members[third]["claim_id"]) == (row.format("a.xlsx", 4), None)
    assert members["浙江百润轴承有限公司"]["claim_id"] is not None

    before = _members(store), _audit_entries(store)
    _import(db_url, tmp_path, f"{ROBOTS}、{METAL}", "a.xlsx")  # the same file again: nothing changes
    assert (_members(store), _audit_entries(store)) == before
    _import(db_url, tmp_path, ROBOTS, "b.xlsx")
    assert (third, METAL, "uncertain", False, row.format("a.xlsx", 4)) not in _members(store)
    assert (third, ROBOTS, "uncertain", False, row.format("b.xlsx", 4)) in _members(store)
    with store.session() as session:
        last = audit.history(session, "enterprise", firm_id)[-1]
        assert last.changes == {"clusters": [sorted([ROBOTS, METAL]), [ROBOTS]]}
