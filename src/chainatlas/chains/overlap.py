"""County overlap (错位发展): how alike the chain coverage of a city's counties (or townships) is, and where.

A county's coverage vector counts, for each (chain, node), the distinct firms of the county
placed on that node itself (confirmed or uncertain). Ancestors are not credited: a firm on
减速器 and one on 谐波减速器 do not overlap, so that every robot firm does not meet every
other at 核心零部件. Two measures per pair of counties:

- cosine similarity of the count vectors, Σ aᵢbᵢ / (‖a‖·‖b‖): weighs how many firms crowd a node;
- Jaccard similarity of the node sets, |A ∩ B| / |A ∪ B|: only whether a node is held.

Both are 0 when either county holds nothing. `area_coverage` counts the same way over any areas a firm
belongs to one of, e.g. the townships of the register. Plain Python: a city has a few dozen
counties and a few hundred nodes, far below where numpy pays for itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from chainatlas.chains.placement import FirmRecord, Placement
from chainatlas.reference import load_regions

NodeKey = tuple[str, str]  # (chain id, node id)


@dataclass(frozen=True, slots=True)
class CountyCoverage:
    """A county's firms per chain node: {(chain id, node id): number of firms placed there}."""

    code: str
    name: str
    counts: Mapping[NodeKey, int]


@dataclass(frozen=True, slots=True)
class OverlapPair:
    """Two counties' similarity, the nodes both hold (where 错位 breaks) and those only one holds."""

    a: str  # county code
    b: str
    cosine: float
    jaccard: float
    shared: tuple[NodeKey, ...]
    only_a: tuple[NodeKey, ...]
    only_b: tuple[NodeKey, ...]


def counties_of(city_code: str) -> dict[str, str]:
    """The counties (code → name) of a city in the bundled table of divisions, functional zones included."""
    return {r.code: r.name for r in load_regions() if r.parent_code == city_code and r.level == "county"}


def county_coverage(
    placements: Iterable[Placement], firms: Iterable[FirmRecord], counties: Mapping[str, str]
) -> list[CountyCoverage]:
    """Each county's coverage vector, in the order of `counties`; firms outside them are left out."""
    home = {f.name: code for f in firms for code in counties if f.in_region(code)}
    return area_coverage(placements, home, counties)


def area_coverage(
    placements: Iterable[Placement], home: Mapping[str, str], areas: Mapping[str, str]
) -> list[CountyCoverage]:
    """Each area's coverage vector (a county's, or a township's), in the order of `areas` (code → name), from
    `home` (firm name → area code); firms in no area are left out."""
    placed: dict[str, dict[NodeKey, set[str]]] = {code: {} for code in areas}
    for p in placements:
        code = home.get(p.firm)
        if p.active and code in placed:
            placed[code].setdefault((p.chain_id, p.node_id), set()).add(p.firm)
    return [
        CountyCoverage(code, name, {key: len(found) for key, found in placed[code].items()})
        for code, name in areas.items()
    ]


def cosine(a: Mapping[NodeKey, int], b: Mapping[NodeKey, int]) -> float:
    """Σ aᵢbᵢ / (‖a‖·‖b‖) over the nodes; 0 when either vector is empty."""
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return sum(v * b.get(k, 0) for k, v in a.items()) / norm if norm else 0.0


def jaccard(a: Mapping[NodeKey, int], b: Mapping[NodeKey, int]) -> float:
    """|A ∩ B| / |A ∪ B| of the nodes held (count > 0); 0 when neither holds any."""
    held_a = {k for k, v in a.items() if v > 0}
    held_b = {k for k, v in b.items() if v > 0}
    union = held_a | held_b
    return len(held_a & held_b) / len(union) if union else 0.0


def county_overlap(coverage: Iterable[CountyCoverage]) -> list[OverlapPair]:
    """Every pair of counties, most alike first (cosine, then Jaccard, then codes), with the nodes behind it."""
    pairs = []
    for x, y in combinations(coverage, 2):
        shared = tuple(sorted(k for k in x.counts if y.counts.get(k, 0) > 0 and x.counts[k] > 0))
        pairs.append(
            OverlapPair(
                x.code, y.code, cosine(x.counts, y.counts), jaccard(x.counts, y.counts), shared,
                tuple(sorted(k for k, v in x.counts.items() if v > 0 and k not in shared)),
                tuple(sorted(k for k, v in y.counts.items() if v > 0 and k not in shared)),
            )
        )
    return sorted(pairs, key=lambda p: (-p.cosine, -p.jaccard, p.a, p.b))
