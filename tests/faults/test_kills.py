"""kill -9 of `chainatlas ingest`, `projects import` and `datasets import` at random points, on both stores.

Each kill is followed by an integrity check and by a re-run that must complete to exactly the store of an
uninterrupted run (every table's rows, ids and timestamps aside: `faults.canonical`). bench/faults.py runs the
ingest kills a hundred times; here a few, at points drawn from a fixed seed.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from chainatlas.services.reference import load_reference
from chainatlas.store.session import Store
from cli_runner import process, run_process
from faults import Reference, Snapshot, canonical, differences, fresh, ingest, integrity, kill_round

KILLS = 4  # of the ingest, per store
COMPLEXITY = Path(__file__).resolve().parents[1] / "data" / "complexity"
TODAY = "2026-07-05"
TRIES = 3  # kills of an import, each sooner than the last, until one comes before its end


def test_ingest_killed_at_random_points_resumes_to_the_uninterrupted_store(
    db_url: str, corpus: list[Path], reference: Reference
) -> None:
    done = kill_round(db_url, corpus, reference, KILLS, random.Random(12))
    assert done.problems == [] and done.differences == []
    assert done.kills == KILLS and all(0 < n < len(corpus) for n in done.stored[1:]), done.stored
    print(f"{KILLS} kills at {done.stored} documents stored, store equal")


def _tables(path: Path) -> tuple[set[str], list[str]]:
    """The tables of a SQLite file and the revision it is stamped with."""
    with sqlite3.connect(path) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        stamped = connection.execute("SELECT version_num FROM alembic_version").fetchall() if names else []
    connection.close()
    return names, [row[0] for row in stamped]


def _kill_when(run: subprocess.Popen[bytes], ready: Callable[[], bool]) -> None:
    """SIGKILL `run` as soon as `ready()` holds; fails when the run ends first."""
    deadline = time.monotonic() + 120
    while not ready():
        assert run.poll() is None and time.monotonic() < deadline, "the ingest ended before the moment came"
        time.sleep(0.002)
    run.kill()
    run.wait()


def _first_table(path: Path) -> bool:
    try:
        return bool(_tables(path)[0])
    except sqlite3.OperationalError:  # no file yet, or locked for a moment
        return False


def _stamped(path: Path) -> bool:
    try:
        return bool(_tables(path)[1])
    except sqlite3.OperationalError:
        return False


@pytest.mark.parametrize("moment", [_first_table, _stamped], ids=["first table", "schema stamped"])
def test_a_kill_while_a_new_store_is_set_up_leaves_a_store_the_re_run_completes(
    moment: Callable[[Path], bool], small: list[Path], small_reference: Reference, tmp_path: Path
) -> None:
    """The first ingest creates the schema, then loads the reference data: killed in either, the next one mends."""
    path = tmp_path / "atlas.db"
    url = f"sqlite:///{path}"
    _kill_when(subprocess.Popen(ingest(url, small[0].parent), stderr=subprocess.DEVNULL), lambda: moment(path))
    names, stamped = _tables(path)
    assert integrity(url) == []
    assert (names, stamped) == (set(), []) or ("documents" in names and len(stamped) == 1), (names, stamped)
    again = run_process("--db", url, "ingest", "--workers", "2", small[0].parent, timeout=600)
    assert again.returncode == 0, again.stderr
    assert differences(canonical(url), small_reference.snapshot) == []


# ---------------------------------------------------------------- imports: one transaction, all or nothing

ZONES = (
    ("嘉善经济技术开发区", "330421"),
    ("平湖经济技术开发区", "330482"),
    ("嘉兴经济技术开发区", "330402"),
    ("海宁经济开发区", "330481"),
    ("桐乡经济开发区", "330483"),
)
PRODUCTS = ("新能源汽车驱动电机", "高端精密轴承", "光伏组件", "智能装备", "集成电路封测", "机器人关节", "储能电池")
PROJECT_ROWS = 1000


def _project_sheet(path: Path) -> Path:
    """A registry export of 1,000 investment projects in the template's shape, in the Jiaxing zones."""
    rng = random.Random(5)
    lines = ["项目编号,项目名称,项目类型,所在园区,所在县(市、区),总投资(亿元),签约实际,落地实际,开工计划"]
    for number in range(PROJECT_ROWS):
        zone, county = rng.choice(ZONES)
        product = rng.choice(PRODUCTS)
        signed = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines.append(
            f"JX-{number:05d},年产{rng.randint(2, 90)}万套{product}项目（{number}期）,投资项目,{zone},{county},"
            f"{rng.randint(5, 900) / 10},{signed},,2026-Q{rng.randint(1, 4)}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


IMPORTS = ("projects", "datasets")


@dataclass
class Imported:
    """An import's arguments and its uninterrupted run: seconds, the store before and after."""

    args: tuple[str | Path, ...]
    seconds: float
    before: Snapshot
    after: Snapshot


def _initialised(url: str) -> Store:
    store = Store(url)
    store.upgrade()
    with store.transaction() as session:
        load_reference(session)
    store.dispose()
    return store


def _import_args(kind: str, folder: Path) -> tuple[str | Path, ...]:
    if kind == "projects":
        return ("projects", "import", _project_sheet(folder / "projects.csv"), "--by", "wang", "--today", TODAY)
    trade = COMPLEXITY / "economiccomplexity_r" / "world_trade_avg_1998_to_2000.csv"  # 124,336 cells
    return ("datasets", "import", trade, "--name", "trade", "--metric", "exports", "--region", "country",
            "--activity", "product", "--value", "value")  # fmt: skip


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Imported]:
    """Each import run uninterrupted into a new SQLite store."""
    folder = tmp_path_factory.mktemp("imports")
    made = {}
    for kind in IMPORTS:
        url = f"sqlite:///{folder / kind}.db"
        before = canonical(_initialised(url).url)
        args = _import_args(kind, folder)
        started = time.monotonic()
        done = run_process("--db", url, *args, timeout=600)
        assert done.returncode == 0, done.stderr
        made[kind] = Imported(args, time.monotonic() - started, before, canonical(url))
    return made


@pytest.mark.parametrize("kind", IMPORTS)
def test_an_import_killed_at_a_random_moment_stores_all_or_nothing_and_its_re_run_completes(
    kind: str, db_url: str, imported: dict[str, Imported]
) -> None:
    clean = imported[kind]
    delay = random.Random(kind).uniform(0.2, 0.8) * clean.seconds
    for _ in range(TRIES):  # a machine less busy than for the clean run may finish first: sooner, then
        fresh(db_url)
        _initialised(db_url)
        run = subprocess.Popen(process("--db", db_url, *clean.args), stdout=subprocess.DEVNULL)
        try:
            run.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            run.kill()
            run.wait()
            break
        delay /= 2
    else:
        pytest.fail(f"the import ended before its kill {TRIES} times, the last at {delay * 2:.1f} s")
    assert integrity(db_url) == []
    after_kill = canonical(db_url)
    assert after_kill in (clean.before, clean.after), differences(after_kill, clean.before)
    again = run_process("--db", db_url, *clean.args, timeout=600)
    assert again.returncode == 0, again.stderr
    assert differences(canonical(db_url), clean.after) == []
