"""Industry chains (产业链): templates as data, and the questions asked of them.

`chain("humanoid-robot")` or `chain("人形机器人及工业机器人")` gives a bundled chain;
`Chain.match_products(["谐波减速器"])` places product words on its most specific node.
`place_firms` puts enterprises on nodes with evidence and decisions, `find_gaps` finds a
cluster's or county's empty and fragile nodes with 招商 leads, `cluster_customers` and
`customer_suppliers` roll up the supply graph, `county_overlap` compares counties' (or townships') coverage.
All are pure functions over the dataclasses here; `ingest.chain_facts` builds them from extracted facts.
"""

from chainatlas.chains.gaps import Area, GapReport, Lead, NodeCoverage, find_gaps
from chainatlas.chains.model import Chain, ChainLookupError, ChainNode, ChainStage, ChainTemplateError
from chainatlas.chains.overlap import (
    CountyCoverage,
    NodeKey,
    OverlapPair,
    area_coverage,
    counties_of,
    county_coverage,
    county_overlap,
)
from chainatlas.chains.placement import (
    Basis,
    Evidence,
    FirmRecord,
    Placement,
    PlacementKey,
    place_firms,
)
from chainatlas.chains.supply import Counterpart, SupplyLink, cluster_customers, customer_suppliers
from chainatlas.chains.templates import bundled_chains, chain, load_chain, parse_chain
from chainatlas.domain import Decision

__all__ = [
    "Area",
    "Basis",
    "Chain",
    "ChainLookupError",
    "ChainNode",
    "ChainStage",
    "ChainTemplateError",
    "Counterpart",
    "CountyCoverage",
    "Decision",
    "Evidence",
    "FirmRecord",
    "GapReport",
    "Lead",
    "NodeCoverage",
    "NodeKey",
    "OverlapPair",
    "Placement",
    "PlacementKey",
    "SupplyLink",
    "area_coverage",
    "bundled_chains",
    "chain",
    "cluster_customers",
    "counties_of",
    "county_coverage",
    "county_overlap",
    "customer_suppliers",
    "find_gaps",
    "load_chain",
    "parse_chain",
    "place_firms",
]
