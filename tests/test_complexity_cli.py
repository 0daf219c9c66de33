"""`chainatlas complexity`: the Stata ground truth through the CLI, and bad inputs that write nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from chainatlas.analytics.complexity import MEASURES
from chainatlas.cli import app

runner = CliRunner()
ARGS = ["--region", "origin", "--activity", "hs92", "--value", "export_val", "--year", "year"]
TOLERANCE = {"rca": 1e-12, "eci": 1e-6, "pci": 1e-6, "density": 1e-12, "coi": 1e-12, "cog": 1e-12}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, text: str, bom: bool = False) -> Path:
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


def _float32_input(data: Path, target: Path, bom: bool) -> Path:
    """The sample with export_val rounded through float32, as Stata held it (same rounding as test_complexity.py)."""
    rows = _read(data / "complexity" / "py_ecomplexity" / "trade_data_sample.csv")
    lines = ["year,origin,hs92,export_val"]
    lines += [f"{r['year']},{r['origin']},{r['hs92']},{float(np.float32(float(r['export_val'])))!r}" for r in rows]
    return _write(target, "\n".join(lines) + "\n", bom=bom)


@pytest.mark.parametrize("bom", [False, True])
def test_reproduces_stata_ground_truth_through_the_cli(data: Path, tmp_path: Path, bom: bool) -> None:
    source, target = _float32_input(data, tmp_path / "in.csv", bom), tmp_path / "out.csv"
    result = runner.invoke(app, ["complexity", str(source), *ARGS, "--out", str(target)])
    assert result.exit_code == 0, result.output
    rows = _read(target)
    assert list(rows[0]) == ["region", "activity", "year", "value", *MEASURES]
    ours = {(r["year"], r["region"], r["activity"]): r for r in rows}
    truth = _read(data / "complexity" / "py_ecomplexity" / "stata_ground_truth.csv")
    assert len(ours) == len(rows) == len(truth) == 600
    worst = dict.fromkeys(TOLERANCE, 0.0)
    for t in truth:
        o = ours[(t["year"], t["origin"], t["hs92"])]
        assert (o["mcp"], o["diversity"], o["ubiquity"]) == (t["M"], t["diversity"], t["ubiquity"])
        assert float(o["value"]) == float(np.float32(float(t["export_val"])))
        for name in TOLERANCE:
            worst[name] = max(worst[name], abs(float(o[name]) - float(t[name])))
    assert all(worst[name] <= TOLERANCE[name] for name in TOLERANCE), worst


def test_without_year_sums_repeated_keys_and_omits_the_year_column(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", "r,i,v\na,x,4\na,x,6\na,y,0\nb,y,5\nb,x,5\n")
    target = tmp_path / "out.csv"
    result = runner.invoke(
        app,
        [
            "complexity",
            str(source),
            "--region",
            "r",
            "--activity",
            "i",
            "--value",
            "v",
            "--out",
            str(target),
            "--threshold",
            "1.0",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = _read(target)
    assert list(rows[0]) == ["region", "activity", "value", *MEASURES]
    assert [(r["region"], r["activity"], float(r["value"])) for r in rows] == [
        ("a", "x", 10.0),
        ("a", "y", 0.0),
        ("b", "x", 5.0),
        ("b", "y", 5.0),
    ]
    assert float(rows[0]["rca"]) == pytest.approx(10 / 10 / (15 / 20))


def _fails(tmp_path: Path, source: Path, *messages: str) -> None:
    target = tmp_path / "out.csv"
    result = runner.invoke(app, ["complexity", str(source), *ARGS, "--out", str(target)])
    assert result.exit_code == 1, result.output
    for message in messages:
        assert message in result.output
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ([source.name] if source.exists() else [])  # no temporary left


def test_missing_column(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", "year,origin,product,export_val\n1995,aut,1704,1\n")
    _fails(tmp_path, source, str(source), "header (line 1)", "column 'hs92': missing")


def test_text_in_the_value_column_lists_every_bad_row(tmp_path: Path) -> None:
    text = "year,origin,hs92,export_val\n1995,aut,1704,1\n1995,aut,1806,n/a\n1995,bel,1704,-3\n1995,,1806,2\n"
    source = _write(tmp_path / "in.csv", text, bom=True)
    _fails(
        tmp_path,
        source,
        f"{source}: row 2 (line 3), column 'export_val': 'n/a' is not a number",
        f"{source}: row 3 (line 4), column 'export_val': '-3' must be finite and ≥ 0",
        f"{source}: row 4 (line 5), column 'origin': empty",
        "nothing written",
    )


def test_at_most_twenty_bad_rows_are_listed(tmp_path: Path) -> None:
    text = "year,origin,hs92,export_val\n" + "".join(f"1995,aut,{i},x\n" for i in range(25))
    source = _write(tmp_path / "in.csv", text)
    _fails(tmp_path, source, "25 problem(s)", "row 20 (line 21)", "… and 5 more")
    result = runner.invoke(app, ["complexity", str(source), *ARGS, "--out", str(tmp_path / "o.csv")])
    assert "row 21 (line 22)" not in result.output


@pytest.mark.parametrize("text", ["", "year,origin,hs92,export_val\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    source = _write(tmp_path / "in.csv", text)
    _fails(tmp_path, source, str(source), "empty file")


def test_missing_file(tmp_path: Path) -> None:
    _fails(tmp_path, tmp_path / "absent.csv", str(tmp_path / "absent.csv"), "no such file")


def test_a_single_activity_is_refused(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", "year,origin,hs92,export_val\n1995,aut,1704,1\n1995,bel,1704,2\n")
    _fails(tmp_path, source, "1 activity(ies) in year 1995", "at least two of each")
