"""The designation rules on hand-built inputs with known answers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chainatlas.analytics.designation import (
    RULE_IDS,
    DesignationInput,
    Outcome,
    Place,
    Source,
    UnknownRule,
    Value,
    Verdict,
    assess,
    at_least,
    at_most,
)
from chainatlas.i18n import language

YI = 1e8  # 亿元 in yuan
KM2 = 1e6  # km² in m²
_ids = iter(range(1, 1000))


def claimed(value: float, unit: str, period: str | None = None, qualifier: str = "eq") -> Value:
    claim = next(_ids)
    return Value(value, unit, qualifier, period, Source(claim, "page.txt", "2026-07-05", f"sentence {claim}"))


def outputs(*by_year: tuple[int, float]) -> dict[int, Value]:
    return {year: claimed(yi * YI, "CNY", str(year)) for year, yi in by_year}


PINGHU = Place("330482", "平湖市", "county", True, Source(1, "page.txt", "2026-07-05", "平湖……集群"))
GOOD = DesignationInput(
    cluster="平湖机器人关节零部件中小企业特色产业集群",
    year=2026,
    place=PINGHU,
    area=claimed(35 * KM2, "m2"),
    output=outputs((2023, 45), (2024, 52), (2025, 60)),
    sme_share=claimed(0.8, "ratio"),
    leading_share=claimed(0.75, "ratio"),
)


def outcomes(data: DesignationInput) -> dict[str, Outcome]:
    return {r.id: r.outcome for r in assess(data).rules}


def test_a_cluster_meeting_every_rule_meets_with_each_value_sourced() -> None:
    found = assess(GOOD)
    assert found.verdict is Verdict.MEETS and found.window == (2023, 2024, 2025)
    assert [r.id for r in found.rules] == list(RULE_IDS)
    assert all(r.outcome is Outcome.PASS for r in found.rules)
    assert (found.failed, found.missing) == ((), ())
    by_id = {r.id: r for r in found.rules}
    assert by_id["county"].evidence == (PINGHU,)
    assert by_id["output"].evidence == tuple(GOOD.output[y] for y in (2023, 2024, 2025))
    assert by_id["sme_share"].evidence == (GOOD.sme_share,)
    assert all(r.label and r.threshold for r in found.rules)


def test_the_rules_read_in_the_language_the_assessment_is_made_in() -> None:
    """Labels, thresholds and reasons come in Chinese, or in English from the catalog."""
    gap = {y: v for y, v in GOOD.output.items() if y != 2024}
    zh = {r.id: r for r in assess(replace(GOOD, output=gap)).rules}
    with language("en"):
        en = {r.id: r for r in assess(replace(GOOD, output=gap)).rules}
    assert (zh["output"].label, zh["output"].threshold, zh["output"].detail) == (
        "近三年产值均在40亿元以上", "每年≥ 40亿元", "缺2024年的数据"
    )
    assert (en["output"].label, en["output"].threshold, en["output"].detail) == (
        "cluster output ≥ ¥4 bn in each of the last 3 years", "≥ ¥4 bn each year", "no claim for 2024"
    )
    assert en["county"].detail == "平湖市 (330482) is county-level"
    assert zh["county"].detail == "平湖市（330482）是县级行政区划"


def test_failing_exactly_one_rule_fails_on_that_rule() -> None:
    found = assess(replace(GOOD, sme_share=claimed(0.65, "ratio")))
    assert found.verdict is Verdict.FAILS
    assert (found.failed, found.missing) == (("sme_share",), ())
    assert {r.id for r in found.rules if r.outcome is Outcome.PASS} == set(RULE_IDS) - {"sme_share"}


def test_a_missing_year_is_missing_and_incomplete_not_fails() -> None:
    gap = outputs((2023, 45), (2025, 60))
    found = assess(replace(GOOD, output=gap))
    assert found.verdict is Verdict.INCOMPLETE
    assert (found.failed, found.missing) == ((), ("output",))  # the growth rate needs only the window's ends
    output = {r.id: r for r in found.rules}["output"]
    assert output.detail == "缺2024年的数据"
    assert output.evidence == (gap[2023], gap[2025])


def test_a_year_below_40_yi_fails_even_when_another_year_is_missing() -> None:
    found = assess(replace(GOOD, output=outputs((2023, 39.99), (2025, 45))))
    assert found.verdict is Verdict.FAILS and found.failed == ("output", "growth")  # 39.99 → 45: 6.1% a year
    assert found.missing == ()
    assert {r.id: r for r in found.rules}["output"].detail == "2023年低于40亿元"


def test_inclusive_thresholds_pass_at_the_boundary_and_strict_ones_fail_there() -> None:
    exact = replace(
        GOOD,
        area=claimed(100 * KM2, "m2"),  # 不超过100平方公里
        output=outputs((2023, 40), (2024, 44), (2025, 48.4)),  # 40亿元以上; exactly 10% a year: not 高于10%
        sme_share=claimed(70 / 100, "ratio"),  # 70%以上
        leading_share=claimed(0.1 + 0.6, "ratio"),  # 0.7 up to rounding: not 高于70%
    )
    found = assess(exact)
    assert found.failed == ("growth", "leading_share") and found.missing == ()
    above = replace(exact, output=outputs((2023, 40), (2024, 44), (2025, 48.5)), leading_share=claimed(0.701, "ratio"))
    assert assess(above).verdict is Verdict.MEETS
    below = replace(
        exact,
        area=claimed(100.01 * KM2, "m2"),
        output=outputs((2023, 39.99), (2024, 40.5), (2025, 41)),
        sme_share=claimed(0.699, "ratio"),
        leading_share=claimed(0.6999, "ratio"),
    )
    assert assess(below).failed == ("area", "output", "growth", "sme_share", "leading_share")


def test_a_region_of_several_counties_fails_the_county_rule() -> None:
    city = Place("330400", "嘉兴市", "prefecture", False, Source(9, "page.txt", None, "嘉兴市轻纺产业集群"))
    found = assess(replace(GOOD, place=city))
    assert found.verdict is Verdict.FAILS and found.failed == ("county",)
    assert "prefecture" in found.rules[0].detail
    dongguan = Place("441900", "东莞市", "prefecture", True, None)  # a city with no counties is county-level
    assert outcomes(replace(GOOD, place=dongguan))["county"] is Outcome.PASS
    assert outcomes(replace(GOOD, place=None))["county"] is Outcome.MISSING


def test_no_claims_at_all_is_incomplete_on_every_rule() -> None:
    found = assess(DesignationInput("某集群", 2026))
    assert found.verdict is Verdict.INCOMPLETE and found.missing == RULE_IDS
    assert all(not r.evidence for r in found.rules)


@pytest.mark.parametrize(
    ("by_year", "outcome"),
    [
        (((2023, 45), (2024, 45), (2025, 60)), Outcome.PASS),  # 15.5% a year from end to end, flat middle year
        (((2023, 50), (2025, 55)), Outcome.FAIL),  # 4.9% a year
        (((2023, 60), (2025, 50)), Outcome.FAIL),  # down
        (((2024, 45), (2025, 60)), Outcome.MISSING),  # the window starts in 2023
        (((2022, 10), (2023, 45), (2024, 50), (2025, 60), (2026, 1)), Outcome.PASS),  # years outside ignored
    ],
)
def test_growth_is_the_average_annual_rate_over_the_window_above_ten_percent(
    by_year: tuple[tuple[int, float], ...], outcome: Outcome
) -> None:
    assert outcomes(replace(GOOD, output=outputs(*by_year)))["growth"] is outcome


def test_growth_reads_only_exact_values() -> None:
    bounded = outputs((2023, 45), (2024, 50))
    bounded[2025] = claimed(60 * YI, "CNY", "2025", "gt")
    found = outcomes(replace(GOOD, output=bounded))
    assert (found["output"], found["growth"]) == (Outcome.PASS, Outcome.MISSING)


@pytest.mark.parametrize(
    ("qualifier", "value", "outcome"),
    [
        ("gt", 40, Outcome.PASS),  # 超40亿
        ("ge", 40, Outcome.PASS),
        ("gt", 30, Outcome.MISSING),  # 超30亿 does not settle ≥ 40亿
        ("lt", 40, Outcome.FAIL),  # 不足40亿
        ("le", 40, Outcome.MISSING),  # could be exactly 40亿
        ("le", 39, Outcome.FAIL),
        ("lt", 50, Outcome.MISSING),
        ("approx", 40, Outcome.PASS),
        ("eq", 39.9, Outcome.FAIL),
    ],
)
def test_at_least_reads_bounds(qualifier: str, value: float, outcome: Outcome) -> None:
    assert at_least(claimed(value * YI, "CNY", qualifier=qualifier), 40 * YI) is outcome


@pytest.mark.parametrize(
    ("qualifier", "value", "outcome"),
    [
        ("lt", 100, Outcome.PASS),
        ("gt", 100, Outcome.FAIL),  # 超100平方公里
        ("ge", 100, Outcome.MISSING),
        ("gt", 50, Outcome.MISSING),
        ("eq", 100, Outcome.PASS),
        ("eq", 120, Outcome.FAIL),
    ],
)
def test_at_most_reads_bounds(qualifier: str, value: float, outcome: Outcome) -> None:
    assert at_most(claimed(value * KM2, "m2", qualifier=qualifier), 100 * KM2) is outcome


def test_a_bound_that_does_not_settle_a_rule_is_missing_with_the_reason() -> None:
    bound = claimed(0.5, "ratio", qualifier="gt")  # 超50%
    found = assess(replace(GOOD, sme_share=bound))
    [sme] = [r for r in found.rules if r.id == "sme_share"]
    assert (found.verdict, sme.outcome) == (Verdict.INCOMPLETE, Outcome.MISSING)
    assert sme.detail == "所载为界限（gt 0.5 ratio），不足以判断" and sme.evidence == (bound,)


def test_rules_declared_not_applicable_are_not_checked_and_do_not_block() -> None:
    found = assess(replace(GOOD, area=None, sme_share=claimed(0.1, "ratio")), not_applicable=["area", "sme_share"])
    assert found.verdict is Verdict.MEETS
    assert {r.id: r.outcome for r in found.rules}["area"] is Outcome.NOT_APPLICABLE
    with pytest.raises(UnknownRule, match="没有规则 nope"):
        assess(GOOD, not_applicable=["nope"])
