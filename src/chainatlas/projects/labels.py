"""What the project registry's keys read as: statuses, stages and how a due date was set, in the reader's language."""

from __future__ import annotations

import re

from chainatlas.i18n import N_, _
from chainatlas.projects.model import STAGE_NAMES
from chainatlas.projects.timeliness import Status

STATUS_NAMES: dict[Status, str] = {
    Status.DONE: N_("已完成"), Status.ON_TIME: N_("按期"), Status.NOT_YET_DUE: N_("未到期"), Status.OVERDUE: N_("逾期")
}  # fmt: skip
STALLED_NAME = N_("停滞")
NOT_STARTED = N_("未开始")
_PLANNED = re.compile(r"planned (?P<date>\S+)")
_BENCHMARK = re.compile(
    r"(?P<start>\w+) \+ (?P<months>[\d.]+) months "
    r"\((?:default|(?P<scope>chain|zone) (?P<key>.+)) benchmark \w+→(?P<end>\w+)\)"
)
_SCOPES = {"chain": N_("产业链“%(key)s”基准"), "zone": N_("园区“%(key)s”基准")}


def stage_name(stage: str | None) -> str:
    """A stage's name (a key the registry lacks as written); no stage: not started."""
    if not stage:
        return _(NOT_STARTED)
    return _(STAGE_NAMES[stage]) if stage in STAGE_NAMES else stage


def basis_text(basis: str) -> str:
    """How a due date was set (`Timeliness.due_basis`, written for machines) in the reader's language."""
    if found := _PLANNED.fullmatch(basis):
        return _("计划 %(date)s") % {"date": found["date"]}
    if found := _BENCHMARK.fullmatch(basis):
        scope = _(_SCOPES[found["scope"]]) % {"key": found["key"]} if found["scope"] else _("默认基准")
        return _("%(start)s后%(months)s个月（%(scope)s：%(start)s→%(end)s）") % {
            "start": stage_name(found["start"]), "end": stage_name(found["end"]), "months": found["months"],
            "scope": scope}  # fmt: skip
    return basis
