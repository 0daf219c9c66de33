"""The names the store knows, for suggesting one when a name asked for names nothing."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.i18n import _
from chainatlas.store import tables
from chainatlas.suggest import did_you_mean, quoted


def alias_names(session: Session, entity_type: str | None = None) -> Sequence[str]:
    """Every name the store's entities (of one type, or all) are written with."""
    query = select(tables.Alias.alias).distinct()
    if entity_type is not None:
        query = query.where(tables.Alias.entity_type == entity_type)
    return session.scalars(query).all()


def region_names(session: Session, levels: Sequence[str] = ("province", "prefecture", "county")) -> Sequence[str]:
    """The names of the store's divisions of these levels."""
    return session.scalars(select(tables.Region.name).where(tables.Region.level.in_(levels)).distinct()).all()


def entity_hint(session: Session, name: str, entity_type: str | None = None) -> str:
    """'; did you mean …?' among the names of the store's entities (of one type, or all)."""
    return did_you_mean(name, alias_names(session, entity_type))


def unknown_division(session: Session, name: str) -> str:
    """The message for a division nobody has: "no division called '平湖'; did you mean '平湖市'?"."""
    return _("没有名为{name}的行政区划").format(name=quoted(name)) + did_you_mean(name, region_names(session))


def area_hint(session: Session, name: str) -> str:
    """'; did you mean …?' among the clusters and the counties and cities: the places an area question takes."""
    return did_you_mean(name, [*alias_names(session, "cluster"), *region_names(session, ("prefecture", "county"))])
