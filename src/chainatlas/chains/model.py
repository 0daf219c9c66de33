"""Industry chains in memory: nodes from upstream to downstream, their edges, and product matching.

A chain is built from a validated template (see `templates.py` and `data/chains/README.md`);
the classes here trust their input and answer questions about it. An edge declared on a
node holds for its whole subtree: when 减速器 feeds 关节模组, 谐波减速器 feeds 关节模组 too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

import ahocorasick


class ChainStage(StrEnum):
    """Where a node sits in its chain (上游 / 中游 / 下游)."""

    UPSTREAM = "upstream"
    MIDSTREAM = "midstream"
    DOWNSTREAM = "downstream"


class ChainTemplateError(ValueError):
    """A chain file that cannot be used; the message names the file, the node and the reason."""

    def __init__(self, path: str, node: str | None, reason: str) -> None:
        super().__init__(path, node, reason)
        self.path = path
        self.node = node
        self.reason = reason

    def __str__(self) -> str:
        where = self.path if self.node is None else f"{self.path}: node {self.node}"
        return f"{where}: {self.reason}"


class ChainLookupError(LookupError):
    """No chain, or no node of a chain, answers to the name asked for."""


def normal_term(text: str) -> str:
    """The form terms and text are compared in: NFKC (full-width → half-width), then casefolded."""
    return unicodedata.normalize("NFKC", text).casefold()


@dataclass(frozen=True, slots=True)
class ChainNode:
    """A segment of a chain: its products and keywords, GB/T 4754 codes and the nodes it feeds."""

    chain_id: str
    id: str
    name: str
    stage: ChainStage
    parent: str | None
    products: tuple[str, ...]
    keywords: tuple[str, ...]
    industries: tuple[str, ...]
    feeds: tuple[str, ...]
    depth: int  # 1 for a top-level node, at most 3

    @property
    def terms(self) -> tuple[str, ...]:
        """The words that place text on this node: products, then keywords."""
        return self.products + self.keywords


@dataclass(frozen=True, eq=False)
class Chain:
    """An industry chain: its names and its nodes in file order (upstream first by convention)."""

    id: str
    name: str
    description: str
    aliases: tuple[str, ...]
    nodes: tuple[ChainNode, ...]
    _by_id: dict[str, ChainNode] = field(init=False, repr=False)
    _children: dict[str, tuple[ChainNode, ...]] = field(init=False, repr=False)
    _succ: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    _pred: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    _automaton: ahocorasick.Automaton = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_id = {n.id: n for n in self.nodes}
        children: dict[str, list[ChainNode]] = {n.id: [] for n in self.nodes}
        for n in self.nodes:
            if n.parent is not None:
                children[n.parent].append(n)
        set_ = object.__setattr__
        set_(self, "_by_id", by_id)
        set_(self, "_children", {k: tuple(v) for k, v in children.items()})
        succ = self._expanded_feeds()
        set_(self, "_succ", succ)
        set_(self, "_pred", {n.id: tuple(m for m in by_id if n.id in succ[m]) for n in self.nodes})
        automaton = ahocorasick.Automaton()
        for n in self.nodes:
            for term in n.terms:
                key = normal_term(term)
                automaton.add_word(key, (len(key), n, term))
        automaton.make_automaton()
        set_(self, "_automaton", automaton)

    def _subtree(self, node_id: str) -> Iterator[str]:
        yield node_id
        for child in self._children[node_id]:
            yield from self._subtree(child.id)

    def _lineage(self, node_id: str) -> Iterator[ChainNode]:
        """The node, its parent, and so on up to the top."""
        node: ChainNode | None = self._by_id[node_id]
        while node is not None:
            yield node
            node = self._by_id[node.parent] if node.parent is not None else None

    def _expanded_feeds(self) -> dict[str, tuple[str, ...]]:
        """Each node's successors: the subtrees of what it or any of its ancestors feeds, in file order."""
        order = {n.id: i for i, n in enumerate(self.nodes)}
        succ: dict[str, tuple[str, ...]] = {}
        for n in self.nodes:
            targets = {m for a in self._lineage(n.id) for t in a.feeds for m in self._subtree(t)}
            succ[n.id] = tuple(sorted(targets, key=order.__getitem__))
        return succ

    # ------------------------------------------------------------------ structure

    def node(self, node_id: str) -> ChainNode:
        """The node with this id; ChainLookupError if there is none."""
        try:
            return self._by_id[node_id]
        except KeyError:
            raise ChainLookupError(f"chain {self.id} has no node {node_id!r}") from None

    def children(self, node_id: str) -> list[ChainNode]:
        """The nodes whose parent is this one, in file order."""
        return list(self._children[self.node(node_id).id])

    def leaves(self) -> list[ChainNode]:
        """The nodes without children, in file order."""
        return [n for n in self.nodes if not self._children[n.id]]

    def downstream_of(self, node_id: str) -> list[ChainNode]:
        """Every node this one supplies, directly or further along the feeds, nearest first."""
        return self._reach(node_id, self._succ)

    def upstream_of(self, node_id: str) -> list[ChainNode]:
        """Every node that supplies this one, directly or further back, nearest first."""
        return self._reach(node_id, self._pred)

    def _reach(self, node_id: str, edges: dict[str, tuple[str, ...]]) -> list[ChainNode]:
        start = self.node(node_id).id
        seen = {start}
        frontier = [start]
        found: list[ChainNode] = []
        while frontier:
            following = []
            for current in frontier:
                for nxt in edges[current]:
                    if nxt not in seen:
                        seen.add(nxt)
                        following.append(nxt)
                        found.append(self._by_id[nxt])
            frontier = following
        return found

    def feeds_cycle(self, node_id: str) -> list[str] | None:
        """A path of feeds from this node back to itself (first and last id the same), or None."""
        start = self.node(node_id).id
        previous: dict[str, str] = {}
        frontier = [start]
        while frontier:
            following = []
            for current in frontier:
                for nxt in self._succ[current]:
                    if nxt == start:
                        path = [current]
                        while path[-1] != start:
                            path.append(previous[path[-1]])
                        return [*reversed(path), start]
                    if nxt not in previous:
                        previous[nxt] = current
                        following.append(nxt)
            frontier = following
        return None

    # ------------------------------------------------------------------ matching

    def match(self, text: str) -> list[tuple[ChainNode, str]]:
        """The nodes whose terms occur in the text, with the term, in order of first occurrence.

        Scanning from the left, the longest term at each place wins and overlapping
        shorter terms are dropped, so 谐波减速器 is read as itself, not as 减速器.
        Each (node, term) pair is given once.
        """
        hits = sorted(
            (end + 1 - length, -length, node.id, term)
            for end, (length, node, term) in self._automaton.iter(normal_term(text))
        )
        found: list[tuple[ChainNode, str]] = []
        seen: set[tuple[str, str]] = set()
        position = 0
        for start, minus_length, node_id, term in hits:
            if start < position:
                continue
            position = start - minus_length
            if (node_id, term) not in seen:
                seen.add((node_id, term))
                found.append((self._by_id[node_id], term))
        return found

    def match_products(self, products: Iterable[str]) -> list[tuple[ChainNode, str]]:
        """Each product word that names a node of this chain, with that node; the others left out.

        A product word names the node of the term that ends last in it (a Chinese compound
        names its kind at the end: 工业机器人用减速器 is a 减速器), and of those the longest
        (精密薄壁轴承 over 轴承). Each distinct product is given once, in input order.
        """
        found: list[tuple[ChainNode, str]] = []
        seen: set[str] = set()
        for product in products:
            if product in seen:
                continue
            seen.add(product)
            hits = [(end, length, node) for end, (length, node, _) in self._automaton.iter(normal_term(product))]
            if hits:
                found.append((max(hits, key=lambda hit: hit[:2])[2], product))
        return found
