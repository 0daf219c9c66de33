"""Many rows or keys sent to the database a batch at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import QueryableAttribute, Session

# Keys per IN list, rows per INSERT: under SQLite's and PostgreSQL's bound-parameter limits.
BATCH = 5_000
T = TypeVar("T")


def batches(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last one shorter), read lazily (itertools.batched, Python 3.12)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def among(session: Session, column: ColumnElement[Any] | QueryableAttribute[Any], name: str) -> ColumnElement[bool]:
    """`column` is one of the keys bound as `name` (a list): on PostgreSQL ``= ANY(array)``, one parameter however
    many keys, whose plan finds the keys through the column's index even when cached for the statement's next
    runs; elsewhere ``IN (…)``, a parameter a key."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(column.expression.type)))
    return column.in_(bindparam(name, expanding=True))
