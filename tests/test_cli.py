"""The `chainatlas` command through Typer's runner: extract, init, ingest, clusters, show."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from chainatlas.cli import app
from chainatlas.ingest.document import read_document
from chainatlas.ingest.extract import extract_document
from chainatlas.ingest.facts import to_json

PAGE = "jiaxing-2026-07-p1.txt"
runner = CliRunner()


def run(*args: str | Path, db: str | None = None) -> Result:
    argv = [str(a) for a in args]
    return runner.invoke(app, ["--db", db, *argv] if db else argv, catch_exceptions=False)


@pytest.fixture
def atlas(db_url: str, data: Path) -> str:
    """A database built by `chainatlas ingest` from the news folder."""
    result = run("ingest", "--date", "2026-07-05", data / "news" / PAGE, db=db_url)
    assert result.exit_code == 0, result.output
    result = run("ingest", data / "news", db=db_url)
    assert result.exit_code == 0, result.output
    return db_url


def test_extract_prints_the_spec_json_lines(data: Path) -> None:
    page = data / "news" / PAGE
    result = run("extract", "--date", "2026-07-05", page)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    expected = [to_json(f) for f in extract_document(read_document(page, dt.date(2026, 7, 5)))]
    assert lines == expected
    records = [json.loads(line) for line in lines]
    assert {r["doc"] for r in records} == {PAGE}
    assert {"article", "cluster", "indicator"} <= {r["kind"] for r in records}


def test_extract_reports_an_unreadable_file_and_goes_on(data: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("extract", empty, data / "news" / PAGE)
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr
    assert result.stdout.count("\n") > 10 and PAGE in result.stdout


def test_extract_rejects_a_bad_date(data: Path) -> None:
    result = runner.invoke(app, ["extract", "--date", "5 July", str(data / "news" / PAGE)])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_init_is_idempotent(db_url: str) -> None:
    first, second = run("init", db=db_url), run("init", db=db_url)
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert "个行政区划" in first.stderr and "个行政区划" not in second.stderr


def test_ingest_twice_adds_nothing_and_sums_up(atlas: str, data: Path) -> None:
    result = run("ingest", data / "news", db=atlas)
    assert result.exit_code == 0
    assert re.search(r"新增文档：0，未变：\d+，新增事实：0，跳过：0", result.stderr)


def test_ingest_names_skipped_files_and_exits_non_zero(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = run("ingest", tmp_path, db=db_url)
    assert result.exit_code == 1
    assert "跳过：2" in result.stderr
    assert "empty.txt" in result.stderr and "binary.txt" in result.stderr


def test_db_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("CHAINATLAS_DB", f"sqlite:///{db}")
    assert runner.invoke(app, ["init"]).exit_code == 0
    assert db.exists()


def test_clusters_json_and_table(atlas: str) -> None:
    result = run("clusters", "--json", db=atlas)
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    pinghu = next(row for name, row in rows.items() if name.startswith("平湖机器人关节零部件"))
    assert pinghu["county"] == "平湖市"
    assert pinghu["output_value"]["value"] == pytest.approx(12_895_000_000)
    assert pinghu["output_value"]["period"] == "2025"
    assert "128.95亿元" in pinghu["output_value"]["source"]["sentence"]
    assert pinghu["source_count"] >= 1
    table = run("clusters", db=atlas)
    assert table.exit_code == 0 and "平湖市" in table.stdout
    assert "…" not in table.stdout  # an 80-column pipe wraps long names in their cells, never cuts them
    cells = "".join(line.split("│")[1].strip() for line in table.stdout.splitlines() if line.count("│") > 2)
    assert all(name in cells for name in rows if len(name) > 12)


def test_commands_print_in_the_settings_language(atlas: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """$CHAINATLAS_LANGUAGE=en: the table's headers, levels and units in English; by default in Chinese."""
    monkeypatch.setenv("CHAINATLAS_LANGUAGE", "en")
    english = run("clusters", db=atlas)
    assert english.exit_code == 0, english.output
    assert "Cluster" in english.stdout and "Sources" in english.stdout and "亿元" not in english.stdout
    assert "¥12.895" in english.stdout and "平湖市" in english.stdout  # names as written
    monkeypatch.delenv("CHAINATLAS_LANGUAGE")
    chinese = run("clusters", db=atlas)
    assert "级别" in chinese.stdout and "亿元" in chinese.stdout and "Sources" not in chinese.stdout


def test_show_prints_every_figure_with_its_sentence(atlas: str) -> None:
    result = run("show", "平湖机器人关节零部件", db=atlas)
    assert result.exit_code == 0, result.output
    assert "产值: 128.95亿元" in result.stdout
    profile = json.loads(run("show", "平湖机器人关节零部件", "--json", db=atlas).stdout)
    assert profile["kind"] == "cluster"
    assert all(f["source"]["sentence"] for f in profile["figures"])


def test_show_an_unknown_name_fails_clearly(atlas: str) -> None:
    result = run("show", "不存在的集群", db=atlas)
    assert result.exit_code == 1 and "不存在的集群" in result.stderr
