"""How an atlas page answers: the page rendered, a 404 page saying what was not found, a table as
a file (`?format=csv|xlsx`, `&table=NAME`), a pager's window, a township's name told apart by its county."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from chainatlas.i18n import _
from chainatlas.paging import Window, numbered
from chainatlas.services.places import county_of_town
from chainatlas.web.deps import templates_of
from chainatlas.web.exports import Grid, download


class Missing(Exception):
    """A parameter naming nothing in the store: answered with a 404 page."""


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """The template filled with `context`, answered with `status`."""
    response: HTMLResponse = templates_of(request).TemplateResponse(request, template, context, status_code=status)
    return response


def missing(request: Request, error: Exception) -> HTMLResponse:
    """The 404 page saying `error`."""
    return render(request, "error.html", {"message": str(error), "status": 404}, 404)


def answer(
    request: Request, template: str, grids: Sequence[Grid], context: dict[str, Any], fmt: str | None, table: str | None
) -> Response:
    """The page, or with `fmt` the grid named `table` (by default the first) as a file."""
    if fmt is None:
        return render(request, template, {**context, "grids": {g.name: g for g in grids}})
    chosen = [g for g in grids if table in (None, g.name)][:1]
    if not chosen:
        names = ", ".join(g.name for g in grids)
        asked = _("本页没有表格“{table}”；&table= 可取：{names}").format(table=table, names=names)
        return missing(request, Missing(asked))
    return download(chosen[0], fmt)


def page_of(asked: int, total: int, size: int) -> tuple[Window, dict[str, int]]:
    """The window of page `asked` of `total` rows, and the page and pages its pager shows."""
    window, page, pages = numbered(asked, total, size)
    return window, {"page": page, "pages": pages}


def town_label(db: Session, code: str, name: str) -> str:
    """A township's name with its county's, to tell same-named towns apart (王店镇（秀洲区）); a county's as it is."""
    county = county_of_town(db, code)
    return _("%(town)s（%(county)s）") % {"town": name, "county": county.name} if county else name
