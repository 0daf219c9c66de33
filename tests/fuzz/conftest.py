"""The fuzz suite's fixtures (a store with content, guarded) and its closing tally of inputs and outcomes."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from _pytest.terminal import TerminalReporter

from bad_files import one_gib_cell, workbook_with_sheet
from chainatlas.store.session import Store
from cli_runner import ok
from fuzzing import TALLY, StoreGuard, guarding

RECORD_ENV = "CHAINATLAS_FUZZ_RECORD"


def _table(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def seeded(store: Store, data: Path, tmp_path: Path) -> Store:
    """A store with two news pages and their claims, two projects and a dataset: something to lose."""
    news = data / "news"
    ok(store.url, "ingest", "--workers", "1", news / "jiaxing-2026-07-p1.txt", news / "news_01c60dcd7d.txt")
    projects = _table(tmp_path / "seed-projects.csv", ["项目名称", "总投资(亿元)", "开工计划"],
                      [["甲项目", "12.5", "2026-03"], ["乙项目", "3", "2026-09"]])  # fmt: skip
    ok(store.url, "projects", "import", projects, "--today", "2026-07-05")
    panel = _table(tmp_path / "seed-panel.csv", ["county", "industry", "year", "value"],
                   [["330421", "C38", "2025", "10"], ["330482", "C38", "2025", "20"]])  # fmt: skip
    ok(store.url, "datasets", "import", panel, "--name", "jx", "--metric", "output_value", "--region", "county",
       "--activity", "industry", "--value", "value", "--year", "year")  # fmt: skip
    return store


@pytest.fixture(scope="session")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook whose one cell unpacks to 1 GiB (4.5 MB on disk), made once for the suite."""
    return workbook_with_sheet(tmp_path_factory.mktemp("bomb") / "bomb.xlsx", one_gib_cell())


@pytest.fixture
def guard(seeded: Store) -> Iterator[StoreGuard]:
    """The seeded store, its rows and integrity checked when the test ends; the test's added peak RSS bounded."""
    with guarding(seeded) as watch:
        yield watch


def pytest_terminal_summary(terminalreporter: TerminalReporter) -> None:
    """Print the inputs tried per entry point and their outcomes; write them as JSON to $CHAINATLAS_FUZZ_RECORD."""
    if not TALLY:
        return
    entries: dict[str, dict[str, int]] = {}
    for (entry, outcome), count in sorted(TALLY.items()):
        entries.setdefault(entry, {})[outcome] = count
    terminalreporter.section("fuzz inputs")
    for entry, outcomes in entries.items():
        shown = ", ".join(f"{outcome} {count:,}" for outcome, count in outcomes.items())
        terminalreporter.write_line(f"{entry:<48} {sum(outcomes.values()):>7,}  {shown}")
    terminalreporter.write_line(f"{'total':<48} {sum(TALLY.values()):>7,}")
    target = os.environ.get(RECORD_ENV)
    if target:
        Path(target).write_text(json.dumps(entries, ensure_ascii=False, indent=1), encoding="utf-8")


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The fuzz tests read the commands' lines in English (the CLI prints Chinese by default)."""
