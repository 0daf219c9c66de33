"""The project registry's import template: its columns, one row's validation, and an empty workbook.

One sheet, the header in row 1; each column answers to its Chinese header or its English key
(``docs/projects-template.md`` documents them). :func:`columns` maps a header to the fields its
columns hold, :func:`parse_row` turns one data row into a :class:`ProjectRow` or the list of what
is wrong with it (sheet, row, column, reason). Money is written in 亿元 and stored in yuan, land in
亩 and stored in m²; stage dates are YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY or real Excel dates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from chainatlas.analytics.table import cell_text, number_of, plausible_year
from chainatlas.chains import ChainLookupError, chain
from chainatlas.i18n import N_, Message, lazy, message_of, quote
from chainatlas.ingest.gazetteer import Gazetteer
from chainatlas.projects.model import CAUSES, KIND_NAMES, STAGE_NAMES, STAGES, Kind, resolve_date
from chainatlas.reference import load_regions
from chainatlas.template_workbook import template_workbook

YUAN_PER_YI = 1e8  # 1 亿元
M2_PER_MU = 10000 / 15  # 1 亩 ≈ 666.67 m²
SHEET_TITLE = "项目"
PLANNED, ACTUAL = "planned", "actual"
_SUFFIXES = {PLANNED: "计划", ACTUAL: "实际"}

# (key, Chinese header) of the fact columns, in the template's order.
FIELDS: tuple[tuple[str, str], ...] = (
    ("code", "项目编号"),
    ("name", "项目名称"),
    ("kind", "项目类型"),
    ("owner", "业主单位"),
    ("zone", "所在园区"),
    ("county", "所在县(市、区)"),
    ("investment", "总投资(亿元)"),
    ("expected_output", "预计年产值(亿元)"),
    ("area", "用地面积(亩)"),
    ("chain_id", "产业链"),
    ("node_id", "链环节"),
    ("stage", "当前阶段"),
    ("cause", "滞后原因"),
)
# The most a cell may say, in its column's unit: larger figures are typing errors (the largest projects are
# worth a few thousand 亿元 and cover a few ten thousand 亩), and bounded they stay finite once converted.
MAX_YI = 100_000.0  # 10 万亿元
MAX_MU = 10_000_000.0  # 1 千万亩, about 6,700 km²

KINDS: dict[str, Kind] = {
    "投资项目": Kind.INVESTMENT,
    "招商项目": Kind.INVESTMENT,
    "产业项目": Kind.INVESTMENT,
    "民生实事": Kind.PUBLIC,
    "民生实事项目": Kind.PUBLIC,
    "技改项目": Kind.UPGRADE,
    "技术改造": Kind.UPGRADE,
    "技术改造项目": Kind.UPGRADE,
    **{k.value: k for k in Kind},
}


def fold_header(header: str) -> str:
    """A header as matched: full-width parentheses as ASCII, no spaces, lower case (for the English keys)."""
    return "".join(header.replace("（", "(").replace("）", ")").split()).lower()


def stage_header(stage: str, which: str) -> str:
    """The Chinese header of a stage's planned or actual date (开工计划, 开工实际)."""
    return STAGE_NAMES[stage] + _SUFFIXES[which]


def headers() -> list[str]:
    """The template's header row: the fact columns, then each stage's planned and actual date."""
    return [h for _, h in FIELDS] + [stage_header(s, w) for s in STAGE_NAMES for w in (PLANNED, ACTUAL)]


def _names() -> dict[str, str]:
    """Every accepted header, folded, to its key (stage dates as ``started.planned``)."""
    names = {fold_header(h): k for k, h in FIELDS} | {k: k for k, _ in FIELDS}
    for stage in STAGE_NAMES:
        for which in (PLANNED, ACTUAL):
            names[fold_header(stage_header(stage, which))] = names[f"{stage}_{which}"] = f"{stage}.{which}"
    return names


_HEADER_NAMES = _names()


class HeaderError(ValueError):
    """A header the template cannot read: no name column, a column given twice, or an unknown stage column."""


def columns(header: Sequence[str]) -> dict[str, str]:
    """The header's columns the template reads, as written, to their keys; other columns are ignored.

    Raises :class:`HeaderError` without a 项目名称 column, for a column given twice (in Chinese and
    English) and for a date column (…计划, …实际, …_planned, …_actual) that names no stage.
    """
    found: dict[str, str] = {}
    problems = []
    for written in header:
        folded = fold_header(written)
        key = _HEADER_NAMES.get(folded)
        if key is None:
            if folded.endswith((*_SUFFIXES.values(), "_planned", "_actual")):
                problems.append(lazy("列{column}：未知阶段", column=quote(written)))
            continue
        if key in found.values():
            problems.append(lazy("列{column}：重复给出", column=quote(written)))
        found[written] = key
    if "name" not in found.values():
        problems.append(lazy("没有“项目名称”（name）列"))
    if problems:
        raise HeaderError(lazy("表头有误：{problems}", problems=tuple(problems)))
    return found


@dataclass(frozen=True, slots=True)
class RowError:
    """What is wrong with one cell (or row) of the import: sheet (None for a CSV), row, column and reason."""

    sheet: str | None
    row: int
    column: str | None
    reason: Message | str

    def message(self) -> Message:
        """The error as it is shown or stored: sheet, row, column and reason, read in the reader's language."""
        if self.sheet is None and self.column is None:
            return lazy("第{row}行：{reason}", row=self.row, reason=self.reason)
        if self.sheet is None:
            column = quote(self.column or "")
            return lazy("第{row}行，列{column}：{reason}", row=self.row, column=column, reason=self.reason)
        place = lazy("工作表{sheet}第{row}行", sheet=quote(self.sheet), row=self.row)
        if self.column is None:
            return lazy("{place}：{reason}", place=place, reason=self.reason)
        return lazy("{place}，列{column}：{reason}", place=place, column=quote(self.column), reason=self.reason)

    def __str__(self) -> str:
        return str(self.message())


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """One valid import row, in stored units; None (or no date) where the row leaves a cell empty.

    `kind` is None when 项目类型 is empty (a new project is then an investment project); `county` is a
    6-digit region code; `planned` and `actual` map stages to their dates as written (a day, month,
    quarter or year; an Excel date as its day).
    """

    row: int
    name: str
    kind: Kind | None = None
    code: str | None = None
    owner: str | None = None
    zone: str | None = None
    county: str | None = None
    investment: float | None = None
    expected_output: float | None = None
    area: float | None = None
    chain_id: str | None = None
    node_id: str | None = None
    stage: str | None = None
    cause: str | None = None
    planned: Mapping[str, str] = field(default_factory=dict)
    actual: Mapping[str, str] = field(default_factory=dict)


def _choice(accepted: Mapping[str, str], unknown: str) -> Callable[[str], str]:
    """A cell converter to one of `accepted`'s values (by its key), else `unknown` (marked `N_`: "unknown … {text}")."""

    def convert(text: str) -> str:
        if text not in accepted:
            raise ValueError(lazy(unknown, text=quote(text)))
        return accepted[text]

    return convert


def county_cell(text: str) -> str:
    """The county a 6-digit code or a county's name (嘉善县, 嘉善) denotes."""
    if text.isdigit():
        if text in {r.code for r in load_regions() if r.level == "county"}:
            return text
    elif (place := Gazetteer.bundled().lookup(text)) is not None and place.level == "county":
        return place.code
    raise ValueError(lazy("未知或有歧义的县（市、区）{text}", text=quote(text)))


def number_cell(factor: float, maximum: float) -> Callable[[str], float]:
    """A cell converter: a number from 0 to `maximum` in the column's unit to the stored unit (to the hundredth)."""

    def convert(text: str) -> float:
        try:
            value = number_of(text)
        except ValueError:
            raise ValueError(lazy("{text}不是数字", text=quote(text))) from None
        if not math.isfinite(value):
            raise ValueError(lazy("{text}不是有限数", text=quote(text)))
        if value < 0:
            raise ValueError(lazy("{text}为负数", text=quote(text)))
        if value > maximum:
            raise ValueError(lazy("{text}超过{maximum:,.0f}", text=quote(text), maximum=maximum))
        return round(value * factor, 2)

    return convert


def _both(names: Mapping[str, str]) -> dict[str, str]:
    """A key-to-Chinese-name table read both ways: each Chinese name and each key to the key."""
    return {v: k for k, v in names.items()} | {k: k for k in names}


_CONVERTERS: dict[str, Callable[[str], object]] = {
    "investment": number_cell(YUAN_PER_YI, MAX_YI),
    "expected_output": number_cell(YUAN_PER_YI, MAX_YI),
    "area": number_cell(M2_PER_MU, MAX_MU),
    "kind": _choice(KINDS, N_("未知项目类型{text}")),
    "stage": _choice(_both(STAGE_NAMES), N_("未知阶段{text}")),
    "cause": _choice(_both(CAUSES), N_("未知原因{text}")),
    "county": county_cell,
}


def _date(value: object) -> str:
    """A stage date as stored: an Excel date as its day, else the text checked (a quarter upper-cased); its year
    from 1900 to 2100."""
    if isinstance(value, dt.datetime | dt.date):
        text = (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    else:
        text = (cell_text(value) or "").strip().upper()
    try:
        plausible_year(str(resolve_date(text, end=False).year))
    except ValueError as error:  # DateTextError, a day no calendar has (2026-02-30), a year out of range
        raise ValueError(lazy("日期有误：{reason}", reason=message_of(error))) from None
    return text


def parse_row(
    cells: Mapping[str | None, object], keys: Mapping[str, str], sheet: str | None, row: int, today: dt.date
) -> ProjectRow | list[RowError]:
    """One data row (cells by header as written; `keys` from :func:`columns`) checked: a row or its errors."""
    errors: list[RowError] = []
    values: dict[str, Any] = {}
    dates: dict[str, dict[str, str]] = {PLANNED: {}, ACTUAL: {}}
    written_as = {key: written for written, key in keys.items()}
    for written, key in keys.items():
        raw = cells.get(written)
        text = (cell_text(raw) or "").strip()
        if not text:
            continue
        stage, _, which = key.partition(".")
        try:
            if not which:
                values[key] = _CONVERTERS.get(key, str)(text)
                continue
            day = _date(raw)
            if which == ACTUAL and resolve_date(day, end=False) > today:
                raise ValueError(lazy("实际日期在未来（{day}晚于{today}）", day=day, today=today.isoformat()))
            dates[which][stage] = day
        except ValueError as error:
            errors.append(RowError(sheet, row, written, message_of(error)))
    kind = values.get("kind") or Kind.INVESTMENT
    if values.get("stage") not in (None, *STAGES[kind]):
        errors.append(RowError(sheet, row, written_as["stage"], _no_stage(kind, values["stage"])))
    for which, days in dates.items():
        for stage in (s for s in days if s not in STAGES[kind]):
            errors.append(RowError(sheet, row, written_as[f"{stage}.{which}"], _no_stage(kind, stage)))
    if "name" not in values:
        errors.append(RowError(sheet, row, written_as["name"], lazy("缺少项目名称")))
    chain_id, problems = _checked_chain(values.get("chain_id"), values.get("node_id"))
    if chain_id is not None:
        values["chain_id"] = chain_id
    errors += [RowError(sheet, row, written_as[key], reason) for key, reason in problems]
    if errors:
        return errors
    return ProjectRow(row=row, planned=dates[PLANNED], actual=dates[ACTUAL], **values)


def _no_stage(kind: Kind, stage: str) -> Message:
    """Why a row cannot date or reach `stage`: its kind of project has no such stage."""
    return lazy("{kind}没有阶段{stage}", kind=lazy(KIND_NAMES[kind]), stage=quote(lazy(STAGE_NAMES[stage])))


def _checked_chain(chain_key: str | None, node: str | None) -> tuple[str | None, list[tuple[str, Message | str]]]:
    """The chain's id (a bundled chain by id, name or alias) and the problems: unknown chain, or node not on it."""
    if chain_key is None:
        return None, [("node_id", lazy("环节{node}没有给出产业链", node=quote(node)))] if node is not None else []
    try:
        found = chain(chain_key)
    except ChainLookupError as error:
        return None, [("chain_id", str(error))]
    try:
        if node is not None:
            found.node(node)
    except ChainLookupError as error:
        return found.id, [("node_id", str(error))]
    return found.id, []


def template() -> bytes:
    """The empty template workbook; the stage date columns are text (2026-06 and 2026-Q4 stay as written)."""
    header = headers()
    return template_workbook(SHEET_TITLE, header, range(len(FIELDS), len(header)))
