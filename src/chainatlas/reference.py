"""Bundled reference tables: China's administrative divisions and GB/T 4754-2017 industries.

Both are CSV files in `chainatlas/data` (see `data/SOURCES.md`), read through
`importlib.resources` so they work from an installed wheel too.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Region:
    """A division down to county level; `functional` marks zones such as 高新区 (5th digit 7)."""

    code: str
    name: str
    level: str  # province | prefecture | county
    parent_code: str | None
    functional: bool


@dataclass(frozen=True, slots=True)
class Industry:
    """A GB/T 4754-2017 code: section (A…T), division (2 digits), group (3) or class (4)."""

    code: str
    name: str
    level: str  # section | division | group | class
    parent_code: str | None


def _rows(file_name: str) -> list[dict[str, str]]:
    text = resources.files("chainatlas").joinpath("data", file_name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def _regions() -> tuple[Region, ...]:
    return tuple(
        Region(r["code"], r["name"], r["level"], r["parent_code"] or None, r["functional"] == "1")
        for r in _rows("regions.csv")
    )


@cache
def _industries() -> tuple[Industry, ...]:
    return tuple(
        Industry(r["code"], r["name"], r["level"], r["parent_code"] or None)
        for r in _rows("industries.csv")
    )


def load_regions() -> list[Region]:
    """All provinces, prefectures and counties (placeholder rows such as 市辖区 left out)."""
    return list(_regions())


def load_industries() -> list[Industry]:
    """All 1,971 GB/T 4754-2017 codes, 海洋石油开采 corrected to 0712."""
    return list(_industries())
