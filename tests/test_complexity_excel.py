"""`chainatlas complexity` on .xlsx workbooks: the same output as the CSV, and bad cells, sheets and files reported."""

from __future__ import annotations

import csv
import os
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from typer.testing import CliRunner

from chainatlas.analytics.cells import read_cells
from chainatlas.analytics.table import Columns, TableError
from chainatlas.cli import app

runner = CliRunner()
HEADER = ("year", "origin", "hs92", "export_val")
ARGS = ["--region", "origin", "--activity", "hs92", "--value", "export_val", "--year", "year"]


def _workbook(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    """An .xlsx with the given sheets in order, each a list of rows (the first is the header)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def _run(source: Path, target: Path, *extra: str) -> tuple[int, str]:
    result = runner.invoke(app, ["complexity", str(source), *ARGS, "--out", str(target), *extra])
    return result.exit_code, result.output


def _fails(tmp_path: Path, source: Path, *messages: str, extra: Sequence[str] = ()) -> str:
    target = tmp_path / "out.csv"
    code, output = _run(source, target, *extra)
    assert code == 1, output
    assert "Traceback" not in output
    for message in messages:
        assert message in output, output
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.csv")]  # no temporary left
    return output


def test_a_workbook_gives_the_same_output_as_the_csv(data: Path, tmp_path: Path) -> None:
    """The Stata sample as numbers in a sheet (year and hs92 as integers) and as CSV text: identical bytes out."""
    with (data / "complexity" / "py_ecomplexity" / "trade_data_sample.csv").open(newline="") as handle:
        sample = list(csv.DictReader(handle))
    rows = [(int(r["year"]), r["origin"], int(r["hs92"]), float(np.float32(float(r["export_val"])))) for r in sample]
    text = "\n".join([",".join(HEADER), *(f"{y},{o},{h},{v!r}" for y, o, h, v in rows)]) + "\n"
    (tmp_path / "in.csv").write_text(text, encoding="utf-8")
    notes = [("this sheet is not the data",)]
    _workbook(tmp_path / "first.xlsx", {"Sheet1": [HEADER, *rows]})
    _workbook(tmp_path / "named.xlsx", {"notes": notes, "trade 1995–96": [HEADER, *rows]})

    assert _run(tmp_path / "in.csv", tmp_path / "from_csv.csv")[0] == 0
    assert _run(tmp_path / "first.xlsx", tmp_path / "from_first.csv")[0] == 0
    assert _run(tmp_path / "named.xlsx", tmp_path / "from_named.csv", "--sheet", "trade 1995–96")[0] == 0
    expected = (tmp_path / "from_csv.csv").read_bytes()
    assert (tmp_path / "from_first.csv").read_bytes() == expected
    assert (tmp_path / "from_named.csv").read_bytes() == expected


def test_cells_are_read_as_excel_shows_them(tmp_path: Path) -> None:
    """Whole floats are keys without ``.0``; number text is a number; blank rows are skipped; keys are summed."""
    source = _workbook(
        tmp_path / "in.xlsx",
        {
            "S": [
                HEADER,
                (1995.0, "aut", 1704, 2),
                (None, None, None, None),
                ("1995", " aut ", "1704", " 3.5 "),
                (1995, "bel", 1704.5, 0.25),
            ]
        },
    )
    columns = Columns(region="origin", activity="hs92", value="export_val", year="year")
    assert read_cells(source, columns) == {("aut", "1704", "1995"): 5.5, ("bel", "1704.5", "1995"): 0.25}


def test_bad_cells_name_the_sheet_row_and_column(tmp_path: Path) -> None:
    rows = [
        HEADER,
        (1995, "aut", 1704, 1),
        (1995, "aut", 1806, "abc"),  # row 3
        (None, None, None, None),  # row 4: blank, skipped
        (1995, "bel", 1704, -3),  # row 5
        (1995, None, 1806, 2),  # row 6
        (1995, "bel", 1806, True),  # row 7
        (1995, "bel", 2204, "=A2*2"),  # row 8: a formula openpyxl saved without a cached value
    ]
    source = _workbook(tmp_path / "panel.xlsx", {"Sheet1": rows})
    _fails(
        tmp_path,
        source,
        f"{source}: 5 problem(s) in 6 row(s); nothing written",
        f"{source}: sheet 'Sheet1' row 3, column 'export_val': 'abc' is not a number",
        f"{source}: sheet 'Sheet1' row 5, column 'export_val': '-3' must be finite and ≥ 0",
        f"{source}: sheet 'Sheet1' row 6, column 'origin': empty",
        f"{source}: sheet 'Sheet1' row 7, column 'export_val': 'TRUE' is not a number",
        f"{source}: sheet 'Sheet1' row 8, column 'export_val': empty",
    )


def _truncated_sheet(path: Path) -> None:
    """A real workbook whose sheet XML is cut in half: it opens, and fails only when its rows are read."""
    whole = _workbook(path.with_name("whole.xlsx"), {"Sheet1": [HEADER, *[(1995, "aut", i, 1) for i in range(50)]]})
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    whole.unlink()


def _zip_without_workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")


@pytest.mark.parametrize(
    "make",
    [
        lambda path: path.write_bytes(os.urandom(4096)),
        lambda path: path.write_bytes(b"year,origin,hs92,export_val\n1995,aut,1704,1\n"),
        _zip_without_workbook,
        _truncated_sheet,
    ],
    ids=["random bytes", "a CSV named .xlsx", "a zip that is no workbook", "a truncated sheet"],
)
def test_a_file_that_is_no_workbook_is_one_clean_error(tmp_path: Path, make: Callable[[Path], object]) -> None:
    source = tmp_path / "panel.xlsx"
    make(source)
    output = _fails(tmp_path, source, f"{source}: not a readable .xlsx workbook (")
    assert len(output.strip().splitlines()) == 1


def test_empty_and_header_only_sheets(tmp_path: Path) -> None:
    empty = _workbook(tmp_path / "empty.xlsx", {"Sheet1": []})
    _fails(tmp_path, empty, f"{empty}: sheet 'Sheet1' is empty (no header in row 1)")
    empty.unlink()
    header_only = _workbook(tmp_path / "header.xlsx", {"Sheet1": [HEADER, (None, None, None, None)]})
    _fails(tmp_path, header_only, f"{header_only}: sheet 'Sheet1' has a header but no data rows")


def test_missing_column_and_missing_sheet(tmp_path: Path) -> None:
    source = _workbook(
        tmp_path / "in.xlsx", {"a": [("year", "origin", "product", "export_val"), (1995, "aut", 1704, 1)]}
    )
    _fails(
        tmp_path,
        source,
        f"{source}: sheet 'a' header (row 1), column 'hs92': missing",
        "(the header has year, origin, product, export_val)",
    )
    _fails(tmp_path, source, f"{source}: no sheet 'b' (the workbook has 'a')", extra=["--sheet", "b"])


def test_a_sheet_is_refused_for_a_csv(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("year,origin,hs92,export_val\n1995,aut,1704,1\n", encoding="utf-8")
    _fails(
        tmp_path, source, f"{source}: read as CSV, which has no sheets (sheet 'x' asked for)", extra=["--sheet", "x"]
    )


def test_missing_workbook_and_old_excel(tmp_path: Path) -> None:
    _fails(tmp_path, tmp_path / "absent.xlsx", f"{tmp_path / 'absent.xlsx'}: no such file")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    _fails(tmp_path, old, f"{old}: Excel 97–2003 (.xls) workbooks are not read")


def test_read_cells_raises_table_error_for_a_broken_workbook(tmp_path: Path) -> None:
    source = tmp_path / "x.xlsx"
    source.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(TableError, match=r"not a readable \.xlsx workbook"):
        read_cells(source, Columns(region="r", activity="a", value="v"))
