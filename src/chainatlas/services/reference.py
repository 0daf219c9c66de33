"""Loading the bundled reference taxonomies (regions, GB/T 4754 industries) into the store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from chainatlas import reference
from chainatlas.store import tables


@dataclass(frozen=True, slots=True)
class ReferenceCounts:
    """Rows added by one load (zero on a store that already has them)."""

    regions: int
    industries: int


def _insert_missing(session: Session, table: Any, key: Any, rows: Iterable[dict[str, Any]]) -> int:
    """Insert the rows whose key is not stored yet, the first of any duplicates; the count added."""
    seen = set(session.scalars(select(key)))
    new = []
    for row in rows:
        if row[key.key] not in seen:
            seen.add(row[key.key])
            new.append(row)
    if new:
        session.execute(insert(table), new)
    return len(new)


def load_reference(session: Session) -> ReferenceCounts:
    """Add the bundled regions and industries that are missing; idempotent, and safe to run twice at once
    in writing transactions (`Store.transaction`: they take turns)."""
    # Parents sort before their children: 330400 < 330411, C < 13 < 131 < 1311. A city
    # without counties (东莞市) is listed twice, as its own county: the prefecture row wins.
    regions = sorted(reference.load_regions(), key=lambda r: (len(r.code), r.code, r.parent_code == r.code))
    industries = sorted(reference.load_industries(), key=lambda i: (len(i.code), i.code))
    return ReferenceCounts(
        regions=_insert_missing(
            session,
            tables.Region,
            tables.Region.code,
            (
                {
                    "code": r.code,
                    "name": r.name,
                    "level": r.level,
                    "parent_code": r.parent_code,
                    "functional": r.functional,
                }
                for r in regions
            ),
        ),
        industries=_insert_missing(
            session,
            tables.Industry,
            tables.Industry.code,
            (
                {"code": i.code, "name": i.name, "level": i.level, "parent_code": i.parent_code}
                for i in industries
            ),
        ),
    )
