"""The project registry in the store: importing the template, and projects read as records.

:func:`import_projects` reads the template (``projects.template``) in the caller's transaction. A row
finds its project by 项目编号 when the store has that code, else by its name through the entity
resolver (an ingested project is enriched, not duplicated; one holding another code is not taken);
else it creates one. It writes only the cells the row fills: project fields on the project, stage
dates on `project_stages` with the row as their source, and one audit entry per project listing what
changed (none when nothing did). Bad rows are reported by sheet, row and column; good rows are kept.

:func:`project_records` merges what claims say (`project_events`) with the registry's stage dates,
which win for the same stage and field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, aliased

from chainatlas import reference
from chainatlas.analytics.table import TableError, open_rows
from chainatlas.projects.model import STAGE_NAMES, STAGES, Dated, Kind, ProjectRecord, StageDates
from chainatlas.projects.template import HeaderError, ProjectRow, RowError, columns, parse_row
from chainatlas.store import audit, tables
from chainatlas.store.ids import written_id
from chainatlas.store.import_report import ImportReport
from chainatlas.store.names import normalise
from chainatlas.store.names_known import entity_hint
from chainatlas.store.paging import EVERYTHING, Window, count
from chainatlas.store.resolve import RESOLVER, Match, Resolver

SUBJECT = "project"
# Project columns a row can fill, besides its owner and zone.
_FIELDS = ("code", "kind", "investment", "expected_output", "area", "chain_id", "node_id", "cause")

E = TypeVar("E", bound=tables.Entity)


class ProjectError(LookupError):
    """No project, or several, answer to a key."""



# ---------------------------------------------------------------- import


class _Importer:
    """Writes valid rows of one file into the session: projects, their owners and zones, stage dates, audit."""

    def __init__(self, session: Session, actor: str, source: str, rows: Sequence[ProjectRow]) -> None:
        self.session, self.actor, self.source = session, actor, source
        self.resolver = Resolver(session)
        self.resolver.prefetch(n for r in rows for n in (r.name, r.owner, r.zone) if n)
        coded = select(tables.Project).where(tables.Project.code.in_([r.code for r in rows if r.code]))
        self.by_code = {p.code: p for p in session.scalars(coded)}

    def match(self, row: ProjectRow) -> Match:
        """The stored project a row is about: by its code, else by its name (unless that project has another code)."""
        if (project := self.by_code.get(row.code)) is not None:
            return Match(project, "code", project.code)
        match = self.resolver.resolve(row.name, (SUBJECT,), region=row.county)
        if isinstance(match.entity, tables.Project) and (match.entity.code is None or row.code is None):
            return match
        return Match(None, "new", note=match.note)

    def entity(self, cls: type[E], name: str, region: str | None = None) -> E:
        """The entity of class `cls` that `name` resolves to, created when none; `name` kept as its alias."""
        match = self.resolver.resolve(name, (str(cls.__mapper__.polymorphic_identity),), region=region)
        if isinstance(match.entity, cls):
            self._alias(match.entity, name, match)
            return match.entity
        return self._create(cls, name, region)

    def _create(self, cls: type[E], name: str, region: str | None) -> E:
        """A new entity called `name`, its first alias logged."""
        entity = cls(name=name, region_code=region)
        self.session.add(entity)
        self.session.flush()
        self.resolver.lookups.created(entity)
        self._alias(entity, name, Match(entity, "new"))
        return entity

    def _alias(self, entity: tables.Entity, name: str, match: Match) -> None:
        held = self.resolver.lookups.held([entity.id])[entity.id]
        if any(a.alias == name for a in held) or (match.rule != "new" and self.resolver.forbidden(entity.id, name)):
            return
        self.resolver.lookups.add_alias(entity, name)
        self.session.add(
            tables.Resolution(
                entity_id=entity.id,
                name=name,
                matched=match.matched,
                rule=match.rule,
                decided_by=RESOLVER,
                reason=match.note or self.source,
            )
        )

    def _facts(self, row: ProjectRow) -> dict[str, Any]:
        """The project columns the row fills, as stored."""
        facts = {f: getattr(row, f) for f in _FIELDS} | {"region_code": row.county}
        if row.kind is not None:
            facts["kind"] = str(row.kind)
        if row.owner:
            facts["owner_id"] = self.entity(tables.Enterprise, row.owner).id
        if row.zone:
            zone = self.entity(tables.Platform, row.zone, row.county)
            zone.kind = zone.kind or "zone"
            facts["zone_id"] = zone.id
        return {k: v for k, v in facts.items() if v is not None}

    def apply(self, row: ProjectRow, match: Match, stages: dict[tuple[int, str], tables.ProjectStage]) -> str:
        """Write one row onto the project it matched, or a new one; "created", "updated" or "unchanged"."""
        facts = self._facts(row)
        action = "update"
        if not isinstance(match.entity, tables.Project):
            action, facts["kind"] = "create", facts.get("kind", str(Kind.INVESTMENT))
            project = self._create(tables.Project, row.name, row.county)
        else:
            project = match.entity
            if match.rule == "code":  # the registry's own number: the row's name is the project's
                facts["name"] = row.name
            self._alias(project, row.name, match)
        changed = audit.changes({k: getattr(project, k) for k in facts}, facts)
        for key, value in facts.items():
            setattr(project, key, value)
        source = f"{self.source} row {row.row}"
        for stage in (s for s in STAGE_NAMES if s in row.planned or s in row.actual):
            dates = {k: v for k, v in (("planned", row.planned.get(stage)), ("actual", row.actual.get(stage))) if v}
            held = stages.get((project.id, stage))
            diff = audit.changes({k: getattr(held, k) for k in dates} if held else {}, dates)
            if not diff:
                continue
            if held is None:
                held = stages[project.id, stage] = tables.ProjectStage(project_id=project.id, stage=stage)
                self.session.add(held)
            for key, value in dates.items():
                setattr(held, key, value)
            held.source = source
            changed |= {f"{stage}.{k}": v for k, v in diff.items()}
        if changed:
            audit.record(self.session, self.actor, SUBJECT, project.id, action, changed)
        return "created" if action == "create" else "updated" if changed else "unchanged"


def _duplicates(rows: Sequence[ProjectRow], keys: dict[str, str], sheet: str | None) -> list[RowError]:
    """Rows naming a project an earlier row names (by code, else by name): errors, the first row kept."""
    header = {key: written for written, key in keys.items()}
    first: dict[tuple[str, str], int] = {}
    errors = []
    for row in rows:
        key = ("code", row.code) if row.code else ("name", normalise(row.name))
        if key in first:
            reason = f"the same project as row {first[key]}"
            errors.append(RowError(sheet, row.row, header[key[0]], reason))
        first.setdefault(key, row.row)
    return errors


def import_projects(
    session: Session, path: Path, actor: str, sheet: str | None = None, today: dt.date | None = None
) -> ImportReport:
    """Import a template file (``.xlsx`` sheet, or CSV) in the caller's transaction; what it did.

    A file that cannot be read as the template raises :class:`TableError`; bad rows are reported.
    """
    report = ImportReport()
    rows: list[ProjectRow] = []
    with open_rows(path, sheet) as table:
        try:
            keys = columns(table.header)
        except HeaderError as error:
            raise TableError(f"{path}: {table.header_at}: {error}") from None
        for record in table.records:
            report.rows += 1
            parsed = parse_row(record.cells, keys, table.sheet, record.number, today or dt.date.today())
            if isinstance(parsed, list):
                report.errors.extend(parsed)
            else:
                rows.append(parsed)
    duplicates = _duplicates(rows, keys, table.sheet)
    report.errors.extend(duplicates)
    rows = [r for r in rows if r.row not in {e.row for e in duplicates}]
    source = f"import {path.name}" + (f" sheet {table.sheet}" if table.sheet is not None else "")
    importer = _Importer(session, actor, source, rows)
    matched = [(row, importer.match(row)) for row in rows]
    ids = [m.entity.id for _, m in matched if m.entity is not None]
    held = session.scalars(select(tables.ProjectStage).where(tables.ProjectStage.project_id.in_(ids)))
    stages = {(s.project_id, s.stage): s for s in held}
    for row, match in matched:
        outcome = importer.apply(row, match, stages)
        setattr(report, outcome, getattr(report, outcome) + 1)
    report.errors.sort(key=lambda e: e.row)
    session.flush()
    return report


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
    if zone is None and county is None and city is None:
        return count(session, _of_kind(kind))
    return len(project_records(session, kind=kind, zone=zone, county=county, city=city))


def _of_kind(kind: Kind | str | None) -> Select[tables.Project]:
    query = select(tables.Project).order_by(tables.Project.id)
    return query if kind is None else query.where(tables.Project.kind == str(kind))


def project_record(session: Session, project_id: int) -> ProjectRecord:
    """One project as a record; :class:`ProjectError` when there is none with that id."""
    found = _records(session, select(tables.Project).where(tables.Project.id == project_id))
    if not found:
        raise ProjectError(f"no project #{project_id}")
    return found[0]


def _one(key: str, ids: Iterable[int], session: Session) -> tables.Project | None:
    """The one project among `ids`; None when there is none; :class:`ProjectError` when several."""
    found = sorted(set(ids))
    if len(found) > 1:
        listed = ", ".join(f"#{i} {session.get_one(tables.Project, i).name}" for i in found)
        raise ProjectError(f"{key!r} names several projects ({listed}): give one as #ID or by its code")
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
        raise ProjectError(f"no project {key!r}{entity_hint(session, key, SUBJECT)}")
    return project
