"""The project registry's vocabulary: kinds, their stage sequences, a project's timeline, benchmarks.

Three kinds of project share one registry: investment projects (签约 → 落地 → 开工 → 竣工验收 → 通电 →
获生产许可 → 投产 → 量产 → 达产), public-service projects (民生实事: 立项 → 开工 → 完工 → 验收 → 交付) and
technical-upgrade projects (技改: 立项 → 开工 → 竣工 → 投产). A project's timeline holds, per stage, a
planned and an actual date with the source of each (a claim in a document, an import row, a user);
dates written as a month, quarter or year keep their text and resolve to their first day (actual) or
their last day (planned: a plan for 2026-Q4 is met by the end of December).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from chainatlas.i18n import N_, lazy, quote


class Kind(StrEnum):
    """What a project is: its kind fixes its stages."""

    INVESTMENT = "investment"  # 招商引资 / 产业项目
    PUBLIC = "public"  # 民生实事
    UPGRADE = "upgrade"  # 技术改造


STAGES: dict[Kind, tuple[str, ...]] = {
    Kind.INVESTMENT: (
        "signed",
        "landed",
        "started",
        "completed",
        "powered",
        "permitted",
        "production",
        "mass_production",
        "full_capacity",
    ),
    Kind.PUBLIC: ("approved", "started", "finished", "accepted", "delivered"),
    Kind.UPGRADE: ("approved", "started", "completed", "production"),
}

STAGE_NAMES: dict[str, str] = {
    "signed": N_("签约"),
    "landed": N_("落地"),
    "started": N_("开工"),
    "completed": N_("竣工验收"),
    "powered": N_("通电"),
    "permitted": N_("获生产许可"),
    "production": N_("投产"),
    "mass_production": N_("量产"),
    "full_capacity": N_("达产"),
    "approved": N_("立项"),
    "finished": N_("完工"),
    "accepted": N_("验收"),
    "delivered": N_("交付"),
}

KIND_NAMES: dict[Kind, str] = {
    Kind.INVESTMENT: N_("投资项目"), Kind.PUBLIC: N_("民生实事"), Kind.UPGRADE: N_("技改项目")
}  # fmt: skip

CAUSES: dict[str, str] = {
    "land": N_("用地"),
    "financing": N_("资金"),
    "approvals": N_("审批"),
    "design": N_("设计"),
    "utilities": N_("水电气等配套"),
    "market": N_("市场"),
    "other": N_("其他"),
}

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4]))?$")


class DateTextError(ValueError):
    """A date that is none of YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY."""


def resolve_date(text: str, end: bool) -> dt.date:
    """The day a written date stands for: its first day, or with `end` its last (2026-Q4 → 2026-12-31)."""
    found = _DATE.match(text.strip())
    if not found:
        raise DateTextError(lazy("{text}不是日期（YYYY-MM-DD、YYYY-MM、YYYY-Qn 或 YYYY）", text=quote(text)))
    year, month, day, quarter = found.groups()
    y = int(year)
    if day:
        try:
            return dt.date(y, int(month), int(day))
        except ValueError:  # 2026-02-30, 2026-13-01
            raise DateTextError(lazy("{text}：日历上没有这一天", text=quote(text))) from None
    if month:
        first, last = int(month), int(month)
    elif quarter:
        first, last = 3 * int(quarter) - 2, 3 * int(quarter)
    else:
        first, last = 1, 12
    if not 1 <= first <= 12:
        raise DateTextError(lazy("{text}：没有{month}月", text=quote(text), month=first))
    return dt.date(y, last, calendar.monthrange(y, last)[1]) if end else dt.date(y, first, 1)


@dataclass(frozen=True, slots=True)
class Dated:
    """A stage date as written (`text`) with where it comes from (claim #12 page.txt, import row, user)."""

    text: str
    source: str

    def day(self, end: bool) -> dt.date:
        return resolve_date(self.text, end)


@dataclass(frozen=True, slots=True)
class StageDates:
    """One stage of a project: when it was planned and when it happened, each with its source."""

    stage: str
    planned: Dated | None = None
    actual: Dated | None = None


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    """A project as the registry shows it: the facts, its stages in order, and the claims behind it."""

    id: int
    name: str
    kind: Kind
    code: str | None = None
    owner: str | None = None
    zone: str | None = None
    county_code: str | None = None
    county: str | None = None
    city_code: str | None = None  # the prefecture: its county's, or its zone's when the zone is a city's
    investment: float | None = None  # yuan
    expected_output: float | None = None  # yuan a year
    area: float | None = None  # m²
    chain_id: str | None = None
    node_id: str | None = None
    cause: str | None = None  # a key of CAUSES: why it is behind
    stages: tuple[StageDates, ...] = ()
    claims: tuple[int, ...] = ()

    def reached(self) -> list[tuple[str, dt.date]]:
        """Stages that happened, with their (first) day, in the kind's order."""
        return [(s.stage, s.actual.day(end=False)) for s in self.stages if s.actual is not None]


@dataclass(frozen=True, slots=True)
class Benchmark:
    """How long a project may take from one stage to another, in months, for a scope.

    `scope` is "default", "chain" (key: a chain id) or "zone" (key: the zone's name); the most specific
    scope that has a benchmark for a pair of stages applies: zone, then chain, then default. `kind` limits
    a benchmark to one kind of project (investment and upgrade projects both go started → completed, at
    different paces); None applies to every kind.
    """

    from_stage: str
    to_stage: str
    min_months: float
    max_months: float
    scope: str = "default"
    key: str = ""
    kind: Kind | None = None
