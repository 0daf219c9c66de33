"""Tables shown on a page, downloadable as CSV or Excel with exactly the page's columns and cells.

A page builds one :class:`Grid` per table and hands the same object to its template and, when the
request asks `?format=csv` or `?format=xlsx`, to :func:`download`: what is downloaded is what is shown, except
that a cell a spreadsheet could read as a formula (a name such as `=HYPERLINK(…)`) gets a leading `'`
(`spreadsheet.neutralise`), so that opening the file runs nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from urllib.parse import quote

import openpyxl
from fastapi import HTTPException
from fastapi.responses import Response
from markupsafe import Markup, escape
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from chainatlas.spreadsheet import neutralise

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell as shown: its text, a link the page puts on it (not exported), and the names and quotations in its
    text, which read the same in every language (marked `translate="no"` on the page)."""

    text: str
    href: str | None = None
    names: tuple[str, ...] = ()


@dataclass(slots=True)
class Grid:
    """A titled table: header texts, rows of cells, and the columns that hold names or quoted text."""

    name: str  # file name without extension, e.g. "clusters"
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    names: frozenset[int] = frozenset()  # column indexes shown as written (translate="no")

    def add(self, *cells: Cell | str | None) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell("" if c is None else str(c)) for c in cells])


def shown(cell: Cell) -> Markup:
    """The cell's text for HTML, each of its names marked `translate="no"`."""
    if not cell.names:
        return escape(cell.text)
    pattern = re.compile("|".join(re.escape(n) for n in sorted(set(cell.names), key=len, reverse=True) if n))
    parts, at = [], 0
    for match in pattern.finditer(cell.text):
        parts += [escape(cell.text[at : match.start()]), Markup('<span translate="no">%s</span>') % match.group()]
        at = match.end()
    return Markup("").join([*parts, escape(cell.text[at:])])


def _lines(grid: Grid) -> list[list[str]]:
    """The header and the rows' texts, each neutralised."""
    return [[neutralise(h) for h in grid.header], *([neutralise(c.text) for c in row] for row in grid.rows)]


def _csv(grid: Grid) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_lines(grid))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read the Chinese right


def _xlsx(grid: Grid) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = grid.name[:31]
    for line in _lines(grid):  # control characters XML cannot hold are left out, not a 500
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", text) for text in line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(grid: Grid, fmt: str) -> Response:
    """The grid as a file in `fmt` (csv or xlsx); 400 for any other format."""
    if fmt not in FORMATS:
        raise HTTPException(status_code=400, detail=f"format must be csv or xlsx, not {fmt!r}")
    content = _csv(grid) if fmt == "csv" else _xlsx(grid)
    filename = f"{grid.name}.{fmt}"
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=FORMATS[fmt], headers={"Content-Disposition": disposition})
