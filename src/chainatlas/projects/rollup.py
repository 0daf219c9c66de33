"""Projects summed up by zone, county or the whole city: money by stage, signings this year, punctuality.

Each project counts at its last reached stage ("not started" when it has none); its signing is the actual
date of its kind's first stage (signed, or approved for public and upgrade projects). Investment sums only
the projects that state it and counts the others. The on-time ratio is on_time / (on_time + overdue) by
`timeliness.assess`; projects done or not yet due stay out of it.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from chainatlas.projects.model import STAGES, Benchmark, ProjectRecord
from chainatlas.projects.timeliness import DEFAULT_BENCHMARKS, Status, assess, duration_days, reached_stages

GroupBy = Literal["zone", "county", "city"]
NOT_STARTED = "not started"
UNASSIGNED = "unassigned"  # the group of projects without a zone (or county)
CITY = "all"

# Stage keys in display order: not started, then every kind's stages, each once.
_STAGE_ORDER = (NOT_STARTED, *dict.fromkeys(stage for stages in STAGES.values() for stage in stages))


@dataclass(frozen=True, slots=True)
class Rollup:
    """One group's projects summed up on a day; money in yuan."""

    group: str
    projects: int
    investment: float | None  # over the projects that state their investment; None when none does
    investment_unknown: int  # projects that do not
    by_stage: dict[str, tuple[int, float | None]]  # last reached stage → (projects, investment)
    signed_this_year: tuple[int, float | None]  # (projects, investment)
    signed_unknown: int  # of those signed this year, the projects that do not state their investment
    on_time_ratio: float | None  # on_time / (on_time + overdue); None when both are 0
    average_days: dict[str, float]  # "started→completed" → mean days between consecutive reached stages
    overdue: tuple[tuple[str, str, int], ...]  # (project, next stage, days overdue), most overdue first
    stalled: tuple[str, ...]  # project names, in input order


def _money(projects: Sequence[ProjectRecord]) -> float | None:
    """The investment the projects state, summed; None when there are projects and none states one (unknown,
    not 0元)."""
    stated = [p.investment for p in projects if p.investment is not None]
    return None if projects and not stated else math.fsum(stated)


def _signed_this_year(project: ProjectRecord, today: dt.date) -> bool:
    day = dict(reached_stages(project)).get(STAGES[project.kind][0])
    return day is not None and day.year == today.year


def _group(project: ProjectRecord, group_by: GroupBy) -> str:
    if group_by == "city":
        return CITY
    return (project.zone if group_by == "zone" else project.county) or UNASSIGNED


def _rollup(
    group: str, projects: Sequence[ProjectRecord], today: dt.date, benchmarks: Sequence[Benchmark], stall_days: int
) -> Rollup:
    assessed = [(project, assess(project, today, benchmarks, stall_days)) for project in projects]
    at_stage: dict[str, list[ProjectRecord]] = {}
    for project, timeliness in assessed:
        at_stage.setdefault(timeliness.last_stage or NOT_STARTED, []).append(project)
    signed = [project for project in projects if _signed_this_year(project, today)]
    statuses = Counter(timeliness.status for _, timeliness in assessed)
    timed = statuses[Status.ON_TIME] + statuses[Status.OVERDUE]
    spans: dict[str, list[int]] = {}
    for project in projects:
        for start, end, days in duration_days(project):
            spans.setdefault(f"{start}→{end}", []).append(days)
    overdue = [
        (project.name, timeliness.next_stage, timeliness.overdue_days)
        for project, timeliness in assessed
        if timeliness.next_stage is not None and timeliness.overdue_days is not None
    ]
    return Rollup(
        group=group,
        projects=len(projects),
        investment=_money(projects),
        investment_unknown=sum(project.investment is None for project in projects),
        by_stage={stage: (len(members), _money(members)) for stage in _STAGE_ORDER if (members := at_stage.get(stage))},
        signed_this_year=(len(signed), _money(signed)),
        signed_unknown=sum(project.investment is None for project in signed),
        on_time_ratio=statuses[Status.ON_TIME] / timed if timed else None,
        average_days={pair: statistics.fmean(days) for pair, days in spans.items()},
        overdue=tuple(sorted(overdue, key=lambda late: (-late[2], late[0]))),
        stalled=tuple(project.name for project, timeliness in assessed if timeliness.stalled),
    )


def rollup(
    projects: Sequence[ProjectRecord], today: dt.date, group_by: GroupBy,
    benchmarks: Sequence[Benchmark] = DEFAULT_BENCHMARKS, stall_days: int = 180,
) -> list[Rollup]:
    """The projects summed up per zone or county (sorted by name; "unassigned" for none), or as one group
    "all" for "city" (the caller passes one city's projects)."""
    if group_by not in get_args(GroupBy):
        raise ValueError(f"group by {group_by!r}: expected one of {', '.join(get_args(GroupBy))}")
    groups: dict[str, list[ProjectRecord]] = {}
    for project in projects:
        groups.setdefault(_group(project, group_by), []).append(project)
    return [_rollup(group, members, today, benchmarks, stall_days) for group, members in sorted(groups.items())]
