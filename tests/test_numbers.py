"""Quantities read from real pages: every figure exact, no number read out of a name."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

import pytest

from chainatlas.domain import Qualifier, Unit
from chainatlas.ingest.numbers import Quantity, find_quantities, parse_number

JIAXING = "jiaxing-2026-07-p1.txt"
# Gold figures the reader is not meant to produce on its own, with the reason.
NOT_READ = {
    ("news_b269a1cbaa.txt", 0.033), ("news_b269a1cbaa.txt", 0.025),  # 3.3∶37.3∶59.4: a structure, not %
    ("news_b269a1cbaa.txt", 0.373), ("news_b269a1cbaa.txt", 0.594), ("news_b269a1cbaa.txt", 0.602),
    ("news_e112b80cdf.txt", 2),  # 双主导产业: 双 is no numeral
}


@pytest.fixture(scope="module")
def jiaxing(data: Path) -> str:
    return (data / "news" / JIAXING).read_text(encoding="utf-8")


def written(text: str, surface: str) -> list[Quantity]:
    """The quantities whose span is exactly `surface`."""
    return [q for q in find_quantities(text) if text[q.start:q.end] == surface]


@pytest.mark.parametrize(
    ("surface", "value", "unit", "qualifier"),
    [
        ("88.82亿元", 8882000000, Unit.CNY, Qualifier.EQ),
        ("128.95亿元", 12895000000, Unit.CNY, Qualifier.EQ),
        ("达8763万元", 87630000, Unit.CNY, Qualifier.EQ),
        ("超40亿元", 4000000000, Unit.CNY, Qualifier.GT),
        ("1.1亿元", 110000000, Unit.CNY, Qualifier.EQ),
        ("突破2亿元", 200000000, Unit.CNY, Qualifier.GT),
        ("约5000平方米", 5000, Unit.M2, Qualifier.APPROX),
        ("500余名", 500, Unit.COUNT, Qualifier.GT),
        ("500多个", 500, Unit.COUNT, Qualifier.GT),
        ("超100家", 100, Unit.COUNT, Qualifier.GT),
        ("243件", 243, Unit.COUNT, Qualifier.EQ),
        ("超1万人次", 10000, Unit.COUNT, Qualifier.GT),
        ("万个", 10000, Unit.COUNT, Qualifier.APPROX),
        ("两大", 2, Unit.COUNT, Qualifier.EQ),
        ("超30%", 0.3, Unit.RATIO, Qualifier.GT),
        ("16.8%", 0.168, Unit.RATIO, Qualifier.EQ),
        ("80%以上", 0.8, Unit.RATIO, Qualifier.GE),
        ("一半", 0.5, Unit.RATIO, Qualifier.EQ),
        ("近半", 0.5, Unit.RATIO, Qualifier.APPROX),
        ("18个月", 18, Unit.MONTH, Qualifier.EQ),
    ],
)
def test_jiaxing_figures_exact(
    jiaxing: str, surface: str, value: float, unit: Unit, qualifier: Qualifier
) -> None:
    found = written(jiaxing, surface)
    assert found, f"{surface} not read"
    assert all(q.value == value and q.unit is unit and q.qualifier is qualifier for q in found)


def test_number_span_and_counter(jiaxing: str) -> None:
    [quantity] = written(jiaxing, "达8763万元")
    assert jiaxing[quantity.number_start:quantity.number_end] == "8763"
    assert (quantity.counter, quantity.measure) == ("万元", "元")
    assert quantity.in_base_unit


def test_range_gives_both_ends(jiaxing: str) -> None:
    [low] = written(jiaxing, "24")
    [high] = written(jiaxing, "36个月")
    assert (low.value, low.qualifier, high.value, high.qualifier) == (24, Qualifier.GE, 36, Qualifier.LE)
    assert low.unit is high.unit is Unit.MONTH and low.counter == high.counter == "个月"
    assert jiaxing[low.end:high.start] == "到"


def test_range_shares_its_multiplier() -> None:
    low, high = find_quantities("投资10～20亿元")
    assert (low.value, high.value, low.unit) == (1e9, 2e9, Unit.CNY)


@pytest.mark.parametrize(
    "trap",
    ["一县一集群", "零部件", "一万舜传感器", "四点接触球轴承", "九届九十五次", "通讯员 陆圆", "第一时间",
     "一批", "2026年度", "第七大", "30分钟", "十分钟", "百万职工", "第一期", "一个个项目"],
)
def test_no_quantity_inside_names(jiaxing: str, trap: str) -> None:
    start = jiaxing.index(trap)
    quantities = find_quantities(jiaxing)
    assert not [q for q in quantities if q.number_start < start + len(trap) and q.number_end > start]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("128.95", Decimal("128.95")), ("1.2万", Decimal(12000)), ("三十一", Decimal(31)), ("两", Decimal(2)),
        ("一半", Decimal("0.5")), ("1万", Decimal(10000)), ("十六点八", Decimal("16.8")),
        ("2.5萬億", Decimal("2.5E12")), ("二〇二三", Decimal(2023)), ("1,000", Decimal(1000)),
        ("三千五百万", Decimal(35000000)), ("十", Decimal(10)), ("１２", Decimal(12)),
    ],
)
def test_parse_number(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


def test_decimal_arithmetic_is_exact() -> None:
    [quantity] = find_quantities("总产值128.95亿元")
    assert quantity.value == 12895000000.0


def test_other_units_and_forms() -> None:
    cases = {
        "用地400亩,": (266667, Unit.M2, "亩"),
        "含外资5.8亿美元)": (580000000, Unit.COUNT, "亿美元"),
        "扩大14.5个百分点": (0.145, Unit.RATIO, "个百分点"),
        "份额超过八成,": (0.8, Unit.RATIO, "成"),
        "百分之十六点八": (0.168, Unit.RATIO, "百分之"),
        "到位投资总计1.85亿。": (185000000, Unit.CNY, "亿"),
        "有效期为三年,": (36, Unit.MONTH, "年"),
    }
    for text, (value, unit, counter) in cases.items():
        [quantity] = find_quantities(text)
        assert (quantity.value, quantity.unit, quantity.counter) == (value, unit, counter), text
    assert not find_quantities("含外资5.8亿美元)")[0].in_base_unit


def test_words_ending_in_a_qualifier_are_not_qualifiers() -> None:
    assert find_quantities("秀洽会签约15个项目")[0].qualifier is Qualifier.EQ
    assert find_quantities("累计招引企业近20家")[0].qualifier is Qualifier.APPROX


def test_periods_and_classes_are_not_quantities() -> None:
    assert find_quantities("近3年,2023年至2025年,100亿元级项目,世界500强,“十四五”期间") == []


def _gold_figures(data: Path) -> list[tuple[str, float, str | None]]:
    figures = []
    for path in sorted((data / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for fact in gold["facts"]:
            if fact["kind"] == "indicator":
                figures.append((gold["doc"], abs(fact["value"]), fact["qualifier"]))
            elif fact["kind"] == "project" and fact.get("investment"):
                figures.append((gold["doc"], fact["investment"], None))
    return figures


def test_every_gold_figure_is_read(data: Path) -> None:
    missing = []
    for doc, value, qualifier in _gold_figures(data):
        if (doc, value) in NOT_READ:
            continue
        text = (data / "news" / doc).read_text(encoding="utf-8")
        hits = [q for q in find_quantities(text) if math.isclose(q.value, value, rel_tol=1e-9)]
        if not any(qualifier is None or q.qualifier.value == qualifier for q in hits):
            missing.append((doc, value, qualifier))
    assert missing == []

