"""A chain as the pages draw it from an area: its nodes upstream → downstream coloured by coverage, and a
table of each node's holders, status and leads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from sqlalchemy.orm import Session

from chainatlas.chains import Chain, NodeCoverage, chain
from chainatlas.i18n import _, listing
from chainatlas.services.chain_views import AreaGaps, chain_gaps
from chainatlas.web.exports import Cell, Grid

STAGES = ("upstream", "midstream", "downstream")


STATUS_COLOURS = {"filled": "#2f855a", "fragile": "#dd6b20", "empty": "#c53030"}


# A node of a cluster page's chain coverage names at most this many firms and links the chain page for all:
# a cluster page does not grow with the store.
HOLDERS_SHOWN = 5


def chain_href(chain_id: str, area: str | None) -> str:
    """The chain's page, seen from `area` when given."""
    return f"/chains/{quote(chain_id)}" + (f"?area={quote(area)}" if area else "")


def _status(coverage: NodeCoverage | None) -> str:
    if coverage is None or coverage.empty:
        return "empty"
    return "fragile" if coverage.fragile else "filled"


def _status_label(status: str) -> str:
    return {"filled": _("已覆盖"), "fragile": _("薄弱"), "empty": _("空白")}[status]


def chain_graph(found: Chain, coverage: Mapping[str, NodeCoverage], area: str | None) -> dict[str, Any]:
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
        "tooltip": {}, "links": {n.name: chain_href(found.id, area) for n in found.nodes},
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


def chain_views(
    db: Session, area: str, label: str, chain_id: str | None, bounded: bool = False
) -> list[dict[str, Any]]:
    """Per chain the area holds (or the one asked): name, graph option (linking with `label`), coverage grid
    (`bounded`: a node names a few holders and links the chain page for the rest)."""
    views = []
    for gaps in chain_gaps(db, area, chain_id):
        found = chain(gaps.chain_id)
        coverage = {c.node_id: c for c in gaps.report.coverage}
        more = chain_href(found.id, label) if bounded else None
        views.append({
            "id": gaps.chain_id, "name": gaps.chain_name, "option": chain_graph(found, coverage, label),
            "grid": _coverage_grid(f"coverage-{gaps.chain_id}", found, gaps, more),
            "projects": gaps.projects, "empty": len(gaps.report.empty), "fragile": len(gaps.report.fragile),
        })  # fmt: skip
    return views
