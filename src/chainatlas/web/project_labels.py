"""Projects in the reader's words: stage and status names, how a due date was set, the chain and node
named, amounts (unknown, never 0元) and their sums."""

from __future__ import annotations

from chainatlas.chains import ChainLookupError, chain
from chainatlas.formatting import format_amount
from chainatlas.i18n import _
from chainatlas.projects.labels import STALLED_NAME
from chainatlas.projects.labels import STATUS_NAMES as TIMELINESS_NAMES
from chainatlas.projects.model import ProjectRecord
from chainatlas.services.project_views import Followed
from chainatlas.web.figure_cells import UNKNOWN

STALLED = "stalled"  # a board status filter besides the timeliness statuses


STATUS_NAMES: dict[str, str] = {**{status: name for status, name in TIMELINESS_NAMES.items()}, STALLED: STALLED_NAME}


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
