"""Fuzzing `projects import`, `datasets import` and `complexity` with tables: CSV and .xlsx, broken and bad.

Generated tables (Hypothesis): CSV panels whose values and years mix good ones with NaN, inf, negatives, 1e308,
text and formulas, repeated keys, shuffled, missing, repeated and extra columns, a BOM, stray bytes; the same
rows as workbooks (with formulas and dates as text); valid workbooks cut short or with bytes overwritten.
Each table holds at least one bad row and each project row a bad cell, so every import must refuse, name the
file on every line it prints, exit 1 and store nothing; `complexity` must refuse and write no output. Made
once each: a zip bomb, 100,000 bad rows, cells past the length limit.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from typer.testing import Result

from bad_files import SHEET_HEAD, SHEET_TAIL, inline_rows, workbook_with_sheet
from cli_runner import run
from fuzzing import StoreGuard, examples, record, scaled

PANEL = ["county", "industry", "year", "value"]
DATASET = ("--name", "jx", "--metric", "output_value", "--region", "county", "--activity", "industry",
           "--value", "value", "--year", "year")  # fmt: skip
COMPLEXITY = ("--region", "county", "--activity", "industry", "--value", "value", "--year", "year")
PAYLOADS = ["<script>alert(1)</script>", "' OR 1=1 --", "'; DROP TABLE claims; --", '=HYPERLINK("http://x/")',
            "+cmd|' /C calc'!A0", "@SUM(1)", "\u202e", "𠀀𪚥", "NULL", "0x7fffffffffffffff"]  # fmt: skip
BAD_VALUES = ["nan", "NaN", "inf", "-inf", "Infinity", "-1", "-0.5", "1e308", "1E309", "1e16", "十亿", "1,000",
              "=1+1", "=SUM(D2:D9)", "0x10", "1_0", "--1", "1e", "."]  # fmt: skip
BAD_YEARS = ["twenty", "2025.5", "1899", "2101", "1" * 20, "-2025", "2025-", "二〇二五", "2e3", "=2025", "nan"]
REGIONS = ["330421", "330482", "330424", "330402", "=330421", "<b>330421</b>", "330421' OR '1'='1"]
ACTIVITIES = ["C38", "C17", "C39", "C26", "C38\u200b", "@C38"]

ANY_TEXT = st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=12))
VALUE = st.one_of(
    st.sampled_from(BAD_VALUES),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["1", "2.5", "0", "1e3", " 12 "]),
    ANY_TEXT,
)
YEAR = st.one_of(st.sampled_from(BAD_YEARS), st.integers(1800, 2200).map(str), st.sampled_from(["2024", "2025"]))
ROW = st.tuples(st.sampled_from(REGIONS), st.sampled_from(ACTIVITIES), YEAR, VALUE)
BAD_ROW = st.tuples(st.sampled_from(REGIONS), st.sampled_from(ACTIVITIES), st.sampled_from(["2025", *BAD_YEARS]),
                    st.sampled_from(BAD_VALUES))  # fmt: skip


@st.composite
def panels(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """A header (the panel's columns shuffled, one maybe missing or repeated, extras) and rows, one bad at least."""
    header = draw(st.permutations(PANEL))
    change = draw(st.sampled_from(["none", "drop", "repeat", "extra"]))
    if change == "drop":
        header = [c for c in header if c != draw(st.sampled_from(PANEL))]
    elif change == "repeat":
        header = [*header, draw(st.sampled_from(PANEL))]
    elif change == "extra":
        header = [*header, draw(ANY_TEXT)]
    rows = draw(st.lists(ROW, max_size=12))
    rows.insert(draw(st.integers(0, len(rows))), draw(BAD_ROW))
    rows += draw(st.lists(st.sampled_from(rows), max_size=3))  # repeated keys
    by_name = [dict(zip(PANEL, row, strict=True)) for row in rows]
    return header, [[cells.get(column, "x") for column in header] for cells in by_name]


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence[object]], formulas: bool = True) -> bytes:
    """A workbook of the rows: cells starting with `=` written as formulas (no cached value), numbers as numbers
    where they read as such, the rest as text (dates as text among them)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([_cell(name, formulas=False) for name in header])
    for row in rows:
        sheet.append([_cell(value, formulas) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PLAIN_NUMBER = re.compile(r"-?[0-9]{1,15}(\.[0-9]+)?(e[0-9]{1,2})?", re.IGNORECASE)


def _cell(value: object, formulas: bool) -> object:
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters, which no workbook holds
    if value.startswith("=") and formulas:
        return value
    if PLAIN_NUMBER.fullmatch(value):  # a number cell, as Excel keeps one (never `1_0`, which float() reads)
        return float(value)
    return value if formulas else value.lstrip("=")


def refused(result: Result, path: Path, entry: str) -> None:
    """Exit 1 and no traceback; every line printed names the file (but a closing `… and N more`)."""
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.split("\n") if line.strip()]  # \x1c in a cell is no line break
    assert lines and all(str(path) in line or line.startswith("… and ") for line in lines), result.stderr
    record(entry, "refused: exit 1, every line names the file")


def import_both(guard: StoreGuard, path: Path, data: bytes, tmp_path: Path, suffix: str) -> None:
    """`datasets import` and `complexity` of `data` as `path`: both refuse, nothing stored, nothing written."""
    path.write_bytes(data)
    refused(run(guard.store.url, "datasets", "import", path, *DATASET), path, f"datasets import ({suffix})")
    guard.unchanged(f"datasets import of {data[:60]!r}")
    out = tmp_path / "out.csv"
    refused(run("sqlite://", "complexity", path, *COMPLEXITY, "--out", out), path, f"complexity ({suffix})")
    assert not out.exists()


@given(panel=panels(), stray=st.binary(max_size=6), at=st.integers(0, 1 << 12), bom=st.booleans())
@examples(ci=150, full=400)
def test_csv_panels_are_refused(panel: tuple[list[str], list[list[str]]], stray: bytes, at: int, bom: bool,
                                guard: StoreGuard, tmp_path: Path) -> None:  # fmt: skip
    data = csv_bytes(*panel)
    at %= len(data) + 1
    data = (b"\xef\xbb\xbf" if bom else b"") + data[:at] + stray + data[at:]
    import_both(guard, tmp_path / "panel.csv", data, tmp_path, "csv")


@given(panel=panels(), formulas=st.booleans())
@examples(ci=60, full=150)
def test_workbook_panels_are_refused(panel: tuple[list[str], list[list[str]]], formulas: bool, guard: StoreGuard,
                                     tmp_path: Path) -> None:  # fmt: skip
    import_both(guard, tmp_path / "panel.xlsx", xlsx_bytes(*panel, formulas=formulas), tmp_path, "xlsx")


PROJECT_COLUMNS = ["项目名称", "总投资(亿元)", "项目类型", "所在县(市、区)", "产业链", "当前阶段",
                   "签约计划", "开工实际", "竣工计划", "用地面积(亩)"]  # fmt: skip
DATE = st.one_of(st.sampled_from(["2026-03", "2026年3月", "明年", "2026/13/45", "2026-02-30", "Q5 2026", "2026-Q4",
                                  "1899", "9999-01", "=TODAY()", "46000", "2026.3.1", "三月"]), ANY_TEXT)  # fmt: skip


@st.composite
def project_tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """Project rows each with a bad investment, the other cells anything (dates as text, payloads, formulas)."""
    header = draw(st.permutations(PROJECT_COLUMNS))
    rows = []
    for _ in range(draw(st.integers(1, 8))):
        cells = {column: draw(DATE if column[-2:] in ("计划", "实际") else ANY_TEXT) for column in header}
        cells["总投资(亿元)"] = draw(st.sampled_from(BAD_VALUES[:10]))  # never a plausible number
        rows.append([cells[column] for column in header])
    return header, rows


@given(table=project_tables(), workbook=st.booleans())
@examples(ci=120, full=300)
def test_project_tables_with_a_bad_cell_in_every_row_store_nothing(
    table: tuple[list[str], list[list[str]]], workbook: bool, guard: StoreGuard, tmp_path: Path
) -> None:
    path = tmp_path / ("projects.xlsx" if workbook else "projects.csv")
    path.write_bytes(xlsx_bytes(*table) if workbook else csv_bytes(*table))
    result = run(guard.store.url, "projects", "import", path, "--today", "2026-07-05")
    refused(result, path, f"projects import ({path.suffix[1:]})")
    guard.unchanged(f"projects import of {table!r}")


# A workbook one of whose rows is bad: whether the damage done to it below is read or not, it is refused.
PANEL_BOOK = xlsx_bytes(PANEL, [["330421", "C38", "2025", "10"], ["330482", "C38", "2025", "nan"]], formulas=False)
SPOT = st.tuples(st.integers(0, len(PANEL_BOOK) - 1), st.binary(min_size=1, max_size=8))


@given(cut=st.integers(0, len(PANEL_BOOK)), spots=st.lists(SPOT, max_size=4))
@examples(ci=150, full=400)
def test_broken_workbooks_are_refused(cut: int, spots: list[tuple[int, bytes]], guard: StoreGuard,
                                      tmp_path: Path) -> None:  # fmt: skip
    """The workbook cut short, or with bytes overwritten (the zip, its directory, the XML inside)."""
    data = bytearray(PANEL_BOOK[:cut] if cut < len(PANEL_BOOK) or not spots else PANEL_BOOK)
    for at, junk in spots:
        data[at : at + len(junk)] = junk
    path = tmp_path / "broken.xlsx"
    path.write_bytes(bytes(data))
    refused(run(guard.store.url, "datasets", "import", path, *DATASET), path, "datasets import (broken xlsx)")
    guard.unchanged("a broken workbook")


def big_tables(folder: Path, bomb: Path) -> list[Path]:
    """The bomb and, made here: 100,000 rows (5,000 in CI) each with a bad value, a cell past the
    length limit, a sheet without a header."""
    rows = [PANEL] + [[REGIONS[n % 4], ACTIVITIES[n % 4], "2025", "-1"] for n in range(scaled(5_000, 100_000))]
    long_cell = [PANEL, ["330421", "C38", "2025", "1"], ["330421", "C" * 40_000, "2025", "2"]]
    return [
        bomb,
        workbook_with_sheet(folder / "rows.xlsx", [inline_rows(rows, range(1, len(rows) + 1))]),
        workbook_with_sheet(folder / "long.xlsx", [inline_rows(long_cell, (1, 2, 3))]),
        workbook_with_sheet(folder / "empty.xlsx", [SHEET_HEAD + SHEET_TAIL]),
    ]


def test_bombs_long_tables_and_long_cells_are_refused(guard: StoreGuard, bomb: Path, tmp_path: Path) -> None:
    for path in big_tables(tmp_path, bomb):
        for entry, args in (("datasets import", ("datasets", "import", path, *DATASET)),
                            ("projects import", ("projects", "import", path, "--today", "2026-07-05"))):  # fmt: skip
            refused(run(guard.store.url, *args), path, f"{entry} (xlsx)")
            guard.unchanged(f"{entry} of {path.name}")
        out = tmp_path / "out.csv"
        refused(run("sqlite://", "complexity", path, *COMPLEXITY, "--out", out), path, "complexity (xlsx)")
        assert not out.exists()
