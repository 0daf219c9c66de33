"""`chainatlas projects` and `chainatlas desk` through the CLI on a store, both backends, on known dates.

The fixture: five projects imported from a workbook, judged on 2026-11-26 with the default benchmarks.
Every expected figure is worked out by hand in the comments.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from chainatlas.store.session import Store
from cli_runner import as_json, ok, run

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English output

TODAY = "2026-11-26"
JIASHAN, PINGHU = "嘉善经济技术开发区", "平湖经济技术开发区"
HEADER = ["项目编号", "项目名称", "项目类型", "所在园区", "所在县(市、区)", "总投资(亿元)",
          "签约实际", "落地计划", "落地实际", "开工实际", "立项实际"]  # fmt: skip
ROWS = [
    # 甲: started 2026-03-01; next 竣工验收 due started + 24 months = 2028-03-01 → on time; 270 days idle: stalled.
    ["P-001", "甲项目", "投资项目", JIASHAN, "330421", 5, "2026-01-10", None, "2026-02-01", "2026-03-01", None],
    # 乙: signed 2026-03-15; 落地 planned 2026-06 → due 2026-06-30 → overdue 149 days; 256 days idle: stalled.
    ["P-002", "乙项目", "投资项目", JIASHAN, "330421", 3, "2026-03-15", "2026-06", None, None, None],
    # 丙: landed 2025-05-20; 开工 due landed + 6 months = 2025-11-20 → overdue 371 days; 555 days idle: stalled.
    ["P-003", "丙项目", "投资项目", PINGHU, "330482", 10, "2025-05-01", None, "2025-05-20", None, None],
    # 丁 (民生实事): approved 2026-09-01; 开工 due approved + 6 months = 2027-03-01 → on time; no investment.
    ["P-004", "丁实事", "民生实事", PINGHU, "330482", None, None, None, None, None, "2026-09-01"],
    # 戊: signed 2026-04-01; 落地 planned 2026-12 → due 2026-12-31, on time, but 239 days idle: stalled.
    ["P-005", "戊项目", "投资项目", JIASHAN, "330421", 2, "2026-04-01", "2026-12", None, None, None],
]


def workbook(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "项目"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def registry(store: Store, tmp_path: Path) -> str:
    ok(store.url, "projects", "import", workbook(tmp_path / "projects.xlsx", ROWS), "--by", "wang", "--today", TODAY)
    return store.url


def names(rows: list[dict[str, Any]]) -> list[str]:
    return [r["project"]["name"] for r in rows]


def test_overdue_then_stalled_exactly(registry: str) -> None:
    rows = as_json(registry, "projects", "overdue", "--today", TODAY)
    assert names(rows) == ["丙项目", "乙项目", "甲项目", "戊项目"]  # overdue by days, then stalled only
    days = [(r["timeliness"]["status"], r["timeliness"]["overdue_days"], r["timeliness"]["stalled"]) for r in rows]
    assert days == [("overdue", 371, True), ("overdue", 149, True), ("on_time", None, True), ("on_time", None, True)]
    assert rows[1]["timeliness"]["due_basis"] == "planned 2026-06"
    assert "landed + 6 months" in rows[0]["timeliness"]["due_basis"]
    earlier = as_json(registry, "projects", "overdue", "--today", "2026-06-30")  # the due day itself is on time
    assert names(earlier) == ["丙项目"]  # 丙 overdue 222 days; 乙 due that day; 甲 idle 121 days, 戊 90


def test_list_filters_and_statuses(registry: str) -> None:
    every = {
        r["project"]["name"]: r["timeliness"]["status"] for r in as_json(registry, "projects", "list", "--today", TODAY)
    }
    assert every == {
        "甲项目": "on_time",
        "乙项目": "overdue",
        "丙项目": "overdue",
        "丁实事": "on_time",
        "戊项目": "on_time",
    }
    public = as_json(registry, "projects", "list", "--kind", "public", "--today", TODAY)
    assert names(public) == ["丁实事"]
    assert names(as_json(registry, "projects", "list", "--zone", PINGHU, "--today", TODAY)) == ["丙项目", "丁实事"]


def test_rollup_by_zone_matches_the_hand_computation(registry: str) -> None:
    found = {r["group"]: r for r in as_json(registry, "projects", "rollup", "--by", "zone", "--today", TODAY)}
    jiashan, pinghu = found[JIASHAN], found[PINGHU]
    assert (jiashan["projects"], jiashan["investment"], jiashan["investment_unknown"]) == (3, 10e8, 0)
    assert jiashan["by_stage"] == {"signed": [2, 5e8], "started": [1, 5e8]}  # 乙 + 戊 signed, 甲 started
    assert jiashan["signed_this_year"] == [3, 10e8]
    assert jiashan["on_time_ratio"] == pytest.approx(2 / 3)  # 甲 and 戊 on time, 乙 overdue
    assert jiashan["average_days"] == {"signed→landed": 22, "landed→started": 28}  # 甲: Jan 10 → Feb 1 → Mar 1
    assert jiashan["overdue"] == [["乙项目", "landed", 149]]
    assert (pinghu["projects"], pinghu["investment"], pinghu["investment_unknown"]) == (2, 10e8, 1)
    assert pinghu["signed_this_year"] == [1, None]  # 丁 approved in 2026, investment unknown; 丙 signed in 2025
    assert pinghu["on_time_ratio"] == 0.5 and pinghu["stalled"] == ["丙项目"]
    text = ok(registry, "projects", "rollup", "--by", "zone", "--today", TODAY).stdout
    assert f"{JIASHAN}: 3 projects, investment ¥1 bn, on time 67%" in text
    assert "signed in 2026: 1 projects, unknown" in text and "¥0" not in text  # 丁 states no investment
    [city] = as_json(registry, "projects", "rollup", "--by", "city", "--today", TODAY)
    assert (city["projects"], city["investment"]) == (5, 20e8)


def test_a_zone_benchmark_and_a_cause_change_the_verdict_and_are_audited(registry: str) -> None:
    ok(registry, "projects", "benchmark", "set", "landed", "started", "--max", "12", "--zone", PINGHU, "--by", "li")
    [bing] = [r for r in as_json(registry, "projects", "overdue", "--today", TODAY) if r["project"]["name"] == "丙项目"]
    assert bing["timeliness"]["overdue_days"] == 190  # due 2026-05-20 now: 11 + 30 + 31 + 31 + 30 + 31 + 26 days
    assert "zone 平湖经济技术开发区 benchmark" in bing["timeliness"]["due_basis"]
    ok(registry, "projects", "cause", "丙项目", "land", "--by", "li")
    shown = as_json(registry, "projects", "show", "P-003", "--today", TODAY)
    assert shown["project"]["cause"] == "land"
    assert [(e["actor"], e["action"]) for e in shown["audit"]] == [("wang", "create"), ("li", "cause")]
    assert shown["audit"][1]["changes"] == {"cause": [None, "land"]}
    assert run(registry, "projects", "cause", "丙项目", "weather").exit_code == 1


def test_reimport_changes_nothing_and_a_bad_row_is_named(registry: str, tmp_path: Path) -> None:
    again = as_json(registry, "projects", "import", tmp_path / "projects.xlsx", "--today", TODAY)
    assert (again["created"], again["updated"], again["unchanged"], again["errors"]) == (0, 0, 5, [])
    bad = workbook(
        tmp_path / "bad.xlsx", [*ROWS, ["P-006", "", "投资项目", JIASHAN, "330421", -1, "2026-13-01"] + [None] * 4]
    )
    result = run(registry, "projects", "import", bad, "--today", TODAY)
    assert result.exit_code == 1
    assert "sheet '项目' row 7, column '项目名称': missing name" in result.output
    assert "row 7, column '总投资(亿元)'" in result.output and "row 7, column '签约实际'" in result.output
    assert len(as_json(registry, "projects", "list", "--today", TODAY)) == 5


def test_the_service_desk_loop_end_to_end(registry: str) -> None:
    opened = as_json(registry, "desk", "open", "乙项目", "--need", "用地指标", "--department", "自然资源局",
                     "--owner", "张三", "--due", "2026-12-10", "--cause", "land", "--by", "wang",
                     "--today", TODAY)  # fmt: skip
    number = str(opened["id"])
    ok(registry, "desk", "respond", number, "已列入下批供地计划", "--by", "zrj", "--today", TODAY)
    ok(registry, "desk", "resolve", number, "土地已挂牌", "--by", "zrj", "--today", "2026-11-27")
    assert run(registry, "desk", "respond", number, "again").exit_code == 1  # resolved: no response now
    ok(registry, "desk", "confirm", number, "--by", "乙公司", "--today", "2026-11-28")
    [request] = as_json(registry, "desk", "list", "--project", "乙项目", "--today", TODAY)
    assert (request["status"], request["confirmed_by"], request["overdue"]) == ("confirmed", "乙公司", False)
    assert [(e["actor"], e["action"]) for e in request["history"]] == [
        ("wang", "open"), ("zrj", "respond"), ("zrj", "resolve"), ("乙公司", "confirm"),
    ]  # fmt: skip
    late = as_json(registry, "desk", "open", "丙项目", "--need", "通电", "--department", "供电公司",
                   "--owner", "李四", "--due", TODAY, "--by", "wang", "--today", TODAY)  # fmt: skip
    assert as_json(registry, "desk", "list", "--overdue", "--today", TODAY) == []  # due today: not yet overdue
    [overdue] = as_json(registry, "desk", "list", "--overdue", "--today", "2026-12-02")
    assert (overdue["id"], overdue["overdue_days"]) == (late["id"], 6)
    shown = ok(registry, "projects", "show", "丙项目", "--today", TODAY).stdout
    assert f"request #{late['id']} [open] 通电 — 供电公司, 李四, due {TODAY}" in shown


def test_a_request_due_before_its_opening_day_is_refused(registry: str) -> None:
    result = run(registry, "desk", "open", "乙项目", "--need", "通电", "--department", "供电公司",
                 "--owner", "李四", "--due", "2026-11-25", "--today", TODAY)  # fmt: skip
    assert result.exit_code == 1 and "before the opening day 2026-11-26" in result.output


def test_the_jiaxing_page_projects_with_their_sources(store: Store, data: Path) -> None:
    page = data / "news" / "jiaxing-2026-07-p1.txt"
    ok(store.url, "ingest", "--workers", "1", "--date", "2026-07-05", page)
    shown = as_json(store.url, "projects", "show", "致丰能源集团电力设备生产项目", "--today", "2026-07-05")
    [landed] = [s for s in shown["project"]["stages"] if s["stage"] == "landed"]
    assert landed["actual"]["text"] == "2026-06-05" and "jiaxing-2026-07-p1.txt" in landed["actual"]["source"]
    assert shown["timeliness"]["status"] == "on_time"  # 开工 due landed + 6 months = 2026-12-05


def test_projects_lie_in_the_county_and_city_their_zone_is_named_after(store: Store, data: Path) -> None:
    ok(store.url, "ingest", "--workers", "1", data / "news" / "jiaxing-2026-07-p1.txt")
    listed = as_json(store.url, "projects", "list", "--city", "嘉兴市", "--today", "2026-07-05")
    zhifeng = [p for p in listed if p["project"]["name"] == "致丰能源集团电力设备生产项目"]
    assert zhifeng and zhifeng[0]["project"]["zone"] == "嘉善经济技术开发区"
    assert zhifeng[0]["project"]["county"] == "嘉善县" and zhifeng[0]["project"]["city_code"] == "330400"
    in_county = as_json(store.url, "projects", "list", "--county", "嘉善县", "--today", "2026-07-05")
    assert "致丰能源集团电力设备生产项目" in {p["project"]["name"] for p in in_county}
    elsewhere = as_json(store.url, "projects", "list", "--county", "平湖市", "--today", "2026-07-05")
    assert "致丰能源集团电力设备生产项目" not in {p["project"]["name"] for p in elsewhere}


def test_a_project_on_an_empty_chain_node_shows_in_the_gaps_and_bad_nodes_are_named(
    store: Store, data: Path, tmp_path: Path
) -> None:
    ok(
        store.url,
        "ingest",
        "--workers",
        "1",
        "--date",
        "2026-07-05",
        data / "news" / "jiaxing-2026-07-p1.txt",
    )
    before = as_json(store.url, "chain", "gaps", "平湖市", "--chain", "humanoid-robot")[0]
    assert "encoders" in before["empty"] and before["projects"] == []
    header = ["项目名称", "所在县(市、区)", "产业链", "链环节", "签约实际"]
    rows = [
        ["编码器项目", "平湖市", "humanoid-robot", "encoders", "2026-06-20"],
        ["错链项目", "平湖市", "no-such-chain", None, None],
        ["错节点项目", "平湖市", "人形机器人", "wings", None],
    ]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (header, *rows):
        sheet.append(row)
    book.save(tmp_path / "gap.xlsx")
    result = run(store.url, "projects", "import", tmp_path / "gap.xlsx", "--today", TODAY)
    assert result.exit_code == 1
    assert "row 3, column '产业链': no chain 'no-such-chain'" in result.output
    assert "row 4, column '链环节': chain humanoid-robot has no node 'wings'" in result.output
    after = as_json(store.url, "chain", "gaps", "平湖市", "--chain", "humanoid-robot")[0]
    assert [(p["node_id"], p["project"]) for p in after["projects"]] == [("encoders", "编码器项目")]
    text = ok(store.url, "chain", "gaps", "平湖市", "--chain", "humanoid-robot").stdout
    assert "projects on " in text and "编码器项目" in text


def test_bad_desk_arguments_end_with_one_line(registry: str) -> None:
    """Found by the fuzz suite: an unknown status was a traceback, a request number past 2⁶³ an OverflowError."""
    status = run(registry, "desk", "list", "--status", "closed", "--today", TODAY)
    assert status.exit_code == 1 and status.stderr.strip().splitlines() == [
        "unknown status 'closed': use one of open, responded, resolved, confirmed"
    ]
    for command in (("desk", "respond", str(2**63), "ok"), ("claims", "review", str(2**63), "--status", "accepted")):
        result = run(registry, *command)
        assert result.exit_code == 2 and "less than or equal to 2147483647" in result.stderr, result.output
