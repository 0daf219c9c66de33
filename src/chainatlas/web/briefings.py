"""Briefings to hand upward: a cluster's or a division's 产业集群简报 as .docx or PDF, from its page, written in
the page's language (Chinese by default); the names and source titles stay as written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response

from chainatlas.briefing.compose import AREA_LEVELS, cluster_briefing, county_briefing
from chainatlas.briefing.model import Briefing
from chainatlas.briefing.pdf import write_pdf
from chainatlas.briefing.word import write_docx
from chainatlas.store import tables
from chainatlas.web.deps import Db, ReadUser, StoreId

router = APIRouter()

Format = Literal["pdf", "docx"]
FormatQuery = Annotated[Format, Query(description="pdf or docx")]
TodayQuery = Annotated[dt.date | None, Query(description="the day the briefing is as of (default: today)")]
WRITERS: dict[str, tuple[Callable[[Briefing], bytes], str]] = {
    "pdf": (write_pdf, "application/pdf"),
    "docx": (write_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def _file(briefing: Briefing, fmt: Format) -> Response:
    write, media_type = WRITERS[fmt]
    disposition = f"attachment; filename*=UTF-8''{quote(f'{briefing.file_stem}.{fmt}')}"
    return Response(write(briefing), media_type=media_type, headers={"Content-Disposition": disposition})


@router.get("/clusters/{cluster_id}/briefing")
def cluster_file(
    db: Db, _user: ReadUser, cluster_id: StoreId, format: FormatQuery = "pdf", today: TodayQuery = None
) -> Response:
    """A cluster's briefing: key figures with sources, chain coverage and gaps, its county's late projects."""
    found = db.get(tables.Cluster, cluster_id)
    if found is None:
        raise HTTPException(404, detail=f"no cluster with id {cluster_id}")
    return _file(cluster_briefing(db, found, today or dt.date.today()), format)


@router.get("/regions/{code}/briefing")
def region_file(
    db: Db, _user: ReadUser, code: Annotated[str, Path(pattern=r"^\d{6}$", description="a division's code")],
    format: FormatQuery = "pdf", today: TodayQuery = None,
) -> Response:  # fmt: skip
    """A county's or city's briefing: its clusters' latest figures, chains and late projects."""
    found = db.get(tables.Region, code)
    if found is None or found.level not in AREA_LEVELS:
        raise HTTPException(404, detail=f"no county or city with code {code}")
    return _file(county_briefing(db, found, today or dt.date.today()), format)
