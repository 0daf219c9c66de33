"""Gap analysis (补链): which nodes of a chain a cluster or county holds, and leads for the rest.

A firm holds a node when it is placed, confirmed or uncertain, on the node or on a node
below it: 贝托传动 on 谐波减速器 holds 精密减速器 and 核心零部件 too. Rejected placements
count nowhere. For each empty or fragile node the leads are firms outside the area placed
on it, and suppliers whose supply links name one of its products (招商 leads).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from chainatlas.chains.model import Chain, ChainNode
from chainatlas.chains.placement import Evidence, FirmRecord, Placement
from chainatlas.chains.supply import SupplyLink
from chainatlas.domain import Decision, Role
from chainatlas.i18n import _
from chainatlas.reference import load_regions


@dataclass(frozen=True, slots=True)
class Area:
    """The cluster or county asked about: its name and the names of its firms."""

    name: str
    firms: frozenset[str]
    code: str | None = None  # the division it lies in (a cluster's county), for what is not a firm

    @classmethod
    def of_region(cls, name: str, code: str, firms: Iterable[FirmRecord]) -> Area:
        """The firms lying in the division `code` (a county: 330482; a city: 330400)."""
        return cls(name, frozenset(f.name for f in firms if f.in_region(code)), code)


@dataclass(frozen=True, slots=True)
class NodeCoverage:
    """Who in the area holds a node: every holder, those confirmed, and the leaders."""

    node_id: str
    name: str
    holders: tuple[str, ...]  # by name
    confirmed: tuple[str, ...]  # holders with a confirmed placement on the node or below
    leaders: tuple[str, ...]  # holders with role leader; failing those, the holders with most evidence

    @property
    def empty(self) -> bool:
        return not self.holders

    @property
    def fragile(self) -> bool:
        """Held by a single firm: one closure away from empty."""
        return len(self.holders) == 1


@dataclass(frozen=True, slots=True)
class Lead:
    """A firm outside the area that could fill a node, with each reason and its evidence."""

    firm: str
    region_code: str | None
    reasons: tuple[str, ...]
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True, slots=True)
class GapReport:
    """A chain as seen from one area: coverage of every node, the gaps, and leads for each gap."""

    chain_id: str
    area: str
    coverage: tuple[NodeCoverage, ...]  # every node, in chain order
    empty: tuple[str, ...]  # node ids held by no firm, those under an empty parent left out
    fragile: tuple[str, ...]  # node ids held by one firm, those held only through a fragile child left out
    leads: Mapping[str, tuple[Lead, ...]] = field(default_factory=dict)  # per empty or fragile node

    def node(self, node_id: str) -> NodeCoverage:
        """The coverage of one node; KeyError for a node the chain does not have."""
        for covered in self.coverage:
            if covered.node_id == node_id:
                return covered
        raise KeyError(node_id)


def find_gaps(
    chain: Chain,
    area: Area,
    placements: Iterable[Placement],
    firms: Iterable[FirmRecord],
    links: Iterable[SupplyLink] = (),
) -> GapReport:
    """Coverage, empty and fragile nodes and leads of `chain` for `area`.

    `placements` are all known (the area's and everyone else's); `firms` give regions and
    roles; `links` give suppliers of a node's products. Names must already be resolved.
    """
    records = {f.name: f for f in firms}
    active = [p for p in placements if p.chain_id == chain.id and p.active]
    inside = [p for p in active if p.firm in area.firms]
    below = _subtrees(chain)
    coverage = tuple(
        _coverage(node, [p for p in inside if p.node_id in below[node.id]], records) for node in chain.nodes
    )
    held = {c.node_id: c for c in coverage}
    empty = tuple(
        c.node_id for c in coverage
        if c.empty and ((parent := chain.node(c.node_id).parent) is None or not held[parent].empty)
    )
    fragile = tuple(
        c.node_id for c in coverage
        if c.fragile and not any(held[child.id].holders == c.holders for child in chain.children(c.node_id))
    )
    outside = [p for p in active if p.firm not in area.firms]
    suppliers = [link for link in links if link.supplier not in area.firms and link.supplier != area.name]
    leads = {
        node_id: _leads(chain, below[node_id], outside, suppliers, records)
        for node_id in (*empty, *fragile)
    }
    return GapReport(chain.id, area.name, coverage, empty, fragile, leads)


def _subtrees(chain: Chain) -> dict[str, frozenset[str]]:
    """Each node's id with the ids of every node below it."""
    below: dict[str, set[str]] = {n.id: {n.id} for n in chain.nodes}
    for n in chain.nodes:
        parent = n.parent
        while parent is not None:
            below[parent].add(n.id)
            parent = chain.node(parent).parent
    return {k: frozenset(v) for k, v in below.items()}


def _coverage(node: ChainNode, placements: list[Placement], records: Mapping[str, FirmRecord]) -> NodeCoverage:
    """The node's holders (placed on it or below), those confirmed, and its leaders."""
    evidence: dict[str, set[Evidence]] = {}
    for p in placements:
        evidence.setdefault(p.firm, set()).update(p.evidence)
    holders = tuple(sorted(evidence))
    leaders = tuple(h for h in holders if h in records and records[h].role is Role.LEADER)
    if not leaders and holders:
        most = max(len(e) for e in evidence.values())
        leaders = tuple(h for h in holders if len(evidence[h]) == most)
    confirmed = tuple(sorted({p.firm for p in placements if p.decision is Decision.CONFIRMED}))
    return NodeCoverage(node.id, node.name, holders, confirmed, leaders)


def _leads(
    chain: Chain,
    nodes: frozenset[str],
    placements: list[Placement],
    links: list[SupplyLink],
    records: Mapping[str, FirmRecord],
) -> tuple[Lead, ...]:
    """Firms outside the area placed on these nodes, and suppliers of their products."""
    reasons: dict[str, dict[str, None]] = {}
    evidence: dict[str, dict[Evidence, None]] = {}

    def add(firm: str, reason: str, said: Iterable[Evidence]) -> None:
        reasons.setdefault(firm, {})[reason] = None
        evidence.setdefault(firm, {}).update(dict.fromkeys(said))

    for p in placements:
        if p.node_id in nodes:
            record = records.get(p.firm)
            where = region_name(record.region_code if record else None)
            add(p.firm, _("{reason}，位于{region}").format(reason=p.reason, region=where), p.evidence)
    for link in links:
        if link.product and any(n.id in nodes for n, _term in chain.match_products([link.product])):
            cited = f" {link.evidence[0].cite()}" if link.evidence else ""
            supplies = _("向{customer}供应{product}").format(customer=link.customer, product=link.product)
            add(link.supplier, supplies + cited, link.evidence)
    leads = [
        Lead(firm, records[firm].region_code if firm in records else None, tuple(reasons[firm]), tuple(evidence[firm]))
        for firm in reasons
    ]
    return tuple(sorted(leads, key=lambda lead: (-len(lead.reasons), lead.firm)))


@cache
def _region_names() -> dict[str, str]:
    return {r.code: r.name for r in load_regions()}


def region_name(code: str | None) -> str:
    """The division's name from the bundled table, or the code itself when the table lacks it."""
    if code is None:
        return _("未知地区")
    return _region_names().get(code, code)
