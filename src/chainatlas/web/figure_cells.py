"""Figures as the atlas pages show them: a cell linked to its sentence (`/documents/N?claim=M`), unknown
when there is none, a chart point in its axis unit, a profile's figures table and charts, its sources."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from chainatlas.domain import Qualifier, Unit
from chainatlas.formatting import (
    format_period,
    format_value,
    metric_label,
)
from chainatlas.i18n import N_, _
from chainatlas.services.queries import Figure, Source
from chainatlas.web.exports import Cell, Grid


def claim_href(document_id: int, claim_id: int) -> str:
    """Where a figure's sentence is shown: the document's page of facts holding the claim, at its mark."""
    return f"/documents/{document_id}?claim={claim_id}"


UNKNOWN = N_("未知")


def figure_cell(figure: Figure | None) -> Cell:
    """A figure with its qualifier, linked to its sentence; 未知 / unknown when there is none."""
    if figure is None:
        return Cell(_(UNKNOWN))
    return Cell(format_value(figure), claim_href(figure.source.document_id, figure.claim_id))


def chart_value(figure: Figure) -> float:
    """A figure in the unit its chart axis reads: 亿元, %, or as stored."""
    if figure.unit == Unit.CNY:
        return round(figure.value / 1e8, 4)
    if figure.unit == Unit.RATIO:
        return round(figure.value * 100, 4)
    return figure.value


_AXIS_UNITS: dict[str, str] = {Unit.CNY: N_("亿元"), Unit.RATIO: "%", Unit.M2: N_("平方米"), Unit.MONTH: N_("个月")}


def figure_grid(figures: Sequence[Figure]) -> Grid:
    grid = Grid("figures", [_("指标"), _("数值"), _("期间"), _("文档"),
                            _("原句")], names=frozenset({3, 4}))  # fmt: skip
    for f in figures:
        grid.add(metric_label(f.metric), figure_cell(f), format_period(f.period),
                 Cell(f.source.document, f"/documents/{f.source.document_id}"), f.source.sentence)  # fmt: skip
    return grid


def _indicator_point(figure: Figure) -> dict[str, Any]:
    """A figure as a chart point: its tooltip says it in words; a bound (超100) is labelled so on the chart too."""
    said = format_value(figure)
    label = f"{format_period(figure.period)} {metric_label(figure.metric)}"
    tooltip = _("%(label)s：") % {"label": label} + said
    point: dict[str, Any] = {"value": chart_value(figure), "tooltip": {"formatter": tooltip}}
    if figure.qualifier != Qualifier.EQ:
        point["label"] = {"show": True, "position": "top", "formatter": said}
    return point


def indicator_charts(figures: Sequence[Figure]) -> list[dict[str, Any]]:
    """A bar chart per metric and unit of its values by period (rankings left out)."""
    series: dict[tuple[str, str], list[Figure]] = defaultdict(list)
    for f in figures:
        if f.unit != "rank" and f.period:
            series[f.metric, f.unit].append(f)
    charts = []
    for (metric, unit), shown in series.items():
        shown = sorted(shown, key=lambda f: f.period or "")
        label = metric_label(metric)
        title = _("{label}（{unit}）").format(label=label, unit=_(_AXIS_UNITS[unit])) if unit in _AXIS_UNITS else label
        charts.append({
            "title": {"text": title, "textStyle": {"fontSize": 13}}, "tooltip": {"trigger": "item"},
            "xAxis": {"type": "category", "data": [format_period(f.period) for f in shown]},
            "yAxis": {"type": "value"},
            "series": [{"type": "bar" if len(shown) < 3 else "line", "name": metric_label(metric),
                        "data": [_indicator_point(f) for f in shown]}],
        })  # fmt: skip
    return charts


def sources_of(figures: Iterable[Figure], mentions: Iterable[Source]) -> list[Source]:
    """One source per document, in order of first appearance."""
    found: dict[int, Source] = {}
    for source in [f.source for f in figures] + list(mentions):
        found.setdefault(source.document_id, source)
    return sorted(found.values(), key=lambda s: (s.date or "", s.document_id))
