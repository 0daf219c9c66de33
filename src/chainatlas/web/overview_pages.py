"""The city overview (its map of cluster output, its clusters and rankings), the map's county shapes and
the list of clusters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session

from chainatlas import boundaries
from chainatlas.domain import Unit
from chainatlas.formatting import (
    format_period,
    format_sum,
    level_label,
    metric_label,
)
from chainatlas.i18n import _
from chainatlas.paging import Window, page_count
from chainatlas.reference import Region
from chainatlas.services.atlas_lists import (
    ClusterSummary,
    count_clusters,
    list_clusters,
)
from chainatlas.services.chain_views import ChainViewError, find_region
from chainatlas.services.places import busiest_city, counties_of
from chainatlas.services.queries import Figure, rankings
from chainatlas.web.deps import Db, ReadUser, settings_of
from chainatlas.web.exports import Cell, Grid
from chainatlas.web.figure_cells import (
    UNKNOWN,
    chart_value,
    claim_href,
    figure_cell,
)
from chainatlas.web.page_answers import Missing, answer, missing, render

router = APIRouter()


def _pick_city(db: Session, asked: str | None) -> Region | None:
    """The city asked for (Missing when it is not a city), else the one with most clusters."""
    if asked:
        try:
            region = find_region(db, asked)
        except ChainViewError as error:
            raise Missing(str(error)) from error
        if region is None or region.level != "prefecture":
            raise Missing(_("没有名为“{name}”的城市").format(name=asked))
        return region
    return busiest_city(db)


def _cluster_grid(name: str, clusters: Sequence[ClusterSummary]) -> Grid:
    grid = Grid(
        name,
        [_("集群"), _("县（市、区）"), _("级别"), _("最新产值"),
         _("期间"), _("企业数"), _("入库企业"), _("来源数")],
        names=frozenset({0, 1}),
    )  # fmt: skip
    for c in clusters:
        output = c.output_value
        grid.add(
            Cell(c.name, f"/clusters/{c.id}"), c.county, level_label(c.level), figure_cell(output),
            format_period(output.period if output else None), figure_cell(c.enterprise_count),
            str(c.member_count), str(c.source_count),
        )  # fmt: skip
    return grid


def _county_outputs(clusters: Sequence[ClusterSummary], counties: Mapping[str, str]) -> dict[str, list[Figure]]:
    """Each county's latest cluster outputs in yuan (none known: an empty list)."""
    found: dict[str, list[Figure]] = {name: [] for name in counties.values()}
    for c in clusters:
        if c.region_code and c.region_code in counties and c.output_value and c.output_value.unit == Unit.CNY:
            found[counties[c.region_code]].append(c.output_value)
    return found


def _output_item(name: str, figures: Sequence[Figure]) -> dict[str, Any]:
    """A county's bar or area: its summed output in 亿元 (null when unknown), the tooltip saying it in words."""
    value = round(sum(chart_value(f) for f in figures), 2) if figures else None
    said = format_sum(figures) if figures else _(UNKNOWN)
    return {"name": name, "value": value, "tooltip": {"formatter": _("%(label)s：") % {"label": name} + said}}


def _mapped(counties: Iterable[Region]) -> dict[str, str]:
    """The counties the map draws (code → name): a functional zone has no boundary of its own."""
    return {c.code: c.name for c in counties if not c.functional}


def _unmapped(counties: Sequence[Region], outputs: Mapping[str, Sequence[Figure]]) -> list[str]:
    """What the map cannot show: counties without a shape, and functional zones with cluster output."""
    zones = [c.name for c in counties if c.functional and outputs.get(c.name)]
    return boundaries.without_shapes(_mapped(counties)) + zones


def _output_chart(city: Region, outputs: Mapping[str, Sequence[Figure]], unmapped: Sequence[str]) -> dict[str, Any]:
    """The counties map coloured by cluster output (a county without one left grey), or a bar chart of it when
    the map cannot show them all; each tooltip says the amount in words, qualifier included, or 未知."""
    links = {name: f"/counties?city={quote(city.name)}" for name in outputs}
    label = _("集群产值（亿元）")
    tooltip = {"trigger": "item"}
    items = [_output_item(name, figures) for name, figures in outputs.items()]
    known = [item["value"] for item in items if item["value"] is not None]
    if unmapped:
        return {
            "tooltip": tooltip, "links": links, "xAxis": {"type": "category", "data": list(outputs)},
            "yAxis": {"type": "value", "name": label},
            "series": [{"type": "bar", "name": label, "data": items}],
        }  # fmt: skip
    return {
        "geojson": f"/maps/{city.code}.json", "map": city.code, "tooltip": tooltip, "links": links,
        "visualMap": {"min": 0, "max": max(known, default=0) or 1, "calculable": True, "text": [label, ""]},
        "series": [{"type": "map", "map": city.code, "name": label, "data": items}],
    }  # fmt: skip


def _rankings(db: Session, city: Region, cluster_ids: Iterable[int]) -> Grid:
    """Ranking claims of the city, its counties or its clusters."""
    grid = Grid("rankings", [_("对象"), _("指标"), _("范围"), _("名次"),
                             _("原句")], names=frozenset({0, 2, 4}))  # fmt: skip
    for ranked in rankings(db, city.code, cluster_ids):
        figure = ranked.figure
        href = claim_href(figure.source.document_id, figure.claim_id)
        grid.add(ranked.subject, metric_label(figure.metric), ranked.scope,
                 Cell(_("第{rank}").format(rank=f"{figure.value:g}"), href), figure.source.sentence)  # fmt: skip
    return grid


@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request, db: Db, _user: ReadUser, city: str | None = None, format: str | None = None,
    table: str | None = None,
) -> Response:  # fmt: skip
    """The city's map of cluster output, its clusters and its rankings."""
    try:
        region = _pick_city(db, city)
    except Missing as error:
        return missing(request, error)
    if region is None:
        return render(request, "overview.html", {"city": None, "grids": {}})
    mine = list_clusters(db, city=region.code)
    counties = counties_of(db, region.code)
    outputs = _county_outputs(mine, {c.code: c.name for c in counties})
    unmapped = _unmapped(counties, outputs)
    grids = [_cluster_grid("clusters", mine), _rankings(db, region, [c.id for c in mine])]
    chart = _output_chart(region, outputs, unmapped)
    unknown = [name for name, figures in outputs.items() if not figures]
    context = {"city": region, "option": chart, "unmapped": unmapped, "unknown": unknown}
    return answer(request, "overview.html", grids, context, format, table)


@router.get("/maps/{city_code}.json")
def city_map(db: Db, _user: ReadUser, city_code: str) -> JSONResponse:
    """The city's counties as GeoJSON for the overview map, each named as the atlas names it."""
    counties = _mapped(counties_of(db, city_code))
    shapes = boundaries.county_map(counties) if counties else None
    if shapes is None:
        raise HTTPException(status_code=404, detail=f"no county boundaries for city {city_code!r}")
    return JSONResponse(shapes)


@router.get("/clusters", response_class=HTMLResponse)
def clusters(
    request: Request, db: Db, _user: ReadUser, page: int = 1, format: str | None = None, table: str | None = None
) -> Response:
    """The clusters in the store, a page of the settings' `page_size` at a time (past the last: the last)."""
    size = settings_of(request).page_size
    pages = page_count(count_clusters(db), size)
    page = min(max(page, 1), pages)
    grid = _cluster_grid("clusters", list_clusters(db, window=Window.page(page, size)))
    return answer(request, "clusters.html", [grid], {"page": page, "pages": pages}, format, table)
