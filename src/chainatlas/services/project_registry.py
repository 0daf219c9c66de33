"""The project registry in the store: projects found by id, code or name, and read as records
(`services.project_import` fills it from the template).

:func:`project_records` merges what claims say (`project_events`) with the registry's stage dates,
which win for the same stage and field.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from chainatlas import reference
from chainatlas.i18n import _, listing
from chainatlas.ids import written_id
from chainatlas.paging import EVERYTHING, Window
from chainatlas.projects.model import STAGE_NAMES, STAGES, Dated, Kind, ProjectRecord, StageDates
from chainatlas.services.names_known import entity_hint
from chainatlas.store import tables
from chainatlas.store.names import normalise
from chainatlas.store.paging import count
from chainatlas.store.subtypes import of_subtype
from chainatlas.suggest import quoted

SUBJECT = "project"


class ProjectError(LookupError):
    """No project, or several, answer to a key."""



# ---------------------------------------------------------------- records


@cache
def _regions() -> dict[str, reference.Region]:
    return {r.code: r for r in reference.load_regions()}


def _county(code: str | None) -> reference.Region | None:
    """The county-level division of a region code: itself (a functional zone too), or the county whose
    6-digit code a longer, below-county code starts with; None for a city or a province."""
    region = _regions().get(code[:6]) if code else None
    return region if region is not None and region.level == "county" else None


def _city(code: str | None) -> reference.Region | None:
    """The prefecture a region code lies in: itself, or its county's parent; None for a province."""
    region = _regions().get(code[:6]) if code else None
    if region is not None and region.level == "county" and region.parent_code:
        region = _regions().get(region.parent_code)
    return region if region is not None and region.level == "prefecture" else None


def _within(record: ProjectRecord, county: str | None, city: str | None) -> bool:
    """True when the record's county is `county` and its city `city` (each a code or a name; None: any)."""
    place, town = _county(record.county_code), _city(record.city_code)
    return all(key is None or (p is not None and key in (p.code, p.name)) for key, p in ((county, place), (city, town)))


def _records(session: Session, projects: Select[Any]) -> list[ProjectRecord]:
    """The records of the projects `projects` selects, by id."""
    ids = projects.with_only_columns(tables.Project.id).scalar_subquery()
    claims: dict[int | None, list[int]] = {}
    about = select(tables.Claim.subject_id, tables.Claim.id).where(tables.Claim.subject_id.in_(ids))
    for subject_id, claim_id in session.execute(about.order_by(tables.Claim.id)):
        claims.setdefault(subject_id, []).append(claim_id)
    dates: dict[int, dict[str, dict[str, Dated]]] = {}
    for event, document in session.execute(
        select(tables.StageEvent, tables.Document.name)
        .join(tables.Claim, tables.Claim.id == tables.StageEvent.claim_id)
        .join(tables.Document, tables.Document.id == tables.Claim.document_id)
        .where(tables.StageEvent.project_id.in_(ids))
        .order_by(tables.StageEvent.claim_id)  # the newest claim last, so it wins
    ):
        which = "planned" if event.planned else "actual"
        held = dates.setdefault(event.project_id, {}).setdefault(event.stage, {})
        held[which] = Dated(event.date, f"claim #{event.claim_id} {document}")
    for stage in session.scalars(select(tables.ProjectStage).where(tables.ProjectStage.project_id.in_(ids))):
        held = dates.setdefault(stage.project_id, {}).setdefault(stage.stage, {})
        for which in ("planned", "actual"):
            if (text := getattr(stage, which)) is not None:
                held[which] = Dated(text, stage.source)
    owner, zone = aliased(tables.Entity), aliased(tables.Entity)
    query = (
        projects.add_columns(owner.name, zone.name, zone.region_code)
        .outerjoin(owner, owner.id == tables.Project.owner_id)
        .outerjoin(zone, zone.id == tables.Project.zone_id)
        .order_by(tables.Project.id)
    )
    records = []
    for project, owner_name, zone_name, zone_region in session.execute(query):
        kind = Kind(project.kind)
        # the project's own division, unless only its zone's reaches down to a county
        where = next((c for c in (project.region_code, zone_region) if _county(c)), project.region_code or zone_region)
        county, city = _county(where), _city(where)
        known = dates.get(project.id, {})
        order = [*STAGES[kind], *(s for s in STAGE_NAMES if s not in STAGES[kind])]
        records.append(
            ProjectRecord(
                id=project.id,
                name=project.name,
                kind=kind,
                code=project.code,
                owner=owner_name,
                zone=zone_name,
                county_code=county.code if county else None,
                county=county.name if county else None,
                city_code=city.code if city else None,
                investment=project.investment,
                expected_output=project.expected_output,
                area=project.area,
                chain_id=project.chain_id,
                node_id=project.node_id,
                cause=project.cause,
                stages=tuple(
                    StageDates(s, known[s].get("planned"), known[s].get("actual")) for s in order if s in known
                ),
                claims=tuple(claims.get(project.id, ())),
            )
        )
    return records


def project_records(
    session: Session,
    *,
    kind: Kind | str | None = None,
    zone: str | None = None,
    county: str | None = None,
    city: str | None = None,
    window: Window = EVERYTHING,
) -> list[ProjectRecord]:
    """The projects (of a kind, in a zone by name, in a county or city by code or name) as records, by id; only
    those in `window`, which the database cuts when no zone, county or city is asked (those are read from the
    records)."""
    query = _of_kind(kind)
    if zone is None and county is None and city is None:
        return _records(session, query.limit(window.limit).offset(window.offset))
    found = [r for r in _records(session, query) if zone in (None, r.zone) and _within(r, county, city)]
    return found[window.offset :][: window.limit]


def count_projects(
    session: Session, *, kind: Kind | str | None = None, zone: str | None = None, county: str | None = None,
    city: str | None = None,
) -> int:  # fmt: skip
    """How many projects `project_records` gives with these filters."""
    if zone is None and county is None and city is None:  # counted from the projects table, not every entity
        return count(session, _of_kind(kind).where(of_subtype(tables.Project)))
    return len(project_records(session, kind=kind, zone=zone, county=county, city=city))


def _of_kind(kind: Kind | str | None) -> Select[tables.Project]:
    query = select(tables.Project).order_by(tables.Project.id)
    return query if kind is None else query.where(tables.Project.kind == str(kind))


def project_record(session: Session, project_id: int) -> ProjectRecord:
    """One project as a record; :class:`ProjectError` when there is none with that id."""
    found = _records(session, select(tables.Project).where(tables.Project.id == project_id))
    if not found:
        raise ProjectError(_("没有项目 #{id}").format(id=project_id))
    return found[0]


def _one(key: str, ids: Iterable[int], session: Session) -> tables.Project | None:
    """The one project among `ids`; None when there is none; :class:`ProjectError` when several."""
    found = sorted(set(ids))
    if len(found) > 1:
        listed = listing(f"#{i} {session.get_one(tables.Project, i).name}" for i in found)
        several = _("{key}指多个项目（{listed}）：请用 #编号 或项目编号指明").format(key=quoted(key), listed=listed)
        raise ProjectError(several)
    return session.get_one(tables.Project, found[0]) if found else None


def find_project(session: Session, key: str) -> tables.Project:
    """The project `key` names: ``#ID``, its code, one of its names, else its normalised name."""
    key = key.strip()
    if (number := written_id(key)) is not None:
        project = session.get(tables.Project, number)
    else:
        project = session.scalar(select(tables.Project).where(tables.Project.code == key))
        projects = select(tables.Alias.entity_id).where(tables.Alias.entity_type == SUBJECT)
        for column, value in ((tables.Alias.alias, key), (tables.Alias.normalised, normalise(key))):
            project = project or _one(key, session.scalars(projects.where(column == value)), session)
    if project is None:
        raise ProjectError(_("没有项目{key}").format(key=quoted(key)) + entity_hint(session, key, SUBJECT))
    return project
