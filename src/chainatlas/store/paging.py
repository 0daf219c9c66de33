"""A list cut in the database: the rows of a query in a window (`chainatlas.paging.Window`) and the total the
whole query gives."""

from __future__ import annotations

from typing import TypeVarTuple

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session

from chainatlas.paging import Window

Ts = TypeVarTuple("Ts")


def count(session: Session, query: Select[*Ts]) -> int:
    """How many rows `query` gives."""
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def rows(session: Session, query: Select[*Ts], window: Window) -> list[Row[*Ts]]:
    """The rows of `query` (ordered) in `window`."""
    return list(session.execute(query.limit(window.limit).offset(window.offset)))
