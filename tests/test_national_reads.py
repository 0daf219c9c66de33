"""What the pages read from a national-size store stays small (both backends): firm names are read for the ids
asked, the busiest city and a city's clusters are found in SQL, the enterprise list is read in name order from
the index of names and counted on its own table, and the firms a chain can place are read through their index."""

from __future__ import annotations

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from chainatlas.services.atlas_lists import count_enterprises, list_clusters, list_enterprises
from chainatlas.services.places import busiest_city, default_area
from chainatlas.store import tables
from chainatlas.store.chain_records import Atlas, FirmNames
from chainatlas.store.paging import Window
from chainatlas.store.session import Store

JIAXING, HUZHOU = "330400", "330500"
PINGHU, HAIYAN, WUXING = "330482", "330424", "330502"


def _firms(session: Session, *named: tuple[str, str | None]) -> list[int]:
    firms = [tables.Enterprise(name=name, region_code=code) for name, code in named]
    session.add_all(firms)
    session.flush()
    return [f.id for f in firms]


def test_firm_names_are_read_as_asked_and_a_repeated_name_is_told_apart_by_its_id(store: Store) -> None:
    with store.transaction() as session:
        first, other, second = _firms(session, ("甲公司", PINGHU), ("乙公司", HAIYAN), ("甲公司", HAIYAN))
        cluster = tables.Cluster(name="甲公司", region_code=PINGHU)  # a cluster of that name counts not
        session.add(cluster)
        session.flush()
    with store.session() as session:
        statements: list[str] = []
        event.listen(session.get_bind(), "before_cursor_execute", lambda *a: statements.append(a[2]))
        selects = lambda: [s for s in statements if s.startswith("SELECT")]  # noqa: E731
        names = FirmNames(session)
        names.load([second, first])
        assert len(selects()) == 1  # one query for the batch
        assert (names[first], names[second]) == ("甲公司", f"甲公司 #{second}")
        assert names.get(other) == "乙公司" and len(selects()) == 2  # one more for the id not read yet
        assert names[first] == "甲公司" and len(selects()) == 2  # each id read once
        assert cluster.id not in names and names.get(cluster.id, "none") == "none"
        assert names.id_of(f"甲公司 #{second}") == second and names.id_of("丙公司") is None


def test_the_chain_atlas_reads_no_firm_a_chain_cannot_place(store: Store) -> None:
    with store.transaction() as session:
        bare, registered, coded = _firms(session, ("甲公司", PINGHU), ("乙公司", PINGHU), ("丙公司", PINGHU))
        session.get_one(tables.Enterprise, registered).products = ["轴承"]
        session.get_one(tables.Enterprise, coded).industry_code = "3451"
    with store.session() as session:
        atlas = Atlas(session)
        assert [f.name for f in atlas.firms] == ["乙公司", "丙公司"]
        assert bare in atlas.names and atlas.names[bare] == "甲公司"  # named when asked, not read before


def _clusters(session: Session, *placed: tuple[str, str]) -> None:
    session.add_all(tables.Cluster(name=name, region_code=code) for name, code in placed)


def test_the_busiest_city_and_its_clusters_are_found_in_sql(store: Store) -> None:
    with store.session() as session:
        assert busiest_city(session) is None and default_area(session) is None
    with store.transaction() as session:
        _clusters(session, ("平湖轴承产业集群", PINGHU), ("嘉兴市级集群", JIAXING), ("吴兴童装产业集群", WUXING),
                  ("湖州市级集群", HUZHOU))  # fmt: skip
    with store.session() as session:
        found = busiest_city(session)
        assert found is not None and found.code == HUZHOU  # two each: the larger code
        assert default_area(session) == "湖州市"
    with store.transaction() as session:
        _clusters(session, ("海盐紧固件产业集群", HAIYAN))
    with store.session() as session:
        found = busiest_city(session)
        assert found is not None and found.code == JIAXING
        mine = list_clusters(session, city=JIAXING)
        assert [c.name for c in mine] == ["嘉兴市级集群", "海盐紧固件产业集群", "平湖轴承产业集群"]  # by county code
        assert [c.name for c in list_clusters(session, city=JIAXING, window=Window(1, 1))] == ["海盐紧固件产业集群"]


def test_the_enterprise_list_reads_names_in_order_and_counts_its_own_table(store: Store) -> None:
    with store.transaction() as session:
        ids = _firms(session, ("丙公司", PINGHU), ("甲公司", HAIYAN), ("乙公司", None), ("甲公司", PINGHU))
        session.get_one(tables.Enterprise, ids[0]).township_code = "330482100"
        session.add(tables.Cluster(name="甲公司集群", region_code=PINGHU))
    with store.session() as session:
        listed = list_enterprises(session)
        by_name = sorted(zip(["丙公司", "甲公司", "乙公司", "甲公司"], ids, strict=True))
        assert [(f.name, f.id) for f in listed] == by_name  # enterprises only, by name then id
        assert [f.id for f in list_enterprises(session, window=Window(2, 1))] == [i for _, i in by_name[1:3]]
        assert count_enterprises(session) == 4
        assert count_enterprises(session, township="330482100") == 1
        assert [f.county for f in list_enterprises(session, township="330482100")] == ["平湖市"]
        assert session.scalar(select(tables.Entity.id).where(tables.Entity.type == "cluster")) is not None
