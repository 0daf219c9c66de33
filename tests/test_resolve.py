"""Entity resolution across documents on both backends: short/full names, branches, script, regions, decisions."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from chainatlas.domain import EnterpriseFact, Fact, Span
from chainatlas.services.claims import store_facts
from chainatlas.services.curate import (
    AmbiguousName,
    CannotMerge,
    CannotSplit,
    EntityNotFound,
    find_entity,
    merge_entities,
    split_entity,
)
from chainatlas.services.resolve import Resolver
from chainatlas.store import tables
from chainatlas.store.names import normalise, stem
from chainatlas.store.session import Store

PAGE = "jiaxing-2026-07-p1.txt"


def firm(name: str, *aliases: str, region: str | None = None, doc: str = PAGE) -> EnterpriseFact:
    return EnterpriseFact(doc=doc, evidence=Span(0, 0), name=name, aliases=list(aliases), region=region)


def store_page(store: Store, data: Path, name: str, facts: list[Fact]) -> None:
    """Store the Jiaxing page's text under `name` (a new document) with the given facts."""
    text = (data / "news" / PAGE).read_text(encoding="utf-8")
    with store.transaction() as session:
        document = tables.Document(
            name=name,
            sha256=hashlib.sha256(name.encode()).hexdigest(),
            raw=text.encode(),
            text=text,
            encoding="utf-8",
            header={},
        )
        session.add(document)
        session.flush()
        store_facts(session, document, facts)


def entities(store: Store) -> dict[str, set[str]]:
    """Each enterprise's name with its aliases."""
    with store.session() as session:
        found: dict[str, set[str]] = {}
        for entity, alias in session.execute(
            select(tables.Entity, tables.Alias.alias).join(tables.Alias, tables.Alias.entity_id == tables.Entity.id)
        ):
            found.setdefault(entity.name, set()).add(alias)
        return found


def rules(store: Store) -> set[tuple[str, str | None, str, str | None]]:
    """(name, matched, rule, document) of every resolution logged."""
    with store.session() as session:
        return {
            (r.name, r.matched, r.rule, doc)
            for r, doc in session.execute(
                select(tables.Resolution, tables.Document.name).outerjoin(
                    tables.Document, tables.Document.id == tables.Resolution.document_id
                )
            )
        }


def test_short_full_branch_and_traditional_names_are_one_firm(store: Store, data: Path) -> None:
    store_page(store, data, "a.txt", [firm("浙江百润轴承有限公司"), firm("安波福电气系统有限公司嘉兴分公司")])
    store_page(store, data, "b.txt", [firm("百润轴承"), firm("安波福"), firm("浙江百潤軸承有限公司")])
    assert entities(store) == {
        "浙江百润轴承有限公司": {"浙江百润轴承有限公司", "百润轴承", "浙江百潤軸承有限公司"},
        "安波福电气系统有限公司嘉兴分公司": {"安波福电气系统有限公司嘉兴分公司", "安波福"},
    }
    assert {
        ("百润轴承", "浙江百润轴承有限公司", "normalised", "b.txt"),
        ("安波福", "安波福电气系统有限公司嘉兴分公司", "branch", "b.txt"),
        ("浙江百潤軸承有限公司", "浙江百润轴承有限公司", "script", "b.txt"),
        ("浙江百润轴承有限公司", None, "new", "a.txt"),
    } <= rules(store)


def test_a_short_name_under_three_characters_matches_only_within_its_page(store: Store, data: Path) -> None:
    store_page(store, data, "a.txt", [firm("浙江百润轴承有限公司")])
    store_page(store, data, "b.txt", [firm("百润")])
    assert set(entities(store)) == {"浙江百润轴承有限公司", "百润"}


def test_the_same_trade_name_in_two_counties_stays_two_firms(store: Store, data: Path) -> None:
    store_page(store, data, "a.txt", [firm("嘉兴恒锋工具有限公司", region="嘉兴市")])
    store_page(store, data, "b.txt", [firm("海盐恒锋工具有限公司", region="海盐县")])
    store_page(store, data, "c.txt", [firm("海盐恒锋工具有限公司"), firm("恒锋工具", region="海盐县")])
    found = entities(store)
    assert found["嘉兴恒锋工具有限公司"] == {"嘉兴恒锋工具有限公司"}
    assert found["海盐恒锋工具有限公司"] == {"海盐恒锋工具有限公司", "恒锋工具"}
    store_page(store, data, "d.txt", [firm("恒锋工具")])  # no county: either could be meant
    assert entities(store)["海盐恒锋工具有限公司"] == {"海盐恒锋工具有限公司", "恒锋工具"}  # same written alias


def test_merge_and_split_hold_when_new_pages_come(store: Store, data: Path) -> None:
    store_page(
        store,
        data,
        "a.txt",
        [firm("安波福电气系统有限公司嘉兴分公司", "安波福"), firm("宇树科技"), firm("智元机器人")],
    )
    with store.transaction() as session:
        split_entity(session, "安波福电气系统有限公司嘉兴分公司", ["安波福"], "parent is not the branch", "analyst")
        merge_entities(session, "宇树科技", "智元机器人", "test merge", "analyst")
    store_page(
        store, data, "b.txt", [firm("安波福电气系统有限公司嘉兴分公司", "安波福"), firm("安波福"), firm("智元机器人")]
    )
    found = entities(store)
    assert found["安波福电气系统有限公司嘉兴分公司"] == {"安波福电气系统有限公司嘉兴分公司"}
    assert found["安波福"] == {"安波福"}
    assert [aliases for aliases in found.values() if "智元机器人" in aliases] == [{"宇树科技", "智元机器人"}]
    with store.session() as session:
        decided = {(d.kind, d.left, d.right, d.decided_by) for d in session.scalars(select(tables.Decision))}
        moved = session.scalars(
            select(tables.Claim.subject_name).where(tables.Claim.subject_id == find_entity(session, "安波福").id)
        ).all()
    assert ("cannot_link", "安波福", "安波福电气系统有限公司嘉兴分公司", "analyst") in decided
    assert ("must_link", "宇树科技", "智元机器人", "analyst") in decided
    assert moved == ["安波福"]  # b.txt's own 安波福 fact; a.txt's was written with the branch's name
    assert {
        ("智元机器人", "宇树科技", "user_merge", None),
        ("安波福", "安波福电气系统有限公司嘉兴分公司", "user_split", None),
    } <= rules(store)


def test_merging_back_after_a_split_undoes_the_cannot_link(store: Store, data: Path) -> None:
    store_page(store, data, "a.txt", [firm("安波福电气系统有限公司嘉兴分公司", "安波福")])
    with store.transaction() as session:
        split_entity(session, "安波福电气系统有限公司嘉兴分公司", ["安波福"], None, "analyst")
        merge_entities(session, "安波福电气系统有限公司嘉兴分公司", "安波福", "one firm after all", "analyst")
        kinds = set(session.scalars(select(tables.Decision.kind)))
    assert kinds == {"must_link"}
    store_page(store, data, "b.txt", [firm("安波福")])
    assert entities(store) == {"安波福电气系统有限公司嘉兴分公司": {"安波福电气系统有限公司嘉兴分公司", "安波福"}}


def test_corrections_that_cannot_be_made_are_named(store: Store, data: Path) -> None:
    store_page(store, data, "a.txt", [firm("宇树科技", "宇树"), firm("智元机器人")])
    with store.transaction() as session:
        with pytest.raises(EntityNotFound):
            find_entity(session, "不存在的公司")
        with pytest.raises(CannotMerge):
            merge_entities(session, "宇树科技", "宇树", None, "analyst")
        with pytest.raises(CannotSplit):
            split_entity(session, "宇树科技", ["智元机器人"], None, "analyst")
        with pytest.raises(CannotSplit):
            split_entity(session, "宇树科技", ["宇树科技", "宇树"], None, "analyst")
        assert find_entity(session, f"#{find_entity(session, '宇树').id}").name == "宇树科技"
    store_page(store, data, "b.txt", [firm("嘉兴恒锋工具有限公司"), firm("海盐恒锋工具有限公司")])
    with store.session() as session, pytest.raises(AmbiguousName, match="#"):
        find_entity(session, "恒锋工具")


def test_a_merged_firms_chain_decisions_move_with_it(store: Store, data: Path) -> None:
    store_page(store, data, "a.txt", [firm("贝托传动"), firm("贝托科技")])
    with store.transaction() as session:
        ids = {e.name: e.id for e in session.scalars(select(tables.Entity))}
        for name, node, verdict in (
            ("贝托传动", "harmonic-reducer", "confirmed"),
            ("贝托科技", "harmonic-reducer", "rejected"),
            ("贝托科技", "rv-reducer", "rejected"),
        ):
            session.add(tables.PlacementDecision(
                entity_id=ids[name], chain_id="humanoid-robot", node_id=node, decision=verdict, decided_by="analyst"
            ))
    with store.transaction() as session:
        merge_entities(session, "贝托传动", "贝托科技", "one firm", "analyst")
    with store.session() as session:
        decided = {(d.entity_id, d.node_id, d.decision) for d in session.scalars(select(tables.PlacementDecision))}
    kept = ids["贝托传动"]
    assert decided == {(kept, "harmonic-reducer", "confirmed"), (kept, "rv-reducer", "rejected")}


def test_names_beyond_the_parameter_limit_of_one_query_are_prefetched(store: Store) -> None:
    """PostgreSQL binds at most 65,535 parameters to a query: a 100,000-row import looks up more names than that."""
    with store.transaction() as session:
        firm = tables.Enterprise(name="浙江百润轴承有限公司", region_code="330482")
        session.add(firm)
        session.flush()
        session.add(tables.Alias(entity_id=firm.id, entity_type="enterprise", alias=firm.name,
                                 normalised=normalise(firm.name), stem=stem(normalise(firm.name))))  # fmt: skip
    with store.session() as session:
        resolver = Resolver(session)
        resolver.prefetch([f"嘉兴构造{n}号科技有限公司" for n in range(70_000)] + ["浙江百润轴承有限公司"])
        assert resolver.resolve("浙江百润轴承有限公司", ("enterprise",)).entity is not None
