"""What the resolver reads from the store, cached for one document (one session, one transaction).

Within a document's transaction the store changes only by the writer's hand, so each
lookup is made once: aliases by normalised name, by stem (short-name types only) and
by entity, user decisions by folded form, and entities by id, each fetched for many
keys in one indexed query (bound as one array on PostgreSQL: `batches.among`). An alias the writer adds is
inserted at once and appended to the lists already cached, so a cached answer is always what the database would
give.
The lookups run on the session's connection without autoflush: none of them reads what
pending ORM changes (entity names, regions) would alter.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from operator import attrgetter
from typing import Any, NamedTuple

from sqlalchemy import CursorResult, Executable, bindparam, insert, select
from sqlalchemy.orm import Session, with_polymorphic

from chainatlas.store import tables
from chainatlas.store.batches import among
from chainatlas.store.names import normalise, stem, written_place

# A user decision: kind, left and right folded names.
DecisionRow = tuple[str, str, str]

_ALIASES = tables.Base.metadata.tables[tables.Alias.__tablename__]
_ALIAS_ROWS = select(
    tables.Alias.id,
    tables.Alias.entity_id,
    tables.Alias.entity_type,
    tables.Alias.alias,
    tables.Alias.normalised,
    tables.Alias.stem,
    tables.Alias.place_code,
).order_by(tables.Alias.id)
_EVERY_ENTITY = with_polymorphic(tables.Entity, "*")


class _Statements(NamedTuple):
    """The lookups' statements for one session's database; their key lists are bound when run (`among`)."""

    by_name: Executable
    by_entity: Executable
    decisions: Executable
    entities: Executable
    regions: Executable


def _statements(session: Session) -> _Statements:
    a, d = tables.Alias, tables.Decision
    return _Statements(
        by_name=_ALIAS_ROWS.where(
            among(session, a.normalised, "keys")
            | (among(session, a.stem, "stems") & a.entity_type.in_(bindparam("types", expanding=True)))
        ),
        by_entity=_ALIAS_ROWS.where(among(session, a.entity_id, "ids")),
        decisions=select(d.kind, d.left, d.right).where(
            among(session, d.left, "forms") | among(session, d.right, "forms")
        ),
        entities=select(_EVERY_ENTITY).where(among(session, _EVERY_ENTITY.id, "ids")),
        regions=select(tables.Region.code).where(among(session, tables.Region.code, "codes")),
    )


class StoredAlias(NamedTuple):
    """An `entity_aliases` row as the resolver reads it."""

    id: int
    entity_id: int
    entity_type: str
    alias: str
    normalised: str
    stem: str | None
    place_code: str | None


class Lookups:
    """The store's aliases, decisions, entities and regions, each looked up once per document."""

    def __init__(self, session: Session, stem_types: Collection[str]) -> None:
        self.session = session
        self.stem_types = stem_types
        self.statements = _statements(session)
        self._by_key: dict[str, list[StoredAlias]] = {}
        self._by_stem: dict[str, list[StoredAlias]] = {}
        self._by_entity: dict[int, list[StoredAlias]] = {}
        self._decisions: dict[str, list[DecisionRow]] = {}
        self._entities: dict[int, tables.Entity] = {}
        self._regions: dict[str, bool] = {}

    def _run(self, statement: Executable, **lists: Collection[Any]) -> CursorResult[Any]:
        """Run a prepared statement on the session's connection with its lists bound."""
        return self.session.connection().execute(statement, {name: list(items) for name, items in lists.items()})

    def load(self, keys: Iterable[str], stems: Iterable[str] = ()) -> None:
        """Fetch, in one query, the aliases of normalised names `keys` and of `stems` not yet cached."""
        # membership tests, not `set - dict.keys()`, which walks the whole (growing) cache each time
        keys = {k for k in keys if k not in self._by_key}
        stems = {s for s in stems if s not in self._by_stem}
        if not keys and not stems:
            return
        self._by_key.update((key, []) for key in keys)
        self._by_stem.update((s, []) for s in stems)
        found = self._run(self.statements.by_name, keys=keys, stems=stems, types=self.stem_types)
        for row in map(StoredAlias._make, found):
            if row.normalised in keys:
                self._by_key[row.normalised].append(row)
            if row.stem in stems and row.entity_type in self.stem_types:
                self._by_stem[row.stem].append(row)

    def same_key(self, keys: Collection[str]) -> list[StoredAlias]:
        """The aliases whose normalised name is one of `keys`, in the order they were stored."""
        self.load(keys)
        return sorted((row for key in keys for row in self._by_key[key]), key=attrgetter("id"))

    def same_stem(self, key_stem: str) -> list[StoredAlias]:
        """The aliases of the short-name types with stem `key_stem`, in the order they were stored."""
        self.load((), [key_stem])
        return self._by_stem[key_stem]

    def held(self, entity_ids: Iterable[int]) -> dict[int, list[StoredAlias]]:
        """Every alias of the entities, by entity, in the order they were stored."""
        ids = set(entity_ids)
        if missing := {i for i in ids if i not in self._by_entity}:
            self._by_entity.update((i, []) for i in missing)
            for row in map(StoredAlias._make, self._run(self.statements.by_entity, ids=missing)):
                self._by_entity[row.entity_id].append(row)
        return {i: self._by_entity[i] for i in ids}

    def decisions(self, forms: Collection[str]) -> set[DecisionRow]:
        """The user decisions with one of the folded `forms` on either side."""
        if missing := {f for f in forms if f not in self._decisions}:
            self._decisions.update((form, []) for form in missing)
            for kind, left, right in map(tuple, self._run(self.statements.decisions, forms=missing)):
                for side in {left, right} & missing:
                    self._decisions[side].append((kind, left, right))
        return {row for form in forms for row in self._decisions[form]}

    def entities(self, entity_ids: Iterable[int]) -> None:
        """Load the entities not yet at hand, with their subtype's columns, in one query."""
        if missing := {i for i in entity_ids if i not in self._entities}:
            with self.session.no_autoflush:
                found = self.session.scalars(self.statements.entities, {"ids": list(missing)})
                self._entities.update((entity.id, entity) for entity in found)

    def entity(self, entity_id: int) -> tables.Entity:
        """The stored entity with id `entity_id`."""
        self.entities([entity_id])
        return self._entities[entity_id]

    def regions(self, codes: Iterable[str]) -> None:
        """Look up, in one query, which of the region codes not yet asked about are stored."""
        if missing := {c for c in codes if c not in self._regions}:
            stored = set(self._run(self.statements.regions, codes=missing).scalars())
            self._regions.update((code, code in stored) for code in missing)

    def is_region(self, code: str) -> bool:
        """True when the regions taxonomy holds `code`."""
        self.regions([code])
        return self._regions[code]

    def stored_region(self, code: str) -> None:
        """Note a region row the writer has just added."""
        self._regions[code] = True

    def created(self, entity: tables.Entity) -> None:
        """Note an entity the writer has just added and flushed: known, and without aliases."""
        self._entities[entity.id] = entity
        self._by_entity[entity.id] = []

    def add_alias(self, entity: tables.Entity, name: str) -> None:
        """Store `name` as an alias of `entity`, with its normalised form, stem and written place."""
        key = normalise(name)
        values: dict[str, Any] = {
            "entity_id": entity.id,
            "entity_type": entity.type,
            "alias": name,
            "normalised": key,
            "stem": stem(key),
            "place_code": written_place(name),
        }
        alias_id = self.session.connection().execute(insert(_ALIASES).returning(_ALIASES.c.id), values).scalar_one()
        row = StoredAlias(id=alias_id, **values)
        for cache, at in ((self._by_key, key), (self._by_entity, entity.id)):
            _append(cache, at, row)
        if entity.type in self.stem_types:
            _append(self._by_stem, row.stem, row)


def _append(cache: dict[Any, list[StoredAlias]], at: object, row: StoredAlias) -> None:
    """Add a new row to a cached list; a list not cached is read from the database when asked for."""
    if (rows := cache.get(at)) is not None:
        rows.append(row)

