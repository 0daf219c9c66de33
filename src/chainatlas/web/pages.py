"""The atlas pages: city overview with its map, cluster and enterprise profiles, chains, counties, specialisation.

Every table is a `Grid` shown on the page and downloadable as it is shown (`?format=csv|xlsx`, with
`&table=NAME` where a page has several). Every figure links to its sentence, `/documents/N#claim-M`.
Unknown ids, chains, cities and regions answer a 404 page saying what was not found.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas import boundaries
from chainatlas.analytics.designation import Place, Value, assess
from chainatlas.analytics.panel import PanelError
from chainatlas.analytics.specialisation import QUADRANT_NAMES
from chainatlas.chains import Chain, ChainLookupError, Counterpart, NodeCoverage, bundled_chains, chain
from chainatlas.domain import Qualifier, Unit
from chainatlas.formatting import (
    format_amount,
    format_period,
    format_stated,
    format_sum,
    format_value,
    level_label,
    metric_label,
)
from chainatlas.i18n import N_, _, listing
from chainatlas.register.versus import FIELD_LABELS, RULES, Rule
from chainatlas.services.chain_views import AreaGaps, ChainViewError, chain_gaps, chain_overlap, find_region, supply_of
from chainatlas.services.chain_views import placements as chain_placements
from chainatlas.services.designation_inputs import designation_input
from chainatlas.services.panels import datasets, latest_dataset, region_profiles
from chainatlas.services.profile_lists import count_members, count_mentions, members_of
from chainatlas.services.queries import (
    ClusterSummary,
    Figure,
    Source,
    claim_rows,
    count_clusters,
    count_enterprises,
    figure_of,
    list_clusters,
    list_enterprises,
    profile_of,
    township_firms,
    township_name,
)
from chainatlas.services.register_views import RegisterView, register_view
from chainatlas.store import paging, tables
from chainatlas.store.paging import Window, numbered, page_count
from chainatlas.web.api_common import no_such
from chainatlas.web.deps import Db, ReadUser, StoreId, settings_of, templates_of
from chainatlas.web.exports import Cell, Grid, download

router = APIRouter()

STAGES = ("upstream", "midstream", "downstream")
STATUS_COLOURS = {"filled": "#2f855a", "fragile": "#dd6b20", "empty": "#c53030"}
# A node of a cluster page's chain coverage names at most this many firms and links the chain page for all:
# a cluster page does not grow with the store.
HOLDERS_SHOWN = 5


class Missing(Exception):
    """A parameter naming nothing in the store: answered with a 404 page."""


# ---------------------------------------------------------------- shared helpers


def _render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    response: HTMLResponse = templates_of(request).TemplateResponse(request, template, context, status_code=status)
    return response


def _missing(request: Request, error: Exception) -> HTMLResponse:
    return _render(request, "error.html", {"message": str(error), "status": 404}, 404)


def _answer(
    request: Request, template: str, grids: Sequence[Grid], context: dict[str, Any], fmt: str | None, table: str | None
) -> Response:
    """The page, or with `fmt` the grid named `table` (by default the first) as a file."""
    if fmt is None:
        return _render(request, template, {**context, "grids": {g.name: g for g in grids}})
    chosen = [g for g in grids if table in (None, g.name)][:1]
    if not chosen:
        names = ", ".join(g.name for g in grids)
        asked = _("本页没有表格“{table}”；&table= 可取：{names}").format(table=table, names=names)
        return _missing(request, Missing(asked))
    return download(chosen[0], fmt)


def claim_href(document_id: int, claim_id: int) -> str:
    """Where a figure's sentence is shown."""
    return f"/documents/{document_id}#claim-{claim_id}"


UNKNOWN = N_("未知")


def _figure_cell(figure: Figure | None) -> Cell:
    """A figure with its qualifier, linked to its sentence; 未知 / unknown when there is none."""
    if figure is None:
        return Cell(_(UNKNOWN))
    return Cell(format_value(figure), claim_href(figure.source.document_id, figure.claim_id))


def _chart_value(figure: Figure) -> float:
    """A figure in the unit its chart axis reads: 亿元, %, or as stored."""
    if figure.unit == Unit.CNY:
        return round(figure.value / 1e8, 4)
    if figure.unit == Unit.RATIO:
        return round(figure.value * 100, 4)
    return figure.value


_AXIS_UNITS: dict[str, str] = {Unit.CNY: N_("亿元"), Unit.RATIO: "%", Unit.M2: N_("平方米"), Unit.MONTH: N_("个月")}


def _documents_of(db: Session, claim_ids: Iterable[int]) -> dict[int, int]:
    """Claim id → its document's id."""
    wanted = set(claim_ids)
    if not wanted:
        return {}
    rows = db.execute(select(tables.Claim.id, tables.Claim.document_id).where(tables.Claim.id.in_(wanted)))
    return {claim_id: document_id for claim_id, document_id in rows}


# ---------------------------------------------------------------- cities, clusters


def _city_of(db: Session, code: str | None) -> tables.Region | None:
    """The prefecture a division lies in (itself for a prefecture)."""
    region = db.get(tables.Region, code) if code else None
    if region is not None and region.level == "county" and region.parent_code:
        region = db.get(tables.Region, region.parent_code)
    return region if region is not None and region.level == "prefecture" else None


def _pick_city(db: Session, clusters: Sequence[ClusterSummary], asked: str | None) -> tables.Region | None:
    """The city asked for (Missing when it is not a city), else the one with most clusters."""
    if asked:
        try:
            region = find_region(db, asked)
        except ChainViewError as error:
            raise Missing(str(error)) from error
        if region is None or region.level != "prefecture":
            raise Missing(_("没有名为“{name}”的城市").format(name=asked))
        return region
    counts: dict[str, int] = defaultdict(int)
    cities: dict[str, tables.Region] = {}
    for cluster in clusters:
        if (city := _city_of(db, cluster.region_code)) is not None:
            counts[city.code] += 1
            cities[city.code] = city
    return cities[max(counts, key=lambda c: (counts[c], c))] if counts else None


def _default_area(db: Session) -> str | None:
    city = _pick_city(db, list_clusters(db), None)
    return city.name if city else None


def _in_city(db: Session, cluster: ClusterSummary, city: tables.Region) -> bool:
    found = _city_of(db, cluster.region_code)
    return found is not None and found.code == city.code


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
            Cell(c.name, f"/clusters/{c.id}"), c.county, level_label(c.level), _figure_cell(output),
            format_period(output.period if output else None), _figure_cell(c.enterprise_count),
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
    value = round(sum(_chart_value(f) for f in figures), 2) if figures else None
    said = format_sum(figures) if figures else _(UNKNOWN)
    return {"name": name, "value": value, "tooltip": {"formatter": _("%(label)s：") % {"label": name} + said}}


def _counties(db: Session, city_code: str) -> list[tables.Region]:
    """The city's counties and functional zones, by code."""
    query = select(tables.Region).where(tables.Region.parent_code == city_code, tables.Region.level == "county")
    return list(db.scalars(query.order_by(tables.Region.code)))


def _mapped(counties: Iterable[tables.Region]) -> dict[str, str]:
    """The counties the map draws (code → name): a functional zone has no boundary of its own."""
    return {c.code: c.name for c in counties if not c.functional}


def _unmapped(counties: Sequence[tables.Region], outputs: Mapping[str, Sequence[Figure]]) -> list[str]:
    """What the map cannot show: counties without a shape, and functional zones with cluster output."""
    zones = [c.name for c in counties if c.functional and outputs.get(c.name)]
    return boundaries.without_shapes(_mapped(counties)) + zones


def _output_chart(
    city: tables.Region, outputs: Mapping[str, Sequence[Figure]], unmapped: Sequence[str]
) -> dict[str, Any]:
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


def _rankings(db: Session, city: tables.Region, cluster_ids: Iterable[int]) -> Grid:
    """Ranking claims of the city, its counties or its clusters."""
    codes = [
        city.code,
        *(r for r in db.scalars(select(tables.Region.code).where(tables.Region.parent_code == city.code))),
    ]
    where = [tables.Claim.kind == "ranking",
             tables.Claim.region_code.in_(codes) | tables.Claim.subject_id.in_(list(cluster_ids))]  # fmt: skip
    grid = Grid("rankings", [_("对象"), _("指标"), _("范围"), _("名次"),
                             _("原句")], names=frozenset({0, 2, 4}))  # fmt: skip
    for row in claim_rows(db, where):
        claim, figure = row[0], figure_of(row)
        href = claim_href(figure.source.document_id, figure.claim_id)
        grid.add(claim.subject_name, metric_label(figure.metric), claim.data.get("scope"),
                 Cell(_("第{rank}").format(rank=f"{figure.value:g}"), href), figure.source.sentence)  # fmt: skip
    return grid


# ---------------------------------------------------------------- charts of chains


def _chain_href(chain_id: str, area: str | None) -> str:
    """The chain's page, seen from `area` when given."""
    return f"/chains/{quote(chain_id)}" + (f"?area={quote(area)}" if area else "")


def _status(coverage: NodeCoverage | None) -> str:
    if coverage is None or coverage.empty:
        return "empty"
    return "fragile" if coverage.fragile else "filled"


def _status_label(status: str) -> str:
    return {"filled": _("已覆盖"), "fragile": _("薄弱"), "empty": _("空白")}[status]


def _chain_graph(found: Chain, coverage: Mapping[str, NodeCoverage], area: str | None) -> dict[str, Any]:
    """The chain's nodes upstream → downstream (columns by stage, indented by depth) and its feeds."""
    rows: dict[str, int] = defaultdict(int)
    nodes = []
    for node in found.nodes:
        status = _status(coverage.get(node.id)) if coverage else "empty"
        column = STAGES.index(node.stage) if node.stage in STAGES else 0
        nodes.append({
            "id": node.id, "name": node.name, "status": status, "category": _status_label(status),
            "value": len(coverage[node.id].holders) if node.id in coverage else 0,
            "x": column * 400 + (node.depth - 1) * 60, "y": rows[node.stage] * 40,
            "itemStyle": {"color": STATUS_COLOURS[status]}, "symbolSize": 14 if node.depth == 1 else 10,
        })  # fmt: skip
        rows[node.stage] += 1
    edges = [{"source": node.id, "target": target} for node in found.nodes for target in node.feeds]
    return {
        "tooltip": {}, "links": {n.name: _chain_href(found.id, area) for n in found.nodes},
        "legend": {"data": [_status_label(s) for s in STATUS_COLOURS]},
        "series": [{
            "type": "graph", "layout": "none", "roam": True, "label": {"show": True, "position": "right"},
            "edgeSymbol": ["none", "arrow"], "categories": [
                {"name": _status_label(s), "itemStyle": {"color": c}} for s, c in STATUS_COLOURS.items()],
            "data": nodes, "links": edges, "lineStyle": {"opacity": 0.5, "curveness": 0.2},
        }],
    }  # fmt: skip


def _holders(names: Sequence[str], more: str | None) -> Cell | str:
    """A node's holders; past `HOLDERS_SHOWN` of them, when `more` links the chain page, the first few and how
    many in all, linked there."""
    if more is None or len(names) <= HOLDERS_SHOWN:
        return Cell(listing(names), names=tuple(names))
    shown = names[:HOLDERS_SHOWN]
    return Cell(_("{names}等{count}家").format(names=listing(shown), count=len(names)), more, tuple(shown))


def _coverage_grid(name: str, found: Chain, gaps: AreaGaps, more: str | None) -> Grid:
    """Every node of the chain in the area: its holders (bounded when `more` links the chain page where all are
    listed), whether it is empty or fragile, and leads for it."""
    report = gaps.report
    grid = Grid(name, [_("节点"), _("环节"), _("企业"), _("状态"),
                       _("招商线索")], names=frozenset({0, 4}))  # fmt: skip
    stages = {"upstream": _("上游"), "midstream": _("中游"),
              "downstream": _("下游")}  # fmt: skip
    gap_ids = {*report.empty, *report.fragile}
    for covered in report.coverage:
        node = found.node(covered.node_id)
        leads = "、".join(lead.firm for lead in report.leads.get(node.id, ())[:5])
        status = _status_label(_status(covered)) if node.id in gap_ids or covered.holders else ""
        grid.add("　" * (node.depth - 1) + node.name, stages.get(node.stage, node.stage),
                 _holders(covered.holders, more), status, leads)  # fmt: skip
    return grid


def _chain_views(
    db: Session, area: str, label: str, chain_id: str | None, bounded: bool = False
) -> list[dict[str, Any]]:
    """Per chain the area holds (or the one asked): name, graph option (linking with `label`), coverage grid
    (`bounded`: a node names a few holders and links the chain page for the rest)."""
    views = []
    for gaps in chain_gaps(db, area, chain_id):
        found = chain(gaps.chain_id)
        coverage = {c.node_id: c for c in gaps.report.coverage}
        more = _chain_href(found.id, label) if bounded else None
        views.append({
            "id": gaps.chain_id, "name": gaps.chain_name, "option": _chain_graph(found, coverage, label),
            "grid": _coverage_grid(f"coverage-{gaps.chain_id}", found, gaps, more),
            "projects": gaps.projects, "empty": len(gaps.report.empty), "fragile": len(gaps.report.fragile),
        })  # fmt: skip
    return views


# ---------------------------------------------------------------- profiles


def _figure_grid(figures: Sequence[Figure]) -> Grid:
    grid = Grid("figures", [_("指标"), _("数值"), _("期间"), _("文档"),
                            _("原句")], names=frozenset({3, 4}))  # fmt: skip
    for f in figures:
        grid.add(metric_label(f.metric), _figure_cell(f), format_period(f.period),
                 Cell(f.source.document, f"/documents/{f.source.document_id}"), f.source.sentence)  # fmt: skip
    return grid


def _indicator_point(figure: Figure) -> dict[str, Any]:
    """A figure as a chart point: its tooltip says it in words; a bound (超100) is labelled so on the chart too."""
    said = format_value(figure)
    label = f"{format_period(figure.period)} {metric_label(figure.metric)}"
    tooltip = _("%(label)s：") % {"label": label} + said
    point: dict[str, Any] = {"value": _chart_value(figure), "tooltip": {"formatter": tooltip}}
    if figure.qualifier != Qualifier.EQ:
        point["label"] = {"show": True, "position": "top", "formatter": said}
    return point


def _indicator_charts(figures: Sequence[Figure]) -> list[dict[str, Any]]:
    """A bar chart per metric and unit of its values by period (rankings left out)."""
    series: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for f in figures:
        if f.unit != "rank" and f.period:
            series[f.metric, f.unit].append(f)
    charts = []
    for (metric, unit), shown in series.items():
        shown = sorted(shown, key=lambda f: f.period or "")
        label = metric_label(metric)
        title = _("{label}（{unit}）").format(label=label, unit=_(_AXIS_UNITS[unit])) if unit in _AXIS_UNITS else label
        charts.append({
            "title": {"text": title, "textStyle": {"fontSize": 13}}, "tooltip": {"trigger": "item"},
            "xAxis": {"type": "category", "data": [format_period(f.period) for f in shown]},
            "yAxis": {"type": "value"},
            "series": [{"type": "bar" if len(shown) < 3 else "line", "name": metric_label(metric),
                        "data": [_indicator_point(f) for f in shown]}],
        })  # fmt: skip
    return charts


def _sources(figures: Iterable[Figure], mentions: Iterable[Source]) -> list[Source]:
    """One source per document, in order of first appearance."""
    found: dict[int, Source] = {}
    for source in [f.source for f in figures] + list(mentions):
        found.setdefault(source.document_id, source)
    return sorted(found.values(), key=lambda s: (s.date or "", s.document_id))


def _supply_grid(name: str, counterparts: Sequence[Counterpart], ids: Mapping[str, int]) -> Grid:
    """Counterparts in a supply graph, each that is a firm of the store linked to its page by its id."""
    grid = Grid(name, [_("企业"), _("产品"), _("份额"), _("依据")], names=frozenset({0, 1, 3}))
    for c in counterparts:
        shares = "、".join(format_amount(link.share, Unit.RATIO) for link in c.links if link.share is not None)
        evidence = " / ".join(dict.fromkeys(e.sentence for link in c.links for e in link.evidence))
        page = f"/enterprises/{ids[c.name]}" if c.name in ids else None
        grid.add(Cell(c.name, page), "、".join(c.products), shares, evidence)
    return grid


def _designation(db: Session, cluster: tables.Cluster) -> dict[str, Any]:
    """This year's designation verdict and each rule's outcome, with links to the claims read."""
    found = assess(designation_input(db, cluster, dt.date.today().year))
    claims = [e.source.claim_id for r in found.rules for e in r.evidence if e.source is not None]
    documents = _documents_of(db, claims)

    def cite(evidence: Value | Place) -> Cell:
        amount = "" if isinstance(evidence, Place) else format_amount(evidence.value, evidence.unit)
        if isinstance(evidence, Place):
            text = evidence.name
        elif evidence.period:
            text = _("{amount}（{period}）").format(amount=amount, period=format_period(evidence.period))
        else:
            text = amount
        names = (evidence.name,) if isinstance(evidence, Place) else ()
        source = evidence.source
        if source is None or source.claim_id not in documents:
            return Cell(text, None, names)
        return Cell(text, claim_href(documents[source.claim_id], source.claim_id), names)

    verdicts = {"meets": _("符合"), "fails": _("不符合"), "incomplete": _("数据不全")}
    outcomes = {"pass": _("达标"), "fail": _("未达标"), "missing": _("缺数据"), "not-applicable": _("不适用")}
    return {
        "year": found.year, "window": found.window, "verdict": found.verdict.value,
        "verdict_label": verdicts[found.verdict.value],
        "rules": [{"label": r.label, "threshold": r.threshold, "outcome": r.outcome.value,
                   "outcome_label": outcomes[r.outcome.value],
                   "detail": Cell(r.detail, names=tuple(e.name for e in r.evidence if isinstance(e, Place))),
                   "evidence": [cite(e) for e in r.evidence]} for r in found.rules],
    }  # fmt: skip


def _decision(decision: str) -> str:
    labels = {"confirmed": _("已确认"), "uncertain": _("待确认")}
    return labels.get(decision, decision)


def _page_of(asked: int, total: int, size: int) -> tuple[Window, dict[str, int]]:
    """The window of page `asked` of `total` rows, and the page and pages its pager shows."""
    window, page, pages = numbered(asked, total, size)
    return window, {"page": page, "pages": pages}


def _members(db: Session, cluster: tables.Cluster, window: Window) -> Grid:
    """A page of the cluster's members with role, decision and what each rests on: the news sentence or the
    register row."""
    grid = Grid("members", [_("企业"), _("角色"), _("判定"), _("依据")], names=frozenset({0}))
    roles = {"leader": _("龙头"), "member": _("成员")}
    for m in members_of(db, cluster.id, True, window):
        if m.source or m.claim_id is None or m.document_id is None:
            basis = Cell(m.source or "", names=(m.source or "",))
        else:
            basis = Cell(_("新闻"), claim_href(m.document_id, m.claim_id))
        grid.add(Cell(m.name, f"/enterprises/{m.id}"), roles.get(m.role or "", m.role), _decision(m.decision), basis)
    return grid


def _platforms(db: Session, cluster: tables.Cluster, document_ids: Iterable[int]) -> list[str]:
    """The platforms of the cluster's division named in these documents."""
    query = (
        select(tables.Platform.name)
        .join(tables.Claim, tables.Claim.subject_id == tables.Platform.id)
        .where(
            tables.Claim.document_id.in_(list(document_ids)),
            tables.Claim.status != "rejected",
            tables.Platform.region_code == cluster.region_code,
        )
        .group_by(tables.Platform.name)
        .order_by(tables.Platform.name)
    )
    return list(db.scalars(query))


# ---------------------------------------------------------------- routes


@router.get("/", response_class=HTMLResponse)
def overview(
    request: Request, db: Db, _user: ReadUser, city: str | None = None, format: str | None = None,
    table: str | None = None,
) -> Response:  # fmt: skip
    """The city's map of cluster output, its clusters and its rankings."""
    clusters = list_clusters(db)
    try:
        region = _pick_city(db, clusters, city)
    except Missing as error:
        return _missing(request, error)
    if region is None:
        return _render(request, "overview.html", {"city": None, "grids": {}})
    mine = [c for c in clusters if _in_city(db, c, region)]
    counties = _counties(db, region.code)
    outputs = _county_outputs(mine, {c.code: c.name for c in counties})
    unmapped = _unmapped(counties, outputs)
    grids = [_cluster_grid("clusters", mine), _rankings(db, region, [c.id for c in mine])]
    chart = _output_chart(region, outputs, unmapped)
    unknown = [name for name, figures in outputs.items() if not figures]
    context = {"city": region, "option": chart, "unmapped": unmapped, "unknown": unknown}
    return _answer(request, "overview.html", grids, context, format, table)


@router.get("/maps/{city_code}.json")
def city_map(db: Db, _user: ReadUser, city_code: str) -> JSONResponse:
    """The city's counties as GeoJSON for the overview map, each named as the atlas names it."""
    counties = _mapped(_counties(db, city_code))
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
    return _answer(request, "clusters.html", [grid], {"page": page, "pages": pages}, format, table)


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster(
    request: Request, db: Db, _user: ReadUser, cluster_id: StoreId, format: str | None = None, table: str | None = None,
    members: int = 1,
) -> Response:  # fmt: skip
    """A cluster: indicators over time, chain coverage, members (page `members` of them), customers, designation
    and sources (those of its figures and of its first page of mentions)."""
    found = db.get(tables.Cluster, cluster_id)
    if found is None:
        return _missing(request, Missing(no_such("cluster", cluster_id)))
    size = settings_of(request).page_size
    profile = profile_of(db, found, Window(size))
    window, members_page = _page_of(members, count_members(db, found.id, True), size)
    chains = _chain_views(db, f"#{found.id}", found.name, None, bounded=True)
    supply = supply_of(db, f"#{found.id}")
    grids = [_figure_grid(profile.figures), _members(db, found, window),
             _supply_grid("customers", supply.customers, supply.ids), *(c["grid"] for c in chains)]  # fmt: skip
    sources = _sources(profile.figures, profile.mentions)
    region = db.get(tables.Region, found.region_code) if found.region_code else None
    context = {
        "cluster": found, "profile": profile, "region": region, "charts": _indicator_charts(profile.figures),
        "chains": chains, "designation": _designation(db, found), "sources": sources,
        "platforms": _platforms(db, found, [s.document_id for s in sources]), "members": members_page,
    }  # fmt: skip
    return _answer(request, "cluster.html", grids, context, format, table)


@router.get("/enterprises", response_class=HTMLResponse)
def enterprises(
    request: Request, db: Db, _user: ReadUser, q: str = "", page: int = 1, format: str | None = None,
    table: str | None = None, township: str = "",
) -> Response:  # fmt: skip
    """Enterprises whose name or alias contains `q` (in the township of code `township` when given), a page
    at a time (a page past the last shows the last)."""
    total = count_enterprises(db, q, township)
    size = settings_of(request).page_size
    pages = page_count(total, size)
    page = min(max(page, 1), pages)
    found = list_enterprises(db, q, Window.page(page, size), township)
    grid = Grid("enterprises", [_("企业"), _("县（市、区）"), _("镇(街道)"), _("所属集群"),
                                _("产品")], names=frozenset({0, 1, 2, 3, 4}))  # fmt: skip
    for firm in found:
        place = Cell(township_name(firm.township) or "", f"/enterprises?township={firm.township}") if firm.township \
            else ""  # fmt: skip
        grid.add(Cell(firm.name, f"/enterprises/{firm.id}"), firm.county, place, "、".join(firm.clusters),
                 "、".join(firm.products))  # fmt: skip
    town = _town_label(db, township, township_name(township) or township) if township else None
    context = {"q": q, "township": township, "town": town, "page": page, "pages": pages,
               "total": total}  # fmt: skip
    return _answer(request, "enterprises.html", [grid], context, format, table)


def _register_grid(view: RegisterView | None) -> Grid:
    """Where the news disagrees with the register: a row per news value beside the register's, the value shown
    and the rule that picks it."""
    grid = Grid("register", [_("字段"), _("企业名录"), _("新闻"), _("来源"), _("显示"), _("规则")],
                names=frozenset({3}))
    for side in view.sides if view else ():
        register = format_stated(side.register, side.unit)
        stated = [(s, format_stated(s.value, side.unit, s.qualifier)) for s in side.news]
        shown = next((text for s, text in stated if s.claim_id == side.shown_claim), register)
        for said, text in stated:
            link = Cell(text, claim_href(said.source.document_id, said.claim_id))
            grid.add(_(FIELD_LABELS[side.field]), register, link, said.source.document, shown,
                     _(RULES[Rule(side.rule)]))  # fmt: skip
    return grid


@router.get("/enterprises/{enterprise_id}", response_class=HTMLResponse)
def enterprise(
    request: Request, db: Db, _user: ReadUser, enterprise_id: StoreId, format: str | None = None,
    table: str | None = None, mentions: int = 1, projects_asked: Annotated[int, Query(alias="projects")] = 1,
) -> Response:  # fmt: skip
    """An enterprise: figures with sources, products, chain placements, supply, its projects (page `projects` of
    them) and its mentions (page `mentions`)."""
    found = db.get(tables.Enterprise, enterprise_id)
    if found is None:
        return _missing(request, Missing(no_such("enterprise", enterprise_id)))
    size = settings_of(request).page_size
    window, mentions_page = _page_of(mentions, count_mentions(db, found.id), size)
    profile = profile_of(db, found, window)
    supply = supply_of(db, f"#{found.id}")
    placed = Grid("placements", [_("产业链"), _("节点"), _("判定"), _("依据")], names=frozenset({0, 1}))
    for p in chain_placements(db):
        if p.firm == supply.subject:
            on = chain(p.chain_id)
            link = Cell(on.name, f"/chains/{quote(on.id)}")
            placed.add(link, on.node(p.node_id).name, _decision(p.decision.value), p.reason)
    owned = select(tables.Project).where(tables.Project.owner_id == found.id).order_by(tables.Project.id)
    window, projects_page = _page_of(projects_asked, paging.count(db, owned), size)
    projects = Grid("projects", [_("项目"), _("总投资")], names=frozenset({0}))
    for (project,) in paging.rows(db, owned, window):
        investment = format_amount(project.investment, Unit.CNY) if project.investment is not None else _(UNKNOWN)
        projects.add(Cell(project.name, f"/projects/{project.id}"), investment)
    register = register_view(db, found)
    grids = [_figure_grid(profile.figures), placed, _supply_grid("customers", supply.customers, supply.ids),
             _supply_grid("suppliers", supply.suppliers, supply.ids), projects, _register_grid(register)]  # fmt: skip
    region = db.get(tables.Region, found.region_code) if found.region_code else None
    output = register.record.output_value if register else None
    context = {"enterprise": found, "profile": profile, "region": region, "register": register,
               "register_output": format_amount(output, Unit.CNY) if output is not None else None,
               "sources": _sources(profile.figures, profile.mentions), "mentions": mentions_page,
               "projects": projects_page}  # fmt: skip
    return _answer(request, "enterprise.html", grids, context, format, table)


@router.get("/chains", response_class=HTMLResponse)
def chains(request: Request, db: Db, _user: ReadUser, format: str | None = None, table: str | None = None) -> Response:
    """The bundled chains with how many firms of the store are placed on each."""
    placed: dict[str, set[str]] = defaultdict(set)
    for p in chain_placements(db):
        if p.active:
            placed[p.chain_id].add(p.firm)
    grid = Grid("chains", [_("产业链"), _("节点数"), _("入链企业"),
                           _("说明")], names=frozenset({0, 3}))  # fmt: skip
    for c in bundled_chains():
        grid.add(Cell(c.name, f"/chains/{quote(c.id)}"), str(len(c.nodes)), str(len(placed[c.id])), c.description)
    return _answer(request, "chains.html", [grid], {}, format, table)


@router.get("/chains/{chain_id}", response_class=HTMLResponse)
def chain_page(
    request: Request, db: Db, _user: ReadUser, chain_id: str, area: str | None = None, format: str | None = None,
    table: str | None = None,
) -> Response:  # fmt: skip
    """One chain seen from an area (a county, city or cluster; by default the city with most clusters)."""
    try:
        found = chain(chain_id)
        where = area.strip() if area and area.strip() else _default_area(db)
        views = _chain_views(db, where, where, found.id) if where else []
    except (ChainLookupError, ChainViewError) as error:
        return _missing(request, error)
    graph = views[0]["option"] if views else _chain_graph(found, {}, None)
    context = {"chain": found, "area": where, "view": views[0] if views else None, "option": graph}
    return _answer(request, "chain.html", [v["grid"] for v in views], context, format, table)


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
        asked = city or _default_area(db)
        if asked is None:
            raise Missing(_("库中还没有城市的集群；请用 ?city= 指定城市"))
        overlap = chain_overlap(db, asked, level)
    except (Missing, ChainViewError) as error:
        return _missing(request, error)
    towns = overlap.level == "township"
    names = {c.code: _town_label(db, c.code, c.name) for c in overlap.counties}
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
    return _answer(request, "counties.html", [pairs, coverage, firms], context, format, table)


def _town_label(db: Session, code: str, name: str) -> str:
    """A township's name with its county's, to tell same-named towns apart (王店镇（秀洲区）); a county's as it is."""
    county = db.get(tables.Region, code[:6]) if len(code) == 9 else None
    return _("%(town)s（%(county)s）") % {"town": name, "county": county.name} if county else name


def _fixed(value: float, digits: int = 3) -> str:
    return "—" if math.isnan(value) else f"{value:.{digits}f}"


QUADRANTS = QUADRANT_NAMES


def _activity_name(activity: str) -> str:
    """A coverage panel's `chain/node` as the node's name; a dataset's activity code as written."""
    chain_id, _slash, node_id = activity.partition("/")
    try:
        return chain(chain_id).node(node_id).name if node_id else activity
    except ChainLookupError:
        return activity


@router.get("/specialisation", response_class=HTMLResponse)
def specialisation(
    request: Request, db: Db, _user: ReadUser, region: str | None = None, dataset: str | None = None,
    level: str = "county", format: str | None = None, table: str | None = None,
) -> Response:  # fmt: skip
    """Location quotients of a county or of a city's counties, from a dataset or from chain coverage; at level
    township, of their townships from the register's firm counts.

    Without `dataset` the dataset imported last is shown; `dataset=` (empty) asks for the chain coverage."""
    known = datasets(db)
    asked = (region or "").strip() or _default_area(db)
    towns = level == "township"
    chosen = None if towns else latest_dataset(db) if dataset is None else dataset.strip() or None
    context: dict[str, Any] = {"region": asked, "dataset": chosen, "datasets": known, "error": None, "level": level}
    if asked is None:
        return _answer(request, "specialisation.html", [], context, format, table)
    try:
        found = region_profiles(db, asked, chosen, level=level)
    except PanelError as error:
        if (dataset is None or chosen is None) and find_region(db, asked) is not None:
            return _answer(request, "specialisation.html", [], {**context, "error": str(error)}, format, table)
        return _missing(request, error)
    summary = Grid("regions", [_("地区"), _("Krugman 指数"), _("HHI"),
                               _("最相似")], names=frozenset({0}))  # fmt: skip
    standings = Grid("standings", [_("地区"), _("活动"), _("数值"), _("份额"),
                                   "LQ", _("区间"), _("类别")], names=frozenset({0, 1}))  # fmt: skip
    names = {code: _town_label(db, code, name) for code, name in found.names.items()}
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
                _(QUADRANTS[s.quadrant]) if s.quadrant else "",
                _("样本少") if s.small_count else "",
            ]
            standings.add(name, _activity_name(s.activity), f"{s.value:g}", f"{s.share:.1%}", _fixed(s.lq, 2), interval,
                          " ".join(k for k in kind if k))  # fmt: skip
    context.update(source=found.source, profiles=found)
    return _answer(request, "specialisation.html", [standings, summary], context, format, table)
