"""Regions compared: how alike the chain coverage of a city's counties (or townships) is, and the location
quotients of a county or of a city's counties."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from chainatlas.analytics.panel import PanelError
from chainatlas.analytics.specialisation import QUADRANT_NAMES
from chainatlas.chains import chain
from chainatlas.chains.templates import activity_name
from chainatlas.i18n import _
from chainatlas.services.atlas_lists import (
    township_firms,
)
from chainatlas.services.chain_views import ChainViewError, chain_overlap, find_region
from chainatlas.services.panels import datasets, latest_dataset, region_profiles
from chainatlas.services.places import default_area
from chainatlas.web.deps import Db, ReadUser
from chainatlas.web.exports import Cell, Grid
from chainatlas.web.page_answers import Missing, answer, missing, town_label

router = APIRouter()


def _node_names(keys: Iterable[tuple[str, str]]) -> str:
    return "、".join(chain(c).node(n).name for c, n in keys)


@router.get("/counties", response_class=HTMLResponse)
def counties(
    request: Request, db: Db, _user: ReadUser, city: str | None = None, level: str = "county",
    format: str | None = None, table: str | None = None,
) -> Response:  # fmt: skip
    """How alike the chain coverage of a city's counties (or, at level township, of the townships of a county
    or of the city's counties) is (错位发展), pair by pair."""
    try:
        asked = city or default_area(db)
        if asked is None:
            raise Missing(_("库中还没有城市的集群；请用 ?city= 指定城市"))
        overlap = chain_overlap(db, asked, level)
    except (Missing, ChainViewError) as error:
        return missing(request, error)
    towns = overlap.level == "township"
    names = {c.code: town_label(db, c.code, c.name) for c in overlap.counties}
    area = _("镇(街道)") if towns else _("县（市、区）")
    coverage = Grid("counties", [_("县（市、区）"), area, _("覆盖节点"), _("入链企业次数")] if towns
                    else [area, _("覆盖节点"), _("入链企业次数")],
                    names=frozenset({0, 1} if towns else {0}))  # fmt: skip
    for county in overlap.counties:
        held = [str(sum(1 for v in county.counts.values() if v)), str(sum(county.counts.values()))]
        place = [overlap.county_of[county.code], county.name] if towns else [county.name]
        coverage.add(*place, *held)
    pairs = Grid("pairs", [_("镇(街道)甲") if towns else _("县甲"), _("镇(街道)乙") if towns else _("县乙"),
                           _("余弦相似度"), _("Jaccard"), _("共有节点")],
                 names=frozenset({0, 1, 4}))  # fmt: skip
    for pair in overlap.pairs:
        pairs.add(names[pair.a], names[pair.b], f"{pair.cosine:.3f}", f"{pair.jaccard:.3f}", _node_names(pair.shared))
    order = list(names.values())
    heat = [[order.index(names[p.a]), order.index(names[p.b]), round(p.cosine, 3)] for p in overlap.pairs]
    chart = {
        "tooltip": {}, "xAxis": {"type": "category", "data": order}, "yAxis": {"type": "category", "data": order},
        "visualMap": {"min": 0, "max": 1, "calculable": True, "orient": "horizontal", "left": "center"},
        "series": [{"type": "heatmap", "name": _("余弦相似度"), "label": {"show": True},
                    "data": heat + [[y, x, v] for x, y, v in heat]}],
    }  # fmt: skip
    county_names = {code[:6]: name for code, name in overlap.county_of.items()} if towns else {
        c.code: c.name for c in overlap.counties}  # fmt: skip
    briefings = [(overlap.city, overlap.code), *((name, code) for code, name in county_names.items())]
    if towns and overlap.code in county_names:  # a county's townships: the county is the place asked for
        briefings = briefings[:1]
    context = {"overlap": overlap, "option": chart, "briefings": briefings, "level": overlap.level,
               "asked": asked}  # fmt: skip
    firms = Grid("townships", [_("县（市、区）"), _("镇(街道)"), _("企业数")], names=frozenset({0, 1}))
    for county_code, code, town, held_firms in township_firms(db, list(county_names)):
        firms.add(county_names[county_code], Cell(town, f"/enterprises?township={code}"), str(held_firms))
    return answer(request, "counties.html", [pairs, coverage, firms], context, format, table)


def _fixed(value: float, digits: int = 3) -> str:
    return "—" if math.isnan(value) else f"{value:.{digits}f}"


@router.get("/specialisation", response_class=HTMLResponse)
def specialisation(
    request: Request, db: Db, _user: ReadUser, region: str | None = None, dataset: str | None = None,
    level: str = "county", format: str | None = None, table: str | None = None,
) -> Response:  # fmt: skip
    """Location quotients of a county or of a city's counties, from a dataset or from chain coverage; at level
    township, of their townships from the register's firm counts.

    Without `dataset` the dataset imported last is shown; `dataset=` (empty) asks for the chain coverage."""
    known = datasets(db)
    asked = (region or "").strip() or default_area(db)
    towns = level == "township"
    chosen = None if towns else latest_dataset(db) if dataset is None else dataset.strip() or None
    context: dict[str, Any] = {"region": asked, "dataset": chosen, "datasets": known, "error": None, "level": level}
    if asked is None:
        return answer(request, "specialisation.html", [], context, format, table)
    try:
        found = region_profiles(db, asked, chosen, level=level)
    except PanelError as error:
        if (dataset is None or chosen is None) and find_region(db, asked) is not None:
            return answer(request, "specialisation.html", [], {**context, "error": str(error)}, format, table)
        return missing(request, error)
    summary = Grid("regions", [_("地区"), _("Krugman 指数"), _("HHI"),
                               _("最相似")], names=frozenset({0}))  # fmt: skip
    standings = Grid("standings", [_("地区"), _("活动"), _("数值"), _("份额"),
                                   "LQ", _("区间"), _("类别")], names=frozenset({0, 1}))  # fmt: skip
    names = {code: town_label(db, code, name) for code, name in found.names.items()}
    for profile in found.profiles:
        name = names.get(profile.region, profile.region)
        peer = profile.peers[0] if profile.peers else None
        peer_name = names.get(peer[0], peer[0]) if peer else ""
        closest = f"{peer_name} ({_fixed(peer[1])})" if peer else ""
        summary.add(name, _fixed(profile.krugman), _fixed(profile.hhi), Cell(closest, names=(peer_name,)))
        for s in (s for s in profile.standings if s.value):
            interval = f"{_fixed(s.interval[0], 2)}–{_fixed(s.interval[1], 2)}" if s.interval else ""
            kind = [
                _("优势") if s.strong else "",
                _(QUADRANT_NAMES[s.quadrant]) if s.quadrant else "",
                _("样本少") if s.small_count else "",
            ]
            standings.add(name, activity_name(s.activity), f"{s.value:g}", f"{s.share:.1%}", _fixed(s.lq, 2), interval,
                          " ".join(k for k in kind if k))  # fmt: skip
    context.update(source=found.source, profiles=found)
    return answer(request, "specialisation.html", [standings, summary], context, format, table)
