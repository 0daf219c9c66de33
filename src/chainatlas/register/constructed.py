"""A constructed enterprise register for tests and the demo: made-up firms, shaped like a real 规上企业名录.

No row describes a real firm: names are built from syllables, credit codes are valid (GB 32100 check character)
but drawn at random, figures are drawn from plausible ranges; every row says so in its 备注 column. The firms lie
in Jiaxing's 7 counties and their real townships (the bundled `streets.csv`), each making products of the
bundled chain templates. Counties specialise (海盐 in cutting tools, 海宁 and 桐乡 in textiles, 平湖 in
humanoid-robot parts, …) so that county overlap differs pair by pair; in each chain a quarter of the product
nodes is left to no firm in the city (empty) and a quarter to one firm (fragile). The firms of a county's chain
that has a recognised cluster (the demo corpus's four, :data:`CLUSTERS`) and that lie in the county's first towns
list it in 所属产业集群. The same seed gives the same register.
`python -m chainatlas.register.constructed OUT.csv [FIRMS]` writes it.
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from chainatlas.chains import Chain, ChainNode, bundled_chains
from chainatlas.output_files import write_atomically
from chainatlas.reference import Townships, load_industries, load_regions
from chainatlas.register.credit import ALPHABET, check_character
from chainatlas.register.template import FIELDS, SME_CLASSES

NOTE = "构造数据，非真实企业"
COUNTIES = {  # code → the weight of each chain id (others 0.3)
    "330402": {"semiconductor": 3, "optoelectronics": 2, "auto-cockpit": 2},  # 南湖区
    "330411": {"optoelectronics": 4, "light-textiles": 2, "power-equipment": 1},  # 秀洲区
    "330421": {"semiconductor": 3, "power-equipment": 2, "optoelectronics": 2},  # 嘉善县
    "330424": {"cutting-tools": 5, "power-equipment": 2, "humanoid-robot": 1},  # 海盐县
    "330481": {"light-textiles": 5, "optoelectronics": 2, "auto-cockpit": 1},  # 海宁市
    "330482": {"humanoid-robot": 4, "auto-cockpit": 3, "light-textiles": 1},  # 平湖市
    "330483": {"light-textiles": 3, "power-equipment": 2, "cutting-tools": 1},  # 桐乡市
}
OTHER_WEIGHT = 0.3
CLUSTERS = {  # (county, chain id) → the recognised cluster (named in the demo corpus) of its firms in the first towns
    ("330482", "humanoid-robot"): "平湖机器人关节零部件中小企业特色产业集群",
    ("330424", "cutting-tools"): "海盐县金属切削工具产业集群",
    ("330411", "auto-cockpit"): "秀洲汽车智能配饰中小企业产业集群",
    ("330421", "optoelectronics"): "嘉善县光电子器件产业集群",
}
CLUSTER_TOWNS = 3  # a cluster lives in its county's first towns
_SYLLABLES = "恒嘉禾瑞盛丰泰鼎华信诚达润博宏远祥新锦辰宇航晟卓越凯森源安腾联益和顺隆昌兴旺茂佳鸿升蓝景"
_TRADES = ("精密", "科技", "机械", "电子", "新材料", "智能", "制造", "实业")
_PLACES = ("", "", "浙江", "嘉兴")  # a county's name, else one of these, leads the firm's name
_SME = (("champion", 0.005), ("little_giant", 0.02), ("specialised", 0.08), ("innovative", 0.15))
HEADER = [*(h for _key, h in FIELDS), "备注"]


def leaf_nodes(chain: Chain) -> list[ChainNode]:
    """The chain's nodes that name products and have no node below them."""
    parents = {n.parent for n in chain.nodes}
    return [n for n in chain.nodes if n.products and n.id not in parents]


def node_plan(chains: list[Chain]) -> tuple[list[ChainNode], list[ChainNode]]:
    """(nodes drawn from freely, nodes given one firm): a quarter of each chain's leaves is left empty."""
    free, single = [], []
    for chain in chains:
        for index, node in enumerate(leaf_nodes(chain)):
            if index % 4 == 1:
                single.append(node)
            elif index % 4 != 3:
                free.append(node)
    return free, single


class _Maker:
    """Draws firms from one random generator: names, codes, places and figures."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.names: set[str] = set()
        self.codes: set[str] = set()
        self.townships = {c: Townships.bundled().in_county(c) for c in COUNTIES}
        self.counties = {r.code: r.name for r in load_regions() if r.code in COUNTIES}

    def name(self, county: str) -> str:
        while True:
            trade = "".join(self.random.sample(_SYLLABLES, 2)) + self.random.choice(_TRADES)
            place = self.random.choice(_PLACES) or self.counties[county][:2]
            name = f"{place}{trade}有限公司"
            if name not in self.names:
                self.names.add(name)
                return name

    def code(self, county: str) -> str:
        while True:
            body = "91" + county + "".join(self.random.choices(ALPHABET, k=9))
            if body not in self.codes:
                self.codes.add(body)
                return body + check_character(body)

    def township(self, county: str) -> str:
        towns = self.townships[county]
        # clusters live in a few towns: the first ones of a county get most firms
        weights = [1 / (1 + i) for i in range(len(towns))]
        return self.random.choices(towns, weights)[0].name

    def sme(self) -> str:
        draw = self.random.random()
        for key, share in _SME:
            if draw < share:
                return SME_CLASSES[key]
            draw -= share
        return ""

    def row(self, county: str, node: ChainNode, others: list[ChainNode], reserved: frozenset[str]) -> list[object]:
        products = self.random.sample(node.products, min(len(node.products), self.random.randint(1, 2)))
        if others and self.random.random() < 0.15:  # a firm on a second node of its chain
            other = self.random.choice(others)
            products.append(self.random.choice(other.products))
        employees = max(20, round(self.random.lognormvariate(4.6, 0.9)))
        output = round(employees * self.random.lognormvariate(4.4, 0.5), 1)  # 万元
        industry = _industry(node, reserved)
        code, name, town = self.code(county), self.name(county), self.township(county)
        clustered = town in {t.name for t in self.townships[county][:CLUSTER_TOWNS]}
        cluster = CLUSTERS.get((county, node.chain_id), "") if clustered else ""
        return [
            code, name, self.counties[county], town, industry, "、".join(products), output, employees, self.sme(),
            cluster, NOTE,
        ]


@cache
def _classes() -> dict[str, list[str]]:
    """The GB/T 4754 classes (4 digits) of each group (3 digits)."""
    found: dict[str, list[str]] = {}
    for industry in load_industries():
        if industry.level == "class" and industry.parent_code:
            found.setdefault(industry.parent_code, []).append(industry.code)
    return found


def _industry(node: ChainNode, reserved: frozenset[str]) -> str:
    """A firm's class code: the node's, else one of its group's, but not a code of an empty or a fragile node (the
    firm, placed from it on another chain, would fill that node); the group's code when its classes all are."""
    codes = [c for c in node.industries if len(c) == 4]
    siblings = [c for code in codes for c in _classes().get(code[:3], [])]
    return next((c for c in (*codes, *siblings) if c not in reserved), codes[0][:3] if codes else "")


def constructed_register(firms: int = 5_000, seed: int = 15) -> Iterator[list[object]]:
    """The rows (in the order of :data:`HEADER`) of a register of `firms` made-up firms."""
    chains = bundled_chains()
    free, single = node_plan(chains)
    same_chain = {c.id: [n for n in free if n.chain_id == c.id] for c in chains}
    maker = _Maker(seed)
    counties = list(COUNTIES)
    reserved = frozenset(c for n in chains for node in leaf_nodes(n) if node not in free for c in node.industries)
    for node in single:
        yield maker.row(maker.random.choice(counties), node, [], frozenset())
    for _ in range(firms - len(single)):
        county = maker.random.choice(counties)
        weights = COUNTIES[county]
        chain = maker.random.choices(chains, [weights.get(c.id, OTHER_WEIGHT) for c in chains])[0]
        nodes = same_chain[chain.id]
        node = maker.random.choices(nodes, [2 + _liking(county, n) for n in nodes])[0]
        yield maker.row(county, node, [n for n in nodes if n is not node], reserved)


def _liking(county: str, node: ChainNode) -> int:
    """A county's fixed liking for a node (0 to 4), so that counties in one chain hold different nodes."""
    return sum(map(ord, county + node.id)) % 5


def write_register(path: Path, firms: int = 5_000, seed: int = 15) -> None:
    """Write the constructed register as a UTF-8 CSV in the template's shape (and a 备注 column), atomically."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows(constructed_register(firms, seed))
    write_atomically(path, text.getvalue().encode("utf-8"))


if __name__ == "__main__":
    write_register(Path(sys.argv[1]), *(int(a) for a in sys.argv[2:3]))
