"""A name one character off gets 'did you mean …?' on every command that takes a name, both backends."""

from __future__ import annotations

from pathlib import Path

import pytest

from chainatlas.i18n import language
from chainatlas.services.users import add_user
from chainatlas.store.session import Store
from chainatlas.suggest import close_names, did_you_mean
from cli_runner import ok, run

CLUSTER = "秀洲汽车智能配饰中小企业产业集群"
PROJECT = "致丰能源集团电力设备生产项目"
FIRM = "贝托传动"

# (command line with a near-miss name, the name it should offer)
NEAR_MISSES = [
    (("show", CLUSTER[:-1]), CLUSTER),
    (("designation", CLUSTER[:-1], "--year", "2026"), CLUSTER),
    (("supply", FIRM[:-1]), FIRM),
    (("claims", "list", "--subject", FIRM[:-1]), FIRM),
    (("entities", "merge", FIRM[:-1], "华芯智能"), FIRM),
    (("entities", "split", FIRM[:-1], "--alias", "贝托"), FIRM),
    (("chain", "gaps", "平湖"), "平湖市"),
    (("chain", "gaps", CLUSTER[:-1]), CLUSTER),
    (("chain", "show", "humanoid-robo"), "humanoid-robot"),
    (("chain", "show", "humanoid-robot", "--region", "平湖"), "平湖市"),
    (("chain", "overlap", "嘉兴"), "嘉兴市"),
    (("chain", "place", FIRM[:-1], "humanoid-robot", "bearings", "--decision", "confirmed"), FIRM),
    (("specialisation", "平湖"), "平湖市"),
    (("projects", "show", PROJECT[:-1]), PROJECT),
    (("desk", "open", PROJECT[:-1], "--need", "用电", "--department", "供电公司", "--owner", "张三",
      "--due", "2026-12-30", "--today", "2026-12-05"), PROJECT),
    (("briefing", "平湖", "--out", "{tmp}/b.pdf"), "平湖市"),
    (("users", "role", "analys", "viewer"), "analyst"),
]


def test_close_names_offer_one_character_off_and_nothing_unrelated() -> None:
    names = [CLUSTER, "平湖市", "平湖机器人关节零部件中小企业特色产业集群", "嘉善县"]
    assert close_names("平湖", names)[0] == "平湖市"
    assert close_names(CLUSTER[:-1], names) == [CLUSTER]
    assert close_names("完全无关的名字", names) == [] and did_you_mean("完全无关的名字", names) == ""
    assert did_you_mean("嘉善", names) == "；是否指“嘉善县”？"
    with language("en"):
        assert did_you_mean("嘉善", names) == "; did you mean '嘉善县'?"


@pytest.fixture
def atlas(store: Store, data: Path) -> Store:
    ok(store.url, "ingest", "--workers", "1", "--date", "2026-07-05", data / "news" / "jiaxing-2026-07-p1.txt")
    with store.transaction() as session:
        add_user(session, "analyst", "correct horse battery", "viewer", "test")
    return store


def test_every_command_that_takes_a_name_suggests_the_close_one(atlas: Store, tmp_path: Path) -> None:
    for args, offered in NEAR_MISSES:
        argv = [a.format(tmp=tmp_path) for a in args]
        result = run(atlas.url, *argv)
        assert result.exit_code == 1, (argv, result.output)
        assert "是否指" in result.stderr and f"“{offered}”" in result.stderr, (argv, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, (argv, result.stderr)
