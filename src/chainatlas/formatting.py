"""How figures read on a page, in a briefing and on the command line, in the current language: values in 亿元/万元
(English: ¥ bn / m), periods, metric and level names."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from chainatlas.domain import ClusterLevel, Qualifier, Unit
from chainatlas.i18n import N_, _, is_english, listing
from chainatlas.services.queries import Figure

METRIC_LABELS: dict[str, str] = {
    "output_value": N_("产值"),
    "revenue": N_("营收"),
    "export_value": N_("出口额"),
    "cross_border_export": N_("跨境电商出口额"),
    "investment": N_("总投资"),
    "expected_annual_output": N_("预计年产值"),
    "enterprise_count": N_("企业数"),
    "sme_count": N_("中小企业数"),
    "employee_count": N_("员工数"),
    "invention_patents": N_("有效发明专利"),
    "standards_led_national": N_("主持制订国家标准"),
    "standards_led_industry": N_("主持制订行业标准"),
    "standards_led_group": N_("主持制订团体标准"),
    "standards_participated_national": N_("参与制修订国家标准"),
    "standards_participated_group": N_("参与制修订团体标准"),
    "project_count": N_("项目数"),
    "floor_area": N_("面积"),
    "yoy_growth": N_("同比增长"),
    "market_share": N_("份额"),
    "product_count": N_("品种数"),
    "site_count": N_("厂区数"),
    "cluster_count_national": N_("国家级集群数"),
    "cluster_count_provincial": N_("省级集群数"),
    "duration_months": N_("用时"),
}

LEVEL_LABELS: dict[str, str] = {
    ClusterLevel.NATIONAL: N_("国家级"),
    ClusterLevel.PROVINCIAL: N_("省级"),
    ClusterLevel.MUNICIPAL: N_("市级"),
}

_QUALIFIER_PREFIX: dict[str, str] = {
    Qualifier.GT: N_("超"),
    Qualifier.GE: N_("≥"),
    Qualifier.LT: N_("不足"),
    Qualifier.LE: N_("≤"),
    Qualifier.APPROX: N_("约"),
}


def _number(value: float) -> str:
    """At most two decimals, no trailing zeros: 128.95, 164.6, 40."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _yuan(value: float) -> str:
    """An amount of yuan: '128.95亿元', '35万元'; in English by thousands, as precise as the Chinese: '¥12.895 bn',
    '¥350 m', '¥5,000'."""
    if is_english():
        for scale, suffix in ((1e9, " bn"), (1e6, " m")):
            if abs(value) >= scale:
                return f"¥{value / scale:.4f}".rstrip("0").rstrip(".") + suffix
        return f"¥{value:,.2f}".removesuffix(".00")
    if abs(value) >= 1e8:
        return f"{_number(value / 1e8)}亿元"
    if abs(value) >= 1e4:
        return f"{_number(value / 1e4)}万元"
    return f"{_number(value)}元"


def format_amount(value: float, unit: str) -> str:
    """A value in its base unit as a reader expects it: 12895000000 CNY → '128.95亿元' (English '¥12.9 bn')."""
    if unit == Unit.CNY:
        return _yuan(value)
    if unit == Unit.RATIO:
        return f"{_number(value * 100)}%"
    if unit == Unit.M2:
        return _("{value}平方米").format(value=_number(value))
    if unit == Unit.MONTH:
        return _("{value}个月").format(value=_number(value))
    return _number(value)


def _prefix(qualifier: str) -> str:
    """How a value's qualifier reads before it: '超', '约' (English 'over ', 'about ')."""
    return _(_QUALIFIER_PREFIX[qualifier]) if qualifier in _QUALIFIER_PREFIX else ""


def format_stated(value: str | float | Sequence[str], unit: str | None, qualifier: str = Qualifier.EQ) -> str:
    """A value as stated, figure or text: '超500', '5.2亿元', '文件柜、工具箱', '平湖市'."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return _prefix(qualifier) + format_amount(value, unit or "")
    return listing(value)


def format_value(figure: Figure) -> str:
    """The figure's value with its qualifier: '超100', '128.95亿元'."""
    return _prefix(figure.qualifier) + format_amount(figure.value, figure.unit)


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
    return _prefix(sum_qualifier(f.qualifier for f in figures)) + format_amount(total, figures[0].unit)


def format_period(period: str | None) -> str:
    """'2025' → '2025年', '2023/2025' → '2023—2025年', '2026-01/2026-05' → '2026-01至2026-05' (English '2025',
    '2023–2025', '2026-01 to 2026-05')."""
    if period is None:
        return ""
    if re.fullmatch(r"\d{4}", period):
        return _("{year}年").format(year=period)
    start, slash, end = period.partition("/")
    if re.fullmatch(r"\d{4}/\d{4}", period):
        return _("{start}—{end}年").format(start=start, end=end)
    return _("{start}至{end}").format(start=start, end=end) if slash else period


def metric_label(metric: str) -> str:
    """The name of a metric in the current language; an `x:` label as written."""
    return _(METRIC_LABELS[metric]) if metric in METRIC_LABELS else metric.removeprefix("x:")


def level_label(level: str | None) -> str:
    """'provincial' → '省级' (English 'Provincial'); unknown levels as given, none as ''."""
    if level is None:
        return ""
    return _(LEVEL_LABELS[level]) if level in LEVEL_LABELS else level
