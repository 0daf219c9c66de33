"""How figures read on a page, in a briefing and on the command line: values in 亿元/万元, periods, metric and level
names in Chinese."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from chainatlas.domain import ClusterLevel, Qualifier, Unit
from chainatlas.services.queries import Figure

METRIC_LABELS: dict[str, str] = {
    "output_value": "产值",
    "revenue": "营收",
    "export_value": "出口额",
    "cross_border_export": "跨境电商出口额",
    "investment": "总投资",
    "expected_annual_output": "预计年产值",
    "enterprise_count": "企业数",
    "sme_count": "中小企业数",
    "employee_count": "员工数",
    "invention_patents": "有效发明专利",
    "standards_led_national": "主持制订国家标准",
    "standards_led_industry": "主持制订行业标准",
    "standards_led_group": "主持制订团体标准",
    "standards_participated_national": "参与制修订国家标准",
    "standards_participated_group": "参与制修订团体标准",
    "project_count": "项目数",
    "floor_area": "面积",
    "yoy_growth": "同比增长",
    "market_share": "份额",
    "product_count": "品种数",
    "site_count": "厂区数",
    "cluster_count_national": "国家级集群数",
    "cluster_count_provincial": "省级集群数",
    "duration_months": "用时",
}

LEVEL_LABELS: dict[str, str] = {
    ClusterLevel.NATIONAL: "国家级",
    ClusterLevel.PROVINCIAL: "省级",
    ClusterLevel.MUNICIPAL: "市级",
}

_QUALIFIER_PREFIX: dict[str, str] = {
    Qualifier.GT: "超",
    Qualifier.GE: "≥",
    Qualifier.LT: "不足",
    Qualifier.LE: "≤",
    Qualifier.APPROX: "约",
}


def _number(value: float) -> str:
    """At most two decimals, no trailing zeros: 128.95, 164.6, 40."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def format_amount(value: float, unit: str) -> str:
    """A value in its base unit as a reader expects it: 12895000000 CNY → '128.95亿元'."""
    if unit == Unit.CNY:
        if abs(value) >= 1e8:
            return f"{_number(value / 1e8)}亿元"
        if abs(value) >= 1e4:
            return f"{_number(value / 1e4)}万元"
        return f"{_number(value)}元"
    if unit == Unit.RATIO:
        return f"{_number(value * 100)}%"
    if unit == Unit.M2:
        return f"{_number(value)}平方米"
    if unit == Unit.MONTH:
        return f"{_number(value)}个月"
    return _number(value)


def format_stated(value: str | float | Sequence[str], unit: str | None, qualifier: str = Qualifier.EQ) -> str:
    """A value as stated, figure or text: '超500', '5.2亿元', '文件柜、工具箱', '平湖市'."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return _QUALIFIER_PREFIX.get(qualifier, "") + format_amount(value, unit or "")
    return "、".join(value)


def format_value(figure: Figure) -> str:
    """The figure's value with its qualifier: '超100', '128.95亿元'."""
    return _QUALIFIER_PREFIX.get(figure.qualifier, "") + format_amount(figure.value, figure.unit)


def sum_qualifier(qualifiers: Iterable[str]) -> str:
    """The qualifier of a sum of figures: exact when all are; 超 (≥) when every part is at least what it says and
    one is more; 不足 (≤) likewise below; 约 when parts are approximate or lean both ways."""
    kinds = set(qualifiers) - {Qualifier.EQ}
    if not kinds:
        return Qualifier.EQ
    for strict, loose in ((Qualifier.GT, Qualifier.GE), (Qualifier.LT, Qualifier.LE)):
        if kinds <= {strict, loose}:
            return strict if strict in kinds else loose
    return Qualifier.APPROX


def format_sum(figures: Sequence[Figure]) -> str:
    """The sum of figures of one unit with the qualifier it carries: '超228.95亿元'."""
    total = math.fsum(f.value for f in figures)
    prefix = _QUALIFIER_PREFIX.get(sum_qualifier(f.qualifier for f in figures), "")
    return prefix + format_amount(total, figures[0].unit)


def format_period(period: str | None) -> str:
    """'2025' → '2025年', '2023/2025' → '2023—2025年', '2026-01/2026-05' → '2026-01至2026-05'."""
    if period is None:
        return ""
    if re.fullmatch(r"\d{4}", period):
        return f"{period}年"
    if re.fullmatch(r"\d{4}/\d{4}", period):
        return period.replace("/", "—") + "年"
    return period.replace("/", "至")


def metric_label(metric: str) -> str:
    """The Chinese name of a metric; an `x:` label as written."""
    return METRIC_LABELS.get(metric, metric.removeprefix("x:"))


def level_label(level: str | None) -> str:
    """'provincial' → '省级'; unknown levels as given, none as ''."""
    if level is None:
        return ""
    return LEVEL_LABELS.get(level, level)
