"""The parameters of the project, document and search pages as written in a URL or a form: ids and page
numbers, dates, choices among fixed values, `?format=` downloads; anything else answers 400 or 404, never 500."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated

from fastapi import Form, HTTPException
from fastapi.responses import Response

from chainatlas.i18n import _
from chainatlas.ids import MAX_ID
from chainatlas.web.exports import Grid, download

FormText = Annotated[str, Form()]


Token = Annotated[str | None, Form()]


def http_error(status: int, detail: str) -> HTTPException:
    return HTTPException(status_code=status, detail=detail)


def whole_number(text: str, what: str, status: int = 404) -> int:
    """An id or page number as written in a URL: `status` (404) unless it is a whole number an id column holds."""
    if not (text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= MAX_ID):
        raise http_error(status, f"no {what} {text!r}")
    return int(text)


def date_param(text: str | None, what: str = "today") -> dt.date:
    """A YYYY-MM-DD parameter (today's date when empty); 400 when it is no date."""
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        asked = _("参数 {what} 须为 YYYY-MM-DD 格式的日期，而不是“{text}”")
        raise http_error(400, asked.format(what=what, text=text)) from None


def choice_param(value: str | None, allowed: Iterable[str], what: str) -> str | None:
    """An optional parameter that must be one of `allowed`; 400 otherwise."""
    if not value:
        return None
    options = list(allowed)
    if value not in options:
        asked = _("参数 {what} 须为{options}之一，而不是“{value}”")
        raise http_error(400, asked.format(what=what, options=", ".join(options), value=value))
    return value


def download_asked(grid: Grid, fmt: str | None) -> Response | None:
    """The download of `grid` when the request asks `?format=`, else None."""
    return download(grid, fmt) if fmt else None
