"""A region's own words as an overlay of the extractor's vocabulary (the `vocabulary` setting): bundled or a folder,
adding and taking out words, named in the rules' version; a bad overlay stops the command with one line.

Each run is a process of its own: the word lists are read once, when the extractor is first imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runner import run_process

# 特色小镇 sentences as Zhejiang's news writes them.
TOWNS = (
    "南湖基金小镇已集聚投资机构8000余家，管理资产规模超过4000亿元。\n"
    "海宁市皮革时尚小镇去年实现产值120亿元。\n"
    "平湖市机器人产业园已入驻企业40家。\n"
)


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "towns.txt"
    path.write_text(f"date: 2026-05-01\ntitle: 特色小镇建设提速\n---\n{TOWNS}", encoding="utf-8")
    return path


def _platforms(page: Path) -> set[str]:
    result = run_process("extract", page)
    assert result.returncode == 0, result.stderr
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    return {f["name"] for f in facts if f["kind"] == "platform"}


def _rules_version() -> str:
    code = "from chainatlas.ingest.pipeline import rules_version; print(rules_version())"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_the_bundled_zhejiang_overlay_reads_its_platform_towns(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHAINATLAS_VOCABULARY", raising=False)
    assert _platforms(page) == {"平湖市机器人产业园"}
    plain = _rules_version()
    monkeypatch.setenv("CHAINATLAS_VOCABULARY", "zhejiang")
    assert _platforms(page) == {"南湖基金小镇", "海宁市皮革时尚小镇", "平湖市机器人产业园"}
    assert _rules_version() != plain  # claims read with the overlay say so


def test_a_folder_overlay_can_take_a_bundled_word_out(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    lines = "小镇 = other\n-产业园  # this region writes 产业园 of plans, not of platforms\n"
    (overlay / "platform_suffixes.txt").write_text(lines, encoding="utf-8")
    monkeypatch.setenv("CHAINATLAS_VOCABULARY", str(overlay))
    assert _platforms(page) == {"南湖基金小镇", "海宁市皮革时尚小镇"}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"platform_suffixes.txt": "小镇 = other\n小镇 = park\n"}, "suffixes.txt, line 2: 小镇 is listed twice"),
        ({"platform_suffixes.txt": "-小镇\n"}, "platform_suffixes.txt, line 1: 小镇 is not in the bundled list"),
        ({"platforms.txt": "小镇 = other\n"}, "platforms.txt: no vocabulary list of that name"),
        ({}, None),
    ],
)
def test_a_bad_overlay_stops_the_command_with_one_line(
    files: dict[str, str], message: str | None, page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    for name, text in files.items():
        (overlay / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("CHAINATLAS_VOCABULARY", str(overlay) if files else str(tmp_path / "nowhere"))
    result = run_process("extract", page)
    assert result.returncode == 1 and not result.stdout
    expected = message or f"vocabulary overlay {tmp_path / 'nowhere'}: no such bundled overlay or folder"
    assert result.stderr.strip().splitlines() == [result.stderr.strip()] and expected in result.stderr
