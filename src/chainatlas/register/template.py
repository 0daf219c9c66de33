"""The enterprise register's import template: its columns, one row's validation, and an empty workbook.

One sheet, the header in row 1; each column answers to its Chinese header or its English key
(``docs/register-template.md`` documents them; header folding, counties, numbers and row errors are the project
template's). :func:`columns` maps a header to its columns, :func:`parse_row` turns one data row into a
:class:`RegisterRow` or the list of what is wrong with it (sheet, row, column, reason). Output is written in
万元 (or 亿元 under the 亿元 header) and stored in yuan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from chainatlas.analytics.table import cell_text
from chainatlas.i18n import N_, lazy, message_of, quote
from chainatlas.projects.template import HeaderError, RowError, county_cell, fold_header, number_cell
from chainatlas.reference import TownshipError, Townships, load_industries
from chainatlas.register.credit import credit_code
from chainatlas.template_workbook import template_workbook

SHEET_TITLE = "企业名录"
YUAN_PER_WAN = 1e4  # 1 万元
YUAN_PER_YI = 1e8  # 1 亿元
MAX_YUAN = 1e12  # 1 万亿元: more is a typing error
MAX_EMPLOYEES = 10_000_000
MAX_PRODUCTS, MAX_PRODUCT_CHARS = 30, 60
MAX_CLUSTERS, MAX_CLUSTER_CHARS = 10, 100
_PRODUCT_SEPARATORS = re.compile(r"[、，,;；/|\n]+")

# (key, Chinese header) in the template's order.
FIELDS: tuple[tuple[str, str], ...] = (
    ("credit_code", "统一社会信用代码"),
    ("name", "企业名称"),
    ("county", "所在县(市、区)"),
    ("township", "所在镇(街道)"),
    ("industry_code", "行业代码"),
    ("products", "主要产品"),
    ("output_value", "工业总产值(万元)"),
    ("employees", "从业人员(人)"),
    ("sme_class", "优质企业类别"),
    ("clusters", "所属产业集群"),
)
REQUIRED = ("credit_code", "name")
# Other headers registers use for the same columns.
OTHER_HEADERS = {
    "信用代码": "credit_code",
    "单位名称": "name",
    "乡镇(街道)": "township",
    "所在乡镇(街道)": "township",
    "行业代码(GB/T4754)": "industry_code",
    "工业总产值(亿元)": "output_value",
    "年末从业人员(人)": "employees",
    "所属集群": "clusters",
    "产业集群": "clusters",
}
SME_CLASSES = {  # key → Chinese name
    "innovative": "创新型中小企业",
    "specialised": "专精特新中小企业",
    "little_giant": "专精特新小巨人",
    "champion": "单项冠军",
}
_SME_NAMES = {
    **{v: k for k, v in SME_CLASSES.items()},
    **{k: k for k in SME_CLASSES},
    "专精特新": "specialised",
    "省级专精特新中小企业": "specialised",
    "专精特新小巨人企业": "little_giant",
    "小巨人": "little_giant",
    "制造业单项冠军": "champion",
    "制造业单项冠军企业": "champion",
}


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One valid register row, in stored units; None (or no products) where the row leaves a cell empty.

    `county` is the county's 6-digit code (the township's when one is given), `township` a 9-digit code.
    """

    row: int
    credit_code: str
    name: str
    county: str | None = None
    township: str | None = None
    industry_code: str | None = None
    products: tuple[str, ...] = ()
    output_value: float | None = None
    employees: int | None = None
    sme_class: str | None = None
    clusters: tuple[str, ...] = ()


@cache
def _industry_codes() -> frozenset[str]:
    return frozenset(i.code for i in load_industries() if i.code.isdigit())


def _industry(text: str) -> str:
    if text not in _industry_codes():
        raise ValueError(lazy("未知行业代码{code}（不在 GB/T 4754-2017 中）", code=quote(text)))
    return text


def _names(what: str, most: int, longest: int) -> Callable[[str], tuple[str, ...]]:
    """A cell listing at most `most` names of `what` (products, clusters), each at most `longest` characters."""

    def split(text: str) -> tuple[str, ...]:
        found = tuple(dict.fromkeys(p.strip() for p in _PRODUCT_SEPARATORS.split(text) if p.strip()))
        if len(found) > most or any(len(p) > longest for p in found):
            many = lazy("{what}多于{most}个，或有一个长于{longest}个字符", what=lazy(what), most=most, longest=longest)
            raise ValueError(many)
        return found

    return split


def _employees(text: str) -> int:
    value = number_cell(1, MAX_EMPLOYEES)(text)
    if not value.is_integer():
        raise ValueError(lazy("{text}不是整数", text=quote(text)))
    return int(value)


def _sme_class(text: str) -> str:
    key = text.replace('"', "").replace("“", "").replace("”", "")
    if key not in _SME_NAMES:
        classes = tuple(SME_CLASSES.values())
        raise ValueError(lazy("未知企业类别{text}（须为{classes}之一）", text=quote(text), classes=classes))
    return _SME_NAMES[key]


_CONVERTERS: dict[str, Callable[[str], object]] = {
    "credit_code": credit_code,
    "name": str,
    "county": county_cell,
    "township": str,  # resolved with the row's county, below
    "industry_code": _industry,
    "products": _names(N_("产品"), MAX_PRODUCTS, MAX_PRODUCT_CHARS),
    "output_value": number_cell(YUAN_PER_WAN, MAX_YUAN / YUAN_PER_WAN),
    "employees": _employees,
    "sme_class": _sme_class,
    "clusters": _names(N_("集群"), MAX_CLUSTERS, MAX_CLUSTER_CHARS),
}
_BY_HEADER: dict[str, tuple[str, Callable[[str], object]]] = {
    **{fold_header(h): (k, _CONVERTERS[k]) for k, h in FIELDS},
    **{k: (k, _CONVERTERS[k]) for k, _ in FIELDS},
    **{fold_header(h): (k, _CONVERTERS[k]) for h, k in OTHER_HEADERS.items()},
    fold_header("工业总产值(亿元)"): ("output_value", number_cell(YUAN_PER_YI, MAX_YUAN / YUAN_PER_YI)),
}


@dataclass(frozen=True, slots=True)
class Column:
    """A header cell the template reads: the field it fills and how its text is converted."""

    key: str
    convert: Callable[[str], object]


def headers() -> list[str]:
    """The template's header row."""
    return [h for _, h in FIELDS]


def columns(header: Sequence[str]) -> dict[str, Column]:
    """The header's columns the template reads, as written, to their fields; other columns are ignored.

    Raises :class:`HeaderError` without a credit-code or a name column, without a township or county column,
    and for a field given twice.
    """
    found: dict[str, Column] = {}
    problems = []
    for written in header:
        if (known := _BY_HEADER.get(fold_header(written))) is None:
            continue
        if known[0] in {c.key for c in found.values()}:
            problems.append(lazy("列{column}：重复给出", column=quote(written)))
        found[written] = Column(*known)
    keys = {c.key for c in found.values()}
    names = dict(FIELDS)
    problems += [lazy("没有“{name}”（{key}）列", name=names[k], key=k) for k in REQUIRED if k not in keys]
    if not keys & {"township", "county"}:
        problems.append(lazy("没有“所在镇(街道)”（township）或“所在县(市、区)”（county）列"))
    if problems:
        raise HeaderError(lazy("表头有误：{problems}", problems=tuple(problems)))
    return found


def parse_row(
    cells: Mapping[str | None, object], keys: Mapping[str, Column], sheet: str | None, row: int
) -> RegisterRow | list[RowError]:
    """One data row (cells by header as written; `keys` from :func:`columns`) checked: a row or its errors."""
    errors: list[RowError] = []
    values: dict[str, object] = {}
    written_as = {c.key: written for written, c in keys.items()}
    for written, column in keys.items():
        text = (cell_text(cells.get(written)) or "").strip()
        if not text:
            continue
        try:
            values[column.key] = column.convert(text)
        except ValueError as error:
            errors.append(RowError(sheet, row, written, message_of(error)))
    for key, what in (("credit_code", N_("缺少统一社会信用代码")), ("name", N_("缺少企业名称"))):
        if key not in values and not any(e.column == written_as[key] for e in errors):
            errors.append(RowError(sheet, row, written_as[key], lazy(what)))
    place = written_as.get("township", written_as.get("county"))
    county_failed = any(e.column == written_as.get("county") for e in errors)
    if "township" in values and not county_failed:
        try:
            township = Townships.bundled().resolve(str(values["township"]), _text(values.get("county")))
            values |= {"township": township.code, "county": township.county_code}
        except TownshipError as error:
            errors.append(RowError(sheet, row, written_as["township"], message_of(error)))
    elif "county" not in values and not county_failed:
        errors.append(RowError(sheet, row, place, lazy("缺少所在镇（街道）和所在县（市、区）")))
    if errors:
        return errors
    return RegisterRow(row=row, **values)  # type: ignore[arg-type]


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def template() -> bytes:
    """The empty template workbook; the code columns are text (leading zeros and long digit strings kept)."""
    text = [i for i, (key, _) in enumerate(FIELDS) if key in ("credit_code", "industry_code", "township")]
    return template_workbook(SHEET_TITLE, headers(), text)
