"""Corrections, conflicts and reviews end to end through the CLI, on real pages, on both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_runner import ok, run

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English output

PAGE = "jiaxing-2026-07-p1.txt"
BRANCH = "安波福电气系统有限公司嘉兴分公司"




def page_from(data: Path, folder: Path, name: str, header: str, lines: list[int] | None, **replace: str) -> Path:
    """A new page made of lines (0-based; all when None) of the Jiaxing page under a header, text replaced."""
    source = (data / "news" / PAGE).read_text(encoding="utf-8").split("\n")
    body = "\n".join(source[i] for i in (range(len(source)) if lines is None else lines))
    for old, new in replace.items():
        body = body.replace(old, new)
    path = folder / name
    path.write_text(f"{header}\n---\n{body}\n", encoding="utf-8")
    return path


def aliases(db: str, name: str) -> dict[str, str | None]:
    listed = json.loads(ok(db, "entities", "aliases", name, "--json").stdout)
    return {a["alias"]: a["rule"] for a in listed["aliases"]}


@pytest.fixture
def jiaxing(db_url: str, data: Path) -> str:
    ok(db_url, "ingest", "--date", "2026-07-05", data / "news" / PAGE)
    return db_url


def test_merge_survives_a_new_page_naming_both(jiaxing: str, data: Path, tmp_path: Path) -> None:
    assert "智元机器人" not in aliases(jiaxing, "宇树科技")
    ok(jiaxing, "entities", "merge", "宇树科技", "智元机器人", "--reason", "one customer in our books", "--by", "li")
    merged = aliases(jiaxing, "宇树科技")
    assert {"宇树科技", "宇树", "智元机器人", "智元"} <= set(merged)
    assert merged["智元机器人"] == "user_merge"
    page = page_from(data, tmp_path, "orders.txt", "date: 2026-08-01", [29, 31])
    ok(jiaxing, "ingest", page)
    assert aliases(jiaxing, "智元") == aliases(jiaxing, "宇树")  # still one entity
    listed = json.loads(ok(jiaxing, "entities", "list", "--type", "enterprise", "--json").stdout)
    assert [e["name"] for e in listed].count("智元机器人") + [e["name"] for e in listed].count("宇树科技") == 1


def test_split_survives_a_new_page_naming_both(jiaxing: str, data: Path, tmp_path: Path) -> None:
    assert aliases(jiaxing, BRANCH) == {BRANCH: "new", "安波福": "same_fact"}
    ok(jiaxing, "entities", "split", BRANCH, "--alias", "安波福", "--reason", "the parent is not the branch")
    assert aliases(jiaxing, BRANCH) == {BRANCH: "new"}
    page = page_from(data, tmp_path, "aptiv.txt", "date: 2026-08-02", [15, 17])
    ok(jiaxing, "ingest", page)
    assert aliases(jiaxing, BRANCH) == {BRANCH: "new"}  # the page names both: still two entities
    listed = json.loads(ok(jiaxing, "entities", "list", "--type", "enterprise", "--json").stdout)
    assert {e["name"] for e in listed} >= {BRANCH, "安波福"}
    assert run(jiaxing, "entities", "split", BRANCH, "--alias", "不存在").exit_code == 1


def test_conflicting_values_are_kept_and_the_official_one_is_shown(jiaxing: str, data: Path, tmp_path: Path) -> None:
    header = "source_url: https://www.pinghu.gov.cn/art/2026/7/1/notice.html\ndate: 2026-07-01"
    notice = page_from(data, tmp_path, "notice.txt", header, None, **{"128.95亿元": "131.20亿元"})
    ok(jiaxing, "ingest", notice)
    found = json.loads(ok(jiaxing, "conflicts", "--json").stdout)
    output = [c for c in found if c["metric"] == "output_value" and c["period"] == "2025"]
    assert len(output) == 1
    conflict = output[0]
    assert conflict["subject"].startswith("平湖机器人关节零部件")
    assert sorted(v["value"] for v in conflict["values"]) == [12_895_000_000, 13_120_000_000]
    assert conflict["winner"]["value"] == 13_120_000_000 and conflict["winner"]["source"]["official"]
    assert conflict["reason"] == "official source beats news"
    assert all(v["source"]["sentence"] and v["source"]["document"] for v in conflict["values"])

    clusters = {c["name"]: c for c in json.loads(ok(jiaxing, "clusters", "--json").stdout)}
    pinghu = next(c for n, c in clusters.items() if n.startswith("平湖机器人关节零部件"))
    assert pinghu["output_value"]["value"] == 13_120_000_000
    profile = json.loads(ok(jiaxing, "show", "平湖机器人关节零部件", "--json").stdout)
    assert [f["value"] for f in profile["figures"] if f["metric"] == "output_value"] == [13_120_000_000]
    assert len(profile["conflicts"]) >= 1
    assert "conflict Output value (2025)" in ok(jiaxing, "show", "平湖机器人关节零部件").stdout

    winner = conflict["winner"]["claim_id"]
    ok(jiaxing, "claims", "review", str(winner), "--status", "rejected", "--note", "misread", "--by", "li")
    clusters = {c["name"]: c for c in json.loads(ok(jiaxing, "clusters", "--json").stdout)}
    pinghu = next(c for n, c in clusters.items() if n.startswith("平湖机器人关节零部件"))
    assert pinghu["output_value"]["value"] == 12_895_000_000  # a rejected claim is never shown
    assert not [c for c in json.loads(ok(jiaxing, "conflicts", "--json").stdout) if c["metric"] == "output_value"]


def test_claims_list_and_review_record_who_when_and_why(jiaxing: str) -> None:
    listed = json.loads(ok(jiaxing, "claims", "list", "--subject", "平湖机器人关节零部件", "--json").stdout)
    assert listed and {c["status"] for c in listed} == {"proposed"}
    ids = [str(c["id"]) for c in listed[:2]]
    ok(jiaxing, "claims", "review", *ids, "--status", "accepted", "--note", "checked against the paper", "--by", "li")
    accepted = json.loads(ok(jiaxing, "claims", "list", "--status", "accepted", "--json").stdout)
    assert [str(c["id"]) for c in accepted] == ids
    assert {(c["reviewer"], c["note"]) for c in accepted} == {("li", "checked against the paper")}
    assert all(c["reviewed_at"] for c in accepted)
    profile = json.loads(ok(jiaxing, "show", "平湖机器人关节零部件", "--json").stdout)
    assert {f["status"] for f in profile["figures"] if str(f["claim_id"]) in ids} <= {"accepted"}
    assert run(jiaxing, "claims", "review", "999999", "--status", "accepted").exit_code == 1
    assert run(jiaxing, "claims", "review", ids[0], "--status", "maybe").exit_code == 2
    assert run(jiaxing, "claims", "list", "--status", "maybe").exit_code == 1
    assert "┃ ID" in ok(jiaxing, "claims", "list").stdout


@pytest.mark.parametrize("written", ["#99999999999999999999", f"#{2**31}", "#²"])
def test_an_id_no_record_can_have_is_looked_up_as_a_name(jiaxing: str, written: str) -> None:
    """Found by the fuzz suite: these overflowed SQLite's INTEGER or failed int() with a traceback."""
    for command in (("entities", "aliases", written), ("supply", written), ("projects", "show", written)):
        result = run(jiaxing, *command)
        assert result.exit_code == 1 and written in result.stderr, (command, result.output)
    assert aliases(jiaxing, "#１")  # full-width digits still name entity #1


def test_low_confidence_claims_are_marked(jiaxing: str) -> None:
    from chainatlas.store import tables
    from chainatlas.store.session import Store

    store = Store(jiaxing)
    with store.transaction() as session:
        claim = session.query(tables.Claim).filter(tables.Claim.metric == "sme_count").first()
        assert claim is not None
        claim.confidence = 0.4
        low_id = claim.id
    store.dispose()
    low = json.loads(ok(jiaxing, "claims", "list", "--low", "--json").stdout)
    assert low_id in [c["id"] for c in low] and all(c["low_confidence"] for c in low)
    profile = json.loads(ok(jiaxing, "show", "平湖机器人关节零部件", "--json").stdout)
    assert [f["low_confidence"] for f in profile["figures"] if f["claim_id"] == low_id] == [True]
    assert "low confidence" in ok(jiaxing, "show", "平湖机器人关节零部件").stdout
