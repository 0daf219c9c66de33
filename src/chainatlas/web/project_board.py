"""The project board: projects by the stage reached, filtered by zone, county, kind and status, a page at
a time, with the selection's roll-up and the table behind the board (`?format=csv|xlsx`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from chainatlas.i18n import _
from chainatlas.paging import numbered
from chainatlas.projects.labels import stage_name
from chainatlas.projects.model import KIND_NAMES, STAGES, Kind
from chainatlas.projects.rollup import rollup
from chainatlas.services.project_registry import count_projects, project_records
from chainatlas.services.project_views import Followed, benchmarks, followed
from chainatlas.web.deps import (
    Db,
    ReadUser,
    settings_of,
)
from chainatlas.web.exports import Cell, Grid
from chainatlas.web.page_answers import render
from chainatlas.web.page_params import (
    choice_param,
    date_param,
    download_asked,
)
from chainatlas.web.project_labels import (
    STALLED,
    STATUS_NAMES,
    idle_text,
    money,
    status_text,
    total_text,
)

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Column:
    """One stage of the board: its label and the projects whose last reached stage it is."""

    stage: str
    label: str
    cards: list[Followed]


def _board_grid(items: list[Followed]) -> Grid:
    grid = Grid(
        "projects",
        [
            _("项目"), _("类型"), _("园区"), _("县（市、区）"),
            _("总投资"), _("已达阶段"), _("日期"),
            _("下一阶段"), _("应完成"), _("状态"),
        ],
        names=frozenset({0, 2, 3}),
    )  # fmt: skip
    for item in items:
        project, timeliness = item.project, item.timeliness
        grid.add(
            Cell(project.name, f"/projects/{project.id}"),
            _(KIND_NAMES[project.kind]),
            project.zone,
            project.county,
            money(project.investment),
            stage_name(timeliness.last_stage),
            timeliness.last_date.isoformat() if timeliness.last_date else "",
            stage_name(timeliness.next_stage) if timeliness.next_stage else "",
            timeliness.due.isoformat() if timeliness.due else "",
            status_text(item),
        )
    return grid


class _Filters(TypedDict):
    """The board's selection as the store's project queries take it."""

    kind: Kind | None
    zone: str | None
    county: str | None


def _has_status(item: Followed, status: str) -> bool:
    """Whether the project is in `status` (a key of `STATUS_NAMES`: a timeliness status, or stalled)."""
    return item.timeliness.stalled if status == STALLED else item.timeliness.status == status


def _columns(items: list[Followed]) -> list[tuple[Kind, list[Column]]]:
    """Per kind present, its stages in order (not started first), each with the projects that reached it last."""
    board = []
    for kind in Kind:
        mine = [i for i in items if i.project.kind is kind]
        if mine:
            stages: list[str | None] = [None, *STAGES[kind]]
            columns = [
                Column(stage or "", stage_name(stage), [i for i in mine if i.timeliness.last_stage == stage])
                for stage in stages
            ]
            board.append((kind, columns))
    return board


@router.get("/projects", response_class=HTMLResponse)
def project_board(
    request: Request,
    user: ReadUser,
    db: Db,
    zone: str | None = None,
    county: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    today: str | None = None,
    format: str | None = None,
    page: int = 1,
) -> Response:
    """Projects by the stage reached, a page (the settings' `page_size`) at a time cut by the store, with the whole
    selection's roll-up and the table behind the board."""
    day = date_param(today)
    chosen_kind = choice_param(kind, (k.value for k in Kind), "kind")
    chosen_status = choice_param(status, STATUS_NAMES, "status")
    filters = _Filters(kind=Kind(chosen_kind) if chosen_kind else None, zone=zone or None, county=county or None)
    size = settings_of(request).page_size
    if chosen_status:  # timeliness is judged per project: the judged selection is paged here
        every = [i for i in followed(db, day, **filters) if _has_status(i, chosen_status)]
        window, number, pages = numbered(page, len(every), size)
        items, projects = every[window.offset : window.offset + size], [i.project for i in every]
    else:
        window, number, pages = numbered(page, count_projects(db, **filters), size)
        items, projects = followed(db, day, **filters, window=window), project_records(db, **filters)
    grid = _board_grid(items)
    if (exported := download_asked(grid, format)) is not None:
        return exported
    summary = rollup(projects, day, "city", benchmarks(db))
    return render(
        request,
        "projects.html",
        {
            "grid": grid,
            "page": number,
            "pages": pages,
            "board": _columns(items),
            "summary": summary[0] if summary else None,
            "money": money,
            "total": total_text,
            "idle": idle_text,
            "kinds": KIND_NAMES,
            "statuses": STATUS_NAMES,
            "today": day.isoformat(),
            "asked": {
                "zone": zone or "",
                "county": county or "",
                "kind": chosen_kind or "",
                "status": chosen_status or "",
            },
        },
    )
