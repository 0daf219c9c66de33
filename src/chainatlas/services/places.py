"""The divisions the atlas pages are seen from: the city with most clusters (the pages' default, counted in
SQL), what lies in a city, a city's counties, a township's county; each division as a record
(`reference.Region`), not a row."""

from __future__ import annotations

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session, aliased

from chainatlas.reference import Region
from chainatlas.store import tables
from chainatlas.store.subtypes import of_subtype


def region_record(row: tables.Region) -> Region:
    """The record of a stored division."""
    return Region(row.code, row.name, row.level, row.parent_code, row.functional)


def region_of(session: Session, code: str) -> Region | None:
    """The division stored under `code`, else None."""
    row = session.get(tables.Region, code)
    return None if row is None else region_record(row)


def busiest_city(session: Session) -> Region | None:
    """The city holding most clusters (of two alike, the larger code), counted in SQL; None when none lies in a
    city."""
    c, r, parent = tables.Cluster, tables.Region, aliased(tables.Region)
    city = case(
        (r.level == "prefecture", r.code),
        ((r.level == "county") & (parent.level == "prefecture"), parent.code),
    )
    query = (
        select(city)
        .select_from(c)
        .join(r, r.code == c.region_code)
        .outerjoin(parent, parent.code == r.parent_code)
        .where(of_subtype(tables.Cluster), city.is_not(None))
        .group_by(city)
        .order_by(func.count().desc(), city.desc())
        .limit(1)
    )
    code = session.scalar(query)
    return region_of(session, code) if code is not None else None


def in_city(city_code: str) -> ColumnElement[bool]:
    """Entities lying in the city: in it, or in one of its counties (a county's city is its parent)."""
    r = tables.Region
    counties = select(r.code).where(r.parent_code == city_code, r.level == "county")
    return (tables.Entity.region_code == city_code) | tables.Entity.region_code.in_(counties)


def default_area(session: Session) -> str | None:
    """The name of the city with most clusters in the store: what a page shows when no area is asked."""
    city = busiest_city(session)
    return city.name if city else None


def counties_of(session: Session, city_code: str) -> list[Region]:
    """The city's counties and functional zones, by code."""
    query = select(tables.Region).where(tables.Region.parent_code == city_code, tables.Region.level == "county")
    return [region_record(row) for row in session.scalars(query.order_by(tables.Region.code))]


def county_of_town(session: Session, code: str) -> Region | None:
    """The county of a township's 9-digit code (None for any other code, or a county not stored)."""
    return region_of(session, code[:6]) if len(code) == 9 else None
