"""Chain templates: the bundled chains load, place product words on the right node, and bad files are refused."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from chainatlas.chains import (
    Chain,
    ChainLookupError,
    ChainStage,
    ChainTemplateError,
    bundled_chains,
    chain,
    load_chain,
)

SHIPPED = {
    "auto-cockpit", "cutting-tools", "humanoid-robot", "light-textiles",
    "optoelectronics", "power-equipment", "semiconductor",
}


@pytest.fixture(scope="module")
def robot() -> Chain:
    return chain("humanoid-robot")


@pytest.fixture(scope="module")
def jiaxing(data: Path) -> str:
    return (data / "news" / "jiaxing-2026-07-p1.txt").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the bundled chains


def test_every_bundled_chain_loads() -> None:
    chains = bundled_chains()
    assert {c.id for c in chains} == SHIPPED
    for c in chains:
        assert c.leaves(), c.id
        assert all(1 <= n.depth <= 3 and n.chain_id == c.id for n in c.nodes)
        assert {n.stage for n in c.nodes} == set(ChainStage), c.id


def test_every_bundled_file_loads_by_path() -> None:
    folder = resources.files("chainatlas").joinpath("data", "chains")
    files = [Path(str(entry)) for entry in folder.iterdir() if entry.name.endswith(".toml")]
    assert {load_chain(f).id for f in files} == SHIPPED
    assert all(load_chain(f).id == f.stem for f in files)


@pytest.mark.parametrize(
    ("name", "chain_id"),
    [("humanoid-robot", "humanoid-robot"), ("人形机器人及工业机器人", "humanoid-robot"), ("机器人", "humanoid-robot"),
     (" Humanoid-Robot ", "humanoid-robot"), ("汽车智能配饰", "auto-cockpit"), ("光电子器件", "optoelectronics"),
     ("轻纺", "light-textiles"), ("电力设备", "power-equipment"), ("集成电路", "semiconductor")],
)
def test_chain_by_id_name_or_alias(name: str, chain_id: str) -> None:
    assert chain(name).id == chain_id


def test_unknown_chain_and_node_are_lookup_errors(robot: Chain) -> None:
    with pytest.raises(ChainLookupError, match=r"没有产业链“造船”.*humanoid-robot"):
        chain("造船")
    with pytest.raises(ChainLookupError, match="no node 'gearbox'"):
        robot.node("gearbox")


def test_robot_chain_structure(robot: Chain) -> None:
    assert [n.id for n in robot.children("reducers")] == ["harmonic-reducer", "rv-reducer", "planetary-reducer"]
    harmonic = robot.node("harmonic-reducer")
    assert (harmonic.depth, harmonic.stage, harmonic.parent) == (3, ChainStage.UPSTREAM, "reducers")
    assert "3453" in harmonic.industries
    assert "reducers" not in {n.id for n in robot.leaves()}
    assert {"bearings", "materials", "harmonic-reducer", "servo"} <= {n.id for n in robot.upstream_of("joint-modules")}
    downstream = [n.id for n in robot.downstream_of("harmonic-reducer")]
    assert downstream[0] == "joint-modules"
    assert {"robot-bodies", "humanoid-robots", "wafer-handling-robots"} <= set(downstream)


# ---------------------------------------------------------------- matching


@pytest.mark.parametrize(
    ("product", "node_id"),
    [("谐波减速器", "harmonic-reducer"), ("精密薄壁轴承", "bearings"), ("四点接触球轴承", "bearings"),
     ("轴承", "bearings"), ("晶圆搬运机器人", "wafer-handling-robots"), ("关节模组", "joint-modules"),
     ("减速器", "reducers"), ("RV减速器", "rv-reducer"), ("ＲＶ减速器", "rv-reducer"), ("伺服系统", "servo"),
     ("传动部件", "transmission-parts"), ("工业机器人用减速器", "reducers"), ("伺服电机编码器", "encoders")],
)
def test_product_goes_to_the_most_specific_node(robot: Chain, product: str, node_id: str) -> None:
    assert [(n.id, p) for n, p in robot.match_products([product])] == [(node_id, product)]


def test_match_products_keeps_order_drops_unknown_and_repeats(robot: Chain) -> None:
    found = robot.match_products(["关节模组", "文件柜", "谐波减速器", "关节模组"])
    assert [(n.id, p) for n, p in found] == [("joint-modules", "关节模组"), ("harmonic-reducer", "谐波减速器")]


def test_match_reads_the_longest_word_at_each_place(robot: Chain) -> None:
    text = "贝托传动的谐波减速器配套份额超30%，华芯智能的晶圆搬运机器人实现国产化替代。"
    assert [(n.id, t) for n, t in robot.match(text)] == [
        ("harmonic-reducer", "谐波减速器"), ("wafer-handling-robots", "晶圆搬运机器人"),
    ]


def test_match_finds_each_product_once_in_a_long_text() -> None:
    text = "精密薄壁轴承、谐波减速器、光模组、智能座椅骨架和高效精密切削工具，" * 20_000  # 680,000 characters
    found = {c.id: c.match(text) for c in bundled_chains()}  # its speed: bench/components.py
    assert len(found["humanoid-robot"]) == 2 and len(found["cutting-tools"]) == 1


@pytest.mark.parametrize(
    ("word", "chain_id", "node_id"),
    [("光模组", "optoelectronics", "optical-modules"), ("光芯片", "optoelectronics", "optical-chips"),
     ("光传感器", "optoelectronics", "optical-sensors"), ("智能座椅骨架", "auto-cockpit", "seat-frames"),
     ("汽车天窗", "auto-cockpit", "sunroofs"), ("零重力座椅", "auto-cockpit", "smart-seats"),
     ("线束", "auto-cockpit", "wiring-harnesses"), ("辅助驾驶系统", "auto-cockpit", "adas"),
     ("精密薄壁轴承", "humanoid-robot", "bearings"), ("谐波减速器", "humanoid-robot", "harmonic-reducer"),
     ("晶圆搬运机器人", "humanoid-robot", "wafer-handling-robots"), ("关节模组", "humanoid-robot", "joint-modules"),
     ("高效精密切削工具", "cutting-tools", "precision-tools"), ("化纤原料", "light-textiles", "chemical-fibre"),
     ("经编", "light-textiles", "warp-knitting"), ("毛衫", "light-textiles", "knitwear"),
     ("箱包", "light-textiles", "bags"), ("印染整理", "light-textiles", "dyeing-finishing"),
     ("封装基板", "semiconductor", "substrates"), ("先进封装", "semiconductor", "advanced-packaging"),
     ("功率器件", "semiconductor", "power-devices"), ("新型显示", "semiconductor", "displays"),
     ("电力设备", "power-equipment", "grid-equipment")],
)
def test_jiaxing_page_words_land_on_the_right_chain(jiaxing: str, word: str, chain_id: str, node_id: str) -> None:
    assert word in jiaxing
    for c in bundled_chains():
        matched = {(n.id, t) for n, t in c.match(jiaxing)}
        if c.id == chain_id:
            assert (node_id, word) in matched
        else:
            assert word not in {t for _, t in matched}, c.id


# ---------------------------------------------------------------- malformed files

GOOD_HEAD = 'id = "test-chain"\nname = "测试链"\ndescription = "用于测试。"\n'


def _node(node_id: str, **fields: object) -> str:
    lines = ["[[node]]", f'id = "{node_id}"', f'name = "{node_id}节点"']
    fields.setdefault("industries", ["3491"])
    fields.setdefault("products", [f"{node_id}产品"])
    for key, value in fields.items():
        lines.append(f"{key} = {value!r}".replace("'", '"'))
    return "\n".join(lines) + "\n"


def _write(tmp_path: Path, *nodes: str, head: str = GOOD_HEAD) -> Path:
    path = tmp_path / "broken-chain.toml"
    path.write_text(head + "\n" + "\n".join(nodes), encoding="utf-8")
    return path


def test_a_small_good_file_loads(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        _node("parts", stage="upstream", feeds=["assembly"], products=["零件"]),
        _node("gear", parent="parts", products=["齿轮"]),
        _node("assembly", stage="midstream", feeds=["machine"]),
        _node("machine", stage="downstream", keywords=["整机"], products=[]),
    )
    c = load_chain(path)
    assert [n.id for n in c.nodes] == ["parts", "gear", "assembly", "machine"]
    assert c.node("gear").stage is ChainStage.UPSTREAM and c.node("gear").depth == 2
    assert [n.id for n in c.downstream_of("gear")] == ["assembly", "machine"]  # edges hold for subtrees
    assert [n.id for n in c.upstream_of("machine")] == ["assembly", "parts", "gear"]
    assert [(n.id, p) for n, p in c.match_products(["精密齿轮", "零件"])] == [("gear", "精密齿轮"), ("parts", "零件")]


MALFORMED = [
    pytest.param([_node("a", stage="upstream"), _node("b", parent="nowhere")], "b", "unknown parent 'nowhere'",
                 id="unknown-parent"),
    pytest.param([_node("a", stage="upstream", parent="b"), _node("b", parent="a")], "a", "parent cycle: a → b → a",
                 id="parent-cycle"),
    pytest.param([_node("a", stage="upstream"), _node("a", stage="upstream")], "a", "duplicate id", id="duplicate-id"),
    pytest.param([_node("a", stage="upstream", industries=["3499x"])], "a", "unknown industry code '3499x'",
                 id="unknown-industry"),
    pytest.param([_node("a", stage="upstream", industries=["9999"])], "a", "unknown industry code '9999'",
                 id="industry-not-in-table"),
    pytest.param([_node("a", stage="upstream", industries=[3491])], "a", 'industry codes are strings such as "3491"',
                 id="industry-as-number"),
    pytest.param([_node("a", stage="sideways")], "a", "bad stage 'sideways'", id="bad-stage"),
    pytest.param([_node("a", stage="upstream", colour="red")], "a", "unknown key 'colour'", id="unknown-key"),
    pytest.param([_node("a", stage="upstream"), _node("b", parent="a"), _node("c", parent="b"),
                  _node("d", parent="c")], "d", "depth 4 exceeds 3 levels (a → b → c → d)", id="depth-4"),
    pytest.param([_node("a", stage="upstream", feeds=["z"])], "a", "feeds unknown node 'z'", id="unknown-feeds"),
    pytest.param([_node("a", stage="upstream", feeds=["b"]), _node("b", stage="midstream", feeds=["a"])], "a",
                 "feeds lead back to it: a → b → a", id="feeds-cycle"),
    pytest.param([_node("a", stage="upstream"), _node("b", parent="a", feeds=["a"])], "b",
                 "its own ancestor", id="feeds-ancestor"),
    pytest.param([_node("a", stage="upstream", products=[])], "a", "a leaf node needs products or keywords",
                 id="empty-leaf"),
    pytest.param([_node("a", stage="upstream", products=["齿轮"]), _node("b", stage="upstream", keywords=["齿轮"])],
                 "b", "term '齿轮' is already on node 'a'", id="term-on-two-nodes"),
    pytest.param([_node("a")], "a", "missing field 'stage'", id="top-level-without-stage"),
    pytest.param([_node("a", stage="upstream"), _node("b", parent="a", stage="downstream")], "b",
                 "stage 'downstream' differs from 'upstream'", id="child-stage-differs"),
    pytest.param(['[[node]]\nname = "无名"\nindustries = ["3491"]\nproducts = ["x"]\nstage = "upstream"\n'], "#1",
                 "missing field 'id'", id="missing-id"),
    pytest.param(['[[node]]\nid = "a"\nstage = "upstream"\nproducts = ["x"]\nname = "a"\n'], "a",
                 "missing field 'industries'", id="missing-industries"),
    pytest.param([_node("Bad_Id", stage="upstream")], "Bad_Id", "lowercase letters and digits", id="bad-id"),
]


@pytest.mark.parametrize(("nodes", "node_id", "reason"), MALFORMED)
def test_malformed_file_is_refused_naming_file_node_and_reason(
    tmp_path: Path, nodes: list[str], node_id: str, reason: str
) -> None:
    path = _write(tmp_path, *nodes)
    with pytest.raises(ChainTemplateError) as caught:
        load_chain(path)
    message = str(caught.value)
    assert "broken-chain.toml" in message
    assert f"node {node_id}:" in message
    assert reason in message
    assert (caught.value.path, caught.value.node) == (str(path), node_id)


@pytest.mark.parametrize(
    ("head", "reason"),
    [(GOOD_HEAD + 'alias = ["x"]\n', "unknown key 'alias'"),
     ('id = "t"\nname = "测试"\n', "missing field 'description'"),
     (GOOD_HEAD.replace('"测试链"', '""'), "'name' must be a non-empty string"),
     (GOOD_HEAD + "aliases = 3\n", "'aliases' must be a list of strings"),
     (GOOD_HEAD + 'id = "again"\n', "not valid TOML")],
)
def test_malformed_chain_fields_are_refused(tmp_path: Path, head: str, reason: str) -> None:
    path = _write(tmp_path, _node("a", stage="upstream"), head=head)
    with pytest.raises(ChainTemplateError, match=reason) as caught:
        load_chain(path)
    assert "broken-chain.toml" in str(caught.value) and caught.value.node is None


def test_a_file_without_nodes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ChainTemplateError, match=r"broken-chain.toml: a chain needs its nodes"):
        load_chain(_write(tmp_path, head=GOOD_HEAD + "node = 1\n"))
