"""Writing many rows at once: new entities with their subtype rows, their aliases, and any table's rows.

The importers (project registry, enterprise register) create thousands of entities per file; the ORM's unit of
work, flushed once an entity to learn its id, spends milliseconds on each. Here the rows go in a batch at a time:
on SQLite as one multi-row ``INSERT`` (entities ``INSERT … RETURNING`` their ids in order), on PostgreSQL through
``COPY`` (entity ids drawn from their sequence first), which spends a fraction of the client's and the server's
time an ``INSERT`` of the same rows does. Both run in the session's transaction.

A table filled in bulk is then described to the planner (:func:`analyse`): until autovacuum gets to it, PostgreSQL's
may take a table of 100,000 rows for an empty one and look keys up by scanning it once a key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from chainatlas.store import tables
from chainatlas.store.batches import batches
from chainatlas.store.names import normalise, stem, written_place

_ENTITIES = tables.Base.metadata.tables[tables.Entity.__tablename__]
_NEW_ENTITY = insert(_ENTITIES).returning(_ENTITIES.c.id, sort_by_parameter_order=True)


def _postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _table(table: Table | type[tables.Base]) -> Table:
    return table if isinstance(table, Table) else tables.Base.metadata.tables[table.__tablename__]


def insert_entities(session: Session, cls: type[tables.Entity], rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert new entities of `cls`, each row holding its entity columns (name, region_code) and those of its
    subtype table (missing ones NULL); their ids, in the order of `rows`."""
    kind = str(cls.__mapper__.polymorphic_identity)
    own = tables.Base.metadata.tables[cls.__tablename__]
    columns = [c.name for c in own.columns if c.name != "id"]
    ids: list[int] = []
    for batch in batches(rows):
        heads = [{"type": kind, "name": r["name"], "region_code": r.get("region_code")} for r in batch]
        if _postgresql(session):
            made = _next_ids(session, len(batch))
            insert_rows(session, _ENTITIES, [{"id": i} | h for i, h in zip(made, heads, strict=True)])
        else:
            made = list(session.execute(_NEW_ENTITY, heads).scalars())
        details = [{c: r.get(c) for c in columns} | {"id": i} for i, r in zip(made, batch, strict=True)]
        insert_rows(session, own, details)
        ids += made
    return ids


def _next_ids(session: Session, count: int) -> list[int]:
    """`count` new entity ids from the entities' sequence, ascending (one query)."""
    drawn = session.execute(
        select(func.nextval(func.pg_get_serial_sequence(_ENTITIES.name, "id"))).select_from(
            func.generate_series(1, count)
        )
    )
    return sorted(drawn.scalars())


def alias_row(entity_id: int, entity_type: str, name: str) -> dict[str, Any]:
    """An `entity_aliases` row: `name` with the normalised form, stem and written place the resolver matches on."""
    key = normalise(name)
    return {"entity_id": entity_id, "entity_type": entity_type, "alias": name, "normalised": key,
            "stem": stem(key), "place_code": written_place(name)}  # fmt: skip


def insert_rows(session: Session, table: Table | type[tables.Base], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (each with the first row's keys) into a table (or a model's table): a batch a statement on
    SQLite, one ``COPY`` on PostgreSQL; a column they leave out takes its default."""
    target = _table(table)
    if not rows:
        return
    if _postgresql(session):
        _copy(session, target, rows)
        return
    for batch in batches(rows):
        session.execute(insert(target), batch)


def _copy(session: Session, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """``COPY`` `rows` into `table` on the session's PostgreSQL connection: the values bound as an ``INSERT``
    binds them (each column type's processing, a Python-side default for a column left out)."""
    dialect = session.get_bind().dialect
    given = list(rows[0])
    defaults = {c.name: c.default.arg for c in table.columns
                if c.name not in given and isinstance(c.default, ScalarElementColumnDefault)}  # fmt: skip
    columns = [table.c[name] for name in given + list(defaults)]
    bind = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    quote = dialect.identifier_preparer
    names = ", ".join(quote.quote(c.name) for c in columns)
    session.flush()
    driver = session.connection().connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(f"COPY {quote.format_table(table)} ({names}) FROM STDIN") as copy:
        for row in rows:
            values = [row[k] for k in given] + list(defaults.values())
            copy.write_row([v if p is None else p(v) for p, v in zip(bind, values, strict=True)])


def analyse(session: Session, *filled: Table | type[tables.Base]) -> None:
    """Refresh the planner's statistics of tables just filled in bulk, in the session's transaction."""
    session.flush()
    names = [_table(t).name for t in filled]
    for statement in [", ".join(names)] if _postgresql(session) else names:  # SQLite analyses one a statement
        session.connection().exec_driver_sql(f"ANALYZE {statement}")
