"""What every table shares: the naming convention, name and code columns, UTC moments, vocabulary checks, the
declarative base."""

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    MetaData,
    String,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


NAME = String(300)


CODE = String(12)


def one_of(column: str, words: Iterable[str], *, nullable: bool = False) -> CheckConstraint:
    """A CHECK that `column` holds a word of its vocabulary (or NULL, when `nullable`), named `ck_<table>_<column>`."""
    listed = f"{column} IN ({', '.join(repr(str(word)) for word in words)})"
    return CheckConstraint(f"{column} IS NULL OR {listed}" if nullable else listed, name=column)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment that must carry its time zone, stored in UTC and read back in UTC on both backends.

    SQLite keeps no zone (its values are UTC); PostgreSQL's `timestamptz` does.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"time {value.isoformat()} has no time zone")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}

