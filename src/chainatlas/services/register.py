"""The enterprise register in the store: importing the template in bulk.

:func:`import_register` reads the register template (``register.template``) in the caller's transaction. A row
finds its firm by 统一社会信用代码; else the enterprise its name resolves to (an enterprise known only from the
news, without a credit code, is enriched, not duplicated; one holding another code is never taken); else it
creates one, its name kept as an alias so that the news resolves to it, its county as the entity's region. The
register outranks the news for identity fields: a firm first named by the news takes the register's name (the
news's stays an alias) and county (``register.versus`` shows both sides).
A row writes only the cells it fills; each created or changed firm gets one audit entry listing what changed (none
when nothing did). Bad rows are reported by sheet, row and column; good rows are kept.

Everything is looked up in bulk: the stored firms by credit code and the resolver's aliases a batch of rows at a
time, and new firms, their aliases, resolutions and audit entries are inserted a batch at a time (``store.bulk``:
``COPY`` on PostgreSQL), so a 100,000-row register imports in under a minute (bench/register.py). An import that
created firms refreshes the planner's statistics of the tables it filled: planned as the empty tables they were,
the next import's lookups would scan them (PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.i18n import lazy
from chainatlas.projects.template import RowError
from chainatlas.register.template import RegisterRow, columns, parse_row
from chainatlas.services.import_report import PROGRESS_ROWS, ImportProgress, ImportReport, quiet, read_template_rows
from chainatlas.services.register_clusters import place_in_clusters
from chainatlas.services.resolve import RESOLVER, Resolver
from chainatlas.store import tables
from chainatlas.store.batches import among, batches
from chainatlas.store.bulk import alias_row, analyse, insert_entities, insert_rows
from chainatlas.store.names import fold

SUBJECT = "enterprise"


def _facts(row: RegisterRow) -> dict[str, Any]:
    """The enterprise columns a row fills, as stored."""
    facts = {
        "name": fold(row.name),
        "region_code": row.county,
        "township_code": row.township,
        "industry_code": row.industry_code,
        "products": list(row.products) or None,
        "output_value": row.output_value,
        "employees": row.employees,
        "sme_class": row.sme_class,
    }
    return {k: v for k, v in facts.items() if v is not None}


def _duplicates(rows: Sequence[RegisterRow], column: str, sheet: str | None) -> list[RowError]:
    """Rows giving a credit code an earlier row gives: errors, the first row kept."""
    first: dict[str, int] = {}
    errors = []
    for row in rows:
        if row.credit_code in first:
            again = lazy("统一社会信用代码与第{row}行相同", row=first[row.credit_code])
            errors.append(RowError(sheet, row.row, column, again))
        first.setdefault(row.credit_code, row.row)
    return errors


class _Importer:
    """Writes the valid rows of one file: matches, updates in place, creates in bulk, logs aliases and audit."""

    def __init__(self, session: Session, actor: str, source: str) -> None:
        self.session, self.actor, self.source = session, actor, source
        self.at = dt.datetime.now(dt.UTC)
        self.aliases: list[dict[str, Any]] = []
        self.resolutions: list[dict[str, Any]] = []
        self.audits: list[dict[str, Any]] = []
        self.renamed: list[tuple[int, RegisterRow, str]] = []  # (firm, row, rule) whose name may be a new alias

    def stored(self, rows: Sequence[RegisterRow]) -> dict[str, tables.Enterprise]:
        """The stored firms of the rows' credit codes, by code (one query a batch)."""
        query = select(tables.Enterprise).where(among(self.session, tables.Enterprise.credit_code, "codes"))
        found: dict[str, tables.Enterprise] = {}
        for batch in batches([r.credit_code for r in rows]):
            found |= {f.credit_code or "": f for f in self.session.scalars(query, {"codes": batch})}
        return found

    def by_name(self, rows: Sequence[RegisterRow]) -> dict[int, tables.Enterprise]:
        """Row number → the enterprise without a credit code that the row's name resolves to (each taken once)."""
        found: dict[int, tables.Enterprise] = {}
        taken: set[int] = set()
        for batch in batches(rows):
            resolver = Resolver(self.session)
            resolver.prefetch(r.name for r in batch)
            for row in batch:
                entity = resolver.resolve(row.name, (SUBJECT,), region=row.county).entity
                if isinstance(entity, tables.Enterprise) and entity.credit_code is None and entity.id not in taken:
                    taken.add(entity.id)
                    found[row.row] = entity
        return found

    def where(self, row: RegisterRow) -> str:
        """The row as a source: ``register FILE sheet S row N``."""
        return f"{self.source} row {row.row}"

    def update(self, firm: tables.Enterprise, row: RegisterRow, rule: str) -> bool:
        """Write a row onto a stored firm; True when something changed (then audited, the row kept as source)."""
        facts = _facts(row) | {"credit_code": row.credit_code}  # the register's name outranks the news's
        changed = {k: [getattr(firm, k), v] for k, v in facts.items() if getattr(firm, k) != v}
        if not changed:
            return False
        for key, value in facts.items():
            setattr(firm, key, value)
        firm.register_source = self.where(row)
        self.log(firm.id, "update", changed)
        if "name" in changed or rule == "name":
            self.renamed.append((firm.id, row, rule))
        return True

    def alias_renamed(self) -> None:
        """Keep the register's name as an alias of each renamed firm that lacks it (its aliases read a batch at a
        time, not a query a row)."""
        a, held = tables.Alias, set[tuple[int, str]]()
        query = select(a.entity_id, a.alias).where(among(self.session, a.entity_id, "ids"))
        for batch in batches(sorted({firm for firm, _, _ in self.renamed})):
            held |= {(i, fold(alias)) for i, alias in self.session.execute(query, {"ids": batch})}
        for firm, row, rule in self.renamed:
            if (firm, fold(row.name)) not in held:
                held.add((firm, fold(row.name)))
                self._alias(firm, row, rule)

    def create(self, rows: Sequence[RegisterRow]) -> list[int]:
        """Insert the rows' new firms in bulk (entities with their register columns), each with alias and audit;
        their ids."""
        facts = [_facts(r) | {"credit_code": r.credit_code} for r in rows]
        made = [f | {"register_source": self.where(r)} for f, r in zip(facts, rows, strict=True)]
        ids = insert_entities(self.session, tables.Enterprise, made)
        for entity_id, row, change in zip(ids, rows, facts, strict=True):
            self._alias(entity_id, row, "new")
            self.log(entity_id, "create", {k: [None, v] for k, v in change.items()})
        return ids

    def _alias(self, entity_id: int, row: RegisterRow, rule: str) -> None:
        self.aliases.append(alias_row(entity_id, SUBJECT, row.name))
        self.resolutions.append(
            {
                "entity_id": entity_id,
                "name": row.name,
                "matched": None,
                "rule": "credit_code" if rule == "code" else rule,
                "decided_by": RESOLVER,
                "reason": self.where(row),
            }
        )

    def log(self, entity_id: int, action: str, change: dict[str, Any]) -> None:
        """Keep an audit entry of the firm `entity_id`, written by :meth:`flush`."""
        self.audits.append(
            {"at": self.at, "actor": self.actor, "subject_type": SUBJECT, "subject_id": entity_id,
             "action": action, "changes": change}
        )

    def flush(self) -> None:
        """Write the collected aliases, resolutions and audit entries, a batch at a time."""
        self.session.flush()
        for model, rows in ((tables.Alias, self.aliases), (tables.Resolution, self.resolutions),
                            (tables.AuditEntry, self.audits)):
            insert_rows(self.session, model, rows)


def import_register(
    session: Session, path: Path, actor: str, sheet: str | None = None, progress: ImportProgress = quiet
) -> ImportReport:
    """Import a register file (``.xlsx`` sheet, or CSV) in the caller's transaction; what it did. `progress`
    is told the rows read and stored.

    A file that cannot be read as the template raises :class:`TableError`; bad rows are reported.
    """
    report = ImportReport()
    read = read_template_rows(path, sheet, report, columns, parse_row, progress)
    duplicates = _duplicates(read.rows, read.written(lambda c: c.key == "credit_code"), read.sheet)
    report.errors.extend(duplicates)
    rows = [r for r in read.rows if r.row not in {e.row for e in duplicates}]
    source = f"register {path.name}" + (f" sheet {read.sheet}" if read.sheet is not None else "")
    importer = _Importer(session, actor, source)
    stored = importer.stored(rows)
    named = importer.by_name([r for r in rows if r.credit_code not in stored])
    new, placed = [], []
    for done, row in enumerate(rows, 1):
        firm, rule = (stored[row.credit_code], "code") if row.credit_code in stored else (named.get(row.row), "name")
        if firm is None:
            new.append(row)
        elif importer.update(firm, row, rule):
            report.updated += 1
        else:
            report.unchanged += 1
        if firm is not None:
            placed.append((firm.id, row))
        if done % PROGRESS_ROWS == 0:
            progress("store", done - len(new), len(rows))
    importer.alias_renamed()
    placed += zip(importer.create(new), new, strict=True)
    report.created = len(new)
    place_in_clusters(session, placed, importer.where, importer.log)
    importer.flush()
    if report.created:
        analyse(session, tables.Entity, tables.Enterprise, tables.Alias, tables.Resolution, tables.Membership)
    report.errors.sort(key=lambda e: e.row)
    progress("store", len(rows), len(rows))
    report.log("register", path, actor)
    return report
