"""Placing enterprises on chain nodes: each placement with its basis, evidence and decision.

A firm is placed from what it makes. Two sources, strongest first:

- a product word of the firm that names a node (`Chain.match_products`): 谐波减速器, and
  晶圆搬运机器人 as the extractor reads it from 华芯智能的晶圆搬运机器人;
- failing that within a chain, a GB/T 4754 industry code the node lists.

Every automatic placement is `uncertain`; only a user confirms or rejects. A user's
decision is keyed by (firm, chain, node) and so survives re-ingestion: a rejected
placement stays rejected when the same evidence comes again, and a placement a user
added is kept though nothing in the text supports it.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from chainatlas.chains.model import Chain, ChainLookupError, ChainNode, normal_term
from chainatlas.chains.templates import bundled_chains
from chainatlas.domain import Decision, Role, Span
from chainatlas.i18n import _

PlacementKey = tuple[str, str, str]  # (firm, chain id, node id)


class Basis(StrEnum):
    """What a placement rests on, strongest first."""

    PRODUCT = "product"  # a product word of the firm names the node
    INDUSTRY = "industry"  # only an industry code: the weakest
    USER = "user"  # added by a user


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a claim rests on: its document, its text and its span in the document."""

    document: str
    sentence: str
    span: Span

    def cite(self) -> str:
        """`(document, sentence)`, as reasons quote it."""
        return f"({self.document}, {self.sentence})"


@dataclass(frozen=True, slots=True)
class FirmRecord:
    """An enterprise as placement sees it: names, county code, products, industry codes, sentences."""

    name: str
    region_code: str | None
    products: tuple[str, ...] = ()
    industry_codes: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    aliases: tuple[str, ...] = ()
    role: Role | None = None

    def in_region(self, code: str) -> bool:
        """Whether the firm lies in the division `code` (a county, or a city or province above it)."""
        return self.region_code is not None and self.region_code.startswith(region_prefix(code))


@dataclass(frozen=True, slots=True)
class Placement:
    """A firm on a chain node, with the evidence, the reason in words and the decision."""

    firm: str
    chain_id: str
    node_id: str
    decision: Decision
    basis: Basis
    reason: str
    evidence: tuple[Evidence, ...] = ()
    by_user: bool = False  # the decision is a user's, not the default

    @property
    def key(self) -> PlacementKey:
        return (self.firm, self.chain_id, self.node_id)

    @property
    def active(self) -> bool:
        """Counted in coverage, gaps and overlap: confirmed or uncertain."""
        return self.decision is not Decision.REJECTED


def region_prefix(code: str) -> str:
    """The digits a division's members share: 330400 (嘉兴市) → 3304, 330482 → 330482."""
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def place_firms(
    firms: Iterable[FirmRecord],
    chains: Sequence[Chain] | None = None,
    decisions: Mapping[PlacementKey, Decision] | None = None,
) -> list[Placement]:
    """Every placement of these firms on the chains (default: the bundled ones), users' decisions applied.

    Decisions on a firm not among `firms` or a chain not among `chains` are left for the
    run that places them; one naming a node its chain lacks raises ChainLookupError.
    """
    chains = bundled_chains() if chains is None else chains
    by_id = {c.id: c for c in chains}
    decisions = decisions or {}
    by_firm: dict[str, list[PlacementKey]] = {}
    for key in decisions:
        if key[1] in by_id:
            by_firm.setdefault(key[0], []).append(key)
    placements: list[Placement] = []
    for firm in firms:
        found = [p for c in chains for p in _automatic(c, firm)]
        seen = {p.key for p in found}
        found += [_added(by_id[key[1]], key, decisions[key]) for key in by_firm.get(firm.name, ()) if key not in seen]
        placements.extend(_decided(p, decisions.get(p.key)) for p in found)
    return placements


def _automatic(chain: Chain, firm: FirmRecord) -> list[Placement]:
    """The firm's placements on one chain: from its words, else from its industry codes."""
    placed: dict[str, Placement] = {}
    for node, product in chain.match_products(firm.products):
        if node.id not in placed:
            evidence = tuple(e for e in firm.evidence if normal_term(product) in normal_term(e.sentence))
            placed[node.id] = _placement(
                firm, node, Basis.PRODUCT, _("产品 {product}").format(product=product), evidence or firm.evidence
            )
    if not placed:
        for node, code in industry_nodes(chain, firm.industry_codes):
            evidence = tuple(e for e in firm.evidence if code in e.sentence)
            placed[node.id] = _placement(firm, node, Basis.INDUSTRY, _("行业代码 {code}").format(code=code), evidence)
    order = {n.id: i for i, n in enumerate(chain.nodes)}
    return sorted(placed.values(), key=lambda p: order[p.node_id])


def _placement(
    firm: FirmRecord, node: ChainNode, basis: Basis, reason: str, evidence: tuple[Evidence, ...]
) -> Placement:
    return Placement(firm.name, node.chain_id, node.id, Decision.UNCERTAIN, basis, reason, evidence)


def _added(chain: Chain, key: PlacementKey, decision: Decision) -> Placement:
    """A placement a user added where the text gives none; its node must exist."""
    firm, chain_id, node_id = key
    if node_id not in {n.id for n in chain.nodes}:
        raise ChainLookupError(f"a decision on {firm} names node {node_id!r}, which chain {chain_id!r} lacks")
    return Placement(firm, chain_id, node_id, decision, Basis.USER, _("用户添加"), by_user=True)


def _decided(placement: Placement, decision: Decision | None) -> Placement:
    if decision is None or placement.basis is Basis.USER:
        return placement
    return replace(placement, decision=decision, by_user=True)


def industry_nodes(chain: Chain, codes: Iterable[str]) -> list[tuple[ChainNode, str]]:
    """For each industry code, the nodes listing its most specific prefix, children of such nodes left out.

    3451 → bearings (3451) rather than core-components (345); 3453 → reducers, not each kind of reducer.
    """
    found: dict[str, tuple[ChainNode, str]] = {}
    for code in codes:
        matching = [(len(c), n) for n in chain.nodes for c in n.industries if code.startswith(c)]
        if not matching:
            continue
        best = max(length for length, _ in matching)
        nodes = {n.id: n for length, n in matching if length == best}
        for node in nodes.values():
            if not _has_ancestor_in(chain, node, nodes):
                found.setdefault(node.id, (node, code))
    return list(found.values())


def _has_ancestor_in(chain: Chain, node: ChainNode, ids: Container[str]) -> bool:
    parent = node.parent
    while parent is not None:
        if parent in ids:
            return True
        parent = chain.node(parent).parent
    return False
