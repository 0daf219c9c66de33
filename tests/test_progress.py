"""Progress of long imports and ingests: a bar on a terminal, nothing at all in a log or a pipe (SQLite: the
bar is the CLI's, the store behind it is the same on both backends)."""

from __future__ import annotations

import csv
import os
import pty
import re
import subprocess
from pathlib import Path

import pytest

from chainatlas.register.constructed import write_register
from cli_runner import process, run_process

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English output

FIRMS = 1_200
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


def _on_a_terminal(argv: list[str]) -> tuple[int, str]:
    """Run `argv` with a pseudo-terminal as its stdin, stdout and stderr; its exit code and output, escapes cut."""
    leader, follower = pty.openpty()
    env = os.environ | {"COLUMNS": "120", "TERM": "xterm"}
    child = subprocess.Popen(argv, stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return child.wait(timeout=300), ESCAPES.sub("", b"".join(chunks).decode("utf-8", "replace"))


def _register_import_on_a_terminal(tmp_path: Path) -> tuple[Path, str]:
    """A register of FIRMS firms imported into a new store on a terminal: the file and what the terminal showed."""
    register = tmp_path / "register.csv"
    write_register(register, FIRMS)
    db = f"sqlite:///{tmp_path / 'a.db'}"
    assert run_process("--db", db, "init").returncode == 0
    code, shown = _on_a_terminal(process("--db", db, "enterprises", "import", register))
    assert code == 0, shown
    return register, shown


def test_a_register_import_shows_its_rows_on_a_terminal(tmp_path: Path) -> None:
    register, shown = _register_import_on_a_terminal(tmp_path)
    assert re.search(rf"enterprises .*{FIRMS}/{FIRMS} rows stored", shown), shown
    assert f"{register}: {FIRMS} rows, {FIRMS} good: {FIRMS} created" in shown


def test_the_bar_reads_in_the_command_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHAINATLAS_LANGUAGE", "zh")
    _, shown = _register_import_on_a_terminal(tmp_path)
    assert re.search(rf"导入企业名录 .*{FIRMS}/{FIRMS} 行已存", shown), shown


def test_imports_and_ingests_print_only_their_summary_when_not_on_a_terminal(tmp_path: Path, data: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    register = tmp_path / "register.csv"
    write_register(register, FIRMS)
    assert run_process("--db", db, "init").returncode == 0
    projects = tmp_path / "projects.csv"
    with projects.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["项目名称", "总投资(亿元)"], ["甲项目", "12.5"], ["乙项目", "3"]])
    panel = tmp_path / "panel.csv"
    with panel.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["county", "industry", "year", "value"], ["330421", "C38", "2025", "10"]])
    runs = {
        "ingest": ["ingest", "--workers", "1", data / "news"],
        "enterprises": ["enterprises", "import", register],
        "projects": ["projects", "import", projects, "--today", "2026-07-05"],
        "dataset": ["datasets", "import", panel, "--name", "jx", "--metric", "output_value", "--region", "county",
                    "--activity", "industry", "--value", "value", "--year", "year"],
    }
    for label, args in runs.items():
        result = run_process("--db", db, *args)
        assert result.returncode == 0, result.stderr
        printed = result.stderr + result.stdout
        lines = printed.splitlines()
        assert lines and all(line.strip() for line in lines), (label, printed)
        assert " rows read" not in printed and " rows stored" not in printed and "━" not in printed, (label, printed)
