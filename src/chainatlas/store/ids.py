"""Record ids: the range the store's INTEGER columns hold, an id as a user writes it (`#12`), and the ids of an
entity subtype."""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, select

from chainatlas.store import tables

# The largest id (and offset) the store's INTEGER columns hold (PostgreSQL's int4): a larger one is never handed to
# the database (SQLite overflows past 2⁶³ and the query fails).
MAX_ID = 2**31 - 1
_WRITTEN = re.compile(r"#(\d+)")  # any decimal digits, full-width ones too (int reads them)


def written_id(text: str) -> int | None:
    """The id of a record written `#ID` (decimal digits, at most MAX_ID), else None: the text names no id a record
    can have (`#²`, `#99999999999999999999`) and is looked up as a name."""
    found = _WRITTEN.fullmatch(text)
    if found is None or len(found.group(1)) > len(str(MAX_ID)):
        return None
    number = int(found.group(1))
    return number if number <= MAX_ID else None


def of_subtype(subtype: type[tables.Entity]) -> ColumnElement[bool]:
    """Entities of this subtype (clusters, projects…), found from its own table: a query on a few thousand of
    them then never scans every entity of a national store (SQLite), nor walks them all in a merge join
    (PostgreSQL), as the joined entities-and-subtype select alone may."""
    return tables.Entity.id.in_(select(subtype.__table__.c.id))
