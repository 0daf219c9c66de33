"""Importing a 100,000-row enterprise register on SQLite and PostgreSQL: the first import, then the same file again.

The register is the constructed one (`chainatlas.register.constructed`, made-up firms over Jiaxing's 7 counties),
written as a CSV and as an `.xlsx` workbook; each is imported into a fresh store at the newest schema with the
reference data loaded, then imported again (nothing changes). The target (issue 15) is ≤ 60 s per import.
PostgreSQL runs when CHAINATLAS_BENCH_PG names a database URL, which is wiped first.

Run: CHAINATLAS_BENCH_PG=postgresql+psycopg://… .venv/bin/python bench/register.py [FIRMS]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
import sqlalchemy

from chainatlas.register.constructed import HEADER, constructed_register, write_register
from chainatlas.services.reference import load_reference
from chainatlas.services.register import import_register
from chainatlas.store.session import Store

PG_ENV = "CHAINATLAS_BENCH_PG"


def _workbook(path: Path, firms: int) -> None:
    """The register as Excel and WPS save it: text in the shared-strings table (openpyxl's write-only mode writes
    inline strings instead, which openpyxl reads three times slower)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "企业名录"
    sheet.append(HEADER)
    for row in constructed_register(firms):
        sheet.append(row)
    book.save(path)


def _fresh(url: str) -> Store:
    if url.startswith("postgresql"):
        engine = sqlalchemy.create_engine(url)
        with engine.begin() as connection:
            connection.execute(sqlalchemy.text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(sqlalchemy.text("CREATE SCHEMA public"))
        engine.dispose()
    store = Store(url)
    store.upgrade()
    with store.transaction() as session:
        load_reference(session)
    return store


def _run(label: str, url: str, source: Path) -> None:
    store = _fresh(url)
    for attempt in ("first", "again"):
        began, cpu = time.perf_counter(), time.process_time()
        with store.transaction() as session:
            report = import_register(session, source, "bench")
        took, used = time.perf_counter() - began, time.process_time() - cpu
        print(
            f"{label:<10} {source.suffix:<5} {attempt:<5} {took:6.1f} s ({used:5.1f} s CPU here)  "
            f"rows {report.rows:,}: created "
            f"{report.created:,}, updated {report.updated:,}, unchanged {report.unchanged:,}, "
            f"errors {len(report.errors)}"
        )
    store.dispose()


def main() -> None:
    firms = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        where = Path(folder)
        csv_file, xlsx_file = where / "register.csv", where / "register.xlsx"
        began = time.perf_counter()
        write_register(csv_file, firms)
        _workbook(xlsx_file, firms)
        print(f"{firms:,} firms written as CSV and xlsx in {time.perf_counter() - began:.1f} s")
        stores = [("sqlite", f"sqlite:///{where / 'atlas.db'}")]
        if url := os.environ.get(PG_ENV):
            stores.append(("postgresql", url))
        for label, url in stores:
            for source in (csv_file, xlsx_file):
                if label == "sqlite":
                    Path(where / "atlas.db").unlink(missing_ok=True)
                _run(label, url, source)


if __name__ == "__main__":
    main()
