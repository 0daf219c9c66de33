"""Cluster and enterprise profiles (figures with sources, chains, members, supply, designation, projects,
the register beside the news) and the enterprise list.

Unknown ids answer a 404 page saying what was not found."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from chainatlas.analytics.designation import Place, Value, assess
from chainatlas.chains import Counterpart, chain
from chainatlas.domain import Decision, Unit
from chainatlas.formatting import (
    format_amount,
    format_period,
    format_stated,
)
from chainatlas.i18n import _
from chainatlas.paging import Window, page_count
from chainatlas.register.versus import FIELD_LABELS, RULES, Rule
from chainatlas.services.atlas_lists import (
    count_enterprises,
    list_enterprises,
)
from chainatlas.services.chain_views import placements as chain_placements
from chainatlas.services.chain_views import supply_of
from chainatlas.services.designation_inputs import designation_input
from chainatlas.services.documents import claim_documents
from chainatlas.services.entity_records import EntityRecord, entity_by_id
from chainatlas.services.places import region_of
from chainatlas.services.profile_lists import (
    count_members,
    count_mentions,
    count_owned_projects,
    members_of,
    owned_projects,
    platforms_named,
)
from chainatlas.services.queries import profile_of, township_name
from chainatlas.services.register_views import RegisterView, register_view
from chainatlas.web.api_common import no_such
from chainatlas.web.chain_charts import chain_views
from chainatlas.web.deps import Db, ReadUser, StoreId, settings_of
from chainatlas.web.exports import Cell, Grid
from chainatlas.web.figure_cells import (
    UNKNOWN,
    claim_href,
    figure_grid,
    indicator_charts,
    sources_of,
)
from chainatlas.web.page_answers import Missing, answer, missing, page_of, town_label

router = APIRouter()


def _supply_grid(name: str, counterparts: Sequence[Counterpart], ids: Mapping[str, int]) -> Grid:
    """Counterparts in a supply graph, each that is a firm of the store linked to its page by its id."""
    grid = Grid(name, [_("企业"), _("产品"), _("份额"), _("依据")], names=frozenset({0, 1, 3}))
    for c in counterparts:
        shares = "、".join(format_amount(link.share, Unit.RATIO) for link in c.links if link.share is not None)
        evidence = " / ".join(dict.fromkeys(e.sentence for link in c.links for e in link.evidence))
        page = f"/enterprises/{ids[c.name]}" if c.name in ids else None
        grid.add(Cell(c.name, page), "、".join(c.products), shares, evidence)
    return grid


def _designation(db: Session, cluster: EntityRecord) -> dict[str, Any]:
    """This year's designation verdict and each rule's outcome, with links to the claims read."""
    found = assess(designation_input(db, cluster, dt.date.today().year))
    claims = [e.source.claim_id for r in found.rules for e in r.evidence if e.source is not None]
    documents = claim_documents(db, claims)

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
    labels: dict[str, str] = {Decision.CONFIRMED: _("已确认"), Decision.UNCERTAIN: _("待确认")}
    return labels.get(decision, decision)


def _members(db: Session, cluster: EntityRecord, window: Window) -> Grid:
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


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster(
    request: Request, db: Db, _user: ReadUser, cluster_id: StoreId, format: str | None = None, table: str | None = None,
    members: int = 1,
) -> Response:  # fmt: skip
    """A cluster: indicators over time, chain coverage, members (page `members` of them), customers, designation
    and sources (those of its figures and of its first page of mentions)."""
    found = entity_by_id(db, "cluster", cluster_id)
    if found is None:
        return missing(request, Missing(no_such("cluster", cluster_id)))
    size = settings_of(request).page_size
    profile = profile_of(db, found, Window(size))
    window, members_page = page_of(members, count_members(db, found.id, True), size)
    chains = chain_views(db, f"#{found.id}", found.name, None, bounded=True)
    supply = supply_of(db, f"#{found.id}")
    grids = [figure_grid(profile.figures), _members(db, found, window),
             _supply_grid("customers", supply.customers, supply.ids), *(c["grid"] for c in chains)]  # fmt: skip
    sources = sources_of(profile.figures, profile.mentions)
    region = region_of(db, found.region_code) if found.region_code else None
    context = {
        "cluster": found, "profile": profile, "region": region, "charts": indicator_charts(profile.figures),
        "chains": chains, "designation": _designation(db, found), "sources": sources,
        "platforms": platforms_named(db, found.region_code, [s.document_id for s in sources]), "members": members_page,
    }  # fmt: skip
    return answer(request, "cluster.html", grids, context, format, table)


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
    town = town_label(db, township, township_name(township) or township) if township else None
    context = {"q": q, "township": township, "town": town, "page": page, "pages": pages,
               "total": total}  # fmt: skip
    return answer(request, "enterprises.html", [grid], context, format, table)


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
    found = entity_by_id(db, "enterprise", enterprise_id)
    if found is None:
        return missing(request, Missing(no_such("enterprise", enterprise_id)))
    size = settings_of(request).page_size
    window, mentions_page = page_of(mentions, count_mentions(db, found.id), size)
    profile = profile_of(db, found, window)
    supply = supply_of(db, f"#{found.id}")
    placed = Grid("placements", [_("产业链"), _("节点"), _("判定"), _("依据")], names=frozenset({0, 1}))
    for p in chain_placements(db):
        if p.firm == supply.subject:
            on = chain(p.chain_id)
            link = Cell(on.name, f"/chains/{quote(on.id)}")
            placed.add(link, on.node(p.node_id).name, _decision(p.decision.value), p.reason)
    window, projects_page = page_of(projects_asked, count_owned_projects(db, found.id), size)
    projects = Grid("projects", [_("项目"), _("总投资")], names=frozenset({0}))
    for project in owned_projects(db, found.id, window):
        investment = format_amount(project.investment, Unit.CNY) if project.investment is not None else _(UNKNOWN)
        projects.add(Cell(project.name, f"/projects/{project.id}"), investment)
    register = register_view(db, found)
    grids = [figure_grid(profile.figures), placed, _supply_grid("customers", supply.customers, supply.ids),
             _supply_grid("suppliers", supply.suppliers, supply.ids), projects, _register_grid(register)]  # fmt: skip
    region = region_of(db, found.region_code) if found.region_code else None
    output = register.record.output_value if register else None
    context = {"enterprise": found, "profile": profile, "region": region, "register": register,
               "register_output": format_amount(output, Unit.CNY) if output is not None else None,
               "sources": sources_of(profile.figures, profile.mentions), "mentions": mentions_page,
               "projects": projects_page}  # fmt: skip
    return answer(request, "enterprise.html", grids, context, format, table)
