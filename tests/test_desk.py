"""The service desk: a request's loop, its audit trail, invalid moves, overdue flags and filters (both backends)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from chainatlas.services import desk
from chainatlas.store import tables
from chainatlas.store.audit import Entry
from chainatlas.store.session import Store

pytestmark = pytest.mark.usefixtures("read_english")  # the assertions read the errors in English

BEIJING = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)  # 01:00 UTC
DAY = dt.date(2026, 3, 20)


def _utc(hours: float) -> dt.datetime:
    """T0 plus `hours`, in UTC."""
    return (T0 + dt.timedelta(hours=hours)).astimezone(dt.UTC)


def _project(store: Store, name: str = "年产10万套智能座舱项目") -> int:
    with store.transaction() as session:
        project = tables.Project(name=name, type="project")
        session.add(project)
        session.flush()
        return project.id


def _open(store: Store, project_id: int, due: dt.date = dt.date(2026, 3, 31), **kwargs: object) -> int:
    fields: dict[str, object] = {"need": "变电站接入", "department": "供电公司", "owner": "王工", "actor": "李明"}
    fields.update(kwargs)
    with store.transaction() as session:
        return desk.open_request(session, project_id, due=due, now=T0, **fields)  # type: ignore[arg-type]


def _entries(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(tables.AuditEntry)) or 0


def test_full_loop_keeps_every_time_and_the_audit_trail(store: Store) -> None:
    project = _project(store)
    rid = _open(store, project, cause="utilities")
    with store.transaction() as session:
        desk.respond(session, rid, "已安排现场踏勘", "张科长", now=T0 + dt.timedelta(hours=3))
    with store.transaction() as session:
        desk.resolve(session, rid, "  专线已接通  ", "张科长", now=T0 + dt.timedelta(days=2))
    with store.transaction() as session:
        desk.confirm(session, rid, "企业联络员", note="满意", now=T0 + dt.timedelta(days=3))

    with store.session() as session:
        view = desk.request_view(session, rid, on=DAY)
    assert (view.id, view.project_id, view.project) == (rid, project, "年产10万套智能座舱项目")
    assert (view.need, view.department, view.owner, view.due, view.cause) == (
        "变电站接入",
        "供电公司",
        "王工",
        dt.date(2026, 3, 31),
        "utilities",
    )
    assert view.status == "confirmed"
    assert (view.opened_by, view.opened_at) == ("李明", _utc(0))
    assert (view.response, view.responded_by, view.responded_at) == ("已安排现场踏勘", "张科长", _utc(3))
    assert (view.resolution, view.resolved_by, view.resolved_at) == ("专线已接通", "张科长", _utc(48))
    assert (view.confirmed_by, view.confirmed_at) == ("企业联络员", _utc(72))
    assert view.opened_at.tzinfo == dt.UTC and view.confirmed_at is not None and view.confirmed_at.tzinfo == dt.UTC
    assert (view.overdue, view.overdue_days) == (False, 0)
    assert list(view.history) == [
        Entry(
            _utc(0),
            "李明",
            "request",
            rid,
            "open",
            {
                "project_id": [None, project],
                "need": [None, "变电站接入"],
                "department": [None, "供电公司"],
                "owner": [None, "王工"],
                "due": [None, "2026-03-31"],
                "cause": [None, "utilities"],
                "status": [None, "open"],
            },
        ),
        Entry(
            _utc(3),
            "张科长",
            "request",
            rid,
            "respond",
            {"status": ["open", "responded"], "response": [None, "已安排现场踏勘"]},
        ),
        Entry(
            _utc(48),
            "张科长",
            "request",
            rid,
            "resolve",
            {"status": ["responded", "resolved"], "resolution": [None, "专线已接通"]},
        ),
        Entry(
            _utc(72),
            "企业联络员",
            "request",
            rid,
            "confirm",
            {"status": ["resolved", "confirmed"], "note": [None, "满意"]},
        ),
    ]


def test_an_unsatisfied_confirmation_reopens_until_a_satisfied_one(store: Store) -> None:
    rid = _open(store, _project(store))
    with store.transaction() as session:
        desk.respond(session, rid, "已受理", "张科长", now=T0 + dt.timedelta(hours=1))
        desk.resolve(session, rid, "已协调", "张科长", now=T0 + dt.timedelta(hours=2))
        desk.confirm(session, rid, "企业联络员", satisfied=False, note="仍未通电", now=T0 + dt.timedelta(hours=4))
    with store.session() as session:
        view = desk.request_view(session, rid, on=DAY)
    assert view.status == "open"
    assert (view.response, view.responded_by, view.responded_at) == (None, None, None)
    assert (view.resolution, view.resolved_by, view.resolved_at) == (None, None, None)
    assert (view.confirmed_by, view.confirmed_at) == (None, None)
    assert view.history[-1] == Entry(
        _utc(4),
        "企业联络员",
        "request",
        rid,
        "reopen",
        {
            "status": ["resolved", "open"],
            "response": ["已受理", None],
            "resolution": ["已协调", None],
            "note": [None, "仍未通电"],
        },
    )

    with store.transaction() as session:
        desk.respond(session, rid, "重新排期", "赵主任", now=T0 + dt.timedelta(hours=5))
        desk.resolve(session, rid, "已通电", "赵主任", now=T0 + dt.timedelta(hours=6))
        desk.confirm(session, rid, "企业联络员", now=T0 + dt.timedelta(hours=7))
    with store.session() as session:
        view = desk.request_view(session, rid, on=DAY)
    assert (view.status, view.response, view.resolution, view.confirmed_at) == (
        "confirmed",
        "重新排期",
        "已通电",
        _utc(7),
    )
    assert [e.action for e in view.history] == ["open", "respond", "resolve", "reopen", "respond", "resolve", "confirm"]
    assert [e.actor for e in view.history][-3:] == ["赵主任", "赵主任", "企业联络员"]
    assert view.history[-1].changes == {"status": ["resolved", "confirmed"]}


def test_reopening_needs_a_reason(store: Store) -> None:
    rid = _open(store, _project(store))
    with store.transaction() as session:
        desk.respond(session, rid, "已受理", "张科长", now=T0)
        desk.resolve(session, rid, "已协调", "张科长", now=T0)
    with (
        pytest.raises(desk.DeskError, match=rf"request #{rid}: reopening it needs the reason"),
        store.transaction() as s,
    ):
        desk.confirm(s, rid, "企业联络员", satisfied=False, note="  ", now=T0)
    with store.session() as session:
        assert desk.request_view(session, rid).status == "resolved"


@pytest.mark.parametrize(
    ("steps", "move", "message"),
    [
        (3, "respond", "cannot respond to request #{id}: it is confirmed, not open"),
        (0, "confirm", "cannot confirm request #{id}: it is open, not resolved"),
        (2, "resolve", "cannot resolve request #{id}: it is resolved, not responded"),
        (0, "resolve", "cannot resolve request #{id}: it is open, not responded"),
        (1, "respond", "cannot respond to request #{id}: it is responded, not open"),
        (3, "confirm", "cannot confirm request #{id}: it is confirmed, not resolved"),
    ],
)
def test_invalid_transitions_name_the_request_and_its_status(store: Store, steps: int, move: str, message: str) -> None:
    rid = _open(store, _project(store))
    moves = {
        "respond": lambda s: desk.respond(s, rid, "答复", "张科长", now=T0),
        "resolve": lambda s: desk.resolve(s, rid, "办结", "张科长", now=T0),
        "confirm": lambda s: desk.confirm(s, rid, "企业联络员", now=T0),
    }
    with store.transaction() as session:
        for step in ["respond", "resolve", "confirm"][:steps]:
            moves[step](session)
    before = _entries(store)
    with pytest.raises(desk.DeskError) as raised, store.transaction() as session:
        moves[move](session)
    assert str(raised.value) == message.format(id=rid)
    assert _entries(store) == before


def test_unknown_request(store: Store) -> None:
    with pytest.raises(desk.DeskError, match="no request #999"), store.transaction() as session:
        desk.respond(session, 999, "答复", "张科长")
    with pytest.raises(desk.DeskError, match="no request #999"), store.session() as session:
        desk.request_view(session, 999)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"need": "  "}, "Need is empty"),
        ({"department": ""}, "Department is empty"),
        ({"owner": " "}, "Owner is empty"),
        ({"actor": ""}, "Actor is empty"),
        ({"owner": "王" * 101}, "Owner is longer than 100 characters"),
        ({"due": dt.date(2026, 3, 1)}, "due date 2026-03-01 is before the opening day 2026-03-02"),
        ({"cause": "weather"}, "unknown cause 'weather': use one of land, financing"),
        ({"now": dt.datetime(2026, 3, 2, 9, 0)}, "has no time zone"),
    ],
)
def test_open_validates(store: Store, change: dict[str, object], message: str) -> None:
    project = _project(store)
    fields: dict[str, object] = {"need": "用地指标", "department": "自然资源局", "owner": "陈科长", "actor": "李明"}
    fields |= {"due": T0.date(), "now": T0} | change
    with pytest.raises(desk.DeskError, match=message), store.transaction() as session:
        desk.open_request(session, project, **fields)  # type: ignore[arg-type]
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(tables.ServiceRequest)) == 0
    assert _entries(store) == 0


def test_open_needs_a_project(store: Store) -> None:
    with store.transaction() as session:
        firm = tables.Enterprise(name="某某科技有限公司", type="enterprise")
        session.add(firm)
        session.flush()
        firm_id = firm.id
    for missing in (firm_id, 12345):
        with pytest.raises(desk.DeskError, match=f"no project #{missing}"), store.transaction() as session:
            desk.open_request(session, missing, "用地", "自然资源局", "陈科长", T0.date(), "李明", now=T0)


def test_overdue_flags_on_a_given_day(store: Store) -> None:
    project = _project(store)
    yesterday, today = DAY - dt.timedelta(days=1), DAY
    late = _open(store, project, due=yesterday, need="逾期一天")
    answered = _open(store, project, due=DAY - dt.timedelta(days=3), need="已答复未办结")
    resolved_late = _open(store, project, due=DAY - dt.timedelta(days=5), need="逾期后办结")
    due_today = _open(store, project, due=today, need="今天到期")
    confirmed = _open(store, project, due=DAY - dt.timedelta(days=8), need="已确认")
    with store.transaction() as session:
        desk.respond(session, answered, "处理中", "张科长", now=T0)
        desk.respond(session, resolved_late, "处理中", "张科长", now=T0)
        desk.resolve(session, resolved_late, "已办结", "张科长", now=dt.datetime(2026, 3, 19, tzinfo=dt.UTC))
        desk.respond(session, confirmed, "处理中", "张科长", now=T0)
        desk.resolve(session, confirmed, "已办结", "张科长", now=T0)
        desk.confirm(session, confirmed, "企业联络员", now=dt.datetime(2026, 3, 19, tzinfo=dt.UTC))

    ids = (late, answered, resolved_late, due_today, confirmed)
    with store.session() as session:
        flags = {v.id: (v.overdue, v.overdue_days) for v in (desk.request_view(session, i, on=DAY) for i in ids)}
        overdue = desk.list_requests(session, on=DAY, overdue_only=True)
        on_due_day = desk.list_requests(session, on=yesterday, overdue_only=True)
    assert flags == {
        late: (True, 1),
        answered: (True, 3),
        resolved_late: (False, 0),
        due_today: (False, 0),
        confirmed: (False, 0),
    }
    assert [(v.id, v.overdue, v.overdue_days) for v in overdue] == [(answered, True, 3), (late, True, 1)]
    assert [(v.id, v.overdue_days) for v in on_due_day] == [(answered, 2)]


def test_filters_by_status_department_and_project(store: Store) -> None:
    cockpit, battery = _project(store), _project(store, "动力电池二期")
    a = _open(store, cockpit, department="供电公司")
    b = _open(store, cockpit, department="自然资源局", due=dt.date(2026, 3, 10))
    c = _open(store, battery, department="供电公司", cause="land")
    with store.transaction() as session:
        desk.respond(session, c, "已受理", "张科长", now=T0)

    with store.session() as session:

        def ids(**kwargs: object) -> list[int]:
            return [v.id for v in desk.list_requests(session, **kwargs)]  # type: ignore[arg-type]

        assert ids() == [b, a, c]
        assert ids(status="open") == [b, a]
        assert ids(status="responded") == [c]
        assert ids(status="confirmed") == []
        assert ids(department="供电公司") == [a, c]
        assert ids(project_id=cockpit) == [b, a]
        assert ids(project_id=battery, department="供电公司", status="responded") == [c]
        assert ids(project_id=battery, status="open") == []
        views = desk.list_requests(session, project_id=battery)
        with pytest.raises(desk.DeskError, match="unknown status 'closed'"):
            desk.list_requests(session, status="closed")
    assert views[0].project == "动力电池二期"
    assert [e.action for e in views[0].history] == ["open", "respond"]
