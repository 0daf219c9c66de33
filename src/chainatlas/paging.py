"""One page of a list: the window of rows a page shows, and page numbers kept within the pages there are.

Pure values, shared by the store (which cuts a query to a `Window` in SQL, `chainatlas.store.paging`) and the
shells (the API pages by `limit`/`offset`, the web pages by page number).
"""

from __future__ import annotations

from dataclasses import dataclass


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


def page_count(total: int, size: int) -> int:
    """How many pages of `size` rows `total` rows fill; one for none."""
    return max(1, -(-total // size))


def numbered(asked: int, total: int, size: int) -> tuple[Window, int, int]:
    """Page `asked` of `total` rows, `size` a page, kept within the first and the last: its window, its number
    and how many pages there are."""
    pages = page_count(total, size)
    page = min(max(asked, 1), pages)
    return Window.page(page, size), page, pages
