"""The chain commands: `chain list|show|gaps|overlap|place` and `supply`.

A thin shell over `services.chain_views`; `register` adds them to the main `chainatlas` command.
Unknown chains, nodes, clusters, divisions or firms end the command with exit code 1.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

import typer

from chainatlas.chains import Chain, Decision, Placement, SupplyLink, bundled_chains, chain
from chainatlas.chains.gaps import Lead
from chainatlas.cli.helpers import (
    ByOption,
    JsonOption,
    err,
    fold_table,
    kind_name,
    out,
    print_json,
    say,
    store_session,
    user,
)
from chainatlas.i18n import N_, _, listing
from chainatlas.services.chain_views import (
    AreaGaps,
    CityOverlap,
    chain_gaps,
    chain_overlap,
    decide_placement,
    placements,
    supply_of,
)

chain_app = typer.Typer(no_args_is_help=True, help="Industry chains: placements, gaps and county overlap.")
ChainArgument = Annotated[str, typer.Argument(help="A chain's id, name or alias (see `chain list`).")]


DECISIONS = {Decision.CONFIRMED: N_("已确认"), Decision.UNCERTAIN: N_("待确认"), Decision.REJECTED: N_("已驳回")}
STAGES = {"upstream": N_("上游"), "midstream": N_("中游"), "downstream": N_("下游")}


def _marked(p: Placement) -> str:
    return p.firm if p.decision is Decision.UNCERTAIN else f"{p.firm} [{_(DECISIONS[p.decision])}]"


def _cited(placement: Placement | SupplyLink, indent: str) -> None:
    for evidence in placement.evidence:
        say(f"{indent}{evidence.document}: {evidence.sentence}")


@chain_app.command("list")
def chain_list(as_json: JsonOption = False) -> None:
    """The bundled chains: id, name, aliases and number of nodes."""
    chains = bundled_chains()
    if as_json:
        print_json([{"id": c.id, "name": c.name, "aliases": list(c.aliases), "nodes": len(c.nodes)} for c in chains])
        return
    table = fold_table(_("编号"), _("名称"), _("别名"), _("节点数"))
    for c in chains:
        table.add_row(c.id, c.name, listing(c.aliases), str(len(c.nodes)))
    out.print(table)


def _show_nodes(found: Chain, placed: list[Placement]) -> None:
    for node in found.nodes:
        firms = listing(_marked(p) for p in placed if p.node_id == node.id)
        stage = _(STAGES.get(node.stage, node.stage))
        say(f"{'  ' * node.depth}{node.name} ({node.id}, {stage}){_('：') + firms if firms else ''}")


@chain_app.command("show")
def chain_show(
    ctx: typer.Context,
    name: ChainArgument,
    region: Annotated[str | None, typer.Option("--region", help="Only firms in this division (name or code).")] = None,
    as_json: JsonOption = False,
) -> None:
    """A chain's nodes from upstream to downstream, with the firms placed on each and their decisions."""
    with store_session(ctx) as session:
        found = chain(name)
        placed = placements(session, found.id, region)
    if as_json:
        nodes = [asdict(n) | {"placements": [asdict(p) for p in placed if p.node_id == n.id]} for n in found.nodes]
        print_json({"id": found.id, "name": found.name, "nodes": nodes})
        return
    say(f"{found.name} ({found.id})")
    _show_nodes(found, placed)


def _gaps_json(found: AreaGaps) -> dict[str, Any]:
    return asdict(found.report) | {
        "chain_name": found.chain_name,
        "placements": [asdict(p) for p in found.placements],
        "projects": [asdict(p) for p in found.projects],
    }


def _show_leads(node: str, leads: tuple[Lead, ...]) -> None:
    for lead in leads:
        line = _("    {node} 招商线索：{firm} — {reasons}")
        say(line.format(node=node, firm=lead.firm, reasons=listing(lead.reasons)))


def _show_gaps(found: AreaGaps) -> None:
    report = found.report
    say(_("{chain}（{id}），{area}").format(chain=found.chain_name, id=found.chain_id, area=report.area))
    for p in found.placements:
        say(_("  {firm} 位于 {node}（{reason}）").format(firm=_marked(p), node=p.node_id, reason=p.reason))
        _cited(p, "      ")
    names = {c.node_id: c.name for c in report.coverage}
    serving: dict[str, list[str]] = {}
    for project in found.projects:
        serving.setdefault(project.node_id, []).append(f"#{project.project_id} {project.project}")
    for label, nodes in ((_("空白"), report.empty), (_("薄弱"), report.fragile)):
        for node in nodes:
            say(_("  {label}：{name}（{node}）").format(label=label, name=names[node], node=node))
            _show_leads(node, report.leads.get(node, ()))
    for node, projects in serving.items():
        say(_("  {name}（{node}）上的项目：{projects}").format(name=names.get(node, node), node=node,
                                                             projects=listing(projects)))  # fmt: skip


@chain_app.command("gaps")
def chain_gaps_command(
    ctx: typer.Context,
    area: Annotated[str, typer.Argument(help="A cluster (name or #ID), or a county or city (name or code).")],
    on: Annotated[str | None, typer.Option("--chain", help="Only this chain.")] = None,
    as_json: JsonOption = False,
) -> None:
    """The area's placements, its empty and fragile nodes, and 招商 leads for each, per chain it holds."""
    with store_session(ctx) as session:
        found = chain_gaps(session, area, on)
    if as_json:
        print_json([_gaps_json(g) for g in found])
        return
    for gaps in found:
        _show_gaps(gaps)
    if not found:
        err.print(_("{area}：没有企业入链").format(area=area))


def _overlap_json(found: CityOverlap) -> dict[str, Any]:
    names = {c.code: c.name for c in found.counties}
    return {
        "city": found.city,
        "code": found.code,
        "level": found.level,
        "counties": [
            {"code": c.code, "name": c.name, "nodes": {f"{k[0]}/{k[1]}": n for k, n in c.counts.items()}}
            | ({"county": found.county_of[c.code]} if c.code in found.county_of else {})
            for c in found.counties
        ],
        "pairs": [asdict(p) | {"a_name": names[p.a], "b_name": names[p.b]} for p in found.pairs],
    }


@chain_app.command("overlap")
def chain_overlap_command(
    ctx: typer.Context,
    city: Annotated[str, typer.Argument(help="A city (name or code), e.g. 嘉兴市; at township level also a county.")],
    level: Annotated[
        str,
        typer.Option(
            "--level",
            help="county: the city's counties; township: the townships of the county (or of the city's counties) "
            "where register firms are.",
        ),
    ] = "county",
    as_json: JsonOption = False,
) -> None:
    """Pairs of the city's counties (or townships) by how alike their chain coverage is, with the nodes they share."""
    with store_session(ctx) as session:
        found = chain_overlap(session, city, level)
    if as_json:
        print_json(_overlap_json(found))
        return
    names = {c.code: _area_name(found, c.code, c.name) for c in found.counties}
    place = _(_LEVELS.get(level, level))
    table = fold_table(place, place, _("余弦相似度"), "Jaccard", _("共有节点"))
    for p in found.pairs:
        shared = listing(f"{c}/{n}" for c, n in p.shared)
        table.add_row(names[p.a], names[p.b], f"{p.cosine:.2f}", f"{p.jaccard:.2f}", shared)
    out.print(table)


_LEVELS = {"county": N_("县（市、区）"), "township": N_("乡镇（街道）")}


def _area_name(found: CityOverlap, code: str, name: str) -> str:
    """A county's name, or a township's with its county: 王店镇 (秀洲区)."""
    county = found.county_of.get(code)
    return f"{name} ({county})" if county else name


@chain_app.command("place")
def chain_place(
    ctx: typer.Context,
    firm: Annotated[str, typer.Argument(help="An enterprise (name or #ID).")],
    name: ChainArgument,
    node: Annotated[str, typer.Argument(help="A node id of the chain.")],
    decision: Annotated[str, typer.Option("--decision", help="confirmed or rejected.")],
    note: Annotated[str | None, typer.Option("--note", help="Why (kept with the decision).")] = None,
    by: ByOption = None,
) -> None:
    """Confirm, reject or add a firm's placement on a node; the decision survives re-ingestion."""
    with store_session(ctx, write=True) as session:
        placed = decide_placement(session, firm, name, node, decision, by or user(), note)
    err.print(_("{firm} 位于 {chain}/{node}：{decision}（{reason}）").format(
        firm=placed.firm, chain=placed.chain_id, node=placed.node_id, decision=_(DECISIONS[placed.decision]),
        reason=placed.reason))  # fmt: skip


def _show_side(label: str, side: list[Any]) -> None:
    for party in side:
        say(f"{label} {party.name}")
        for link in party.links:
            say(f"  {link.describe()}")
            _cited(link, "      ")


def supply(
    ctx: typer.Context,
    subject: Annotated[str, typer.Argument(help="A cluster or firm (name or #ID).")],
    as_json: JsonOption = False,
) -> None:
    """Whom a cluster (with its members) or a firm supplies, and who supplies it: product, share, evidence."""
    with store_session(ctx) as session:
        found = supply_of(session, subject)
    if as_json:
        print_json(asdict(found))
        return
    say(f"{found.subject} ({kind_name(found.kind)})")
    _show_side(_("客户"), found.customers)
    _show_side(_("供应商"), found.suppliers)


def register(app: typer.Typer) -> None:
    """Add the chain commands to `app`."""
    app.add_typer(chain_app, name="chain")
    app.command("supply")(supply)
