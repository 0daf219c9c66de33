"""The API's projects: the registry with each project's timeliness, roll-ups, and service requests."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy.orm import Session

from chainatlas.domain import RequestStatus
from chainatlas.projects.model import Kind, ProjectRecord
from chainatlas.projects.rollup import GroupBy, Rollup
from chainatlas.projects.timeliness import Status, Timeliness, assess
from chainatlas.services.desk import RequestView, list_requests
from chainatlas.services.project_registry import ProjectError, count_projects, project_record
from chainatlas.services.project_views import Followed, benchmarks, followed, rollups
from chainatlas.web.api_common import IdFilter, Page, PageOf, Today, not_found
from chainatlas.web.deps import Db, StoreId

router = APIRouter(tags=["projects"])


class ProjectDetail(BaseModel):
    """A project: its facts and timeline (every date with its source), its timeliness and its requests."""

    project: ProjectRecord
    timeliness: Timeliness
    requests: list[RequestView]


@router.get("/projects")
def projects(
    session: Db,
    page: PageOf,
    today: Today,
    kind: Kind | None = None,
    zone: Annotated[str | None, Query(description="zone name")] = None,
    county: Annotated[str | None, Query(description="county name or code")] = None,
    city: Annotated[str | None, Query(description="city name or code")] = None,
    status: Status | None = None,
    stalled: bool | None = None,
) -> Page[Followed]:
    """Every project with the stage it reached and its timeliness on `today`, by id."""
    if status is None and stalled is None:  # timeliness is judged per project: no filter on it, the store pages
        shown = followed(session, today, kind=kind, zone=zone, county=county, city=city, window=page)
        return page.window(shown, count_projects(session, kind=kind, zone=zone, county=county, city=city))
    return page.of([
        f
        for f in followed(session, today, kind=kind, zone=zone, county=county, city=city)
        if status in (None, f.timeliness.status) and stalled in (None, f.timeliness.stalled)
    ])


@router.get("/projects/{project_id}")
def project(session: Db, project_id: StoreId, today: Today) -> ProjectDetail:
    """A project's facts, timeline with sources, timeliness on `today` and service requests."""
    try:
        record = project_record(session, project_id)
    except ProjectError as error:
        not_found(error)
    return ProjectDetail(
        project=record,
        timeliness=assess(record, today, benchmarks(session)),
        requests=_requests(session, today, project_id=project_id),
    )


@router.get("/rollup")
def rollup(
    session: Db,
    page: PageOf,
    today: Today,
    by: GroupBy = "zone",
    city: Annotated[str | None, Query(description="city name or code")] = None,
) -> Page[Rollup]:
    """Per zone, county or city: projects and investment by stage, signed this year, on-time ratio, overdue."""
    return page.of(rollups(session, today, by, city))


@router.get("/requests")
def requests(
    session: Db,
    page: PageOf,
    today: Today,
    status: RequestStatus | None = None,
    department: str | None = None,
    project_id: IdFilter = None,
    overdue: Annotated[bool | None, Query(description="only those overdue on `today` (false: only those not)")] = None,
) -> Page[RequestView]:
    """Service requests by due date, their overdue flags counted on `today`."""
    return page.of(_requests(session, today, overdue, status=status, department=department, project_id=project_id))


def _requests(
    session: Session,
    today: dt.date,
    overdue: bool | None = None,
    *,
    status: str | None = None,
    department: str | None = None,
    project_id: int | None = None,
) -> list[RequestView]:
    """Requests as `desk.list_requests` gives them, overdue flags counted on `today`, filtered by `overdue`."""

    rows = list_requests(
        session, project_id=project_id, status=status, department=department, on=today, overdue_only=bool(overdue)
    )
    return [r for r in rows if overdue is not False or not r.overdue]
