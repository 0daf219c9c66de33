"""Industry chains over the store: placements, users' decisions, gaps, county overlap and supply.

Placements are computed on demand, not stored: each call reads the store into the pure
records of `chainatlas.chains` (`chain_records.Atlas`) and runs `place_firms` with the users'
decisions from `placement_decisions`. So placements follow merges, splits and claim reviews
at once, and a decision, keyed by (entity, chain, node) and never written by ingestion,
survives re-ingesting the same documents. Errors the user can fix raise `ChainViewError`
(unknown cluster, division, firm) or `ChainLookupError` (unknown chain or node).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.chains import (
    Area,
    Chain,
    Counterpart,
    CountyCoverage,
    Decision,
    GapReport,
    OverlapPair,
    Placement,
    area_coverage,
    bundled_chains,
    chain,
    cluster_customers,
    counties_of,
    county_coverage,
    county_overlap,
    customer_suppliers,
    find_gaps,
)
from chainatlas.chains.placement import region_prefix
from chainatlas.i18n import _, listing, message_of
from chainatlas.reference import Region
from chainatlas.services.curate import CurationError, EntityNotFound, find_entity
from chainatlas.services.names_known import area_hint, unknown_division
from chainatlas.services.places import region_of, region_record
from chainatlas.services.queries import township_name
from chainatlas.store import tables
from chainatlas.store.chain_records import Atlas
from chainatlas.suggest import quoted

LEVELS = ("county", "township")  # the areas overlap compares


class ChainViewError(Exception):
    """A cluster, county, city, firm or decision the store cannot answer for."""


@dataclass(frozen=True, slots=True)
class CityOverlap:
    """A city's counties, each one's chain coverage, and every pair of counties, most alike first.

    At level "township" the areas (`counties`) are the townships of a county or of a city's counties that
    hold register firms, and `county_of` gives each township's county name, to tell same-named towns apart."""

    city: str
    code: str
    counties: list[CountyCoverage]
    pairs: list[OverlapPair]
    level: str = "county"
    county_of: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NodeProject:
    """A project in the area that serves a chain node: how a 补链 gap is being, or was, filled."""

    node_id: str
    project_id: int
    project: str


@dataclass(frozen=True, slots=True)
class AreaGaps:
    """One chain seen from a cluster or division: the gap report, the area's placements and its projects."""

    chain_id: str
    chain_name: str
    report: GapReport
    placements: list[Placement]
    projects: list[NodeProject]


@dataclass(frozen=True, slots=True)
class Supply:
    """A subject's supply graph: whom it (a cluster: it and its members) supplies, and who supplies it;
    `ids` gives the store's id of each counterpart that is an entity of the store."""

    subject: str
    kind: str
    customers: list[Counterpart]
    suppliers: list[Counterpart]
    ids: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------- lookups


def _entity(session: Session, name: str) -> tables.Entity:
    try:
        return find_entity(session, name)
    except CurationError as error:
        raise ChainViewError(message_of(error)) from error


def find_region(session: Session, name: str) -> Region | None:
    """The division with this code or name; None when none has it, ChainViewError when several do."""
    key = name.strip()
    if key.isdigit():
        return region_of(session, key)
    found = session.scalars(select(tables.Region).where(tables.Region.name == key).order_by(tables.Region.code)).all()
    if len(found) > 1:
        codes = listing(r.code for r in found)
        raise ChainViewError(_("{name}指多个行政区划（{codes}）：请给出代码").format(name=quoted(key), codes=codes))
    return region_record(found[0]) if found else None


def _chains(chain_id: str | None) -> list[Chain]:
    return [chain(chain_id)] if chain_id else bundled_chains()


def _area(atlas: Atlas, name: str) -> Area:
    """A county's (or city's) firms, or a cluster's members and the firms of its county."""
    region = find_region(atlas.session, name)
    if region is not None:
        return Area.of_region(region.name, region.code, atlas.firms)
    try:
        cluster = find_entity(atlas.session, name)
    except EntityNotFound as error:
        unknown = _("没有名为{name}的集群或行政区划").format(name=quoted(name))
        raise ChainViewError(unknown + area_hint(atlas.session, name)) from error
    except CurationError as error:
        raise ChainViewError(message_of(error)) from error
    if not isinstance(cluster, tables.Cluster):
        raise ChainViewError(_("{name}是{kind}，不是集群或行政区划").format(name=quoted(name), kind=cluster.type))
    county = atlas.session.get(tables.Region, cluster.region_code) if cluster.region_code else None
    local = Area.of_region(county.name, county.code, atlas.firms).firms if county and county.level == "county" else ()
    return Area(cluster.name, frozenset(atlas.members(cluster)) | frozenset(local), county.code if county else None)


# ---------------------------------------------------------------- the questions


def placements(session: Session, chain_id: str | None = None, region: str | None = None) -> list[Placement]:
    """Every placement on one chain (or all), of the firms in one division (or all), decisions applied."""
    atlas = Atlas(session)
    firms = atlas.firms
    if region is not None:
        found = find_region(session, region)
        if found is None:
            raise ChainViewError(unknown_division(session, region))
        firms = [f for f in firms if f.in_region(found.code)]
    return atlas.placements(_chains(chain_id), firms)


def decide_placement(
    session: Session, firm: str, chain_id: str, node_id: str, decision: str, by: str, note: str | None = None
) -> Placement:
    """Confirm, reject or add a firm's placement; kept in `placement_decisions` across ingests."""
    try:
        verdict = Decision(decision)
    except ValueError:
        verdict = Decision.UNCERTAIN
    if verdict is Decision.UNCERTAIN:
        raise ChainViewError(_("决定须为 confirmed 或 rejected，不是{value}").format(value=quoted(decision)))
    found, node = _entity(session, firm), chain(chain_id).node(node_id)
    if not isinstance(found, tables.Enterprise):
        raise ChainViewError(_("{name}是{kind}：只有企业可以入链").format(name=quoted(firm), kind=found.type))
    key = {"entity_id": found.id, "chain_id": node.chain_id, "node_id": node.id}
    row = session.scalars(select(tables.PlacementDecision).filter_by(**key)).one_or_none()
    if row is None:
        row = tables.PlacementDecision(**key, decision=verdict.value, decided_by=by)
        session.add(row)
    row.decision, row.note, row.decided_by, row.decided_at = verdict.value, note, by, dt.datetime.now(dt.UTC)
    session.flush()
    atlas = Atlas(session)
    name = atlas.names[found.id]
    record = [f for f in atlas.firms if f.name == name]
    return next(p for p in atlas.placements([chain(chain_id)], record) if p.node_id == node.id)


def chain_gaps(session: Session, cluster_or_county: str, chain_id: str | None = None) -> list[AreaGaps]:
    """Gaps of a cluster or division on one chain, else on every chain it holds a node of, most held first."""
    atlas = Atlas(session)
    area = _area(atlas, cluster_or_county)
    everyone = atlas.placements(_chains(chain_id))
    found = [
        AreaGaps(c.id, c.name, find_gaps(c, area, everyone, atlas.firms, atlas.links),
                 [p for p in everyone if p.chain_id == c.id and p.firm in area.firms],
                 _projects_on(atlas, c.id, area))
        for c in _chains(chain_id)
    ]
    if chain_id is None:
        found = [g for g in found if any(p.active for p in g.placements)]
    return sorted(found, key=lambda g: -sum(1 for c in g.report.coverage if c.holders))


def _projects_on(atlas: Atlas, chain_id: str, area: Area) -> list[NodeProject]:
    """The area's projects that name a node of the chain: in its division, or owned by one of its firms."""
    p = tables.Project
    query = select(p).where(p.chain_id == chain_id, p.node_id.is_not(None)).order_by(p.id)
    found = atlas.session.scalars(query).all()
    prefix = region_prefix(area.code) if area.code else None
    atlas.names.load(p.owner_id for p in found if p.owner_id is not None)
    return [
        NodeProject(project.node_id or "", project.id, project.name)
        for project in found
        if (prefix and (project.region_code or "").startswith(prefix))
        or (project.owner_id is not None and atlas.names.get(project.owner_id) in area.firms)
    ]


def chain_overlap(session: Session, city: str, level: str = "county") -> CityOverlap:
    """How alike the chain coverage of a city's counties is, pair by pair; at level "township", of the townships
    of a county or of the city's counties (where their register firms are)."""
    if level not in LEVELS:
        raise ChainViewError(_("层级须为 county 或 township，不是{value}").format(value=quoted(level)))
    region = find_region(session, city)
    if region is None:
        raise ChainViewError(unknown_division(session, city))
    if level == "township":
        return _township_overlap(session, region)
    counties = counties_of(region.code)
    if not counties:
        raise ChainViewError(_("{name}（{code}）没有下辖县（市、区）").format(name=region.name, code=region.code))
    atlas = Atlas(session)
    coverage = county_coverage(atlas.placements(), atlas.firms, counties)
    return CityOverlap(region.name, region.code, coverage, county_overlap(coverage))


def _township_overlap(session: Session, region: Region) -> CityOverlap:
    counties = {region.code: region.name} if region.level == "county" else counties_of(region.code)
    if not counties:
        raise ChainViewError(_("{name}（{code}）没有下辖县（市、区）").format(name=region.name, code=region.code))
    atlas, e = Atlas(session), tables.Enterprise
    held = select(e.id, e.township_code).where(e.region_code.in_(counties), e.township_code.is_not(None))
    towns_of = {i: town for i, town in session.execute(held) if town}
    atlas.names.load(towns_of)
    home = {atlas.names[i]: town for i, town in towns_of.items() if i in atlas.names}
    if not home:
        raise ChainViewError(_("{name}（{code}）：名录中没有注明乡镇的企业").format(name=region.name, code=region.code))
    towns = {code: township_name(code) or code for code in sorted(set(home.values()))}
    coverage = area_coverage(atlas.placements(), home, towns)
    county_of = {code: counties.get(code[:6], code[:6]) for code in towns}
    return CityOverlap(region.name, region.code, coverage, county_overlap(coverage), "township", county_of)


def supply_of(session: Session, subject: str) -> Supply:
    """Whom a cluster (with its members) or a firm supplies, and who supplies it, with evidence."""
    atlas = Atlas(session)
    entity = _entity(session, subject)
    name = atlas.names.get(entity.id) or entity.name
    members = atlas.members(entity) if isinstance(entity, tables.Cluster) else []
    customers, suppliers = cluster_customers(atlas.links, name, members), customer_suppliers(atlas.links, name)
    ids = {c.name: i for c in (*customers, *suppliers) if (i := atlas.names.id_of(c.name)) is not None}
    return Supply(name, entity.type, customers, suppliers, ids)
