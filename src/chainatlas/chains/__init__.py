"""Industry chains (产业链): templates as data, and the questions asked of them.

`chain("humanoid-robot")` or `chain("人形机器人及工业机器人")` gives a bundled chain;
`Chain.match_products(["谐波减速器"])` places product words on its most specific node.
"""

from chainatlas.chains.model import Chain, ChainLookupError, ChainNode, ChainStage, ChainTemplateError
from chainatlas.chains.templates import bundled_chains, chain, load_chain, parse_chain

__all__ = [
    "Chain",
    "ChainLookupError",
    "ChainNode",
    "ChainStage",
    "ChainTemplateError",
    "bundled_chains",
    "chain",
    "load_chain",
    "parse_chain",
]
