"""The lists the shells page through: clusters with their latest output and enterprise count, enterprises with
their clusters and products, the townships of counties with their register firms; figures sourced as
`services.queries` reads them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, true
from sqlalchemy.orm import Session

from chainatlas.domain import Decision
from chainatlas.paging import EVERYTHING, Window
from chainatlas.reference import Townships
from chainatlas.services.places import in_city
from chainatlas.services.queries import Figure, claim_rows, figure_of, latest
from chainatlas.store import tables
from chainatlas.store.paging import count, rows
from chainatlas.store.subtypes import of_subtype

_ENTERPRISE_COUNTS = ("enterprise_count", "sme_count")


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    """A cluster's row in the list; `member_count` counts the enterprises placed in it."""

    id: int
    name: str
    county: str | None
    region_code: str | None
    level: str | None
    output_value: Figure | None
    enterprise_count: Figure | None
    source_count: int
    member_count: int = 0


@dataclass(frozen=True, slots=True)
class EnterpriseSummary:
    """An enterprise's row in the list: its county, the clusters it is placed in, its products and its township's
    code (from the register)."""

    id: int
    name: str
    county: str | None
    clusters: list[str]
    products: list[str]
    township: str | None = None


def _grouped_counts(session: Session, column: Any, key: Any, where: Any) -> dict[int, int]:
    rows = session.execute(select(key, func.count(func.distinct(column))).where(where).group_by(key))
    return {k: n for k, n in rows if k is not None}


def _cluster_query(
    county: str | None, level: str | None, name_contains: str | None, city: str | None = None
) -> Select[tables.Cluster, str | None]:
    """Clusters with their county's name, by county code and name; filtered by county (name or code), level,
    part of the name (ignoring case) and the city they lie in (its code)."""
    c, r = tables.Cluster, tables.Region
    query = select(c, r.name).outerjoin(r, r.code == c.region_code).order_by(c.region_code, c.name, c.id)
    query = query.where(of_subtype(tables.Cluster))
    if county is not None:
        query = query.where((r.name == county) | (c.region_code == county))
    if level is not None:
        query = query.where(c.level == level)
    if name_contains is not None:
        query = query.where(func.lower(c.name).contains(name_contains.lower(), autoescape=True))
    if city is not None:
        query = query.where(in_city(city))
    return query


def count_clusters(
    session: Session, *, county: str | None = None, level: str | None = None, name_contains: str | None = None
) -> int:
    """How many clusters `list_clusters` lists with these filters."""
    return count(session, _cluster_query(county, level, name_contains))


def list_clusters(
    session: Session,
    *,
    county: str | None = None,
    level: str | None = None,
    name_contains: str | None = None,
    city: str | None = None,
    window: Window = EVERYTHING,
) -> list[ClusterSummary]:
    """Clusters (all, or those in a county, of a level, whose name holds a part, in a city (its code); the window
    of them the database cuts) with their id, county, level, latest output value and enterprise count."""
    clusters = rows(session, _cluster_query(county, level, name_contains, city), window)
    shown = [cluster.id for cluster, _ in clusters]
    # A window or a city reads the figures of its clusters only; the whole list reads them all, naming no ids.
    few = window.limit is not None or city is not None
    claimed = tables.Claim.subject_id.in_(shown) if few else true()
    placed = tables.Membership.cluster_id.in_(shown) if few else true()
    figures: dict[tuple[int, str], list[Figure]] = defaultdict(list)
    for row in claim_rows(
        session,
        [
            tables.Claim.subject_type == "cluster",
            claimed,
            tables.Claim.kind == "indicator",
            tables.Claim.metric.in_(("output_value", *_ENTERPRISE_COUNTS)),
        ],
    ):
        figures[row[0].subject_id, row[0].metric].append(figure_of(row))
    sources = _grouped_counts(
        session,
        tables.Claim.document_id,
        tables.Claim.subject_id,
        (tables.Claim.subject_type == "cluster") & claimed,
    )
    members = _grouped_counts(
        session,
        tables.Membership.enterprise_id,
        tables.Membership.cluster_id,
        (tables.Membership.decision != Decision.REJECTED) & placed,
    )
    return [
        ClusterSummary(
            id=cluster.id,
            name=cluster.name,
            county=county_name,
            region_code=cluster.region_code,
            level=cluster.level,
            output_value=latest(figures[cluster.id, "output_value"]),
            enterprise_count=next(
                (f for m in _ENTERPRISE_COUNTS if (f := latest(figures[cluster.id, m]))), None
            ),
            source_count=sources.get(cluster.id, 0),
            member_count=members.get(cluster.id, 0),
        )
        for cluster, county_name in clusters
    ]


def _enterprise_filters(session: Session, name_contains: str, township: str) -> list[ColumnElement[bool]]:
    """What picks the enterprises an alias of which holds `name_contains` (ignoring case; all for ""), in the
    township of that 9-digit code (all for ""): conditions on the enterprises table alone."""
    e, a = tables.Enterprise.__table__.c, tables.Alias
    found = []
    if township.strip():
        found.append(e.township_code == township.strip())
    if name_contains.strip():
        from chainatlas.services.curate import aliases_holding  # with the resolver: not for the lists that need none

        found.append(e.id.in_(select(a.entity_id).where(aliases_holding(session, name_contains.strip()))))
    return found


def _enterprise_query(
    session: Session, name_contains: str, township: str = ""
) -> Select[int, str, str | None, str | None]:
    """Enterprises (as `_enterprise_filters` picks them) with their county and township code, by name and id:
    read in that order from the entities' index of type and name."""
    e = tables.Enterprise
    query = select(e.id, e.name, tables.Region.name, e.township_code).outerjoin(
        tables.Region, tables.Region.code == e.region_code
    )
    query = query.where(tables.Entity.type == "enterprise", *_enterprise_filters(session, name_contains, township))
    return query.order_by(tables.Entity.name, tables.Entity.id)


def count_enterprises(session: Session, name_contains: str = "", township: str = "") -> int:
    """How many enterprises `list_enterprises` lists for this part of a name and township (counted on the
    enterprises table alone)."""
    query = select(func.count()).select_from(tables.Enterprise.__table__)
    return session.scalar(query.where(*_enterprise_filters(session, name_contains, township))) or 0


def list_enterprises(
    session: Session, name_contains: str = "", window: Window = EVERYTHING, township: str = ""
) -> list[EnterpriseSummary]:
    """A window of the enterprises whose name or an alias holds a part (all for ""), in a township (its code)
    when given, with their clusters and products."""
    found = rows(session, _enterprise_query(session, name_contains, township), window)
    shown = [r[0] for r in found]
    clusters: dict[int, list[str]] = defaultdict(list)
    for firm, name in session.execute(
        select(tables.Membership.enterprise_id, tables.Cluster.name)
        .join(tables.Cluster, tables.Cluster.id == tables.Membership.cluster_id)
        .where(tables.Membership.enterprise_id.in_(shown), tables.Membership.decision != Decision.REJECTED)
        .order_by(tables.Membership.id)
    ):
        clusters[firm].append(name)
    products: dict[int, list[str]] = defaultdict(list)
    for firm, product in session.execute(
        select(tables.Product.entity_id, tables.Product.product)
        .where(tables.Product.entity_id.in_(shown))
        .order_by(tables.Product.id)
    ):
        products[firm].append(product)
    return [
        EnterpriseSummary(
            i, name, county, list(dict.fromkeys(clusters[i])), list(dict.fromkeys(products[i])), township
        )
        for i, name, county, township in found
    ]


def township_firms(session: Session, county_codes: Sequence[str]) -> list[tuple[str, str, str, int]]:
    """Each bundled township of these counties, in code order: (county code, township code, name, register
    firms in it)."""
    e = tables.Enterprise
    held = dict(
        session.execute(
            select(e.township_code, func.count()).where(e.region_code.in_(county_codes)).group_by(e.township_code)
        ).tuples().all()
    )
    towns = Townships.bundled()
    return [(c, t.code, t.name, held.get(t.code, 0)) for c in county_codes for t in towns.in_county(c)]
