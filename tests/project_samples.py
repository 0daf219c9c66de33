"""Nine hand-built projects with known dates, shared by the timeliness and roll-up tests (today 2026-07-15)."""

from __future__ import annotations

import datetime as dt

from chainatlas.projects.model import Benchmark, Dated, Kind, ProjectRecord, StageDates
from chainatlas.projects.timeliness import DEFAULT_BENCHMARKS

TODAY = dt.date(2026, 7, 15)

# Overrides: chain C-NEV finishes construction within 18 months (any kind) and starts within 4 months of
# landing; zone 滨海新区 allows 5 months from landing to start, and a zone's benchmark beats a chain's.
BENCHMARKS = (
    *DEFAULT_BENCHMARKS,
    Benchmark("started", "completed", 6, 18, scope="chain", key="C-NEV"),
    Benchmark("landed", "started", 1, 4, scope="chain", key="C-NEV"),
    Benchmark("landed", "started", 1, 5, scope="zone", key="滨海新区"),
)


def stage(name: str, planned: str | None = None, actual: str | None = None) -> StageDates:
    return StageDates(
        name, Dated(planned, "plan") if planned else None, Dated(actual, "claim") if actual else None
    )


def project(
    number: int, name: str, kind: Kind, zone: str | None, county: str | None, investment: float | None,
    *stages: StageDates, chain_id: str | None = None,
) -> ProjectRecord:
    return ProjectRecord(
        id=number, name=name, kind=kind, zone=zone, county=county, investment=investment, chain_id=chain_id,
        stages=stages,
    )


# Done; started a month after its plan (2025-Q1 ends 03-31, started 05-01: 31 days late).
DONE = project(
    1, "万吨新材料技改", Kind.UPGRADE, "经开区", "南湖区", 50e6,
    stage("approved", actual="2025-03-10"), stage("started", "2025-Q1", "2025-05-01"),
    stage("completed", actual="2025-11-20"), stage("production", actual="2026-01-05"),
)
# Started 2025-12 (→ 12-01), 226 days ago > 180: stalled; completion planned 2027-Q2 (due 2027-06-30): on time.
STALLED = project(
    2, "电驱系统基地", Kind.INVESTMENT, "经开区", "南湖区", 200e6,
    stage("signed", actual="2025-06-01"), stage("landed", actual="2025-08-01"), stage("started", actual="2025-12"),
    stage("completed", "2027-Q2"), chain_id="C-NEV",
)
# Start planned 2026-03 (due 03-31): 106 days overdue; the plan wins over approved + 6 months (08-10).
LATE_BY_PLAN = project(
    3, "老旧小区改造", Kind.PUBLIC, "高新区", "秀洲区", 30e6,
    stage("approved", actual="2026-02-10"), stage("started", "2026-03"),
)
# Started 2024-05-10, no plan: default started + 24 months = 2026-05-10, 66 days overdue; 796 days: stalled.
LATE_BY_BENCHMARK = project(
    4, "晶圆封测项目", Kind.INVESTMENT, "高新区", "秀洲区", None,
    stage("signed", actual="2024-01-31"), stage("landed", actual="2024-03-20"), stage("started", actual="2024-05-10"),
    chain_id="C-CHIP",
)
# Chain C-NEV: started + 18 months = 2027-09-01 (the default would say 2028-03-01): on time.
CHAIN_PACE = project(
    5, "电池包产线", Kind.INVESTMENT, "经开区", "南湖区", 80e6,
    stage("signed", actual="2026-01-31"), stage("landed", actual="2026-02-20"), stage("started", actual="2026-03-01"),
    chain_id="C-NEV",
)
# Zone 滨海新区: landed 01-31 + 5 months = 06-30 (clamped), 15 days overdue; the chain's 4 and the default's 6
# months lose. 165 days since landing: not stalled.
ZONE_PACE = project(
    6, "海上风电装备", Kind.INVESTMENT, "滨海新区", "海盐县", 120e6,
    stage("signed", actual="2025-12-15"), stage("landed", actual="2026-01-31"), chain_id="C-NEV",
)
# Only a plan: approval planned 2026-Q4, due 2026-12-31: not yet due.
PLAN_ONLY = project(7, "社区食堂", Kind.PUBLIC, "滨海新区", "海盐县", 10e6, stage("approved", "2026-Q4"))
# Upgrade pace: started + 12 months = 2027-04-01 (not the investment default of 24): on time. Zone 高新区,
# county 南湖区. Started 04-01 as planned (2026-04): not late.
UPGRADE_ON_TIME = project(
    8, "数控车间改造", Kind.UPGRADE, "高新区", "南湖区", 40e6,
    stage("approved", actual="2026-02-10"), stage("started", "2026-04", "2026-04-01"),
)
# Nothing known but the money: no due date, not yet due; no zone or county.
BLANK = project(9, "口袋公园", Kind.PUBLIC, None, None, 5e6)

PROJECTS = (DONE, STALLED, LATE_BY_PLAN, LATE_BY_BENCHMARK, CHAIN_PACE, ZONE_PACE, PLAN_ONLY, UPGRADE_ON_TIME, BLANK)
