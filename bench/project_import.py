"""Importing a large project workbook (issue 13: 100,000 rows in ≤ 60 s) on SQLite and PostgreSQL, whole process.

The workbook is made up here: projects over Jiaxing's counties and development zones, each with an owner firm
(10,000 firms named as the constructed register names them; one firm owns several projects), an investment, an
industry chain, and planned and actual dates of its first stages. It is written as CSV and as `.xlsx`, and
`chainatlas projects import` runs on each as a process of its own into a fresh store at the newest schema (the
first import creates everything), then again (nothing changes). PostgreSQL runs when CHAINATLAS_BENCH_PG names a
database URL, which is wiped first. The reference beside it is the same rows written by `sqlite3` into one plain
table, the least any importer can do.

Run: CHAINATLAS_BENCH_PG=postgresql+psycopg://… .venv/bin/python bench/project_import.py [ROWS]
"""

from __future__ import annotations

import csv
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from chainatlas.projects.template import headers
from chainatlas.register.constructed import HEADER, constructed_register
from faults import fresh  # bench/faults.py: an empty store of either kind

PG_ENV = "CHAINATLAS_BENCH_PG"
COUNTIES = ["南湖区", "秀洲区", "嘉善县", "海盐县", "海宁市", "平湖市", "桐乡市"]
ZONES = ["嘉兴经济技术开发区", "嘉善经济技术开发区", "平湖经济技术开发区", "海宁经济开发区", "桐乡经济开发区"]
CHAINS = ["", "power-equipment", "semiconductor", "humanoid-robot", "optoelectronics"]
OWNERS = 10_000  # distinct owner firms, named as the constructed register names its firms


def project_rows(count: int, seed: int = 13) -> list[list[str]]:
    """`count` made-up projects in the template's columns (the header of `headers()`)."""
    pick = random.Random(seed)
    name_at = HEADER.index("企业名称")
    owners = [firm[name_at] for firm in constructed_register(OWNERS, seed)]
    header = headers()
    rows = []
    for n in range(count):
        year = 2022 + n % 4
        cells = {
            "项目编号": f"JX-{year}-{n:06d}",
            "项目名称": f"{pick.choice(COUNTIES)[:2]}年产{pick.randint(1, 90)}万件构造项目{n}",
            "项目类型": "投资项目",
            "业主单位": owners[n % OWNERS],
            "所在园区": pick.choice(ZONES),
            "总投资(亿元)": f"{pick.uniform(0.2, 60):.2f}",
            "产业链": pick.choice(CHAINS),
            "签约计划": f"{year}-{1 + n % 12:02d}",
            "签约实际": f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "开工计划": f"{year + 1}-{1 + (n * 7) % 12:02d}",
        }
        rows.append([cells.get(h, "") for h in header])
    return rows


def _write(folder: Path, rows: list[list[str]]) -> tuple[Path, Path]:
    csv_path, xlsx_path = folder / "projects.csv", folder / "projects.xlsx"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers())
        writer.writerows(rows)
    book = openpyxl.Workbook()  # shared strings, as Excel and WPS save
    sheet = book.active
    assert sheet is not None
    sheet.append(headers())
    for row in rows:
        sheet.append(row)
    book.save(xlsx_path)
    return csv_path, xlsx_path


def _chainatlas(*args: str | Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds of the process, and its last line of output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "chainatlas", *map(str, args)], capture_output=True, text=True)
    took = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"chainatlas {' '.join(map(str, args))} failed:\n{done.stderr[-2000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return took, cpu, (done.stdout + done.stderr).strip().splitlines()[0]


def _fresh(url: str) -> None:
    fresh(url)
    _chainatlas("--db", url, "init")


def _reference(csv_path: Path, folder: Path) -> float:
    """Seconds for sqlite3 to load the CSV into one table, in one transaction."""
    began = time.perf_counter()
    with csv_path.open(encoding="utf-8", newline="") as handle, sqlite3.connect(folder / "plain.db") as db:
        reader = csv.reader(handle)
        header = next(reader)
        db.execute(f"CREATE TABLE projects ({', '.join(f'c{i}' for i in range(len(header)))})")
        db.executemany(f"INSERT INTO projects VALUES ({', '.join('?' * len(header))})", reader)
    return time.perf_counter() - began


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        began = time.perf_counter()
        csv_path, xlsx_path = _write(folder, project_rows(count))
        print(f"{count:,} projects written as CSV and xlsx in {time.perf_counter() - began:.1f} s")
        print(f"reference: sqlite3 loads the CSV into one plain table in {_reference(csv_path, folder):.1f} s")
        stores = [("sqlite", f"sqlite:///{folder / 'atlas.db'}")]
        if url := os.environ.get(PG_ENV):
            stores.append(("postgresql", url))
        for label, url in stores:
            for source in (csv_path, xlsx_path):
                _fresh(url)
                for attempt in ("first", "again"):
                    took, cpu, said = _chainatlas("--db", url, "projects", "import", source, "--today", "2026-12-01")
                    print(f"{label:<10} {source.suffix:<5} {attempt:<5} {took:6.1f} s wall, {cpu:6.1f} s CPU  {said}")


if __name__ == "__main__":
    main()
