"""Bounded input: what each command that reads files refuses before reading, with one line naming the file.

Real files: a FIFO (os.mkfifo), /dev/zero, a directory named as a file, sparse files past the size limits, a
workbook whose one cell unpacks to 1 GiB, one with 30 million blank rows, a cell longer than Excel allows, and
tables with 1e308, inf, nan and years such as `twenty`. FIFOs are read by a process of its own, so that a
regression fails on its timeout instead of hanging the suite.
"""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest

from bad_files import NAME, blank_rows, fifo, inline_rows, one_gib_cell, sparse, workbook_with_sheet
from chainatlas.analytics.cells import read_cells
from chainatlas.analytics.table import Columns, Limits, TableError, open_rows
from chainatlas.store.session import Store
from cli_runner import as_json, ok, run, run_process

pytestmark = pytest.mark.usefixtures("english")  # the assertions read the English output

INVESTMENT = "总投资(亿元)"


def project_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, [NAME, INVESTMENT, "开工实际", "签约计划"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def dataset_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["county", "industry", "year", "value"])
        writer.writerows(rows)
    return path


def import_dataset(db: str, path: Path) -> tuple[int, str]:
    result = run(db, "datasets", "import", path, "--name", "jx", "--metric", "output_value",
                 "--region", "county", "--activity", "industry", "--value", "value", "--year", "year")  # fmt: skip
    return result.exit_code, result.stderr


# ---------------------------------------------------------------- FIFOs, devices, directories: every command


DATASET_OPTIONS = ("--name", "x", "--metric", "m", "--region", "r", "--activity", "a", "--value", "v")
# Each command that reads a file: the words before the file, the options after it.
READERS = [
    (("ingest",), ("--workers", "1")),
    (("extract",), ()),
    (("projects", "import"), ()),
    (("datasets", "import"), DATASET_OPTIONS),
    (("complexity",), ("--region", "r", "--activity", "a", "--value", "v", "--out", "out.csv")),
]


@pytest.mark.parametrize(("words", "options"), READERS)
def test_a_fifo_is_refused_before_reading(words: tuple[str, ...], options: tuple[str, ...], tmp_path: Path) -> None:
    path = fifo(tmp_path, "pipe.csv")
    done = run_process("--db", f"sqlite:///{tmp_path / 'atlas.db'}", *words, path, *options)
    assert done.returncode == 1, done.stderr
    assert f"{path}: a FIFO (named pipe), not a regular file" in done.stderr.splitlines()[-1]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(("words", "options"), READERS[:4])
def test_dev_zero_is_refused_before_reading(words: tuple[str, ...], options: tuple[str, ...], tmp_path: Path) -> None:
    result = run(f"sqlite:///{tmp_path / 'atlas.db'}", *words, "/dev/zero", *options)
    assert result.exit_code == 1
    assert "/dev/zero: a character device, not a regular file" in result.stderr.splitlines()[-1]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_a_directory_named_as_a_table_is_refused(suffix: str, tmp_path: Path) -> None:
    folder = tmp_path / f"projects{suffix}"
    folder.mkdir()
    db = f"sqlite:///{tmp_path / 'atlas.db'}"
    for command in (("projects", "import", folder), ("datasets", "import", folder, *DATASET_OPTIONS)):
        result = run(db, *command)
        assert result.exit_code == 1
        assert f"{folder}: a directory, not a regular file" in result.stderr


def test_files_past_the_size_limits_are_refused_unread(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'atlas.db'}"
    table = sparse(tmp_path / "huge.csv", Limits().file_bytes + 1)
    result = run(db, "projects", "import", table)
    assert result.exit_code == 1 and f"{table}: {Limits().file_bytes + 1} bytes, more than the limit" in result.stderr
    page = sparse(tmp_path / "huge.txt", 20 * 1024 * 1024 + 1)
    result = run(db, "extract", page)
    assert result.exit_code == 1 and "huge.txt: 20971521 bytes, more than the limit of 20971520" in result.stderr


# ---------------------------------------------------------------- workbooks: zip bomb, blank rows, long cells


def test_a_cell_unpacking_to_a_gibibyte_is_refused_from_the_zip_directory(store: Store, tmp_path: Path) -> None:
    bomb = workbook_with_sheet(tmp_path / "bomb.xlsx", one_gib_cell())
    with zipfile.ZipFile(bomb) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    assert bomb.stat().st_size < 10 * 1024 * 1024 and unpacked > 1 << 30
    result = run(store.url, "projects", "import", bomb)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"{bomb}: unpacks to {unpacked} bytes, more than the limit of {Limits().unpacked_bytes} (9 members)"
    ]
    assert as_json(store.url, "projects", "list") == []


def test_thirty_million_blank_rows_are_refused_before_openpyxl_reads_them(store: Store, tmp_path: Path) -> None:
    rows = workbook_with_sheet(tmp_path / "rows.xlsx", blank_rows(30 << 20))
    result = run(store.url, "projects", "import", rows)
    assert result.exit_code == 1
    assert f"{rows}: xl/worksheets/sheet1.xml holds more than 1048576 rows" in result.stderr


def test_rows_and_cells_past_the_limits_name_the_sheet_and_row(tmp_path: Path) -> None:
    cells = (["region", "activity", "value"], ["330421", "C38", "1"], ["330421", "A" * 40_000, "2"])
    path = workbook_with_sheet(tmp_path / "long.xlsx", [inline_rows(cells, (1, 2, 3))])
    columns = Columns(region="region", activity="activity", value="value")
    with pytest.raises(TableError, match=r"long\.xlsx: sheet 'Sheet' row 3, column 'B': 40000 characters, more than"):
        read_cells(path, columns)
    with pytest.raises(TableError, match=r"long\.xlsx: xl/worksheets/sheet1\.xml holds more than 2 rows"):
        read_cells(path, columns, limits=Limits(rows=2))
    far = workbook_with_sheet(tmp_path / "far.xlsx", [inline_rows(cells, (1, 2, 9))])  # rows 3–8 read as empty
    with pytest.raises(TableError, match=r"far\.xlsx: sheet 'Sheet' row 5: more rows than a sheet holds \(4\)"):
        read_cells(far, columns, limits=Limits(rows=4))
    with pytest.raises(TableError, match=r"sheet1\.xml holds more than 5 cells"):
        read_cells(path, columns, limits=Limits(cells=5))
    with pytest.raises(TableError, match=r"unpacks to \d+ bytes, more than the limit of 1000"):
        read_cells(path, columns, limits=Limits(unpacked_bytes=1000))
    csv_path = tmp_path / "long.csv"
    csv_path.write_text("region,activity,value\n330421,C38,1\n330421," + "B" * 40_000 + ",2\n", encoding="utf-8")
    with pytest.raises(TableError, match=r"long\.csv: row 2 \(line 3\), column 'activity': 40000 characters"):
        read_cells(csv_path, columns)


def test_a_workbook_within_the_limits_reads_as_before(tmp_path: Path) -> None:
    path = workbook_with_sheet(tmp_path / "ok.xlsx", blank_rows((1 << 20) - 1))  # as many rows as Excel allows
    with open_rows(path) as source:
        assert source.header == [NAME] and list(source.records) == []


# ---------------------------------------------------------------- numbers and years


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1e308", "'1e308' is more than 100,000"),
        ("100001", "'100001' is more than 100,000"),
        ("inf", "'inf' is not a finite number"),
        ("nan", "'nan' is not a finite number"),
        ("-1", "'-1' is negative"),
        ("十亿", "'十亿' is not a number"),
        ("1_0", "'1_0' is not a number"),  # float() reads 10: found by the fuzz suite
    ],
)
def test_project_investment_must_be_a_plausible_finite_number(store: Store, tmp_path: Path, value: str,
                                                              reason: str) -> None:  # fmt: skip
    path = project_csv(tmp_path / "p.csv", [{NAME: "甲项目", INVESTMENT: "12.5"}, {NAME: "乙项目", INVESTMENT: value}])
    result = run(store.url, "projects", "import", path)
    assert result.exit_code == 1
    assert f"{path}: row 3, column '{INVESTMENT}': {reason}" in result.stderr
    assert [p["project"]["investment"] for p in as_json(store.url, "projects", "list")] == [1.25e9]


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"开工实际": "1850-01-01"}, "开工实际", "'1850' is not a year from 1900 to 2100"),
        ({"签约计划": "9999"}, "签约计划", "'9999' is not a year from 1900 to 2100"),
        ({"签约计划": "1899-Q4"}, "签约计划", "'1899' is not a year from 1900 to 2100"),
    ],
)
def test_project_dates_must_have_plausible_years(store: Store, tmp_path: Path, cells: dict[str, str], column: str,
                                                 reason: str) -> None:  # fmt: skip
    path = project_csv(tmp_path / "p.csv", [{NAME: "甲项目", **cells}])
    result = run(store.url, "projects", "import", path, "--today", "2026-07-05")
    assert result.exit_code == 1
    assert f"row 2, column '{column}': bad date:" in result.stderr and reason in result.stderr


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([("330421", "C38", "2025", "1e308"), ("330421", "C38", "2025", "1e308")], "row 1 (line 2), column 'value': "
         "'1e308' is more than 1e+15"),
        ([("330421", "C38", "2025", "1"), ("330421", "C17", "2025", "inf")], "row 2 (line 3), column 'value': 'inf' "
         "must be finite and ≥ 0"),
        ([("330421", "C38", "twenty", "1")], "row 1 (line 2), column 'year': 'twenty' is not a year from 1900 to 2100"),
        ([("330421", "C38", "2025.5", "1")], "row 1 (line 2), column 'year': '2025.5' is not a year"),
        ([("330421", "C38", "1" * 20, "1")], f"row 1 (line 2), column 'year': '{'1' * 20}' is not a year"),
        ([("330421", "C38", "1899", "1")], "row 1 (line 2), column 'year': '1899' is not a year"),
        ([("330421", "C38", "2025", "1_0")], "row 1 (line 2), column 'value': '1_0' is not a number"),
    ],
)  # fmt: skip
def test_dataset_values_finite_and_years_plausible(
    store: Store, tmp_path: Path, rows: list[tuple[str, str, str, str]], problem: str
) -> None:
    good = dataset_csv(tmp_path / "good.csv", [("330421", "C38", "2025", "10"), ("330482", "C38", "2025", "20")])
    assert import_dataset(store.url, good)[0] == 0
    path = dataset_csv(tmp_path / "bad.csv", rows)
    code, stderr = import_dataset(store.url, path)
    assert code == 1
    assert f"{path}: {problem}" in stderr
    assert [(d["name"], d["cells"]) for d in as_json(store.url, "datasets", "list")] == [("jx", 2)]


def test_dataset_years_written_as_excel_numbers_are_whole_years(tmp_path: Path) -> None:
    path = tmp_path / "years.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["county", "industry", "year", "value"], ["330421", "C38", 2025, 1.5], ["330421", "C38", 2025.5, 2]):
        sheet.append(row)
    book.save(path)
    with pytest.raises(TableError, match=r"row 3, column 'year': '2025\.5' is not a year"):
        read_cells(path, Columns(region="county", activity="industry", value="value", year="year"))
    book.active.delete_rows(3)  # type: ignore[union-attr]
    book.save(path)
    assert read_cells(path, Columns(region="county", activity="industry", value="value", year="year")) == {
        ("330421", "C38", "2025"): 1.5
    }


def test_extract_of_a_regular_file_still_works(data: Path) -> None:
    assert ok("sqlite://", "extract", data / "news" / "jiaxing-2026-07-p1.txt").stdout.count("\n") > 10


@pytest.mark.parametrize("words", [("projects", "template"), ("enterprises", "template")])
def test_a_template_that_cannot_be_written_is_one_line(words: tuple[str, ...], tmp_path: Path) -> None:
    target = tmp_path / "no-such-folder" / "template.xlsx"
    result = run(f"sqlite:///{tmp_path / 'atlas.db'}", *words, target)
    assert result.exit_code == 1 and result.stderr.strip() == f"{target}: cannot write: No such file or directory"
    written = tmp_path / "template.xlsx"
    assert run(f"sqlite:///{tmp_path / 'atlas.db'}", *words, written).exit_code == 0
    assert openpyxl.load_workbook(written).active is not None
