"""The store on both backends: facts of the Jiaxing page (built from its gold) as claims and profiles."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from chainatlas.domain import Fact, Span
from chainatlas.ingest.facts import from_record
from chainatlas.services.atlas_lists import list_clusters
from chainatlas.services.claims import DocumentWriter, normalise, store_facts
from chainatlas.services.queries import find_profile, sentence_around
from chainatlas.services.reference import load_reference
from chainatlas.store import tables
from chainatlas.store.session import Store

PAGE = "jiaxing-2026-07-p1.txt"
CHECKED = [  # (metric, written value) spans the tests read sentences from
    ("平湖机器人关节零部件", "output_value", "128.95亿元"),
    ("平湖机器人关节零部件", "sme_count", "71家"),
    ("秀洲汽车智能配饰中小企业产业集群", "output_value", "88.82亿元"),
]


def _span(page: str, *needles: str) -> Span:
    """The first place one of `needles` is written on the page (0..0 when none is)."""
    for needle in needles:
        if (at := page.find(needle)) >= 0:
            return Span(at, at + len(needle))
    return Span(0, 0)


def gold_facts(data: Path) -> tuple[str, list[Fact]]:
    """The page's text and its gold facts as extracted facts: @refs named, spans found on the page."""
    page = (data / "news" / PAGE).read_text(encoding="utf-8")
    gold = json.loads((data / "gold" / "jiaxing-2026-07-p1.json").read_text(encoding="utf-8"))
    names = {e["id"]: e["names"] for e in gold["entities"]}

    def plain(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("@"):
            return names[value[1:]][0]
        return [plain(v) for v in value] if isinstance(value, list) else value

    facts = []
    for record in gold["facts"]:
        fact = {k: plain(v) for k, v in record.items() if k not in ("core", "note")}
        refs = [names[v[1:]] for v in record.values() if isinstance(v, str) and v.startswith("@")]
        span = _span(page, *(n for ref in refs for n in ref))
        if record["kind"] == "article":
            span = Span(record["text_start"], record["text_end"])
        fact |= {"doc": PAGE, "evidence": {"start": span.start, "end": span.end}}
        facts.append(from_record(fact))
    for subject, metric, written in CHECKED:
        for fact in facts:
            if getattr(fact, "metric", None) == metric and fact.subject.startswith(subject[:4]):  # type: ignore[attr-defined]
                fact.evidence = _span(page, written)
    return page, facts


@pytest.fixture
def jiaxing(store: Store, data: Path) -> Store:
    """The store holding the Jiaxing page and its gold facts."""
    page, facts = gold_facts(data)
    with store.transaction() as session:
        document = tables.Document(
            name=PAGE,
            sha256="0" * 64,
            raw=page.encode(),
            text=page,
            encoding="utf-8",
            header={},
            date=None,
            source_url=None,
        )
        session.add(document)
        session.flush()
        store_facts(session, document, facts)
    return store


def count(session: Session, table: type[tables.Base]) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def test_normalise_drops_legal_forms_regions_and_generic_words() -> None:
    assert normalise("浙江百润轴承有限公司") == "百润轴承"
    assert normalise("安波福电气系统有限公司嘉兴分公司") == "安波福电气系统"
    assert normalise("平湖机器人关节零部件中小企业特色产业集群") == "机器人关节零部件"
    assert normalise("平湖 机器人关节零部件") == normalise("平湖机器人关节零部件")
    assert normalise("嘉善县光电子器件产业集群") == "光电子器件"
    assert normalise("汽车电子智能工厂项目") == "汽车电子智能工厂"
    assert normalise("嘉兴市") == "嘉兴市"  # a step never erases a name


def test_sentence_widens_to_punctuation_or_line() -> None:
    page = "标题\n第一句。2025年产值88亿元,增长5%!另一行"
    at = page.index("88亿")
    assert sentence_around(page, at, at + 4) == "2025年产值88亿元,增长5%!"
    assert sentence_around(page, 0, 2) == "标题"
    assert sentence_around(page, len(page) - 2, len(page)) == "另一行"


def test_a_span_ending_on_its_full_stop_gives_one_sentence(data: Path) -> None:
    page = (data / "news/jiaxing-2026-07-p1.txt").read_text(encoding="utf-8")
    start = page.index("数据显示")
    end = page.index("集聚企业36家。") + len("集聚企业36家。")
    assert sentence_around(page, start, end) == page[start:end]


def test_reference_load_is_idempotent(store: Store) -> None:
    with store.transaction() as session:
        again = load_reference(session)
        assert (again.regions, again.industries) == (0, 0)
        assert count(session, tables.Industry) == 1971
        assert session.get(tables.Region, "330482").name == "平湖市"  # type: ignore[union-attr]
        assert session.get(tables.Region, "441900").level == "prefecture"  # type: ignore[union-attr]


def test_sqlite_runs_wal_with_foreign_keys(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'atlas.db'}")
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.dispose()


def test_database_url_from_option_env_or_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHAINATLAS_DB", raising=False)
    assert Store().url == "sqlite:///atlas.db"
    monkeypatch.setenv("CHAINATLAS_DB", "sqlite:///elsewhere.db")
    assert Store().url == "sqlite:///elsewhere.db"
    assert Store("sqlite:///given.db").url == "sqlite:///given.db"


def test_every_fact_but_articles_is_a_claim(jiaxing: Store, data: Path) -> None:
    _, facts = gold_facts(data)
    articles = [f for f in facts if f.KIND == "article"]
    with jiaxing.session() as session:
        assert count(session, tables.Claim) == len(facts) - len(articles)
        assert count(session, tables.Article) == len(articles)
        statuses = set(session.scalars(select(tables.Claim.status)))
        methods = set(session.scalars(select(tables.Claim.method)))
    assert statuses == {"proposed"}
    assert methods == {"chainatlas.ingest.extract"}


def test_names_resolve_to_one_entity_with_aliases(jiaxing: Store) -> None:
    with jiaxing.session() as session:
        aliases = session.scalars(
            select(tables.Alias.alias).join(tables.Entity).where(tables.Entity.name == "浙江百润轴承有限公司")
        )
        assert "浙江百润轴承有限公司" in set(aliases)
        firms = session.scalars(select(tables.Enterprise.name)).all()
        assert len(firms) == len(set(firms))
        cluster = session.scalars(select(tables.Cluster).where(tables.Cluster.region_code == "330482")).one()
        assert (cluster.name, cluster.level, cluster.recognised_year) == (
            "平湖机器人关节零部件中小企业特色产业集群",
            "provincial",
            2026,
        )


def test_supply_links_memberships_and_project_events(jiaxing: Store) -> None:
    with jiaxing.session() as session:
        beito = session.scalars(select(tables.Enterprise).where(tables.Enterprise.name == "贝托传动")).one()
        links = session.scalars(
            select(tables.SupplyLink).where(tables.SupplyLink.supplier_id == beito.id)
        ).all()
        assert {(link.product, link.share, link.qualifier) for link in links} == {("谐波减速器", 0.3, "gt")}
        members = [
            (
                session.get_one(tables.Entity, m.enterprise_id).name,
                session.get_one(tables.Entity, m.cluster_id).name,
            )
            for m in session.scalars(select(tables.Membership))
        ]
        assert ("欣兴工具", "海盐县金属切削工具产业集群") in members
        assert not [m for m in members if m[0] in ("宇树科技", "智元机器人")]  # customers are no members
        events = session.execute(
            select(tables.StageEvent.stage, tables.StageEvent.date, tables.StageEvent.planned)
        )
        assert ("production", "2027-Q3", True) in events.all()


def test_cluster_list_shows_latest_figures_with_sentences(jiaxing: Store) -> None:
    with jiaxing.session() as session:
        rows = {row.name: row for row in list_clusters(session)}
    pinghu = rows["平湖机器人关节零部件中小企业特色产业集群"]
    assert (pinghu.county, pinghu.region_code, pinghu.level) == ("平湖市", "330482", "provincial")
    assert pinghu.output_value is not None and pinghu.output_value.value == 12_895_000_000
    assert pinghu.output_value.period == "2025"
    assert pinghu.output_value.source.sentence == (
        "在这条新赛道上,集群效应已然显现:2025年,实现总产值128.95亿元,集聚中小企业71家。"
    )
    assert pinghu.enterprise_count is not None and pinghu.enterprise_count.metric == "sme_count"
    assert pinghu.source_count == 1
    xiuzhou = rows["秀洲汽车智能配饰中小企业产业集群"]
    assert xiuzhou.county == "秀洲区" and xiuzhou.member_count >= 1


def test_profile_by_any_alias_with_every_figure_sourced(jiaxing: Store) -> None:
    with jiaxing.session() as session:
        profile = find_profile(session, "平湖机器人关节零部件")
        assert find_profile(session, "平湖 机器人关节零部件产业集群") == profile
        assert find_profile(session, "不存在的集群") is None
    assert profile is not None and profile.kind == "cluster" and profile.region == "平湖市"
    assert profile.products == ["减速器", "关节模组", "伺服系统", "传动部件"]
    metrics = {f.metric: f for f in profile.figures}
    assert {"output_value", "sme_count", "standards_participated_national"} <= set(metrics)
    sme = metrics["sme_count"]
    assert (sme.value, sme.unit, sme.period) == (71, "count", "2025")
    assert "集聚中小企业71家" in sme.source.sentence
    assert sme.source.document == PAGE
    assert profile.mentions  # the cluster fact itself


def test_latest_output_value_wins_and_rejected_claims_are_hidden(jiaxing: Store) -> None:
    with jiaxing.transaction() as session:
        claim = session.scalars(select(tables.Claim).where(tables.Claim.value == 12_895_000_000)).one()
        newer = tables.Claim(
            **{
                c: getattr(claim, c)
                for c in (
                    "kind",
                    "subject_type",
                    "subject_id",
                    "metric",
                    "unit",
                    "qualifier",
                    "data",
                    "document_id",
                    "span_start",
                    "span_end",
                    "method",
                    "method_version",
                )
            },
            value=15e9,
            period="2026-01/2026-06",
        )
        session.add(newer)
    name = "平湖机器人关节零部件中小企业特色产业集群"
    with jiaxing.session() as session:
        assert {r.name: r for r in list_clusters(session)}[name].output_value.value == 15e9  # type: ignore[union-attr]
    with jiaxing.transaction() as session:
        session.get(tables.Claim, newer.id).status = "rejected"  # type: ignore[union-attr]
    with jiaxing.session() as session:
        assert {r.name: r for r in list_clusters(session)}[name].output_value.value == 12_895_000_000  # type: ignore[union-attr]


def test_a_failing_document_leaves_nothing(
    store: Store, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, facts = gold_facts(data)

    def broken(*_args: object) -> None:
        raise RuntimeError("supply link failed")

    monkeypatch.setattr(DocumentWriter, "_supply", broken)  # fails after other claims were added
    with pytest.raises(RuntimeError), store.transaction() as session:
        document = tables.Document(
            name=PAGE, sha256="1" * 64, raw=b"", text=page, encoding="utf-8", header={}
        )
        session.add(document)
        session.flush()
        store_facts(session, document, facts)
    with store.session() as session:
        assert [count(session, t) for t in (tables.Document, tables.Claim, tables.Entity)] == [0, 0, 0]


def test_regions_are_subjects_of_claims(jiaxing: Store) -> None:
    with jiaxing.session() as session:
        codes = set(
            session.scalars(select(tables.Claim.region_code).where(tables.Claim.subject_type == "region"))
        )
    assert "330400" in codes  # 嘉兴市: 4 national clusters, 10 provincial


def test_sentence_spans_are_in_the_stored_text(jiaxing: Store) -> None:
    with jiaxing.session() as session:
        profile = find_profile(session, "秀洲汽车智能配饰")
    assert profile is not None
    output = next(f for f in profile.figures if f.metric == "output_value")
    assert re.search("总产值88.82亿元", output.source.sentence)
