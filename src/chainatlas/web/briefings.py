"""Briefings to hand upward: a cluster's or a division's 产业集群简报 as .docx or PDF, from its page, written in
the page's language (Chinese by default); the names and source titles stay as written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import Response

from chainatlas.briefing.compose import area_briefing, cluster_briefing
from chainatlas.briefing.model import Briefing
from chainatlas.briefing.pdf import write_pdf
from chainatlas.briefing.word import write_docx
from chainatlas.web.deps import Db, ReadUser, StoreId

router = APIRouter()

Format = Literal["pdf", "docx"]
FormatQuery = Annotated[Format, Query(description="pdf or docx")]
TodayQuery = Annotated[dt.date | None, Query(description="the day the briefing is as of (default: today)")]
WRITERS: dict[str, tuple[Callable[[Briefing], bytes], str]] = {
    "pdf": (write_pdf, "application/pdf"),
    "docx": (write_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def _file(briefing: Briefing | None, fmt: Format, missing: str) -> Response:
    """The briefing as a file to download; 404 saying `missing` when there is none."""
    if briefing is None:
        raise HTTPException(404, detail=missing)
    write, media_type = WRITERS[fmt]
    disposition = f"attachment; filename*=UTF-8''{quote(f'{briefing.file_stem}.{fmt}')}"
    return Response(write(briefing), media_type=media_type, headers={"Content-Disposition": disposition})


@router.get("/clusters/{cluster_id}/briefing")
def cluster_file(
    db: Db, _user: ReadUser, cluster_id: StoreId, format: FormatQuery = "pdf", today: TodayQuery = None
) -> Response:
    """A cluster's briefing: key figures with sources, chain coverage and gaps, its county's late projects."""
    return _file(cluster_briefing(db, cluster_id, today or dt.date.today()), format, f"no cluster with id {cluster_id}")


@router.get("/regions/{code}/briefing")
def region_file(
    db: Db, _user: ReadUser, code: Annotated[str, Path(pattern=r"^\d{6}$", description="a division's code")],
    format: FormatQuery = "pdf", today: TodayQuery = None,
) -> Response:  # fmt: skip
    """A county's or city's briefing: its clusters' latest figures, chains and late projects."""
    return _file(area_briefing(db, code, today or dt.date.today()), format, f"no county or city with code {code}")
