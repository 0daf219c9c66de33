"""Roll-ups of the nine sample projects on 2026-07-15, every figure worked out by hand."""

from __future__ import annotations

import dataclasses

import pytest

from chainatlas.projects.rollup import Rollup, rollup
from project_samples import BENCHMARKS, PROJECTS, TODAY


def by_zone() -> dict[str, Rollup]:
    return {group.group: group for group in rollup(PROJECTS, TODAY, "zone", BENCHMARKS)}


def test_groups_sorted_by_name() -> None:
    assert [group.group for group in rollup(PROJECTS, TODAY, "zone", BENCHMARKS)] == [
        "unassigned", "滨海新区", "经开区", "高新区"]


def test_zone_with_a_done_a_stalled_and_an_on_time_project() -> None:
    # 万吨新材料技改 (upgrade, done at production, 50M), 电驱系统基地 (started 2025-12, stalled, on time, 200M),
    # 电池包产线 (started, on time, 80M, signed 2026-01-31).
    assert by_zone()["经开区"] == Rollup(
        group="经开区",
        projects=3,
        investment=330e6,
        investment_unknown=0,
        by_stage={"started": (2, 280e6), "production": (1, 50e6)},
        signed_this_year=(1, 80e6),
        signed_unknown=0,
        on_time_ratio=1.0,  # 2 on time, 0 overdue; done does not count
        average_days={
            "approved→started": 52, "started→completed": 203, "completed→production": 46,
            "signed→landed": 40.5,  # (61 + 20) / 2
            "landed→started": 65.5,  # (122 + 9) / 2
        },
        overdue=(),
        stalled=("电驱系统基地",),
    )


def test_zone_with_overdue_projects_and_an_unknown_investment() -> None:
    # 老旧小区改造 (public, approved 2026-02-10, 106 days overdue, 30M), 晶圆封测项目 (started, 66 days overdue,
    # stalled, investment unknown), 数控车间改造 (upgrade, started, on time, 40M, approved 2026-02-10).
    assert by_zone()["高新区"] == Rollup(
        group="高新区",
        projects=3,
        investment=70e6,
        investment_unknown=1,
        by_stage={"started": (2, 40e6), "approved": (1, 30e6)},
        signed_this_year=(2, 70e6),  # public and upgrade projects count their approval
        signed_unknown=0,
        on_time_ratio=1 / 3,
        average_days={"signed→landed": 49, "landed→started": 51, "approved→started": 50},
        overdue=(("老旧小区改造", "started", 106), ("晶圆封测项目", "completed", 66)),
        stalled=("晶圆封测项目",),
    )


def test_zone_with_a_project_not_started() -> None:
    # 海上风电装备 (landed, 15 days overdue, 120M, signed 2025-12-15), 社区食堂 (only a plan, 10M).
    assert by_zone()["滨海新区"] == Rollup(
        group="滨海新区",
        projects=2,
        investment=130e6,
        investment_unknown=0,
        by_stage={"not started": (1, 10e6), "landed": (1, 120e6)},
        signed_this_year=(0, 0.0),
        signed_unknown=0,
        on_time_ratio=0.0,
        average_days={"signed→landed": 47},
        overdue=(("海上风电装备", "started", 15),),
        stalled=(),
    )


def test_projects_without_a_zone() -> None:
    assert by_zone()["unassigned"] == Rollup(
        group="unassigned", projects=1, investment=5e6, investment_unknown=0, by_stage={"not started": (1, 5e6)},
        signed_this_year=(0, 0.0), signed_unknown=0, on_time_ratio=None, average_days={}, overdue=(), stalled=(),
    )


def test_city() -> None:
    (city,) = rollup(PROJECTS, TODAY, "city", BENCHMARKS)
    assert (city.group, city.projects, city.investment, city.investment_unknown) == ("all", 9, 535e6, 1)
    # In stage order, not started first; started: 200M + 80M + 40M + unknown.
    assert list(city.by_stage.items()) == [
        ("not started", (2, 15e6)), ("landed", (1, 120e6)), ("started", (4, 320e6)), ("production", (1, 50e6)),
        ("approved", (1, 30e6)),
    ]
    assert city.signed_this_year == (3, 150e6)  # 电池包产线 80M, 老旧小区改造 30M, 数控车间改造 40M
    assert city.on_time_ratio == 0.5  # 3 on time, 3 overdue
    assert city.average_days == pytest.approx({
        "approved→started": 51,  # (52 + 50) / 2
        "started→completed": 203,
        "completed→production": 46,
        "signed→landed": 44.25,  # (61 + 49 + 20 + 47) / 4
        "landed→started": 182 / 3,  # (122 + 51 + 9) / 3
    })
    assert city.overdue == (("老旧小区改造", "started", 106), ("晶圆封测项目", "completed", 66),
                            ("海上风电装备", "started", 15))
    assert city.stalled == ("电驱系统基地", "晶圆封测项目")


def test_county() -> None:
    # 数控车间改造 lies in zone 高新区 but county 南湖区.
    counties = {group.group: group for group in rollup(PROJECTS, TODAY, "county", BENCHMARKS)}
    assert {name: (group.projects, group.investment, group.investment_unknown) for name, group in counties.items()} == {
        "南湖区": (4, 370e6, 0), "秀洲区": (2, 30e6, 1), "海盐县": (2, 130e6, 0), "unassigned": (1, 5e6, 0)}


def test_default_benchmarks_and_stall_days() -> None:
    # Without the overrides 海上风电装备 is on time (landed + 6 months = 07-31): 4 on time, 2 overdue. The longest
    # wait, 晶圆封测项目's 796 days, is within 800.
    (city,) = rollup(PROJECTS, TODAY, "city", stall_days=800)
    assert city.on_time_ratio == pytest.approx(4 / 6)
    assert city.stalled == ()


def test_unknown_grouping() -> None:
    with pytest.raises(ValueError, match="group by 'province'"):
        rollup(PROJECTS, TODAY, "province")  # type: ignore[arg-type]


def test_an_investment_no_project_states_is_unknown_not_zero() -> None:
    unstated = [dataclasses.replace(p, investment=None) if p.zone == "滨海新区" else p for p in PROJECTS]
    [group] = [g for g in rollup(unstated, TODAY, "zone", BENCHMARKS) if g.group == "滨海新区"]
    assert (group.investment, group.investment_unknown) == (None, 2)
    assert group.by_stage == {"not started": (1, None), "landed": (1, None)}
    assert group.signed_this_year == (0, 0.0)  # no project signed this year: nothing, known
