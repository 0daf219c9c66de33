"""What the JSON API's routers share: paging, the `today` parameter and error answers.

Every list answers `{"items": [...], "total": N, "limit": L, "offset": O}` (a profile's lists and the lists
behind them add `"next"`: the address of the next page, null on the last): `limit` 1–500 (default 50),
`offset` 0–2³¹−1, anything else a 422; so is an id outside 1–2³¹−1 (`StoreId`, `IdFilter`). An id in the
path that names nothing is a 404; a query parameter the store cannot answer (an unknown area, subject or
dataset) is a 400; all carry `{"detail": "…"}`, in the request's language where the atlas words it itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Annotated, Any, Generic, NoReturn, TypeVar

from fastapi import Depends, HTTPException, Query
from pydantic import BaseModel
from starlette.datastructures import URL

from chainatlas.i18n import N_, _
from chainatlas.ids import MAX_ID
from chainatlas.paging import Window

T = TypeVar("T")
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    """One page of a list: its items, how many there are in all, and the page asked for."""

    items: list[T]
    total: int
    limit: int
    offset: int


class Linked(Page[T], Generic[T]):
    """A page with the address of the next one (None on the last): follow `next` to reach every item once."""

    next: str | None


@dataclass(frozen=True, slots=True)
class Paging(Window):
    """The page asked for: at most `limit` items after the first `offset` (the store cuts it as a `Window`)."""

    limit: int
    offset: int = 0

    def window(self, items: Sequence[T], total: int) -> Page[T]:
        """A page the database cut already: its items and the total it counted."""
        return Page[T](items=list(items), total=total, limit=self.limit, offset=self.offset)

    def linked(self, items: Sequence[T], total: int, at: URL | str) -> Linked[T]:
        """A page the database cut already, with the address (path and query of `at`) of the next one."""
        following = self.offset + self.limit
        url = URL(str(at)).include_query_params(limit=self.limit, offset=following)
        after = f"{url.path}?{url.query}" if following < total else None
        return Linked[T](items=list(items), total=total, limit=self.limit, offset=self.offset, next=after)

    def of(self, items: Sequence[T]) -> Page[T]:
        """This page of `items`, with their total."""
        return Page[T](
            items=list(items[self.offset : self.offset + self.limit]),  # a list computed whole, not a query
            total=len(items),
            limit=self.limit,
            offset=self.offset,
        )


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_ID, description="items skipped")] = 0,
) -> Paging:
    return Paging(limit, offset)


def on_day(
    today: Annotated[dt.date | None, Query(description="the day to judge on (default: today)")] = None,
) -> dt.date:
    return today or dt.date.today()


PageOf = Annotated[Paging, Depends(paging)]
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_ID, description="only those of the record with this id")]
Today = Annotated[dt.date, Depends(on_day)]


def fields_of(record: Any) -> dict[str, Any]:
    """A dataclass's fields by name, values as they are (nested dataclasses kept)."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


NO_SUCH = {"cluster": N_("没有编号为{id}的集群"), "enterprise": N_("没有编号为{id}的企业"),
           "platform": N_("没有编号为{id}的平台"), "document": N_("没有编号为{id}的文档")}  # fmt: skip


def no_such(kind: str, record_id: int | str) -> str:
    """That no record of `kind` has the id, in the reader's language."""
    return _(NO_SUCH[kind]).format(id=record_id) if kind in NO_SUCH else f"no {kind} #{record_id}"


def not_found(error: Exception | str) -> NoReturn:
    raise HTTPException(status_code=404, detail=str(error))


def bad_request(error: Exception | str) -> NoReturn:
    raise HTTPException(status_code=400, detail=str(error))
