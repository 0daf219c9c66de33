"""A project's page: its facts, a timeline of planned and actual stage dates with their sources (and its
chart), timeliness, service requests and audit log."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from chainatlas.i18n import _
from chainatlas.projects.labels import basis_text, stage_name
from chainatlas.projects.model import CAUSES, KIND_NAMES, STAGES, Dated, ProjectRecord
from chainatlas.projects.timeliness import Timeliness, assess
from chainatlas.services.audit_log import project_history
from chainatlas.services.desk import PENDING, STATUS_NAMES, list_requests
from chainatlas.services.documents import claim_documents
from chainatlas.services.project_registry import ProjectError, project_record
from chainatlas.services.project_views import Followed, benchmarks
from chainatlas.web.audit_view import log_row
from chainatlas.web.deps import (
    Db,
    ReadUser,
)
from chainatlas.web.figure_cells import claim_href
from chainatlas.web.page_answers import render
from chainatlas.web.page_params import (
    date_param,
    http_error,
    whole_number,
)
from chainatlas.web.project_labels import (
    chain_name_of,
    money,
    node_name_of,
    status_text,
)

router = APIRouter(include_in_schema=False)


_CLAIM_SOURCE = re.compile(r"claim #(\d+)")


@dataclass(frozen=True, slots=True)
class DateShown:
    """A stage date as the page shows it: the text, its source and the link to the claim behind it."""

    text: str
    source: str
    href: str | None


@dataclass(frozen=True, slots=True)
class StageRow:
    stage: str
    label: str
    planned: DateShown | None
    actual: DateShown | None
    late_days: int | None


def _shown(dated: Dated | None, documents: dict[int, int]) -> DateShown | None:
    if dated is None:
        return None
    found = _CLAIM_SOURCE.match(dated.source)
    claim = int(found.group(1)) if found else None
    href = claim_href(documents[claim], claim) if claim is not None and claim in documents else None
    return DateShown(dated.text, dated.source, href)


def _cited(record: ProjectRecord) -> set[int]:
    """The ids of the claims the record's dates cite."""
    return {
        int(found.group(1))
        for s in record.stages
        for dated in (s.planned, s.actual)
        if dated is not None and (found := _CLAIM_SOURCE.match(dated.source))
    }


def _timeline(db: Session, record: ProjectRecord, late: dict[str, int]) -> list[StageRow]:
    documents = claim_documents(db, _cited(record))
    return [
        StageRow(
            s.stage, stage_name(s.stage), _shown(s.planned, documents), _shown(s.actual, documents), late.get(s.stage)
        )
        for s in record.stages
    ]


DAY_MS = 86_400_000  # the timeline's smallest step: a day, never hours


def _point(day: dt.date, label: str, said: str) -> dict[str, Any]:
    """A point of the timeline at `day` on the row `label`; its tooltip says it as written."""
    return {"value": [day.isoformat(), label], "tooltip": {"formatter": said}}


def _line(day: dt.date, name: str, colour: str) -> dict[str, Any]:
    """A vertical line at `day` labelled along it with its name and date."""
    return {"xAxis": day.isoformat(), "name": name, "lineStyle": {"color": colour},
            "label": {"formatter": f"{name} {day.isoformat()}", "position": "insideStartTop"}}  # fmt: skip


def _chart(
    record: ProjectRecord, rows: list[StageRow], timeliness: Timeliness, day: dt.date
) -> dict[str, Any]:
    """An ECharts option: a row per stage of the kind, planned (a written month or quarter at its last day) and
    actual (at its first) on a day axis, the next stage's due date, and lines at the due date and at `day`."""
    planned, actual = _("计划"), _("实际")
    due_name, today_name = _("应完成"), _("今天")
    points: dict[str, list[dict[str, Any]]] = {planned: [], actual: [], due_name: []}
    for row in rows:
        for name, shown, end in ((planned, row.planned, True), (actual, row.actual, False)):
            if shown is not None:
                said = _("%(label)s：") % {"label": f"{row.label} {name}"} + shown.text
                points[name].append(_point(Dated(shown.text, "").day(end), row.label, said))
    lines = [_line(day, today_name, "#2f5d8a")]
    if timeliness.due is not None and timeliness.next_stage is not None:
        label, due = stage_name(timeliness.next_stage), timeliness.due.isoformat()
        said = _("%(label)s：") % {"label": f"{label} {due_name}"} + due
        points[due_name].append(_point(timeliness.due, label, said))
        lines.append(_line(timeliness.due, due_name, "#b42318"))
    days = [dt.date.fromisoformat(p["value"][0]) for found in points.values() for p in found] + [day]
    margin = max(dt.timedelta(days=15), (max(days) - min(days)) / 12)
    symbols = {planned: "diamond", actual: "circle", due_name: "triangle"}
    series: list[dict[str, Any]] = [
        {"name": name, "type": "scatter", "symbol": symbols[name], "symbolSize": 12, "data": data}
        for name, data in points.items()
    ]
    series[0]["markLine"] = {"symbol": "none", "silent": True, "data": lines}
    return {
        "tooltip": {"trigger": "item"},
        "legend": {"data": list(points), "top": 0},
        "grid": {"left": 8, "right": 24, "top": 48, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "time", "minInterval": DAY_MS,
                  "axisLabel": {"formatter": "{yyyy}-{MM}-{dd}", "hideOverlap": True},
                  "min": (min(days) - margin).isoformat(), "max": (max(days) + margin).isoformat()},
        "yAxis": {"type": "category", "data": [stage_name(stage) for stage in STAGES[record.kind]], "inverse": True,
                  "axisLabel": {"interval": 0}},
        "series": series,
    }  # fmt: skip


def record_of(db: Session, project_id: str) -> ProjectRecord:
    try:
        return project_record(db, whole_number(project_id, "project"))
    except ProjectError as error:
        raise http_error(404, str(error)) from None


@router.get("/projects/{project_id}", response_class=HTMLResponse)
def project_page(request: Request, user: ReadUser, db: Db, project_id: str, today: str | None = None) -> Response:
    """A project: its facts, timeline with sources, timeliness, service requests and audit log."""
    day = date_param(today)
    record = record_of(db, project_id)
    timeliness = assess(record, day, benchmarks(db))
    rows = _timeline(db, record, dict(timeliness.late_stages))
    requests = list_requests(db, project_id=record.id, on=day)
    entries = [*project_history(db, record.id), *(e for r in requests for e in r.history)]
    log = [log_row(replace(e, at=_utc(e.at))) for e in sorted(entries, key=lambda e: _utc(e.at))]
    return render(
        request,
        "project.html",
        {
            "project": record,
            "kind": _(KIND_NAMES[record.kind]),
            "money": money,
            "timeliness": timeliness,
            "status": status_text(Followed(record, timeliness)),
            "next_stage": stage_name(timeliness.next_stage) if timeliness.next_stage else "",
            "due_basis": basis_text(timeliness.due_basis) if timeliness.due_basis else "",
            "chain_name": chain_name_of(record),
            "node_name": node_name_of(record),
            "rows": rows,
            "timeline": _chart(record, rows, timeliness, day),
            "requests": requests,
            "log": log,
            "causes": CAUSES,
            "request_statuses": STATUS_NAMES,
            "pending": PENDING,
            "today": day.isoformat(),
        },
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    """In UTC; a naive time (as SQLite reads them back) is UTC already."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
