"""Importing the project registry's template (``projects.template``) in the caller's transaction.

A row finds its project by 项目编号 when the store has that code, else by its name through the entity resolver
(an ingested project is enriched, not duplicated; one holding another code is not taken); else it creates one.
It writes only the cells the row fills: project fields on the project, stage dates on `project_stages` with the
row as their source, and one audit entry per project listing what changed (none when nothing did). Bad rows are
reported by sheet, row and column; good rows are kept.

Owners and zones are resolved once per name against the store; those it does not hold are created once per
normalised name (a user's cannot-link keeps two apart) and new projects in bulk with their aliases, stage dates
and audit entries (`store.bulk`), so a file of 100,000 rows costs a few statements per thousand rows, not per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.i18n import lazy
from chainatlas.projects.model import STAGE_NAMES, Kind
from chainatlas.projects.template import ProjectRow, RowError, columns, parse_row
from chainatlas.services.import_report import PROGRESS_ROWS, ImportProgress, ImportReport, quiet, read_template_rows
from chainatlas.services.resolve import RESOLVER, Match, Resolver
from chainatlas.store import audit, tables
from chainatlas.store.batches import batches
from chainatlas.store.bulk import alias_row, insert_entities, insert_rows
from chainatlas.store.names import fold, normalise, written_place

SUBJECT = "project"
# Project columns a row can fill, besides its owner and zone.
_FIELDS = ("code", "kind", "investment", "expected_output", "area", "chain_id", "node_id", "cause")
# An owner or a zone as a row names it: its class, its name as written, the county it is looked for in.
Party = tuple[type[tables.Entity], str, str | None]
# New owners or zones: those that will be one entity, in lists by what they share (`_same_entity`).
Groups = dict[tuple[str, str | None, str | None], list[list[tuple[Party, "Match"]]]]


class _Importer:
    """Writes valid rows of one file into the session: projects, their owners and zones, stage dates, audit."""

    def __init__(self, session: Session, actor: str, source: str, rows: Sequence[ProjectRow]) -> None:
        self.session, self.actor, self.source = session, actor, source
        self.at = dt.datetime.now(dt.UTC)
        self.resolver = Resolver(session)
        self.resolver.prefetch(n for r in rows for n in (r.name, r.owner, r.zone) if n)
        self.by_code: dict[str, tables.Project] = {}
        for batch in batches([r.code for r in rows if r.code]):
            coded = select(tables.Project).where(tables.Project.code.in_(batch))
            self.by_code |= {p.code or "": p for p in session.scalars(coded)}
        self.parties: dict[Party, int] = {}
        self.aliases: list[dict[str, Any]] = []
        self.resolutions: list[dict[str, Any]] = []

    def match(self, row: ProjectRow) -> Match:
        """The stored project a row is about: by its code, else by its name (unless that project has another code)."""
        if row.code and (project := self.by_code.get(row.code)) is not None:
            return Match(project, "code", project.code)
        match = self.resolver.resolve(row.name, (SUBJECT,), region=row.county)
        if isinstance(match.entity, tables.Project) and (match.entity.code is None or row.code is None):
            return match
        return Match(None, "new", note=match.note)

    # ------------------------------------------------------------ owners and zones

    def find_parties(self, rows: Sequence[ProjectRow]) -> None:
        """Every owner and zone the rows name, resolved once each; those the store lacks created in bulk."""
        named: dict[Party, None] = {}
        for row in rows:
            if row.owner:
                named[tables.Enterprise, row.owner, None] = None
            if row.zone:
                named[tables.Platform, row.zone, row.county] = None
        new: dict[type[tables.Entity], Groups] = {}
        for party in named:
            cls, name, region = party
            match = self.resolver.resolve(name, (str(cls.__mapper__.polymorphic_identity),), region=region)
            if isinstance(match.entity, cls):
                self._alias(match.entity, name, match)
                if isinstance(match.entity, tables.Platform):
                    match.entity.kind = match.entity.kind or "zone"
                self.parties[party] = match.entity.id
            else:
                self._group(new.setdefault(cls, {}), party, match)
        for cls, alike in new.items():
            groups = [group for same in alike.values() for group in same]
            heads = [{"name": group[0][0][1], "region_code": group[0][0][2]} for group in groups]
            if cls is tables.Platform:
                heads = [head | {"kind": "zone"} for head in heads]
            for entity_id, group in zip(insert_entities(self.session, cls, heads), groups, strict=True):
                first = group[0][0][1]
                for party, match in group:
                    self.parties[party] = entity_id
                    how = Match(None, "new", note=match.note) if party[1] == first else Match(None, "normalised", first)
                    self._new_alias(entity_id, cls, party[1], how)

    def _group(self, groups: Groups, party: Party, match: Match) -> None:
        """Put a new name with the earlier new names of its normalised form, place written and county (the
        resolver's guards: 平湖经济技术开发区 is not 嘉善经济技术开发区), unless a user kept them apart."""
        _, cannot = self.resolver.decisions(party[1])
        alike = groups.setdefault(_same_entity(party), [])
        for group in alike:
            if not any(fold(p[1]) in cannot for p, _ in group):
                group.append((party, match))
                return
        alike.append([(party, match)])

    # ------------------------------------------------------------ aliases

    def _alias(self, entity: tables.Entity, name: str, match: Match) -> None:
        """Keep `name` as an alias of a stored entity (unless held already or a user split it off)."""
        held = self.resolver.lookups.held([entity.id])[entity.id]
        if any(a.alias == name for a in held) or (match.rule != "new" and self.resolver.forbidden(entity.id, name)):
            return
        self.resolver.lookups.add_alias(entity, name)
        self._resolution(entity.id, name, match)

    def _new_alias(self, entity_id: int, cls: type[tables.Entity], name: str, match: Match) -> None:
        self.aliases.append(alias_row(entity_id, str(cls.__mapper__.polymorphic_identity), name))
        self._resolution(entity_id, name, match)

    def _resolution(self, entity_id: int, name: str, match: Match) -> None:
        why = {"matched": match.matched, "rule": match.rule, "reason": match.note or self.source}
        self.resolutions.append({"entity_id": entity_id, "name": name, "decided_by": RESOLVER} | why)

    # ------------------------------------------------------------ projects

    def facts(self, row: ProjectRow) -> dict[str, Any]:
        """The project columns the row fills, as stored."""
        facts = {f: getattr(row, f) for f in _FIELDS} | {"region_code": row.county}
        if row.kind is not None:
            facts["kind"] = str(row.kind)
        if row.owner:
            facts["owner_id"] = self.parties[tables.Enterprise, row.owner, None]
        if row.zone:
            facts["zone_id"] = self.parties[tables.Platform, row.zone, row.county]
        return {k: v for k, v in facts.items() if v is not None}

    def where(self, row: ProjectRow) -> str:
        """The row as a source: ``import FILE sheet S row N``."""
        return f"{self.source} row {row.row}"

    def create(self, rows: Sequence[ProjectRow]) -> None:
        """New projects for rows that matched none, in bulk: each with its alias, stage dates and audit entry."""
        facts = [self.facts(row) | {"name": row.name} for row in rows]
        for fact in facts:
            fact.setdefault("kind", str(Kind.INVESTMENT))
        stages: list[dict[str, Any]] = []
        audits: list[dict[str, Any]] = []
        ids = insert_entities(self.session, tables.Project, facts)
        for project_id, row, fact in zip(ids, rows, facts, strict=True):
            self._new_alias(project_id, tables.Project, row.name, Match(None, "new"))
            change = {k: [None, v] for k, v in fact.items() if k != "name"}
            for stage, dates in _stage_dates(row):
                stages.append({"project_id": project_id, "stage": stage, "source": self.where(row)} | dates)
                change |= {f"{stage}.{k}": [None, v] for k, v in dates.items()}
            audits.append({"at": self.at, "actor": self.actor, "subject_type": SUBJECT, "subject_id": project_id,
                           "action": "create", "changes": change})  # fmt: skip
        insert_rows(self.session, tables.ProjectStage, [{"planned": None, "actual": None} | s for s in stages])
        insert_rows(self.session, tables.AuditEntry, audits)

    def update(self, row: ProjectRow, match: Match, stages: dict[tuple[int, str], tables.ProjectStage]) -> str:
        """Write one row onto the stored project it matched; "updated" or "unchanged"."""
        assert isinstance(match.entity, tables.Project)
        project, facts = match.entity, self.facts(row)
        if match.rule == "code":  # the registry's own number: the row's name is the project's
            facts["name"] = row.name
        self._alias(project, row.name, match)
        changed = audit.changes({k: getattr(project, k) for k in facts}, facts)
        for key, value in facts.items():
            setattr(project, key, value)
        for stage, dates in _stage_dates(row):
            held = stages.get((project.id, stage))
            diff = audit.changes({k: getattr(held, k) for k in dates} if held else {}, dates)
            if not diff:
                continue
            if held is None:
                held = stages[project.id, stage] = tables.ProjectStage(project_id=project.id, stage=stage)
                self.session.add(held)
            for key, value in dates.items():
                setattr(held, key, value)
            held.source = self.where(row)
            changed |= {f"{stage}.{k}": v for k, v in diff.items()}
        if changed:
            audit.record(self.session, self.actor, SUBJECT, project.id, "update", changed, self.at)
        return "updated" if changed else "unchanged"

    def flush(self) -> None:
        """Write the aliases and resolutions of new entities, a batch at a time."""
        self.session.flush()
        insert_rows(self.session, tables.Alias, self.aliases)
        insert_rows(self.session, tables.Resolution, self.resolutions)


def _same_entity(party: Party) -> tuple[str, str | None, str | None]:
    """What new names must share to be one new entity: normalised form, place written, county."""
    return normalise(party[1]), written_place(party[1]), party[2]


def _stage_dates(row: ProjectRow) -> list[tuple[str, dict[str, str]]]:
    """The stages a row dates, in stage order, each with the planned and actual dates it gives."""
    found = []
    for stage in (s for s in STAGE_NAMES if s in row.planned or s in row.actual):
        dates = {k: v for k, v in (("planned", row.planned.get(stage)), ("actual", row.actual.get(stage))) if v}
        found.append((stage, dates))
    return found


def _duplicates(rows: Sequence[ProjectRow], keys: dict[str, str], sheet: str | None) -> list[RowError]:
    """Rows naming a project an earlier row names (by code, else by name): errors, the first row kept."""
    header = {key: written for written, key in keys.items()}
    first: dict[tuple[str, str], int] = {}
    errors = []
    for row in rows:
        key = ("code", row.code) if row.code else ("name", normalise(row.name))
        if key in first:
            reason = lazy("与第{row}行是同一项目", row=first[key])
            errors.append(RowError(sheet, row.row, header[key[0]], reason))
        first.setdefault(key, row.row)
    return errors


def import_projects(
    session: Session,
    path: Path,
    actor: str,
    today: dt.date,
    sheet: str | None = None,
    progress: ImportProgress = quiet,
) -> ImportReport:
    """Import a template file (``.xlsx`` sheet, or CSV) in the caller's transaction; what it did. `today`
    judges the dates a row gives; `progress` is told the rows read and stored.

    A file that cannot be read as the template raises :class:`TableError`; bad rows are reported.
    """
    report = ImportReport()
    read = read_template_rows(path, sheet, report, columns, partial(parse_row, today=today), progress)
    duplicates = _duplicates(read.rows, read.keys, read.sheet)
    report.errors.extend(duplicates)
    rows = [r for r in read.rows if r.row not in {e.row for e in duplicates}]
    source = f"import {path.name}" + (f" sheet {read.sheet}" if read.sheet is not None else "")
    importer = _Importer(session, actor, source, rows)
    matched = [(row, importer.match(row)) for row in rows]
    importer.find_parties(rows)
    new = [row for row, match in matched if match.entity is None]
    importer.create(new)
    report.created = len(new)
    old = [(row, match) for row, match in matched if match.entity is not None]
    stages: dict[tuple[int, str], tables.ProjectStage] = {}
    for batch in batches([m.entity.id for _, m in old if m.entity is not None]):
        held = session.scalars(select(tables.ProjectStage).where(tables.ProjectStage.project_id.in_(batch)))
        stages |= {(s.project_id, s.stage): s for s in held}
    for done, (row, match) in enumerate(old, 1):
        outcome = importer.update(row, match, stages)
        setattr(report, outcome, getattr(report, outcome) + 1)
        if done % PROGRESS_ROWS == 0:
            progress("store", len(new) + done, len(rows))
    importer.flush()
    report.errors.sort(key=lambda e: e.row)
    progress("store", len(rows), len(rows))
    report.log("projects", path, actor)
    return report
