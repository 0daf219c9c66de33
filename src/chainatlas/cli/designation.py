"""The `designation` command: a cluster checked against the national SME characteristic cluster criteria.

A thin shell over `services.designation_inputs` (the input, every value with its claim) and
`analytics.designation` (the rules). An unknown, ambiguous or non-cluster name, or an unknown
rule id, ends the command with exit code 1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Column, Table

from chainatlas.analytics.designation import (
    LEVELS,
    OUTCOME_NAMES,
    RULE_IDS,
    VERDICT_NAMES,
    Assessment,
    Place,
    RuleResult,
    UnknownRule,
    Value,
    assess,
)
from chainatlas.cli.helpers import JsonOption, err, out, print_json, store_session
from chainatlas.formatting import format_amount, format_period
from chainatlas.i18n import _, listing
from chainatlas.services.designation_inputs import DesignationError, designation_input, find_cluster

_BOUNDS = {"gt": ">", "ge": "≥", "lt": "<", "le": "≤", "approx": "≈"}


def _amount(value: Value) -> str:
    """A value as read: 128.95亿元, 75%, 35 km² (areas in km²), a bound marked (>40亿元)."""
    text = _("{area}平方公里").format(area=f"{value.value / 1e6:g}") if value.unit == "m2" else format_amount(
        value.value, value.unit)  # fmt: skip
    period = format_period(value.period)
    return _BOUNDS.get(value.qualifier, "") + text + (f" ({period})" if period else "")


def _shown(evidence: Value | Place) -> str:
    if isinstance(evidence, Place):
        return f"{evidence.name} ({_(LEVELS.get(evidence.level, evidence.level))})"
    return _amount(evidence)


def _cited(evidence: Value | Place) -> str:
    source = evidence.source
    return f"#{source.claim_id} {source.document} ({source.date or _('无日期')})" if source else _("库中地区")


def _row(result: RuleResult) -> tuple[str, ...]:
    return (
        f"{result.id}\n{result.label}",
        _(OUTCOME_NAMES[result.outcome]),
        "\n".join(_shown(e) for e in result.evidence) or "—",
        result.threshold,
        "\n".join(_cited(e) for e in result.evidence) or "—",
    )


def _show(found: Assessment) -> None:
    line = _("{cluster}：{year}年评估（近三年 {first}–{last}）")
    out.print(line.format(cluster=found.cluster, year=found.year, first=found.window[0], last=found.window[-1]))
    headers = (_("规则"), _("结果"), _("数值"), _("标准"), _("来源"))
    table = Table(*(Column(h, overflow="fold") for h in headers))
    for result in found.rules:
        table.add_row(*_row(result))
    out.print(table)
    for result in found.rules:
        out.print(f"{result.id}: {_(OUTCOME_NAMES[result.outcome])} — {result.detail}", soft_wrap=True)
        for evidence in result.evidence:
            if evidence.source:
                source = evidence.source
                out.print(f"    #{source.claim_id} {source.document}: {source.sentence}", soft_wrap=True)
    lists = [
        _("{label}：{ids}").format(label=label, ids=listing(ids))
        for label, ids in ((_("未达标"), found.failed), (_("缺数据"), found.missing))
        if ids
    ]
    verdict = _("结论：{verdict}").format(verdict=_(VERDICT_NAMES[found.verdict]))
    out.print(verdict + (_("（{lists}）").format(lists=_("；").join(lists)) if lists else ""))


def designation(
    ctx: typer.Context,
    cluster: Annotated[str, typer.Argument(help="A cluster's name, alias or #ID.")],
    year: Annotated[
        int | None,
        typer.Option("--year", help="Evaluation year: the three years before it are checked (default: now)."),
    ] = None,
    not_applicable: Annotated[
        list[str] | None,
        typer.Option("--not-applicable", help=f"A rule that does not apply here (repeatable): {', '.join(RULE_IDS)}."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Check a cluster against the national SME characteristic cluster criteria (工信部企业〔2022〕119号)."""
    with store_session(ctx) as session:
        try:
            data = designation_input(session, find_cluster(session, cluster), year or dt.date.today().year)
            found = assess(data, not_applicable or ())
        except (DesignationError, UnknownRule) as error:
            err.print(str(error), style="red")
            raise typer.Exit(1) from error
    if as_json:
        print_json(asdict(found))
        return
    _show(found)


def register(app: typer.Typer) -> None:
    """Add the designation command to `app`."""
    app.command("designation")(designation)
