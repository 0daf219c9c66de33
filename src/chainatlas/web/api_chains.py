"""The API's industry chains: the bundled chains, an area's gaps, county overlap and specialisation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from chainatlas.analytics.panel import PanelError
from chainatlas.analytics.profile import Profile
from chainatlas.chains import ChainLookupError, ChainNode, Lead, NodeCoverage, OverlapPair, Placement, bundled_chains
from chainatlas.chains import chain as find_chain
from chainatlas.services.chain_views import ChainViewError, NodeProject, chain_gaps, chain_overlap
from chainatlas.services.panels import region_profiles
from chainatlas.web.api_common import Page, PageOf, bad_request, not_found
from chainatlas.web.deps import Db

router = APIRouter(tags=["chains"])


class ChainItem(BaseModel):
    """A bundled chain template and its nodes, in chain order."""

    id: str
    name: str
    description: str
    aliases: list[str]
    nodes: list[ChainNode]


class ChainGaps(BaseModel):
    """One chain seen from an area: every node's holders, the empty and fragile nodes with 招商 leads,
    the area's placements and the projects serving a node."""

    chain_id: str
    chain_name: str
    area: str
    coverage: list[NodeCoverage]
    empty: list[str]
    fragile: list[str]
    leads: dict[str, list[Lead]]
    placements: list[Placement]
    projects: list[NodeProject]


class NodeCount(BaseModel):
    chain_id: str
    node_id: str
    firms: int


class CountyCoverage(BaseModel):
    """How many firms of a county sit on each chain node."""

    code: str
    name: str
    nodes: list[NodeCount]
    county: str | None = None  # a township's county, at township level


class CityOverlap(BaseModel):
    """A city's counties with their chain coverage, and each pair of counties, most alike first."""

    city: str
    code: str
    counties: list[CountyCoverage]
    pairs: list[OverlapPair]
    level: str = "county"


class Specialisation(BaseModel):
    """Specialisation profiles of a county, or of each county of a city, and the names of their regions."""

    name: str
    code: str
    source: str
    profiles: list[Profile]
    names: dict[str, str]


@router.get("/chains")
def chains(page: PageOf) -> Page[ChainItem]:
    """The bundled chain templates."""
    return page.of([
        ChainItem(id=c.id, name=c.name, description=c.description, aliases=list(c.aliases), nodes=list(c.nodes))
        for c in bundled_chains()
    ])


@router.get("/chains/{chain_id}/gaps")
def gaps(
    session: Db, chain_id: str, area: Annotated[str, Query(min_length=1, description="cluster, county or city")]
) -> ChainGaps:
    """The empty and fragile nodes of a chain in a cluster, county or city, with leads to fill them."""
    try:
        found = find_chain(chain_id)
    except ChainLookupError as error:
        not_found(error)
    try:
        (view,) = chain_gaps(session, area, found.id)
    except ChainViewError as error:
        bad_request(error)
    report = view.report
    return ChainGaps(
        chain_id=view.chain_id,
        chain_name=view.chain_name,
        area=report.area,
        coverage=list(report.coverage),
        empty=list(report.empty),
        fragile=list(report.fragile),
        leads={node: list(leads) for node, leads in report.leads.items()},
        placements=view.placements,
        projects=view.projects,
    )


@router.get("/counties/overlap")
def overlap(
    session: Db,
    city: Annotated[str, Query(min_length=1, description="city name or code (a county too at township level)")],
    level: Annotated[str, Query(description="county, or township: the townships holding register firms")] = "county",
) -> CityOverlap:
    """How alike the chain coverage of a city's counties (or townships) is, pair by pair."""
    try:
        found = chain_overlap(session, city, level)
    except ChainViewError as error:
        bad_request(error)
    return CityOverlap(
        city=found.city,
        code=found.code,
        counties=[
            CountyCoverage(
                code=county.code,
                name=county.name,
                nodes=[NodeCount(chain_id=c, node_id=n, firms=k) for (c, n), k in sorted(county.counts.items())],
                county=found.county_of.get(county.code),
            )
            for county in found.counties
        ],
        pairs=found.pairs,
        level=found.level,
    )


@router.get("/specialisation")
def specialisation(
    session: Db,
    region: Annotated[str, Query(min_length=1, description="county or city name or code")],
    dataset: Annotated[str | None, Query(description="imported dataset (default: chain coverage)")] = None,
    year: str | None = None,
    level: Annotated[str, Query(description="county, or township: register firms by industry division")] = "county",
) -> Specialisation:
    """LQ, strength, Krugman, HHI and peers of a county, or of each county of a city (or of their townships)."""
    try:
        found = region_profiles(session, region, dataset, year, level=level)
    except PanelError as error:
        bad_request(error)
    return Specialisation(
        name=found.name, code=found.code, source=found.source, profiles=found.profiles, names=found.names
    )
