"""Names, notes and file names that look like Rich markup print as written, in tables and lines (both backends).

Before, `[/]` in a name ended the command with a MarkupError and `[red]…[/]` or `[link=…]` was taken as style.
"""

from __future__ import annotations

import csv
from pathlib import Path

from chainatlas.store.session import Store
from cli_runner import ok, run

NAMES = ["[/]甲", "[b]乙", "[i]丙[/]"]  # short: the tables are 80 columns wide here
OWNER = "[/]丁公司"


def test_markup_in_names_and_notes_prints_as_written(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["项目编号", "项目名称", "业主单位"])
        writer.writerows([[f"P{n}", name, OWNER] for n, name in enumerate(NAMES)])
    db = store.url
    ok(db, "projects", "import", path)
    listed = ok(db, "projects", "list").stdout
    assert all(name in listed for name in NAMES)
    shown = ok(db, "projects", "show", "P0").stdout
    assert "[/]甲" in shown and OWNER in shown
    assert all(name in ok(db, "entities", "list").stdout for name in [*NAMES, OWNER])
    ok(db, "desk", "open", "P1", "--need", "[red]电", "--department", "[/]供电", "--owner", "[b]张",
       "--due", "2026-12-10", "--today", "2026-07-05")  # fmt: skip
    requests = ok(db, "desk", "list", "--today", "2026-07-05").stdout
    assert "[red]电" in requests and "[/]供电" in requests and "[b]张" in requests
    missing = run(db, "show", "[/]无此集群")
    assert missing.exit_code == 1 and "没有名为“[/]无此集群”的集群或企业" in missing.stderr


def test_file_names_with_markup_in_progress_and_summary(store: Store, tmp_path: Path) -> None:
    (tmp_path / "[red]a.txt").write_bytes(b"\x00binary")
    page = "date: 2026-07-05\n---\n标题\n\n本报讯 平湖市测试产业集群实现产值1亿元。\n"
    (tmp_path / "[b]b.txt").write_text(page, encoding="utf-8")
    result = run(store.url, "ingest", "--workers", "1", tmp_path)
    assert result.exit_code == 1
    assert f"跳过 {tmp_path / '[red]a.txt'}：含有 NUL 字节" in result.stderr
    assert "新增文档：1" in result.stderr
