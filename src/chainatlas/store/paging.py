"""One page of a list, cut in the database: the rows of a window and the total the whole query gives.

Every list the shells show pages through here: the API by `limit`/`offset`, the web pages by page number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVarTuple

from sqlalchemy import Row, Select, func, select
from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class Window:
    """At most `limit` rows (None: all) after the first `offset`."""

    limit: int | None
    offset: int = 0

    @classmethod
    def page(cls, number: int, size: int) -> Window:
        """Page `number` (from 1) of `size` rows."""
        return cls(size, (number - 1) * size)


EVERYTHING = Window(None)
Ts = TypeVarTuple("Ts")


def page_count(total: int, size: int) -> int:
    """How many pages of `size` rows `total` rows fill; one for none."""
    return max(1, -(-total // size))


def numbered(asked: int, total: int, size: int) -> tuple[Window, int, int]:
    """Page `asked` of `total` rows, `size` a page, kept within the first and the last: its window, its number
    and how many pages there are."""
    pages = page_count(total, size)
    page = min(max(asked, 1), pages)
    return Window.page(page, size), page, pages


def count(session: Session, query: Select[*Ts]) -> int:
    """How many rows `query` gives."""
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def rows(session: Session, query: Select[*Ts], window: Window) -> list[Row[*Ts]]:
    """The rows of `query` (ordered) in `window`."""
    return list(session.execute(query.limit(window.limit).offset(window.offset)))
