"""Panels read column by column and measures written column by column: the same cells, text and messages as before."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from chainatlas.analytics.cells import _Key, _summed, read_cells
from chainatlas.analytics.csv_columns import counts, floats, joined
from chainatlas.analytics.table import Columns, TableError
from chainatlas.cli import app

runner = CliRunner()
COLUMNS = Columns(region="r", activity="a", value="v", year="y")
NOISE_ON_THIS_PANEL = {"eci", "pci", "coi", "cog"}


@pytest.mark.parametrize(
    ("year", "expected"), [(["--year", "year"], "measures.csv"), ([], "measures_no_year.csv")], ids=["year", "no-year"]
)
def test_output_is_what_the_earlier_versions_wrote(
    data: Path, tmp_path: Path, year: list[str], expected: str
) -> None:
    """measures.csv was written by `chainatlas complexity` before the columnar rewrite (make_panel.py beside it):
    repeated keys, absent cells, stripped and formula-like codes, a region with nothing, 1e-05 and large values;
    measures_no_year.csv (both years' cells summed into one matrix) by the columnar version of 4e9d8df."""
    before = data / "complexity" / "chainatlas_before"
    target = tmp_path / "out.csv"
    args = ["--region", "county", "--activity", "industry", "--value", "value", *year, "--out", str(target)]
    result = runner.invoke(app, ["complexity", str(before / "panel.csv"), *args])
    assert result.exit_code == 0, result.output
    _assert_same_measures(target.read_bytes(), (before / expected).read_bytes())


def _assert_same_measures(written: bytes, earlier: bytes) -> None:
    """The same lines, cell for cell: texts equal, numbers equal to 1e-9; line ends as before. ECI, PCI, COI and
    COG are only checked to be numbers: in this panel every region has the same ECI, so its standard deviation
    (which all four divide by) is rounding noise that changes with the CPU's BLAS kernels (COG 0.0090 on one
    machine, 10.43 on another). Their values are checked against Stata on real panels in test_complexity."""
    assert written.count(b"\r\n") == earlier.count(b"\r\n")
    ours, theirs = (list(csv.reader(io.StringIO(text.decode()))) for text in (written, earlier))
    assert ours[0] == theirs[0] and len(ours) == len(theirs)
    for mine, old in zip(ours[1:], theirs[1:], strict=True):
        for name, a, b in zip(ours[0], mine, old, strict=True):
            if a == b:
                continue
            if name in NOISE_ON_THIS_PANEL:
                assert math.isfinite(float(a)) and repr(float(a)) == a
            else:
                assert math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12), (name, mine, old)


def test_floats_are_written_as_repr_writes_them() -> None:
    rng = np.random.default_rng(5)
    edges = [1e-4, 1e10, 1e15, 1e16, 1e22, 5e-324, 1e300, 0.1 + 0.2, 123.0, 2.0**53]
    edges += [np.nextafter(e, 0.0) for e in edges] + [np.nextafter(e, np.inf) for e in edges]
    values = np.concatenate([rng.lognormal(0.0, 12.0, 3000), np.floor(rng.lognormal(0.0, 8.0, 500)), edges])
    values = np.concatenate([values, -values, [0.0, -0.0, math.nan]])
    expected = ["" if math.isnan(v) else repr(v) for v in values.tolist()]
    assert joined(floats(values, end="")).to_pylist() == expected
    assert joined(floats(values, end="\r\n")).to_pylist() == [text + "\r\n" for text in expected]


def test_counts_are_written_as_whole_numbers() -> None:
    assert joined(counts(np.array([0.0, 1.0, 2500.0, math.nan]))).to_pylist() == ["0,", "1,", "2500,", ","]
    small = joined(counts(np.array([1.0, 0.0, math.nan, 255.0]), "\r\n"))  # taken from their texts
    assert small.to_pylist() == ["1\r\n", "0\r\n", "\r\n", "255\r\n"]
    assert joined(counts(np.array([], dtype=np.float64))).to_pylist() == []


@pytest.mark.parametrize(
    "text",
    [
        "1",
        " 2.5 ",
        "1e3",
        "1E+02",
        ".5",
        "5.",
        "+3",
        "１２",
        "\u00a01.5\u3000",
        "0.1",
        "-0",
        "7" * 15,
        "0." + "1" * 30,
    ],
)
def test_value_text_is_read_as_python_float_reads_it(tmp_path: Path, text: str) -> None:
    path = tmp_path / "in.csv"
    path.write_text(f'y,r,a,v\n2020,x,p,"{text}"\n2020,x,p,1\n', encoding="utf-8")
    assert read_cells(path, COLUMNS) == {("x", "p", "2020"): float(text.strip()) + 1.0}


def test_python_digit_separators_are_no_number(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text('y,r,a,v\n2020,x,p,"1_000"\n2020,x,p,1\n', encoding="utf-8")
    assert any("'1_000' is not a number" in line for line in _problems(path))


def _problems(path: Path) -> list[str]:
    with pytest.raises(TableError) as raised:
        read_cells(path, COLUMNS)
    return str(raised.value).splitlines()


def test_lines_are_counted_past_quoted_line_breaks_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text('y,r,a,v\n2020,"two\nlines",p,1\n\n2020,x,p,-1\n2020,x,,nan\n', encoding="utf-8")
    assert _problems(path) == [
        f"{path}: 3 problem(s) in 3 row(s); nothing written",
        f"{path}: row 2 (line 5), column 'v': '-1' must be finite and ≥ 0",
        f"{path}: row 3 (line 6), column 'a': empty",
        f"{path}: row 3 (line 6), column 'v': 'nan' must be finite and ≥ 0",
    ]


def test_rows_of_another_width_are_read_as_the_row_reader_reads_them(tmp_path: Path) -> None:
    """A short row lacks cells (empty), a long row's extra cells are ignored: pyarrow refuses both, so the row
    reader reads the file, with the same checks."""
    path = tmp_path / "in.csv"
    path.write_text("y,r,a,v\n2020,x,p,1,extra\n2020,x,q\n2020,x,p,2\n", encoding="utf-8")
    assert _problems(path) == [
        f"{path}: 1 problem(s) in 3 row(s); nothing written",
        f"{path}: row 2 (line 3), column 'v': empty",
    ]
    path.write_text("y,r,a,v\n2020,x,p,1,extra\n2020,x,p,2\n", encoding="utf-8")
    assert read_cells(path, COLUMNS) == {("x", "p", "2020"): 3.0}


def test_years_and_keys_are_checked_on_their_distinct_texts(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    rows = "".join(f"{y},x{i % 3},p,1\n" for i, y in enumerate(["2020", " 2021 ", "1899", "20x1", "", "2020"]))
    path.write_text("y,r,a,v\n" + rows + " ,x,p,1\n", encoding="utf-8")
    assert _problems(path) == [
        f"{path}: 4 problem(s) in 7 row(s); nothing written",
        f"{path}: row 3 (line 4), column 'y': '1899' is not a year from 1900 to 2100",
        f"{path}: row 4 (line 5), column 'y': '20x1' is not a year from 1900 to 2100",
        f"{path}: row 5 (line 6), column 'y': empty",
        f"{path}: row 7 (line 8), column 'y': empty",
    ]


def test_a_lone_negative_zero_is_summed_to_zero(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("y,r,a,v\n2020,x,p,-0\n2020,x,q,1\n", encoding="utf-8")
    value = read_cells(path, COLUMNS)[("x", "p", "2020")]
    assert value == 0.0 and math.copysign(1.0, value) == 1.0  # as 0.0 + -0.0 in a loop


def test_keys_too_many_to_number_are_summed_first_seen_first() -> None:
    many = ("",) * 2**21  # 2**63 combinations of three such columns: past an int64
    keys = [_Key(many, np.array(codes, dtype=np.int64), np.zeros(4, dtype=bool)) for codes in ([5, 1, 5, 1],) * 3]
    codes, sums = _summed(keys, np.array([1.0, 2.0, 3.0, 4.0]))
    assert [c.tolist() for c in codes] == [[5, 1]] * 3 and sums.tolist() == [4.0, 6.0]
