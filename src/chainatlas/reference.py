"""Bundled reference tables: China's administrative divisions, its townships and GB/T 4754-2017 industries.

Townships (乡镇/街道, `streets.csv`, 41,352 of them): a township's 9-digit code starts with its county's 6 digits;
names repeat across the country (5 王店镇), so a name resolves with the county it lies in, or alone when only one
township in the country carries it.

All are CSV files in `chainatlas/data` (see `data/SOURCES.md`), read through
`importlib.resources` so they work from an installed wheel too.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from chainatlas.i18n import lazy, quote


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


CODE_DIGITS = 9


@dataclass(frozen=True, slots=True)
class Township:
    """A 镇, 乡 or 街道: its code, name and the code of its county."""

    code: str
    name: str
    county_code: str


class TownshipError(ValueError):
    """A township name that names none, or several without a county to tell them apart."""


class Townships:
    """The bundled townships, by code and by name."""

    def __init__(self, rows: list[Township]) -> None:
        self.by_code = {t.code: t for t in rows}
        self.by_name: dict[str, list[Township]] = defaultdict(list)
        for township in rows:
            self.by_name[township.name].append(township)

    @staticmethod
    @cache
    def bundled() -> Townships:
        """The townships of `chainatlas/data/streets.csv`, read once."""
        text = resources.files("chainatlas").joinpath("data", "streets.csv").read_text(encoding="utf-8")
        rows = [Township(r["code"], r["name"], r["areaCode"]) for r in csv.DictReader(io.StringIO(text))]
        return Townships(rows)

    def in_county(self, county_code: str) -> list[Township]:
        """The townships of one county, by code."""
        return sorted((t for t in self.by_code.values() if t.county_code == county_code), key=lambda t: t.code)

    def resolve(self, text: str, county_code: str | None = None) -> Township:
        """The township a 9-digit code or a name (within `county_code` when given) denotes; TownshipError if none
        or several."""
        key = "".join(text.split())
        if key.isdigit() and len(key) == CODE_DIGITS:
            found = [self.by_code[key]] if key in self.by_code else []
        else:
            found = self.by_name.get(key, [])
        if county_code is not None:
            inside = [t for t in found if t.county_code == county_code]
            if found and not inside:
                raise TownshipError(lazy("乡镇{name}不在县（市、区）{county}", name=quote(text), county=county_code))
            found = inside
        if not found:
            raise TownshipError(lazy("未知乡镇{name}", name=quote(text)))
        if len(found) > 1:
            counties = tuple(t.county_code for t in found)
            ambiguous = lazy("乡镇{name}有歧义（在县（市、区）{counties}）：请给出所在县", name=quote(text),
                             counties=counties)  # fmt: skip
            raise TownshipError(ambiguous)
        return found[0]
