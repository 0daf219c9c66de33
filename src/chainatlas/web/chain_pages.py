"""The chains: the bundled chains with how many firms are placed on each, and one chain seen from an area."""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from chainatlas.chains import ChainLookupError, bundled_chains, chain
from chainatlas.i18n import _
from chainatlas.services.chain_views import ChainViewError
from chainatlas.services.chain_views import placements as chain_placements
from chainatlas.services.places import default_area
from chainatlas.web.chain_charts import chain_graph, chain_views
from chainatlas.web.deps import Db, ReadUser
from chainatlas.web.exports import Cell, Grid
from chainatlas.web.page_answers import answer, missing

router = APIRouter()


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
    return answer(request, "chains.html", [grid], {}, format, table)


@router.get("/chains/{chain_id}", response_class=HTMLResponse)
def chain_page(
    request: Request, db: Db, _user: ReadUser, chain_id: str, area: str | None = None, format: str | None = None,
    table: str | None = None,
) -> Response:  # fmt: skip
    """One chain seen from an area (a county, city or cluster; by default the city with most clusters)."""
    try:
        found = chain(chain_id)
        where = area.strip() if area and area.strip() else default_area(db)
        views = chain_views(db, where, where, found.id) if where else []
    except (ChainLookupError, ChainViewError) as error:
        return missing(request, error)
    graph = views[0]["option"] if views else chain_graph(found, {}, None)
    context = {"chain": found, "area": where, "view": views[0] if views else None, "option": graph}
    return answer(request, "chain.html", [v["grid"] for v in views], context, format, table)
