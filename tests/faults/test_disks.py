"""A store that cannot be written: a read-only file, a full disk. One line, exit 1, nothing lost, resumable."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_runner import ok, run_process
from faults import Reference, canonical, claims_by_document, differences, half_written, ingest, integrity

SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
MIB = 1 << 20


def _root_or_skip(what: str) -> None:
    """Skip (fail under CI=true, which runs as root) when not root: `what` needs it."""
    if os.geteuid() == 0:
        return
    reason = f"{what} needs root"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def _one_line(done: subprocess.CompletedProcess[str], store: Path, reason: str) -> None:
    """The command failed with exit code 1 and one line naming the store and the reason."""
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"sqlite:///{store}: ") and reason in line, line


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A folder for a store file that is then made read-only: mode 0444, and immutable as well for root,
    whom modes do not stop (`chattr +i`, undone after)."""
    yield tmp_path
    for path in tmp_path.glob("atlas.db*"):
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", path], check=False, capture_output=True)
        path.chmod(0o644)


@SQLITE
def test_a_read_only_store_refuses_each_write_with_one_line_and_still_reads(
    db_url: str, read_only: Path, data: Path, tmp_path: Path
) -> None:
    news = sorted((data / "news").glob("*.txt"))
    ok(db_url, "ingest", "--workers", "1", *news[:5])
    before = canonical(db_url)
    store = tmp_path / "atlas.db"
    store.chmod(0o444)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", store], check=True)
    sheet = tmp_path / "projects.csv"
    sheet.write_text("项目名称,总投资(亿元)\n年产5万套高端轴承项目,3.5\n", encoding="utf-8")
    panel = tmp_path / "panel.csv"
    panel.write_text("county,industry,year,value\n330421,C34,2025,12.5\n330482,C34,2025,8\n", encoding="utf-8")
    writes = [
        ("ingest", "--workers", "1", news[5]),
        ("projects", "import", sheet, "--by", "wang", "--today", "2026-07-05"),
        ("datasets", "import", panel, "--name", "jx", "--metric", "output_value", "--region", "county",
         "--activity", "industry", "--value", "value", "--year", "year"),
    ]  # fmt: skip
    for args in writes:
        _one_line(run_process("--db", db_url, *args), store, "readonly")
    listed = run_process("--db", db_url, "clusters")
    assert listed.returncode == 0 and listed.stdout, listed.stderr
    assert canonical(db_url) == before


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of 64 MiB mounted on a folder, unmounted after."""
    _root_or_skip("mounting a small file system (tmpfs) to fill")
    folder = tmp_path / "disk"
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", folder], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", folder], check=True)


def _resize(folder: Path, size: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", folder], check=True)


def test_a_full_disk_ends_the_ingest_with_one_line_and_it_resumes_once_there_is_room(
    small_disk: Path, small: list[Path], small_reference: Reference
) -> None:
    store = small_disk / "atlas.db"
    url = f"sqlite:///{store}"
    ok(url, "init")
    _resize(small_disk, shutil.disk_usage(small_disk).used + 2 * MIB)  # room for about a third of the pages
    full = subprocess.run(ingest(url, small[0].parent), capture_output=True, text=True, timeout=900)
    _one_line(full, store, "database or disk is full")
    assert integrity(url) == [] and half_written(url, small, small_reference.claims) == []
    assert 0 < len(claims_by_document(url)) < len(small)  # the disk filled mid-way
    _resize(small_disk, 64 * MIB)
    again = subprocess.run(ingest(url, small[0].parent), capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr
    assert differences(canonical(url), small_reference.snapshot) == []
