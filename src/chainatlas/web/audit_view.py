"""An audit entry as a project page shows it, in the reader's language: what was acted on, the action, and each
changed field by its label with its old and new values (stage dates, kinds, statuses and causes named; names,
codes and free text as written)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from chainatlas.formatting import format_amount
from chainatlas.i18n import N_, _
from chainatlas.projects.model import CAUSES, KIND_NAMES, STAGE_NAMES
from chainatlas.services.audit_log import Entry
from chainatlas.services.desk import STATUS_NAMES

SUBJECTS = {"project": N_("项目 #%(id)s"), "request": N_("诉求 #%(id)s"), "user": N_("用户 #%(id)s"),
            "benchmark": N_("基准 #%(id)s")}  # fmt: skip
ACTIONS = {
    "create": N_("新建"), "update": N_("更新"), "open": N_("提出"), "respond": N_("答复"), "resolve": N_("办结"),
    "confirm": N_("确认"), "reopen": N_("重开"), "cause": N_("滞后原因"), "set": N_("设置"), "add": N_("添加"),
    "role": N_("修改角色"), "password": N_("修改密码"), "remove": N_("删除"),
}  # fmt: skip
FIELDS = {
    "name": N_("名称"), "code": N_("项目编号"), "kind": N_("类型"), "owner_id": N_("业主编号"), "owner": N_("责任人"),
    "zone_id": N_("园区编号"), "region_code": N_("区划代码"), "investment": N_("总投资"),
    "expected_output": N_("预计年产值"), "area": N_("面积"), "chain_id": N_("产业链"), "node_id": N_("产业链节点"),
    "cause": N_("滞后原因"), "status": N_("状态"), "need": N_("诉求"), "department": N_("责任部门"), "due": N_("期限"),
    "project_id": N_("项目编号"), "response": N_("答复"), "resolution": N_("办结情况"), "note": N_("说明"),
    "role": N_("角色"), "months": N_("月数"),
}  # fmt: skip
SIDES = {"planned": N_("%(stage)s（计划）"), "actual": N_("%(stage)s（实际）")}
_NAMED_VALUES: dict[str, dict[str, str]] = {
    "kind": {str(k): v for k, v in KIND_NAMES.items()}, "cause": CAUSES, "status": STATUS_NAMES,
}  # fmt: skip
_UNITS = {"investment": "CNY", "expected_output": "CNY", "area": "m2"}


@dataclass(frozen=True, slots=True)
class Change:
    """One changed field: its label, and its old and new values as shown ('—' for none)."""

    label: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class LogRow:
    """An audit entry as shown."""

    at: dt.datetime
    actor: str
    subject: str
    action: str
    changes: list[Change]


def _label(field: str) -> str:
    stage, dot, side = field.partition(".")
    if dot and stage in STAGE_NAMES and side in SIDES:
        return _(SIDES[side]) % {"stage": _(STAGE_NAMES[stage])}
    return _(FIELDS[field]) if field in FIELDS else field


def _value(field: str, value: Any) -> str:
    if value is None:
        return "—"
    named = _NAMED_VALUES.get(field, {})
    if isinstance(value, str) and value in named:
        return _(named[value])
    if field in _UNITS and isinstance(value, int | float):
        return format_amount(value, _UNITS[field])
    return str(value)


def log_row(entry: Entry) -> LogRow:
    """The entry in the reader's language."""
    subject = _(SUBJECTS[entry.subject_type]) if entry.subject_type in SUBJECTS else f"{entry.subject_type} #%(id)s"
    return LogRow(
        entry.at, entry.actor, subject % {"id": entry.subject_id},
        _(ACTIONS[entry.action]) if entry.action in ACTIONS else entry.action,
        [Change(_label(f), _value(f, old), _value(f, new)) for f, (old, new) in entry.changes.items()],
    )  # fmt: skip
