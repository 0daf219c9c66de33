"""Projects in the reader's words: stage and status names, how a due date was set, the chain and node
named, amounts (unknown, never 0元) and their sums."""

from __future__ import annotations

import re

from chainatlas.chains import ChainLookupError, chain
from chainatlas.formatting import format_amount
from chainatlas.i18n import N_, _
from chainatlas.projects.model import STAGE_NAMES, ProjectRecord
from chainatlas.projects.timeliness import Status
from chainatlas.services.project_views import Followed
from chainatlas.web.figure_cells import UNKNOWN

STALLED = "stalled"  # a board status filter besides the timeliness statuses


STATUS_NAMES: dict[str, str] = {
    Status.DONE: N_("已完成"),
    Status.ON_TIME: N_("按期"),
    Status.NOT_YET_DUE: N_("未到期"),
    Status.OVERDUE: N_("逾期"),
    STALLED: N_("停滞"),
}


NOT_STARTED = N_("未开始")


def stage_label(stage: str | None) -> str:
    return _(STAGE_NAMES[stage]) if stage else _(NOT_STARTED)


_PLANNED = re.compile(r"planned (?P<date>\S+)")


_BENCHMARK = re.compile(
    r"(?P<start>\w+) \+ (?P<months>[\d.]+) months "
    r"\((?:default|(?P<scope>chain|zone) (?P<key>.+)) benchmark \w+→(?P<end>\w+)\)"
)


_SCOPES = {"chain": N_("产业链“%(key)s”基准"), "zone": N_("园区“%(key)s”基准")}


def basis_text(basis: str) -> str:
    """How a due date was set (`Timeliness.due_basis`, written for machines) in the reader's language."""
    if found := _PLANNED.fullmatch(basis):
        return _("计划 %(date)s") % {"date": found["date"]}
    if found := _BENCHMARK.fullmatch(basis):
        scope = _(_SCOPES[found["scope"]]) % {"key": found["key"]} if found["scope"] else _("默认基准")
        return _("%(start)s后%(months)s个月（%(scope)s：%(start)s→%(end)s）") % {
            "start": stage_label(found["start"]), "end": stage_label(found["end"]), "months": found["months"],
            "scope": scope}  # fmt: skip
    return basis


def chain_name_of(record: ProjectRecord) -> str:
    """The name of the project's chain; an id the bundle lacks as written."""
    try:
        return chain(record.chain_id).name if record.chain_id else ""
    except ChainLookupError:
        return record.chain_id or ""


def node_name_of(record: ProjectRecord) -> str:
    """The name of the project's chain node; an id the chain lacks as written."""
    try:
        return chain(record.chain_id).node(record.node_id).name if record.chain_id and record.node_id else ""
    except ChainLookupError:
        return record.node_id or ""


def money(value: float | None) -> str:
    """An amount in yuan as read, or 未知 / unknown when it is not stated (never 0元)."""
    return format_amount(value, "CNY") if value is not None else _(UNKNOWN)


def total_text(amount: float, projects: int, unknown: int) -> str:
    """The sum of the projects' stated amounts, naming how many state none; unknown when none does."""
    if projects and unknown == projects:
        return _(UNKNOWN)
    stated = format_amount(amount, "CNY")
    return stated + (_("（另有{count}个未载明）").format(count=unknown) if unknown else "")


def idle_text(days: int | None) -> str:
    """How long a stalled project has not moved: 已200天无进展 / no progress for 200 days."""
    return _("已{days}天无进展").format(days=days)


def status_text(item: Followed) -> str:
    """The status in words, a stall as how long nothing moved: 按期（已200天无进展）, never 按期 · 停滞."""
    timeliness = item.timeliness
    text = _(STATUS_NAMES[timeliness.status])
    if timeliness.overdue_days is not None:
        text += _(" {days}天").format(days=timeliness.overdue_days)
    if timeliness.stalled:
        text += _("（{idle}）").format(idle=idle_text(timeliness.days_since_change))
    return text
