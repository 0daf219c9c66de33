"""Chains over the store through the CLI, on the ingested news folder, on both backends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from chainatlas.cli import app
from chainatlas.services.chain_views import ChainViewError, decide_placement, placements
from chainatlas.store.session import Store

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English output

PAGE = "jiaxing-2026-07-p1.txt"
CLUSTER = "平湖机器人关节零部件中小企业特色产业集群"
runner = CliRunner()


def run(db: str, *args: str | Path) -> Result:
    return runner.invoke(app, ["--db", db, *map(str, args)], catch_exceptions=False)


def ok(db: str, *args: str | Path) -> Any:
    result = run(db, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ingest(db: str, news: Path) -> None:
    for args in (("--date", "2026-07-05", news / PAGE), (news,)):
        result = run(db, "ingest", *args)
        assert result.exit_code == 0, result.output


@pytest.fixture
def atlas(db_url: str, data: Path) -> str:
    """The news folder ingested, the Jiaxing page dated 2026-07-05."""
    ingest(db_url, data / "news")
    return db_url


def robot_gaps(db: str, area: str = CLUSTER) -> dict[str, Any]:
    [robot] = [g for g in ok(db, "chain", "gaps", area) if g["chain_id"] == "humanoid-robot"]
    return robot  # type: ignore[no-any-return]


def test_gaps_place_the_pinghu_firms_with_their_sentences_and_list_empty_nodes(atlas: str) -> None:
    robot = robot_gaps(atlas)
    placed = {p["firm"]: p for p in robot["placements"]}
    expected = {
        "浙江百润轴承有限公司": ("bearings", "精密薄壁轴承"),
        "贝托传动": ("harmonic-reducer", "谐波减速器"),
        "华芯智能": ("wafer-handling-robots", "晶圆搬运机器人"),
    }
    for firm, (node, product) in expected.items():
        assert (placed[firm]["node_id"], placed[firm]["decision"]) == (node, "uncertain")
        assert placed[firm]["evidence"], firm
        for evidence in placed[firm]["evidence"]:
            assert evidence["document"] == PAGE
            assert firm in evidence["sentence"] and product in evidence["sentence"]
    assert {"rv-reducer", "servo", "encoders", "joint-modules"} <= set(robot["empty"])
    assert {"bearings", "harmonic-reducer", "wafer-handling-robots"} <= set(robot["fragile"])
    sensors = robot["leads"]["sensors"]
    assert sensors and all(lead["reasons"] for lead in sensors)
    text = run(atlas, "chain", "gaps", CLUSTER).stdout
    assert "贝托传动 on harmonic-reducer" in text and "empty: RV减速器 (rv-reducer)" in text
    assert "贝托传动的谐波减速器在宇树科技、智元机器人等企业的配套份额均超30%" in text


def test_a_county_holds_the_firms_inside_it(atlas: str) -> None:
    county = robot_gaps(atlas, "平湖市")
    assert {p["firm"] for p in county["placements"]} >= {"浙江百润轴承有限公司", "贝托传动", "华芯智能"}
    assert robot_gaps(atlas, "330482")["placements"] == county["placements"]


def test_supply_rolls_up_the_cluster_customers_with_share_and_evidence(atlas: str) -> None:
    found = ok(atlas, "supply", CLUSTER)
    customers = {c["name"]: c for c in found["customers"]}
    assert {"宇树科技", "智元机器人", "傅利叶"} <= set(customers)
    [betuo] = [link for link in customers["宇树科技"]["links"] if link["supplier"] == "贝托传动"]
    assert (betuo["product"], betuo["share"], betuo["qualifier"]) == ("谐波减速器", 0.3, "gt")
    assert "配套份额均超30%" in betuo["evidence"][0]["sentence"]
    assert all(link["evidence"] for c in customers.values() for link in c["links"])
    firm = ok(atlas, "supply", "宇树科技")
    assert "贝托传动" in {s["name"] for s in firm["suppliers"]} and not firm["customers"]
    assert "(share >30%)" in run(atlas, "supply", CLUSTER).stdout


def test_a_rejected_placement_stays_rejected_after_reingesting(atlas: str, data: Path, tmp_path: Path) -> None:
    result = run(atlas, "chain", "place", "华芯智能", "humanoid-robot", "wafer-handling-robots",
                 "--decision", "rejected", "--note", "a semiconductor tool", "--by", "li")
    assert result.exit_code == 0, result.output
    copy = tmp_path / "copy.txt"  # the same sentences in a new document: new claims on the same firm
    copy.write_text("date: 2026-07-06\n---\n" + (data / "news" / PAGE).read_text(encoding="utf-8"))
    ingest(atlas, data / "news")
    assert run(atlas, "ingest", copy).exit_code == 0
    robot = robot_gaps(atlas)
    [huaxin] = [p for p in robot["placements"] if p["firm"] == "华芯智能"]
    assert (huaxin["node_id"], huaxin["decision"], huaxin["by_user"]) == ("wafer-handling-robots", "rejected", True)
    assert "wafer-handling-robots" not in robot["fragile"]
    shown = ok(atlas, "chain", "show", "humanoid-robot", "--region", "平湖市")
    [node] = [n for n in shown["nodes"] if n["id"] == "wafer-handling-robots"]
    assert [p["decision"] for p in node["placements"]] == ["rejected"]


def test_a_user_adds_and_confirms_placements(atlas: str) -> None:
    store = Store(atlas)
    with store.transaction() as session:
        added = decide_placement(session, "贝托传动", "人形机器人及工业机器人", "joint-modules", "confirmed", "li")
        assert (added.basis, added.decision, added.by_user) == ("user", "confirmed", True)
        with pytest.raises(ChainViewError, match="confirmed or rejected"):
            decide_placement(session, "贝托传动", "humanoid-robot", "servo", "maybe", "li")
        with pytest.raises(ChainViewError, match="cluster"):
            decide_placement(session, CLUSTER, "humanoid-robot", "servo", "confirmed", "li")
    with store.session() as session:
        mine = {p.node_id: p.decision for p in placements(session, "humanoid-robot", "平湖市") if p.firm == "贝托传动"}
    store.dispose()
    assert mine == {"harmonic-reducer": "uncertain", "joint-modules": "confirmed"}
    assert "joint-modules" not in robot_gaps(atlas)["empty"]


def test_overlap_of_the_jiaxing_counties(atlas: str) -> None:
    found = ok(atlas, "chain", "overlap", "嘉兴市")
    assert found["code"] == "330400" and {"平湖市", "秀洲区"} <= {c["name"] for c in found["counties"]}
    n = len(found["counties"])
    assert len(found["pairs"]) == n * (n - 1) // 2
    assert all(0 <= p["cosine"] <= 1 and p["a_name"] and p["b_name"] for p in found["pairs"])
    [pinghu] = [c for c in found["counties"] if c["name"] == "平湖市"]
    assert pinghu["nodes"]["humanoid-robot/harmonic-reducer"] == 1
    assert "平湖市" in run(atlas, "chain", "overlap", "嘉兴市").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("chain", "show", "robots-on-mars"), "no chain 'robots-on-mars'"),
        (("chain", "gaps", "不存在的集群"), "no cluster or division called"),
        (("chain", "gaps", "宇树科技"), "not a cluster"),
        (("chain", "gaps", CLUSTER, "--chain", "nope"), "no chain 'nope'"),
        (("chain", "overlap", "火星市"), "no division called"),
        (("chain", "place", "华芯智能", "humanoid-robot", "nope", "--decision", "rejected"), "has no node 'nope'"),
        (("chain", "place", "华芯智能", "nope", "servo", "--decision", "rejected"), "no chain 'nope'"),
        (("supply", "不存在的集群"), "no entity called"),
    ],
)
def test_bad_input_is_a_clear_error(atlas: str, args: tuple[str, ...], message: str) -> None:
    result = run(atlas, *args)
    assert result.exit_code == 1
    assert message in " ".join(result.stderr.split())


def test_chain_list_needs_no_store() -> None:
    listed = json.loads(runner.invoke(app, ["chain", "list", "--json"]).stdout)
    assert {"humanoid-robot", "auto-cockpit", "light-textiles"} <= {c["id"] for c in listed}
