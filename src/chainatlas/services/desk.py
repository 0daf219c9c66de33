"""The service desk: requests on a project, from the need to the enterprise's confirmation.

A request names what is needed, the department and the person responsible, a due date and
optionally why the project is held up (a key of `projects.model.CAUSES`). It runs

    open --respond--> responded --resolve--> resolved --confirm--> confirmed

and an unsatisfied confirmation reopens it (back to open, its response and resolution cleared, the
reason in the log), so only a satisfied confirmation closes the loop. Every change writes an audit
entry (subject type ``request``) in the caller's transaction; the entry's actor and time are who
did it and when, its changes the fields that moved. Timestamps are stored in UTC.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.domain import REQUEST_STATUSES
from chainatlas.i18n import N_, _, lazy, quote
from chainatlas.projects.model import CAUSES
from chainatlas.store import audit, tables

SUBJECT = "request"
STATUS_NAMES: dict[str, str] = {
    "open": N_("待答复"), "responded": N_("已答复"), "resolved": N_("已办结"), "confirmed": N_("已确认")
}  # fmt: skip
# The steps a request is moved by, and the fields a person writes, as messages name them.
ACTION_NAMES = {"respond": N_("作出答复"), "resolve": N_("予以办结"), "confirm": N_("确认办结")}
FIELD_NAMES = {"need": N_("诉求"), "department": N_("责任部门"), "owner": N_("负责人"), "actor": N_("经办人"),
               "response": N_("答复"), "resolution": N_("办结情况")}  # fmt: skip
PENDING = frozenset({"open", "responded"})  # a request in these can be overdue
NAME_LENGTH = 100  # department, owner and actor columns


class DeskError(ValueError):
    """A request that cannot be made or moved as asked."""


@dataclass(frozen=True, slots=True)
class RequestView:
    """A request as read back: its fields, the project's name, whether it is overdue, and its log."""

    id: int
    project_id: int
    project: str
    need: str
    department: str
    owner: str
    due: dt.date
    cause: str | None
    status: str
    opened_by: str
    opened_at: dt.datetime
    response: str | None
    responded_by: str | None
    responded_at: dt.datetime | None
    resolution: str | None
    resolved_by: str | None
    resolved_at: dt.datetime | None
    confirmed_by: str | None
    confirmed_at: dt.datetime | None
    overdue: bool
    overdue_days: int
    history: tuple[audit.Entry, ...]


def open_request(
    session: Session,
    project_id: int,
    need: str,
    department: str,
    owner: str,
    due: dt.date,
    actor: str,
    cause: str | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Open a request on a project and return its id; `due` may not fall before the day it is opened.

    The opening day is `now`'s date in its own time zone (default: the local clock).
    """
    at = _moment(now)
    project = session.get(tables.Project, project_id)
    if project is None:
        raise DeskError(_("没有项目 #{id}").format(id=project_id))
    if cause is not None and cause not in CAUSES:
        raise DeskError(lazy("未知原因{cause}：请用{causes}之一", cause=quote(cause), causes=tuple(CAUSES)))
    if due < at.date():
        raise DeskError(lazy("办结期限{due}早于提出日{day}", due=due.isoformat(), day=at.date().isoformat()))
    request = tables.ServiceRequest(
        project_id=project.id,
        need=_text("need", need),
        department=_name("department", department),
        owner=_name("owner", owner),
        due=due,
        cause=cause,
        status="open",
        opened_by=_name("actor", actor),
        opened_at=_utc(at),
    )
    session.add(request)
    session.flush()
    audit.record(session, request.opened_by, SUBJECT, request.id, "open", audit.changes({}, _fields(request)), _utc(at))
    return request.id


def request_project(session: Session, request_id: int) -> int | None:
    """The id of the project request `request_id` is about; None when there is no such request."""
    r = tables.ServiceRequest
    return session.scalar(select(r.project_id).where(r.id == request_id))


def respond(session: Session, request_id: int, text: str, actor: str, now: dt.datetime | None = None) -> None:
    """The department's response to an open request."""
    _advance(session, request_id, ("respond", "open", "responded"), ("response", text), actor, now)


def resolve(session: Session, request_id: int, text: str, actor: str, now: dt.datetime | None = None) -> None:
    """How a responded request was resolved; the enterprise confirms it next."""
    _advance(session, request_id, ("resolve", "responded", "resolved"), ("resolution", text), actor, now)


def _advance(
    session: Session,
    request_id: int,
    step: tuple[str, str, str],
    content: tuple[str, str],
    actor: str,
    now: dt.datetime | None,
) -> None:
    """One step of the loop: (action, status required, status reached), and the text it writes where."""
    action, required, reached = step
    field, text = content
    request = _pending(session, request_id, action, required)
    written, who, at = _text(field, text), _name("actor", actor), _utc(_moment(now))
    before = _fields(request)
    setattr(request, field, written)
    setattr(request, f"{reached}_by", who)
    setattr(request, f"{reached}_at", at)
    request.status = reached
    _log(session, request, action, before, who, at)


def confirm(
    session: Session,
    request_id: int,
    actor: str,
    satisfied: bool = True,
    note: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    """The enterprise's verdict on a resolved request: satisfied closes it, unsatisfied reopens it.

    Reopening needs the reason (`note`); it clears the response and resolution (the log keeps them).
    """
    request = _pending(session, request_id, "confirm", "resolved")
    who, at = _name("actor", actor), _utc(_moment(now))
    before = _fields(request)
    reason = None if note is None or not note.strip() else note.strip()
    if satisfied:
        request.status, request.confirmed_by, request.confirmed_at = "confirmed", who, at
    else:
        if reason is None:
            raise DeskError(lazy("诉求 #{id}：重新打开须说明理由（备注）", id=request.id))
        request.status = "open"
        request.response = request.responded_by = request.responded_at = None
        request.resolution = request.resolved_by = request.resolved_at = None
    extra = {} if reason is None else {"note": [None, reason]}
    _log(session, request, "confirm" if satisfied else "reopen", before, who, at, extra)


def list_requests(
    session: Session,
    *,
    project_id: int | None = None,
    status: str | None = None,
    department: str | None = None,
    on: dt.date | None = None,
    overdue_only: bool = False,
) -> list[RequestView]:
    """Requests by due date, filtered, their overdue flags counted on `on` (default today); with
    `overdue_only`, only those overdue that day."""
    r = tables.ServiceRequest
    query = select(r, tables.Project.name).join(tables.Project, tables.Project.id == r.project_id)
    if project_id is not None:
        query = query.where(r.project_id == project_id)
    if status is not None:
        if status not in REQUEST_STATUSES:
            unknown = lazy("未知状态{status}：请用{statuses}之一", status=quote(status), statuses=REQUEST_STATUSES)
            raise DeskError(unknown)
        query = query.where(r.status == status)
    if department is not None:
        query = query.where(r.department == department)
    day = on or dt.date.today()
    if overdue_only:
        query = query.where(r.status.in_(PENDING), r.due < day)
    rows = session.execute(query.order_by(r.due, r.id)).all()
    if not rows:
        return []
    entries: dict[int, list[audit.Entry]] = defaultdict(list)
    for entry in audit.history(session, SUBJECT):
        entries[entry.subject_id].append(entry)
    return [_view(request, name, entries[request.id], day) for request, name in rows]


def request_view(session: Session, request_id: int, on: dt.date | None = None) -> RequestView:
    """One request with its project's name and log; overdue counted on `on` (default today)."""
    request = _get(session, request_id)
    name = session.get_one(tables.Project, request.project_id).name
    return _view(request, name, audit.history(session, SUBJECT, request.id), on or dt.date.today())


# ---------------------------------------------------------------- helpers


def _get(session: Session, request_id: int, lock: bool = False) -> tables.ServiceRequest:
    request = session.get(tables.ServiceRequest, request_id, with_for_update=lock)
    if request is None:
        raise DeskError(_("没有诉求 #{id}").format(id=request_id))
    return request


def _pending(session: Session, request_id: int, action: str, status: str) -> tables.ServiceRequest:
    """The request, locked, if it is in `status`; else why it cannot be moved."""
    request = _get(session, request_id, lock=True)
    if request.status != status:
        raise DeskError(
            lazy("诉求 #{id}无法{action}：它{now}，而非{needed}", id=request.id, action=lazy(ACTION_NAMES[action]),
                 now=lazy(STATUS_NAMES[request.status]), needed=lazy(STATUS_NAMES[status]))
        )
    return request


def _fields(request: tables.ServiceRequest) -> dict[str, Any]:
    """What an audit entry compares (who and when are the entry's own actor and time)."""
    return {
        "project_id": request.project_id,
        "need": request.need,
        "department": request.department,
        "owner": request.owner,
        "due": request.due.isoformat(),
        "cause": request.cause,
        "status": request.status,
        "response": request.response,
        "resolution": request.resolution,
    }


def _log(
    session: Session,
    request: tables.ServiceRequest,
    action: str,
    before: dict[str, Any],
    actor: str,
    at: dt.datetime,
    extra: dict[str, list[Any]] | None = None,
) -> None:
    change = audit.changes(before, _fields(request)) | (extra or {})
    audit.record(session, actor, SUBJECT, request.id, action, change, at)


def _view(request: tables.ServiceRequest, project: str, entries: list[audit.Entry], day: dt.date) -> RequestView:
    overdue = request.status in PENDING and request.due < day
    return RequestView(
        id=request.id,
        project_id=request.project_id,
        project=project,
        need=request.need,
        department=request.department,
        owner=request.owner,
        due=request.due,
        cause=request.cause,
        status=request.status,
        opened_by=request.opened_by,
        opened_at=_utc(request.opened_at),
        response=request.response,
        responded_by=request.responded_by,
        responded_at=_utc(request.responded_at) if request.responded_at else None,
        resolution=request.resolution,
        resolved_by=request.resolved_by,
        resolved_at=_utc(request.resolved_at) if request.resolved_at else None,
        confirmed_by=request.confirmed_by,
        confirmed_at=_utc(request.confirmed_at) if request.confirmed_at else None,
        overdue=overdue,
        overdue_days=(day - request.due).days if overdue else 0,
        history=tuple(replace(e, at=_utc(e.at)) for e in entries),
    )


def _moment(now: dt.datetime | None) -> dt.datetime:
    """`now`, which must carry its time zone, or the local clock's time."""
    if now is None:
        return dt.datetime.now().astimezone()
    if now.tzinfo is None:
        raise DeskError(lazy("时间{time}没有时区", time=now.isoformat()))
    return now


def _utc(moment: dt.datetime) -> dt.datetime:
    """In UTC; a naive value (SQLite reads them back so) is taken as UTC already."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _text(field: str, value: str) -> str:
    if not value or not value.strip():
        raise DeskError(lazy("{field}为空", field=lazy(FIELD_NAMES[field])))
    return value.strip()


def _name(field: str, value: str) -> str:
    text = _text(field, value)
    if len(text) > NAME_LENGTH:
        raise DeskError(
            lazy("{field}超过{count}个字符：{start}…", field=lazy(FIELD_NAMES[field]), count=NAME_LENGTH,
                 start=text[:20])
        )
    return text
