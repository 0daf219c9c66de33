"""Small registers for the tests: firms with valid codes, written as CSV or as the template workbook."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl

from chainatlas.register.credit import check_character
from chainatlas.register.template import headers


def code(county: str, serial: int) -> str:
    """A valid credit code of a made-up firm registered in `county`."""
    body = f"91{county}MA{serial:07d}"
    return body + check_character(body)


def firm(serial: int, county: str = "330482", township: str = "当湖街道", **cells: object) -> dict[str, object]:
    """A good row by Chinese header: a bearing maker in `township` of `county`."""
    return {
        "统一社会信用代码": code(county, serial),
        "企业名称": f"测试{serial:04d}轴承有限公司",
        "所在县(市、区)": county,
        "所在镇(街道)": township,
        "行业代码": "3451",
        "主要产品": "精密薄壁轴承、四点接触球轴承",
        "工业总产值(万元)": 1000 + serial,
        "从业人员(人)": 50 + serial,
        "优质企业类别": "专精特新" if serial % 7 == 0 else None,
    } | cells


def workbook(path: Path, rows: Sequence[dict[str, object]], sheet: str = "规上企业") -> Path:
    """The rows in an `.xlsx` sheet after an explanatory sheet, under the template's header."""
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "说明"
    data = book.create_sheet(sheet)
    data.append(headers())
    for row in rows:
        data.append([row.get(h) for h in headers()])
    book.save(path)
    return path
