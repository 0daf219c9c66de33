"""Is a project on time? Its next stage's due date from its plan or from benchmarks, and how late it is.

Default benchmarks in months between stages (`DEFAULT_BENCHMARKS`; Chinese names in `model.STAGE_NAMES`).
Construction to power-on in 24–36 months is the industry norm; a zone's or a chain's own benchmark
replaces a default for its projects:

========== =============== =============== ======
kind       from            to              months
========== =============== =============== ======
investment signed          landed          0–3
investment landed          started         1–6
investment started         completed       12–24
investment completed       powered         0–3
investment started         powered         24–36
investment powered         permitted       0–3
investment powered         production      1–6
investment production      mass_production 3–12
investment mass_production full_capacity   6–24
public     approved        started         1–6
public     started         finished        6–18
public     finished        accepted        1–3
public     accepted        delivered       0–3
upgrade    approved        started         1–6
upgrade    started         completed       6–12
upgrade    completed       production      1–3
========== =============== =============== ======

Rules of `assess`, for a project on a day `today`:

* Stages follow the kind's order (`model.STAGES`). A stage is reached when it has an actual date, on that
  date's first day (2026-03 → 2026-03-01). The last stage is the furthest reached stage in the order; the
  next stage is the one right after it in the order (the first stage when none is reached).
* The last stage of the kind's sequence reached → done: no next stage, no due date, never stalled.
* The next stage's due date is its planned date's last day (a plan for 2026-Q4 is due by 2026-12-31) when
  it has one; otherwise the earliest of day(X) + max months over the reached stages X that have a benchmark
  X → next (`benchmark_for`), months added on the calendar with the day clamped (Jan 31 + 1 → Feb 28/29).
* No due date → not_yet_due. today > due → overdue by (today − due) days. Otherwise on_time when a stage
  is reached, not_yet_due when none is (only plans).
* Stalled: not done, a stage reached, and more than `stall_days` days since the last stage's day.
* Late stages: reached stages whose actual first day falls after their planned last day, by that many days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from chainatlas.projects.model import STAGES, Benchmark, Dated, Kind, ProjectRecord


def _benchmarks(kind: Kind, *spans: tuple[str, str, float, float]) -> tuple[Benchmark, ...]:
    return tuple(Benchmark(start, end, low, high, kind=kind) for start, end, low, high in spans)


DEFAULT_BENCHMARKS: tuple[Benchmark, ...] = (
    *_benchmarks(
        Kind.INVESTMENT,
        ("signed", "landed", 0, 3),
        ("landed", "started", 1, 6),
        ("started", "completed", 12, 24),
        ("completed", "powered", 0, 3),
        ("started", "powered", 24, 36),
        ("powered", "permitted", 0, 3),
        ("powered", "production", 1, 6),
        ("production", "mass_production", 3, 12),
        ("mass_production", "full_capacity", 6, 24),
    ),
    *_benchmarks(
        Kind.PUBLIC,
        ("approved", "started", 1, 6),
        ("started", "finished", 6, 18),
        ("finished", "accepted", 1, 3),
        ("accepted", "delivered", 0, 3),
    ),
    *_benchmarks(
        Kind.UPGRADE,
        ("approved", "started", 1, 6),
        ("started", "completed", 6, 12),
        ("completed", "production", 1, 3),
    ),
)

_SCOPE_RANK = {"zone": 0, "chain": 1, "default": 2}


class Status(StrEnum):
    """Where a project stands against its next due date."""

    DONE = "done"
    ON_TIME = "on_time"
    NOT_YET_DUE = "not_yet_due"
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class Timeliness:
    """A project's standing on a day: its last and next stage, when the next is due and why, how late."""

    status: Status
    stalled: bool
    last_stage: str | None
    last_date: dt.date | None
    next_stage: str | None
    due: dt.date | None
    due_basis: str | None  # "planned 2026-Q4" or "started + 36 months (default benchmark started→powered)"
    overdue_days: int | None
    days_since_change: int | None  # since the last stage's day
    late_stages: tuple[tuple[str, int], ...]  # (stage, days after its planned date)


def add_months(day: dt.date, months: float) -> dt.date:
    """`day` plus calendar months, the day clamped to the month's end; a fraction of a month is that
    fraction of 365.25 / 12 days, rounded."""
    whole = math.floor(months)
    year, month = divmod(day.year * 12 + day.month - 1 + whole, 12)
    moved = dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
    return moved + dt.timedelta(days=round((months - whole) * 365.25 / 12))


def benchmark_for(
    benchmarks: Sequence[Benchmark], from_stage: str, to_stage: str, chain_id: str | None, zone: str | None,
    kind: Kind,
) -> Benchmark | None:
    """The benchmark from_stage → to_stage for a project of `kind` in `chain_id` and `zone`: the zone's,
    else the chain's, else the default; within a scope, one for the kind before one for every kind."""
    keys = {"zone": zone, "chain": chain_id, "default": ""}
    fitting = [
        b for b in benchmarks
        if b.from_stage == from_stage and b.to_stage == to_stage and b.kind in (None, kind)
        and b.key == keys.get(b.scope)
    ]
    return min(fitting, key=lambda b: (_SCOPE_RANK[b.scope], b.kind is None), default=None)


def reached_stages(project: ProjectRecord) -> list[tuple[str, dt.date]]:
    """The stages the project reached with their (first) day, in its kind's order."""
    order = STAGES[project.kind]
    unknown = [s.stage for s in project.stages if s.stage not in order]
    if unknown:
        raise ValueError(f"{project.name}: {', '.join(unknown)} not a stage of a {project.kind} project")
    return sorted(project.reached(), key=lambda reached: order.index(reached[0]))


def _due(
    project: ProjectRecord, reached: list[tuple[str, dt.date]], next_stage: str, planned: Dated | None,
    benchmarks: Sequence[Benchmark],
) -> tuple[dt.date, str] | None:
    """When `next_stage` is due and on what basis: its plan, else the earliest benchmark deadline."""
    if planned is not None:
        return planned.day(end=True), f"planned {planned.text}"
    deadlines = []
    for stage, day in reached:
        found = benchmark_for(benchmarks, stage, next_stage, project.chain_id, project.zone, project.kind)
        if found is not None:
            scope = found.scope if found.scope == "default" else f"{found.scope} {found.key}"
            basis = f"{stage} + {found.max_months:g} months ({scope} benchmark {stage}→{next_stage})"
            deadlines.append((add_months(day, found.max_months), basis))
    return min(deadlines, key=lambda deadline: deadline[0], default=None)


def assess(
    project: ProjectRecord, today: dt.date, benchmarks: Sequence[Benchmark] = DEFAULT_BENCHMARKS,
    stall_days: int = 180,
) -> Timeliness:
    """The project's standing on `today` by the rules in the module's docstring."""
    order = STAGES[project.kind]
    reached = reached_stages(project)
    planned = {s.stage: s.planned for s in project.stages if s.planned is not None}
    late = tuple(
        (stage, (day - by).days)
        for stage, day in reached
        if stage in planned and day > (by := planned[stage].day(end=True))
    )
    last_stage, last_date = reached[-1] if reached else (None, None)
    since = (today - last_date).days if last_date is not None else None
    if last_stage == order[-1]:
        return Timeliness(Status.DONE, False, last_stage, last_date, None, None, None, None, since, late)
    next_stage = order[order.index(last_stage) + 1 if last_stage is not None else 0]
    due = _due(project, reached, next_stage, planned.get(next_stage), benchmarks)
    overdue_days = (today - due[0]).days if due is not None and today > due[0] else None
    if overdue_days is not None:
        status = Status.OVERDUE
    elif due is not None and reached:
        status = Status.ON_TIME
    else:
        status = Status.NOT_YET_DUE
    return Timeliness(
        status, since is not None and since > stall_days, last_stage, last_date, next_stage,
        due[0] if due else None, due[1] if due else None, overdue_days, since, late,
    )


def duration_days(project: ProjectRecord) -> list[tuple[str, str, int]]:
    """(stage, next reached stage, days between them) for consecutive reached stages."""
    return [(start, end, (end_day - start_day).days) for (start, start_day), (end, end_day) in
            pairwise(reached_stages(project))]
