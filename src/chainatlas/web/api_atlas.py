"""The API's clusters and enterprises: lists, and profiles with every figure's source.

A profile shows the figure shown per metric, unit and period, and the first page (the settings' `page_size`)
of its longer lists — every figure claim, mentions, a cluster's members, an enterprise's clusters — each with
`next`, the address of the rest (`/api/clusters/{id}/members?limit=…&offset=…`): no answer grows with the store
beyond its page size.

A cluster's platforms are the innovation platforms named in a paragraph that also holds one of the
cluster's claims (news names a cluster's platforms beside it: 在上海交大平湖智能光电研究院…的加持下).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from sqlalchemy.orm import Session

from chainatlas.analytics.designation import Assessment, assess
from chainatlas.chains import Counterpart
from chainatlas.paging import Window
from chainatlas.services.atlas_lists import ClusterSummary, count_clusters, list_clusters
from chainatlas.services.chain_views import supply_of
from chainatlas.services.curate import count_entities, list_entities
from chainatlas.services.designation_inputs import designation_input
from chainatlas.services.entity_records import EntityRecord, entity_by_id
from chainatlas.services.profile_lists import (
    Member,
    count_figures,
    count_members,
    count_mentions,
    figures_of,
    members_of,
    mentions_of,
    platforms_beside,
)
from chainatlas.services.queries import (
    Conflict,
    Figure,
    Source,
    profile_of,
)
from chainatlas.services.register_views import RegisterView, register_view
from chainatlas.web.api_common import Linked, Page, PageOf, Paging, fields_of, no_such, not_found
from chainatlas.web.deps import Db, StoreId, settings_of

router = APIRouter(tags=["clusters and enterprises"])


class EnterpriseItem(BaseModel):
    """An enterprise in the list: its region, and how many names and claims it has."""

    id: int
    name: str
    region: str | None
    aliases: int
    claims: int


class EntityRef(BaseModel):
    """Another entity named in a profile: members of a cluster, clusters of an enterprise; a membership rests on
    a news claim (`claim_id`) or a register row (`source`: file, sheet and row), or both."""

    id: int
    name: str
    role: str | None = None
    decision: str | None = None
    claim_id: int | None = None
    source: str | None = None


class PlatformRef(BaseModel):
    """A platform named beside a cluster, with the claim that names it."""

    id: int
    name: str
    kind: str | None
    claim_id: int
    source: Source


class EntityProfile(BaseModel):
    """A cluster's or enterprise's profile: its names and region, the figures shown and where each came from;
    the first page of every figure its claims state (`claims`) and of its mentions."""

    id: int
    kind: str
    name: str
    aliases: list[str]
    region: str | None
    level: str | None
    products: list[str]
    figures: list[Figure]
    claims: Linked[Figure]
    mentions: Linked[Source]
    conflicts: list[Conflict]


class ClusterDetail(EntityProfile):
    """A cluster's profile with its members (the first page), platforms, customers and designation check."""

    members: Linked[EntityRef]
    platforms: list[PlatformRef]
    customers: list[Counterpart]
    designation: Assessment


class EnterpriseDetail(EntityProfile):
    """An enterprise's profile with its clusters (the first page), customers and suppliers; a register firm's
    record, and each field where the news disagrees with it: both values, the one shown and the rule
    (`register.versus`)."""

    clusters: Linked[EntityRef]
    customers: list[Counterpart]
    suppliers: list[Counterpart]
    township: str | None
    register_view: RegisterView | None


def _entity(session: Session, kind: str, entity_id: int) -> EntityRecord:
    """The cluster or enterprise (`kind`) with this id; 404 when there is none."""
    found = entity_by_id(session, kind, entity_id)
    if found is None:
        not_found(no_such(kind, entity_id))
    return found


def _first(request: Request) -> Paging:
    """The first page of a profile's list: the settings' page size."""
    return Paging(settings_of(request).page_size)


def _profile(session: Session, entity: EntityRecord, first: Paging) -> dict[str, Any]:
    """The profile's fields, of this very entity (`profile_of`), with its id and the first page of its lists."""
    at = f"/api/{entity.kind}s/{entity.id}"
    return fields_of(profile_of(session, entity, Window(0))) | {
        "id": entity.id,
        "claims": _claims(session, entity.id, first, f"{at}/claims"),
        "mentions": _mentions(session, entity.id, first, f"{at}/mentions"),
    }


def _claims(session: Session, entity_id: int, page: Paging, at: str) -> Linked[Figure]:
    return page.linked(figures_of(session, entity_id, page), count_figures(session, entity_id), at)


def _mentions(session: Session, entity_id: int, page: Paging, at: str) -> Linked[Source]:
    return page.linked(mentions_of(session, entity_id, page), count_mentions(session, entity_id), at)


def _ref(member: Member) -> EntityRef:
    return EntityRef(
        id=member.id, name=member.name, role=member.role, decision=member.decision, claim_id=member.claim_id,
        source=member.source,
    )  # fmt: skip


def _memberships(session: Session, entity_id: int, of_cluster: bool, page: Paging, at: str) -> Linked[EntityRef]:
    """A page of a cluster's members (`of_cluster`) or of an enterprise's clusters."""
    found = members_of(session, entity_id, of_cluster, page)
    return page.linked([_ref(m) for m in found], count_members(session, entity_id, of_cluster), at)


def _platforms(session: Session, cluster_id: int) -> list[PlatformRef]:
    """Platforms named in a paragraph holding one of the cluster's claims, by first mention."""
    return [
        PlatformRef(id=p.id, name=p.name, kind=p.kind, claim_id=p.claim_id, source=p.source)
        for p in platforms_beside(session, cluster_id)
    ]


@router.get("/clusters")
def clusters(
    session: Db,
    page: PageOf,
    county: Annotated[str | None, Query(description="county name or code")] = None,
    level: Annotated[str | None, Query(description="national, provincial, …")] = None,
    q: Annotated[str | None, Query(description="part of the name")] = None,
) -> Page[ClusterSummary]:
    """Every cluster with its county, level, latest output value and enterprise count."""
    filters = {"county": county, "level": level, "name_contains": q}
    items = list_clusters(session, **filters, window=page)
    return page.window(items, count_clusters(session, **filters))


@router.get("/clusters/{cluster_id}")
def cluster(
    request: Request,
    session: Db,
    cluster_id: StoreId,
    year: Annotated[int | None, Query(ge=1949, le=2100, description="designation year (default: this)")] = None,
) -> ClusterDetail:
    """A cluster's profile: figures with their sources, members, platforms, customers, designation verdict."""
    found = _entity(session, "cluster", cluster_id)
    first = _first(request)
    return ClusterDetail(
        **_profile(session, found, first),
        members=_memberships(session, cluster_id, True, first, f"/api/clusters/{cluster_id}/members"),
        platforms=_platforms(session, cluster_id),
        customers=supply_of(session, f"#{cluster_id}").customers,
        designation=assess(designation_input(session, found, year or dt.date.today().year)),
    )


@router.get("/clusters/{cluster_id}/members")
def cluster_members(request: Request, session: Db, cluster_id: StoreId, page: PageOf) -> Linked[EntityRef]:
    """A page of the cluster's members, by name."""
    _entity(session, "cluster", cluster_id)
    return _memberships(session, cluster_id, True, page, str(request.url))


@router.get("/enterprises/{enterprise_id}/clusters")
def enterprise_clusters(request: Request, session: Db, enterprise_id: StoreId, page: PageOf) -> Linked[EntityRef]:
    """A page of the clusters the enterprise is placed in, by name."""
    _entity(session, "enterprise", enterprise_id)
    return _memberships(session, enterprise_id, False, page, str(request.url))


@router.get("/clusters/{entity_id}/claims")
@router.get("/enterprises/{entity_id}/claims")
def entity_claims(request: Request, session: Db, entity_id: StoreId, page: PageOf) -> Linked[Figure]:
    """A page of every figure the cluster's or enterprise's claims state (not only those the profile shows), by
    metric, period and id."""
    _entity(session, _kind_of(request), entity_id)
    return _claims(session, entity_id, page, str(request.url))


@router.get("/clusters/{entity_id}/mentions")
@router.get("/enterprises/{entity_id}/mentions")
def entity_mentions(request: Request, session: Db, entity_id: StoreId, page: PageOf) -> Linked[Source]:
    """A page of the cluster's or enterprise's mentions: claims stating no figure, each with its sentence."""
    _entity(session, _kind_of(request), entity_id)
    return _mentions(session, entity_id, page, str(request.url))


def _kind_of(request: Request) -> str:
    """The kind of entity a profile list's path names (`/api/clusters/…` or `/api/enterprises/…`)."""
    return "cluster" if "/clusters/" in request.url.path else "enterprise"


@router.get("/enterprises")
def enterprises(
    session: Db,
    page: PageOf,
    q: Annotated[str | None, Query(description="part of the name")] = None,
    county: Annotated[str | None, Query(description="region name")] = None,
    township: Annotated[str | None, Query(description="a township's 9-digit code: its register firms")] = None,
) -> Page[EnterpriseItem]:
    """Every enterprise with its region and how many names and claims it has."""
    filters = {"name_contains": q, "region": county, "township": township}
    rows = list_entities(session, "enterprise", **filters, limit=page.limit, offset=page.offset)
    items = [EnterpriseItem(id=e.id, name=e.name, region=e.region, aliases=e.aliases, claims=e.claims) for e in rows]
    return page.window(items, count_entities(session, "enterprise", **filters))


@router.get("/enterprises/{enterprise_id}")
def enterprise(request: Request, session: Db, enterprise_id: StoreId) -> EnterpriseDetail:
    """An enterprise's profile: figures with their sources, clusters, customers and suppliers."""
    found = _entity(session, "enterprise", enterprise_id)
    supply = supply_of(session, f"#{enterprise_id}")
    first = _first(request)
    return EnterpriseDetail(
        **_profile(session, found, first),
        clusters=_memberships(session, enterprise_id, False, first, f"/api/enterprises/{enterprise_id}/clusters"),
        customers=supply.customers,
        suppliers=supply.suppliers,
        register_view=register_view(session, found),
    )
