"""The divisions the atlas pages are seen from: the city a division lies in, the city with most clusters (the
pages' default), a city's counties, a township's county; each as a record (`reference.Region`), not a row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.reference import Region
from chainatlas.services.atlas_lists import ClusterSummary, list_clusters
from chainatlas.store import tables


def region_record(row: tables.Region) -> Region:
    """The record of a stored division."""
    return Region(row.code, row.name, row.level, row.parent_code, row.functional)


def region_of(session: Session, code: str) -> Region | None:
    """The division stored under `code`, else None."""
    row = session.get(tables.Region, code)
    return None if row is None else region_record(row)


def city_of(session: Session, code: str | None) -> Region | None:
    """The prefecture a division lies in (itself for a prefecture); None outside any."""
    region = region_of(session, code) if code else None
    if region is not None and region.level == "county" and region.parent_code:
        region = region_of(session, region.parent_code)
    return region if region is not None and region.level == "prefecture" else None


def busiest_city(session: Session, clusters: Iterable[ClusterSummary]) -> Region | None:
    """The city holding most of these clusters (of two alike, the larger code); None when none lies in a city."""
    counts: dict[str, int] = defaultdict(int)
    cities: dict[str, Region] = {}
    for cluster in clusters:
        if (city := city_of(session, cluster.region_code)) is not None:
            counts[city.code] += 1
            cities[city.code] = city
    return cities[max(counts, key=lambda c: (counts[c], c))] if counts else None


def default_area(session: Session) -> str | None:
    """The name of the city with most clusters in the store: what a page shows when no area is asked."""
    city = busiest_city(session, list_clusters(session))
    return city.name if city else None


def counties_of(session: Session, city_code: str) -> list[Region]:
    """The city's counties and functional zones, by code."""
    query = select(tables.Region).where(tables.Region.parent_code == city_code, tables.Region.level == "county")
    return [region_record(row) for row in session.scalars(query.order_by(tables.Region.code))]


def county_of_town(session: Session, code: str) -> Region | None:
    """The county of a township's 9-digit code (None for any other code, or a county not stored)."""
    return region_of(session, code[:6]) if len(code) == 9 else None
