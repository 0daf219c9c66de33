"""Projects as the bureau follows them: timeliness, overdue and stalled lists, roll-ups, benchmarks, causes.

The functions the CLI and the web layer call. Benchmarks are the documented defaults
(`projects.timeliness.DEFAULT_BENCHMARKS`) with the users' own from `stage_benchmarks` first, so a
zone's or a chain's benchmark replaces the default for its projects; every change to a benchmark or a
project's cause goes to the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.i18n import lazy, quote
from chainatlas.paging import EVERYTHING, Window
from chainatlas.projects.model import CAUSES, STAGES, Benchmark, Kind, ProjectRecord
from chainatlas.projects.rollup import GroupBy, Rollup, rollup
from chainatlas.projects.timeliness import DEFAULT_BENCHMARKS, Status, Timeliness, assess
from chainatlas.services.project_registry import ProjectError, find_project, project_records
from chainatlas.store import audit, tables

SCOPES = ("default", "chain", "zone")
STALL_DAYS = 180


@dataclass(frozen=True, slots=True)
class Followed:
    """A project with its timeliness on a given day."""

    project: ProjectRecord
    timeliness: Timeliness


def benchmarks(session: Session) -> list[Benchmark]:
    """The users' benchmarks, then the defaults (the most specific scope wins in `benchmark_for`)."""
    b = tables.StageBenchmark
    rows = session.scalars(select(b).order_by(b.scope, b.key, b.kind, b.from_stage, b.to_stage))
    own = [
        Benchmark(
            r.from_stage, r.to_stage, r.min_months, r.max_months, r.scope, r.key, Kind(r.kind) if r.kind else None
        )
        for r in rows
    ]
    return [*own, *DEFAULT_BENCHMARKS]


def set_benchmark(session: Session, benchmark: Benchmark, actor: str) -> None:
    """Add or change a user's benchmark; the stages must follow each other in the kind's order."""
    if benchmark.scope not in SCOPES:
        raise ProjectError(lazy("范围须为{scopes}之一，不是{scope}", scopes=SCOPES, scope=quote(benchmark.scope)))
    if (benchmark.scope == "default") != (benchmark.key == ""):
        raise ProjectError(lazy("产业链或园区基准须给出产业链代码或园区名称；默认基准不给"))
    if not 0 <= benchmark.min_months <= benchmark.max_months:
        raise ProjectError(
            lazy("月数须满足 0 ≤ 最少 ≤ 最多，不是{low}–{high}", low=benchmark.min_months, high=benchmark.max_months)
        )
    kinds = [benchmark.kind] if benchmark.kind else list(Kind)
    if not any(_ordered(STAGES[k], benchmark.from_stage, benchmark.to_stage) for k in kinds):
        raise ProjectError(
            lazy("{first} → {second}不是项目阶段的区间", first=benchmark.from_stage, second=benchmark.to_stage)
        )
    b = tables.StageBenchmark
    key = (benchmark.scope, benchmark.key, benchmark.kind or "", benchmark.from_stage, benchmark.to_stage)
    columns = (b.scope, b.key, b.kind, b.from_stage, b.to_stage)
    row = session.scalar(select(b).where(*(column == value for column, value in zip(columns, key, strict=True))))
    before = {"min_months": row.min_months, "max_months": row.max_months} if row else {}
    after = {"min_months": benchmark.min_months, "max_months": benchmark.max_months}
    if row is None:
        row = b(scope=key[0], key=key[1], kind=key[2], from_stage=key[3], to_stage=key[4], **after)
        session.add(row)
        session.flush()
    elif before == after:
        return
    row.min_months, row.max_months = benchmark.min_months, benchmark.max_months
    change = audit.changes(before, after) | {"span": [None, "/".join(key)]}
    audit.record(session, actor, "benchmark", row.id, "set", change)


def _ordered(stages: tuple[str, ...], first: str, second: str) -> bool:
    return first in stages and second in stages and stages.index(first) < stages.index(second)


def set_cause(session: Session, key: str, cause: str | None, actor: str) -> None:
    """Record why a project is behind (a key of `CAUSES`), or clear it with None."""
    if cause is not None and cause not in CAUSES:
        raise ProjectError(lazy("原因须为{causes}之一，不是{cause}", causes=tuple(CAUSES), cause=quote(cause)))
    project = find_project(session, key)
    if project.cause != cause:
        audit.record(session, actor, "project", project.id, "cause", {"cause": [project.cause, cause]})
        project.cause = cause


def followed(
    session: Session,
    today: dt.date,
    *,
    kind: Kind | None = None,
    zone: str | None = None,
    county: str | None = None,
    city: str | None = None,
    stall_days: int = STALL_DAYS,
    window: Window = EVERYTHING,
) -> list[Followed]:
    """The projects matching the filters (those in `window`) with their timeliness on `today`."""
    rules = benchmarks(session)
    found = project_records(session, kind=kind, zone=zone, county=county, city=city, window=window)
    return [Followed(p, assess(p, today, rules, stall_days)) for p in found]


def behind(
    session: Session,
    today: dt.date,
    stall_days: int = STALL_DAYS,
    *,
    zone: str | None = None,
    county: str | None = None,
    city: str | None = None,
) -> list[Followed]:
    """Overdue projects (most days first), then stalled ones that are not overdue."""
    every = followed(session, today, zone=zone, county=county, city=city, stall_days=stall_days)
    overdue = sorted((f for f in every if f.timeliness.status is Status.OVERDUE), key=_late)
    stalled = [f for f in every if f.timeliness.stalled and f.timeliness.status is not Status.OVERDUE]
    return overdue + stalled


def _late(f: Followed) -> tuple[int, str]:
    return (-(f.timeliness.overdue_days or 0), f.project.name)


def rollups(
    session: Session, today: dt.date, by: GroupBy, city: str | None = None, stall_days: int = STALL_DAYS
) -> list[Rollup]:
    """Per zone, county or city: counts and investment by stage, signed this year, on-time ratio, overdue list."""
    found = project_records(session, city=city)
    return rollup(found, today, by, benchmarks(session), stall_days)
