"""Timeliness of hand-built projects on 2026-07-15: statuses, due dates and their basis, lateness, stalls."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from chainatlas.projects.model import STAGES, Benchmark, Kind, ProjectRecord
from chainatlas.projects.timeliness import (
    DEFAULT_BENCHMARKS,
    Status,
    Timeliness,
    add_months,
    assess,
    benchmark_for,
    duration_days,
)
from project_samples import (
    BENCHMARKS,
    BLANK,
    CHAIN_PACE,
    DONE,
    LATE_BY_BENCHMARK,
    LATE_BY_PLAN,
    PLAN_ONLY,
    STALLED,
    TODAY,
    UPGRADE_ON_TIME,
    ZONE_PACE,
    stage,
)

D = dt.date


@pytest.mark.parametrize(
    ("project", "expected"),
    [
        (DONE, Timeliness(Status.DONE, False, "production", D(2026, 1, 5), None, None, None, None, 191,
                          (("started", 31),))),
        (STALLED, Timeliness(Status.ON_TIME, True, "started", D(2025, 12, 1), "completed", D(2027, 6, 30),
                             "planned 2027-Q2", None, 226, ())),
        (LATE_BY_PLAN, Timeliness(Status.OVERDUE, False, "approved", D(2026, 2, 10), "started", D(2026, 3, 31),
                                  "planned 2026-03", 106, 155, ())),
        (LATE_BY_BENCHMARK, Timeliness(Status.OVERDUE, True, "started", D(2024, 5, 10), "completed",
                                       D(2026, 5, 10), "started + 24 months (default benchmark started→completed)",
                                       66, 796, ())),
        (CHAIN_PACE, Timeliness(Status.ON_TIME, False, "started", D(2026, 3, 1), "completed", D(2027, 9, 1),
                                "started + 18 months (chain C-NEV benchmark started→completed)", None, 136, ())),
        (ZONE_PACE, Timeliness(Status.OVERDUE, False, "landed", D(2026, 1, 31), "started", D(2026, 6, 30),
                               "landed + 5 months (zone 滨海新区 benchmark landed→started)", 15, 165, ())),
        (PLAN_ONLY, Timeliness(Status.NOT_YET_DUE, False, None, None, "approved", D(2026, 12, 31),
                               "planned 2026-Q4", None, None, ())),
        (UPGRADE_ON_TIME, Timeliness(Status.ON_TIME, False, "started", D(2026, 4, 1), "completed", D(2027, 4, 1),
                                     "started + 12 months (default benchmark started→completed)", None, 105, ())),
        (BLANK, Timeliness(Status.NOT_YET_DUE, False, None, None, "approved", None, None, None, None, ())),
    ],
    ids=lambda value: value.name if isinstance(value, ProjectRecord) else "",
)
def test_assess(project: ProjectRecord, expected: Timeliness) -> None:
    assert assess(project, TODAY, BENCHMARKS) == expected


def test_without_overrides_the_defaults_apply() -> None:
    # Landed 2026-01-31 + 6 months = 07-31: on time; started 2026-03-01 + 24 months = 2028-03-01.
    assert assess(ZONE_PACE, TODAY).status is Status.ON_TIME
    assert assess(ZONE_PACE, TODAY).due == D(2026, 7, 31)
    assert assess(CHAIN_PACE, TODAY).due == D(2028, 3, 1)


def test_overdue_when_the_plan_passed_without_any_stage() -> None:
    # 2026-Q2 ends 06-30: 15 days overdue although nothing happened yet.
    planned = dataclasses.replace(PLAN_ONLY, stages=(stage("approved", "2026-Q2"),))
    found = assess(planned, TODAY)
    assert (found.status, found.overdue_days, found.stalled) == (Status.OVERDUE, 15, False)


def test_stalled_only_beyond_stall_days() -> None:
    # Landed 165 days ago.
    assert not assess(ZONE_PACE, TODAY, BENCHMARKS, stall_days=165).stalled
    assert assess(ZONE_PACE, TODAY, BENCHMARKS, stall_days=164).stalled


def test_due_on_the_day_is_on_time() -> None:
    assert assess(ZONE_PACE, D(2026, 6, 30), BENCHMARKS).status is Status.ON_TIME
    assert assess(ZONE_PACE, D(2026, 7, 1), BENCHMARKS).overdue_days == 1


def test_earliest_benchmark_deadline_wins() -> None:
    # Started 2024-01-10 and completed 2025-06-15: powered due by completed + 3 = 2025-09-15, before
    # started + 36 = 2027-01-10; then without completion started + 24 months stands for completed.
    built = ProjectRecord(1, "厂房", Kind.INVESTMENT, stages=(
        stage("started", actual="2024-01-10"), stage("completed", actual="2025-06-15")))
    found = assess(built, TODAY)
    assert (found.next_stage, found.due, found.due_basis, found.overdue_days) == (
        "powered", D(2025, 9, 15), "completed + 3 months (default benchmark completed→powered)", 303)
    skipped = dataclasses.replace(built, stages=(stage("started", actual="2024-01-10"), stage("powered", "2027")))
    assert assess(skipped, TODAY).next_stage == "completed"


def test_stage_order_comes_from_the_kind() -> None:
    shuffled = dataclasses.replace(CHAIN_PACE, stages=tuple(reversed(CHAIN_PACE.stages)))
    assert assess(shuffled, TODAY, BENCHMARKS) == assess(CHAIN_PACE, TODAY, BENCHMARKS)
    assert duration_days(shuffled) == [("signed", "landed", 20), ("landed", "started", 9)]


def test_unknown_stage_is_refused() -> None:
    with pytest.raises(ValueError, match="powered not a stage of a public project"):
        assess(ProjectRecord(1, "x", Kind.PUBLIC, stages=(stage("powered", actual="2026-01"),)), TODAY)


def test_duration_days() -> None:
    # 2025-03-10 → 05-01 → 11-20 → 2026-01-05.
    assert duration_days(DONE) == [("approved", "started", 52), ("started", "completed", 203),
                                   ("completed", "production", 46)]
    assert duration_days(PLAN_ONLY) == []


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2026, 1, 31), 5, D(2026, 6, 30)),
        (D(2025, 11, 15), 3, D(2026, 2, 15)),
        (D(2026, 3, 31), 0, D(2026, 3, 31)),
        (D(2026, 1, 15), 1.5, D(2026, 3, 2)),  # Feb 15 + round(0.5 × 30.4375) = 15 days
    ],
)
def test_add_months(day: dt.date, months: float, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_benchmark_for_most_specific_scope() -> None:
    def months(from_stage: str, to_stage: str, chain: str | None, zone: str | None, kind: Kind) -> float | None:
        found = benchmark_for(BENCHMARKS, from_stage, to_stage, chain, zone, kind)
        return found.max_months if found else None

    assert months("landed", "started", "C-NEV", "滨海新区", Kind.INVESTMENT) == 5  # zone beats chain
    assert months("landed", "started", "C-NEV", "经开区", Kind.INVESTMENT) == 4  # chain beats default
    assert months("landed", "started", "C-CHIP", "经开区", Kind.INVESTMENT) == 6
    assert months("started", "completed", None, None, Kind.INVESTMENT) == 24  # each kind its own default
    assert months("started", "completed", None, None, Kind.UPGRADE) == 12
    assert months("started", "completed", None, None, Kind.PUBLIC) is None
    assert months("started", "completed", "C-NEV", None, Kind.PUBLIC) == 18  # an override for every kind
    assert months("signed", "started", None, None, Kind.INVESTMENT) is None


def test_benchmark_for_kind_before_every_kind() -> None:
    loose = (*DEFAULT_BENCHMARKS, Benchmark("started", "completed", 1, 2))
    found = benchmark_for(loose, "started", "completed", None, None, Kind.INVESTMENT)
    assert found is not None and found.max_months == 24
    found = benchmark_for(loose, "started", "completed", None, None, Kind.PUBLIC)
    assert found is not None and found.max_months == 2


def test_default_benchmarks_follow_each_kind_s_order() -> None:
    for benchmark in DEFAULT_BENCHMARKS:
        assert benchmark.kind is not None and benchmark.scope == "default"
        order = STAGES[benchmark.kind]
        assert order.index(benchmark.from_stage) < order.index(benchmark.to_stage)
        assert 0 <= benchmark.min_months <= benchmark.max_months
    assert len({(b.kind, b.from_stage, b.to_stage) for b in DEFAULT_BENCHMARKS}) == len(DEFAULT_BENCHMARKS) == 16
