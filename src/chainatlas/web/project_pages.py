"""The project pages: the project board, a project's timeline and requests, documents with their facts, search.

Every page reads through the store functions (`project_views`, `project_registry`, `desk`, `review`,
`audit`); the forms (editors only, each with the session's CSRF token) write in one transaction and
redirect back. Tables are :class:`~chainatlas.web.exports.Grid` objects, so `?format=csv|xlsx` downloads
exactly the rows shown. Bad ids and parameters answer 404 or 400, never 500.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Annotated, Any, TypedDict

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chainatlas.chains import ChainLookupError, chain
from chainatlas.formatting import format_amount, metric_label
from chainatlas.i18n import N_, _
from chainatlas.projects.model import CAUSES, KIND_NAMES, STAGE_NAMES, STAGES, Dated, Kind, ProjectRecord
from chainatlas.projects.rollup import rollup
from chainatlas.projects.timeliness import Status, Timeliness, assess
from chainatlas.services.curate import aliases_holding, names_holding
from chainatlas.services.desk import PENDING, DeskError, confirm, list_requests, open_request, resolve, respond
from chainatlas.services.documents import count_documents, first_headline, holding, list_documents
from chainatlas.services.project_registry import ProjectError, count_projects, project_record, project_records
from chainatlas.services.project_views import Followed, benchmarks, followed, set_cause
from chainatlas.services.review import ReviewError, review_claims
from chainatlas.store import audit, tables
from chainatlas.store.ids import MAX_ID
from chainatlas.store.paging import Window, numbered, page_count
from chainatlas.web.api_common import no_such
from chainatlas.web.audit_view import REQUEST_STATUSES, log_row
from chainatlas.web.deps import (
    Db,
    EditUser,
    ReadUser,
    check_csrf,
    settings_of,
    store_of,
    templates_of,
)
from chainatlas.web.document_text import Mark, body_start, figure_span, marked, title_of
from chainatlas.web.exports import Cell, Grid, download

router = APIRouter(include_in_schema=False)
FormText = Annotated[str, Form()]
Token = Annotated[str | None, Form()]

STALLED = "stalled"  # a board status filter besides the timeliness statuses
STATUS_NAMES: dict[str, str] = {
    Status.DONE: N_("已完成"),
    Status.ON_TIME: N_("按期"),
    Status.NOT_YET_DUE: N_("未到期"),
    Status.OVERDUE: N_("逾期"),
    STALLED: N_("停滞"),
}
NOT_STARTED = N_("未开始")
UNKNOWN = N_("未知")
RESULTS = 50  # search results shown per section
SNIPPET = 40  # characters either side of a search match
_CLAIM_SOURCE = re.compile(r"claim #(\d+)")
_ENTITY_PAGES = {"cluster": "/clusters", "enterprise": "/enterprises", "project": "/projects"}


# ---------------------------------------------------------------- shared helpers


def _render(request: Request, template: str, **context: Any) -> Response:
    return templates_of(request).TemplateResponse(request, template, context)


def _bad(status: int, detail: str) -> HTTPException:
    return HTTPException(status_code=status, detail=detail)


def _number(text: str, what: str, status: int = 404) -> int:
    """An id or page number as written in a URL: `status` (404) unless it is a whole number an id column holds."""
    if not (text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= MAX_ID):
        raise _bad(status, f"no {what} {text!r}")
    return int(text)


def _day(text: str | None, what: str = "today") -> dt.date:
    """A YYYY-MM-DD parameter (today's date when empty); 400 when it is no date."""
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        asked = _("参数 {what} 须为 YYYY-MM-DD 格式的日期，而不是“{text}”")
        raise _bad(400, asked.format(what=what, text=text)) from None


def _choice(value: str | None, allowed: Iterable[str], what: str) -> str | None:
    """An optional parameter that must be one of `allowed`; 400 otherwise."""
    if not value:
        return None
    options = list(allowed)
    if value not in options:
        asked = _("参数 {what} 须为{options}之一，而不是“{value}”")
        raise _bad(400, asked.format(what=what, options=", ".join(options), value=value))
    return value


def _stage(stage: str | None) -> str:
    return _(STAGE_NAMES[stage]) if stage else _(NOT_STARTED)


_PLANNED = re.compile(r"planned (?P<date>\S+)")
_BENCHMARK = re.compile(
    r"(?P<start>\w+) \+ (?P<months>[\d.]+) months "
    r"\((?:default|(?P<scope>chain|zone) (?P<key>.+)) benchmark \w+→(?P<end>\w+)\)"
)
_SCOPES = {"chain": N_("产业链“%(key)s”基准"), "zone": N_("园区“%(key)s”基准")}


def _basis(basis: str) -> str:
    """How a due date was set (`Timeliness.due_basis`, written for machines) in the reader's language."""
    if found := _PLANNED.fullmatch(basis):
        return _("计划 %(date)s") % {"date": found["date"]}
    if found := _BENCHMARK.fullmatch(basis):
        scope = _(_SCOPES[found["scope"]]) % {"key": found["key"]} if found["scope"] else _("默认基准")
        return _("%(start)s后%(months)s个月（%(scope)s：%(start)s→%(end)s）") % {
            "start": _stage(found["start"]), "end": _stage(found["end"]), "months": found["months"], "scope": scope}
    return basis


def _chain_name(record: ProjectRecord) -> str:
    """The name of the project's chain; an id the bundle lacks as written."""
    try:
        return chain(record.chain_id).name if record.chain_id else ""
    except ChainLookupError:
        return record.chain_id or ""


def _node_name(record: ProjectRecord) -> str:
    """The name of the project's chain node; an id the chain lacks as written."""
    try:
        return chain(record.chain_id).node(record.node_id).name if record.chain_id and record.node_id else ""
    except ChainLookupError:
        return record.node_id or ""


def _money(value: float | None) -> str:
    """An amount in yuan as read, or 未知 / unknown when it is not stated (never 0元)."""
    return format_amount(value, "CNY") if value is not None else _(UNKNOWN)


def _total(amount: float, projects: int, unknown: int) -> str:
    """The sum of the projects' stated amounts, naming how many state none; unknown when none does."""
    if projects and unknown == projects:
        return _(UNKNOWN)
    stated = format_amount(amount, "CNY")
    return stated + (_("（另有{count}个未载明）").format(count=unknown) if unknown else "")


def _exported(grid: Grid, fmt: str | None) -> Response | None:
    """The download of `grid` when the request asks `?format=`, else None."""
    return download(grid, fmt) if fmt else None


# ---------------------------------------------------------------- board


@dataclass(frozen=True, slots=True)
class Column:
    """One stage of the board: its label and the projects whose last reached stage it is."""

    stage: str
    label: str
    cards: list[Followed]


def _idle(days: int | None) -> str:
    """How long a stalled project has not moved: 已200天无进展 / no progress for 200 days."""
    return _("已{days}天无进展").format(days=days)


def _status_text(item: Followed) -> str:
    """The status in words, a stall as how long nothing moved: 按期（已200天无进展）, never 按期 · 停滞."""
    timeliness = item.timeliness
    text = _(STATUS_NAMES[timeliness.status])
    if timeliness.overdue_days is not None:
        text += _(" {days}天").format(days=timeliness.overdue_days)
    if timeliness.stalled:
        text += _("（{idle}）").format(idle=_idle(timeliness.days_since_change))
    return text


def _board_grid(items: list[Followed]) -> Grid:
    grid = Grid(
        "projects",
        [
            _("项目"), _("类型"), _("园区"), _("县（市、区）"),
            _("总投资"), _("已达阶段"), _("日期"),
            _("下一阶段"), _("应完成"), _("状态"),
        ],
        names=frozenset({0, 2, 3}),
    )  # fmt: skip
    for item in items:
        project, timeliness = item.project, item.timeliness
        grid.add(
            Cell(project.name, f"/projects/{project.id}"),
            _(KIND_NAMES[project.kind]),
            project.zone,
            project.county,
            _money(project.investment),
            _stage(timeliness.last_stage),
            timeliness.last_date.isoformat() if timeliness.last_date else "",
            _stage(timeliness.next_stage) if timeliness.next_stage else "",
            timeliness.due.isoformat() if timeliness.due else "",
            _status_text(item),
        )
    return grid


class _Filters(TypedDict):
    """The board's selection as the store's project queries take it."""

    kind: Kind | None
    zone: str | None
    county: str | None


def _has_status(item: Followed, status: str) -> bool:
    """Whether the project is in `status` (a key of `STATUS_NAMES`: a timeliness status, or stalled)."""
    return item.timeliness.stalled if status == STALLED else item.timeliness.status == status


def _columns(items: list[Followed]) -> list[tuple[Kind, list[Column]]]:
    """Per kind present, its stages in order (not started first), each with the projects that reached it last."""
    board = []
    for kind in Kind:
        mine = [i for i in items if i.project.kind is kind]
        if mine:
            stages: list[str | None] = [None, *STAGES[kind]]
            columns = [
                Column(stage or "", _stage(stage), [i for i in mine if i.timeliness.last_stage == stage])
                for stage in stages
            ]
            board.append((kind, columns))
    return board


@router.get("/projects", response_class=HTMLResponse)
def project_board(
    request: Request,
    user: ReadUser,
    db: Db,
    zone: str | None = None,
    county: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    today: str | None = None,
    format: str | None = None,
    page: int = 1,
) -> Response:
    """Projects by the stage reached, a page (the settings' `page_size`) at a time cut by the store, with the whole
    selection's roll-up and the table behind the board."""
    day = _day(today)
    chosen_kind = _choice(kind, (k.value for k in Kind), "kind")
    chosen_status = _choice(status, STATUS_NAMES, "status")
    filters = _Filters(kind=Kind(chosen_kind) if chosen_kind else None, zone=zone or None, county=county or None)
    size = settings_of(request).page_size
    if chosen_status:  # timeliness is judged per project: the judged selection is paged here
        every = [i for i in followed(db, day, **filters) if _has_status(i, chosen_status)]
        window, number, pages = numbered(page, len(every), size)
        items, projects = every[window.offset : window.offset + size], [i.project for i in every]
    else:
        window, number, pages = numbered(page, count_projects(db, **filters), size)
        items, projects = followed(db, day, **filters, window=window), project_records(db, **filters)
    grid = _board_grid(items)
    if (exported := _exported(grid, format)) is not None:
        return exported
    summary = rollup(projects, day, "city", benchmarks(db))
    return _render(
        request,
        "projects.html",
        grid=grid,
        page=number,
        pages=pages,
        board=_columns(items),
        summary=summary[0] if summary else None,
        money=lambda value: _money(value),
        total=lambda amount, projects, unknown: _total(amount, projects, unknown),
        idle=lambda days: _idle(days),
        kinds=KIND_NAMES,
        statuses=STATUS_NAMES,
        today=day.isoformat(),
        asked={"zone": zone or "", "county": county or "", "kind": chosen_kind or "", "status": chosen_status or ""},
    )


# ---------------------------------------------------------------- one project


@dataclass(frozen=True, slots=True)
class DateShown:
    """A stage date as the page shows it: the text, its source and the link to the claim behind it."""

    text: str
    source: str
    href: str | None


@dataclass(frozen=True, slots=True)
class StageRow:
    stage: str
    label: str
    planned: DateShown | None
    actual: DateShown | None
    late_days: int | None


def _claim_documents(db: Session, record: ProjectRecord) -> dict[int, int]:
    """Claim id → document id for the claims the record's dates cite."""
    ids = {
        int(found.group(1))
        for s in record.stages
        for dated in (s.planned, s.actual)
        if dated is not None and (found := _CLAIM_SOURCE.match(dated.source))
    }
    rows = db.execute(select(tables.Claim.id, tables.Claim.document_id).where(tables.Claim.id.in_(ids)))
    return {claim: document for claim, document in rows}


def _shown(dated: Dated | None, documents: dict[int, int]) -> DateShown | None:
    if dated is None:
        return None
    found = _CLAIM_SOURCE.match(dated.source)
    claim = int(found.group(1)) if found else None
    href = f"/documents/{documents[claim]}#claim-{claim}" if claim in documents else None
    return DateShown(dated.text, dated.source, href)


def _timeline(db: Session, record: ProjectRecord, late: dict[str, int]) -> list[StageRow]:
    documents = _claim_documents(db, record)
    return [
        StageRow(
            s.stage, _stage(s.stage), _shown(s.planned, documents), _shown(s.actual, documents), late.get(s.stage)
        )
        for s in record.stages
    ]


DAY_MS = 86_400_000  # the timeline's smallest step: a day, never hours


def _point(day: dt.date, label: str, said: str) -> dict[str, Any]:
    """A point of the timeline at `day` on the row `label`; its tooltip says it as written."""
    return {"value": [day.isoformat(), label], "tooltip": {"formatter": said}}


def _line(day: dt.date, name: str, colour: str) -> dict[str, Any]:
    """A vertical line at `day` labelled along it with its name and date."""
    return {"xAxis": day.isoformat(), "name": name, "lineStyle": {"color": colour},
            "label": {"formatter": f"{name} {day.isoformat()}", "position": "insideStartTop"}}  # fmt: skip


def _chart(
    record: ProjectRecord, rows: list[StageRow], timeliness: Timeliness, day: dt.date
) -> dict[str, Any]:
    """An ECharts option: a row per stage of the kind, planned (a written month or quarter at its last day) and
    actual (at its first) on a day axis, the next stage's due date, and lines at the due date and at `day`."""
    planned, actual = _("计划"), _("实际")
    due_name, today_name = _("应完成"), _("今天")
    points: dict[str, list[dict[str, Any]]] = {planned: [], actual: [], due_name: []}
    for row in rows:
        for name, shown, end in ((planned, row.planned, True), (actual, row.actual, False)):
            if shown is not None:
                said = _("%(label)s：") % {"label": f"{row.label} {name}"} + shown.text
                points[name].append(_point(Dated(shown.text, "").day(end), row.label, said))
    lines = [_line(day, today_name, "#2f5d8a")]
    if timeliness.due is not None and timeliness.next_stage is not None:
        label, due = _stage(timeliness.next_stage), timeliness.due.isoformat()
        said = _("%(label)s：") % {"label": f"{label} {due_name}"} + due
        points[due_name].append(_point(timeliness.due, label, said))
        lines.append(_line(timeliness.due, due_name, "#b42318"))
    days = [dt.date.fromisoformat(p["value"][0]) for found in points.values() for p in found] + [day]
    margin = max(dt.timedelta(days=15), (max(days) - min(days)) / 12)
    symbols = {planned: "diamond", actual: "circle", due_name: "triangle"}
    series: list[dict[str, Any]] = [
        {"name": name, "type": "scatter", "symbol": symbols[name], "symbolSize": 12, "data": data}
        for name, data in points.items()
    ]
    series[0]["markLine"] = {"symbol": "none", "silent": True, "data": lines}
    return {
        "tooltip": {"trigger": "item"},
        "legend": {"data": list(points), "top": 0},
        "grid": {"left": 8, "right": 24, "top": 48, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "time", "minInterval": DAY_MS,
                  "axisLabel": {"formatter": "{yyyy}-{MM}-{dd}", "hideOverlap": True},
                  "min": (min(days) - margin).isoformat(), "max": (max(days) + margin).isoformat()},
        "yAxis": {"type": "category", "data": [_stage(stage) for stage in STAGES[record.kind]], "inverse": True,
                  "axisLabel": {"interval": 0}},
        "series": series,
    }  # fmt: skip


def _record(db: Session, project_id: str) -> ProjectRecord:
    try:
        return project_record(db, _number(project_id, "project"))
    except ProjectError as error:
        raise _bad(404, str(error)) from None


@router.get("/projects/{project_id}", response_class=HTMLResponse)
def project_page(request: Request, user: ReadUser, db: Db, project_id: str, today: str | None = None) -> Response:
    """A project: its facts, timeline with sources, timeliness, service requests and audit log."""
    day = _day(today)
    record = _record(db, project_id)
    timeliness = assess(record, day, benchmarks(db))
    rows = _timeline(db, record, dict(timeliness.late_stages))
    requests = list_requests(db, project_id=record.id, on=day)
    entries = [*audit.history(db, "project", record.id), *(e for r in requests for e in r.history)]
    log = [log_row(replace(e, at=_utc(e.at))) for e in sorted(entries, key=lambda e: _utc(e.at))]
    return _render(
        request,
        "project.html",
        project=record,
        kind=_(KIND_NAMES[record.kind]),
        money=lambda value: _money(value),
        timeliness=timeliness,
        status=_status_text(Followed(record, timeliness)),
        next_stage=_stage(timeliness.next_stage) if timeliness.next_stage else "",
        due_basis=_basis(timeliness.due_basis) if timeliness.due_basis else "",
        chain_name=_chain_name(record),
        node_name=_node_name(record),
        rows=rows,
        timeline=_chart(record, rows, timeliness, day),
        requests=requests,
        log=log,
        causes=CAUSES,
        request_statuses=REQUEST_STATUSES,
        pending=PENDING,
        today=day.isoformat(),
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    """In UTC; a naive time (as SQLite reads them back) is UTC already."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _back(project_id: int) -> RedirectResponse:
    return RedirectResponse(f"/projects/{project_id}", status_code=303)


def _edit(request: Request, project_id: str, csrf: str | None, change: Callable[[Session, int], None]) -> Response:
    """Check the token, apply `change` to the project in one transaction, redirect back; 400 with the reason."""
    check_csrf(request, csrf)
    with store_of(request).session() as db:
        number = _record(db, project_id).id
    try:
        with store_of(request).transaction() as session:
            change(session, number)
    except (DeskError, ProjectError) as error:
        raise _bad(400, str(error)) from None
    return _back(number)


@router.post("/projects/{project_id}/requests")
def request_open(
    request: Request,
    user: EditUser,
    project_id: str,
    need: FormText,
    department: FormText,
    owner: FormText,
    due: FormText,
    cause: Annotated[str, Form()] = "",
    csrf: Token = None,
) -> Response:
    """Open a service request on the project."""
    deadline = _day(due, "due")
    chosen = _choice(cause, CAUSES, "cause")

    def opened(session: Session, number: int) -> None:
        open_request(session, number, need, department, owner, deadline, user.name, chosen)

    return _edit(request, project_id, csrf, opened)


@router.post("/projects/{project_id}/requests/{request_id}")
def request_step(
    request: Request,
    user: EditUser,
    project_id: str,
    request_id: str,
    action: FormText,
    text: Annotated[str, Form()] = "",
    satisfied: Annotated[str, Form()] = "yes",
    csrf: Token = None,
) -> Response:
    """Move a request on: respond, resolve, or confirm (unsatisfied, with a note, reopens it)."""
    number = _number(request_id, "request")

    def step(session: Session, project: int) -> None:
        held = session.get(tables.ServiceRequest, number)
        if held is None or held.project_id != project:
            raise DeskError(f"project #{project} has no request #{number}")
        if action == "respond":
            respond(session, number, text, user.name)
        elif action == "resolve":
            resolve(session, number, text, user.name)
        elif action == "confirm":
            confirm(session, number, user.name, satisfied == "yes", text or None)
        else:
            raise DeskError(f"action must be respond, resolve or confirm, not {action!r}")

    return _edit(request, project_id, csrf, step)


@router.post("/projects/{project_id}/cause")
def cause_set(
    request: Request, user: EditUser, project_id: str, cause: Annotated[str, Form()] = "", csrf: Token = None
) -> Response:
    """Record why the project is behind, or clear it."""
    chosen = _choice(cause, CAUSES, "cause")
    return _edit(request, project_id, csrf, lambda session, number: set_cause(session, f"#{number}", chosen, user.name))


# ---------------------------------------------------------------- documents


@router.get("/documents", response_class=HTMLResponse)
def document_list(request: Request, user: ReadUser, db: Db, page: str = "1", format: str | None = None) -> Response:
    """Documents by title (the header's, else the first headline, else the file name), newest first, with their
    claim counts; the settings' `page_size` a page."""
    number = _number(page, "page", 400)
    total = count_documents(db)
    size = settings_of(request).page_size
    pages = page_count(total, size)
    if not 1 <= number <= pages:
        raise _bad(400, _("页码须在1到{pages}之间，而不是{number}").format(pages=pages, number=number))
    rows = list_documents(db, Window.page(number, size))
    grid = Grid("documents", [_("文档"), _("日期"), _("来源"), _("事实数")], names=frozenset({0, 2}))
    for row in rows:
        day = row.date.isoformat() if row.date else ""
        title = title_of(row.header, row.headline, "", row.name)
        grid.add(Cell(title, f"/documents/{row.id}"), day, Cell(row.source_url or "", row.source_url), str(row.claims))
    if (exported := _exported(grid, format)) is not None:
        return exported
    return _render(request, "documents.html", grid=grid, page=number, pages=pages, total=total)


@dataclass(frozen=True, slots=True)
class Fact:
    """A claim of a document as its side list shows it; `anchor` is the mark that shows its span."""

    id: int
    kind: str
    subject: str | None
    metric: str
    value: str
    period: str | None
    status: str
    anchor: int | None
    quoted: bool = False  # the metric is the document's own word (an `x:` label)


CLAIM_KINDS = {"article": N_("文章"), "cluster": N_("集群认定"), "enterprise": N_("企业信息"), "platform": N_("平台"),
               "indicator": N_("指标数据"), "supply": N_("供应关系"), "project": N_("项目信息"),
               "ranking": N_("排名")}  # fmt: skip
REVIEW_STATUSES = {"proposed": N_("待审核"), "accepted": N_("已接受"), "rejected": N_("已驳回")}


def _label(labels: Mapping[str, str], key: str) -> str:
    """`key`'s label in the reader's language; a key without one as written."""
    return _(labels[key]) if key in labels else key


def _value(claim: tables.Claim) -> str:
    return format_amount(claim.value, claim.unit or "") if claim.value is not None else ""


def _mark(text: str, claim: tables.Claim) -> Mark:
    title = f"{metric_label(claim.metric)} {_value(claim)}" if claim.metric else _label(CLAIM_KINDS, claim.kind)
    return Mark(claim.id, *figure_span(text, claim), title)


def _document(db: Session, document_id: str) -> tables.Document:
    found = db.get(tables.Document, _number(document_id, "document"))
    if found is None:
        raise _bad(404, no_such("document", document_id))
    return found


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, user: ReadUser, db: Db, document_id: str) -> Response:
    """A document's text with every extracted fact marked, and the list of its facts."""
    document = _document(db, document_id)
    rows = db.execute(
        select(tables.Claim, tables.Entity.name)
        .outerjoin(tables.Entity, tables.Entity.id == tables.Claim.subject_id)
        .where(tables.Claim.document_id == document.id)
        .order_by(tables.Claim.span_start, tables.Claim.id)
    ).all()
    text, start = document.text, body_start(document.text)
    shown, anchors = marked(text, start, [_mark(text, claim) for claim, _offset in rows])
    headline = db.scalar(select(first_headline()).where(tables.Document.id == document.id))
    title = title_of(document.header, headline, text[start:], document.name)
    facts = [
        Fact(
            claim.id, _label(CLAIM_KINDS, claim.kind), name or claim.subject_name,
            metric_label(claim.metric) if claim.metric else "", _value(claim), claim.period,
            _label(REVIEW_STATUSES, claim.status), anchors.get(claim.id), (claim.metric or "").startswith("x:"),
        )
        for claim, name in rows
    ]  # fmt: skip
    source = document.header.get("source")
    return _render(request, "document.html", document=document, title=title, source=source, marked=shown, facts=facts)


@router.post("/documents/{document_id}/claims/{claim_id}")
def claim_review(
    request: Request,
    user: EditUser,
    document_id: str,
    claim_id: str,
    status: FormText,
    note: Annotated[str, Form()] = "",
    csrf: Token = None,
) -> Response:
    """Accept or reject one claim of the document; back to its mark."""
    check_csrf(request, csrf)
    chosen = _choice(status, ("accepted", "rejected"), "status")
    number = _number(claim_id, "claim")
    with store_of(request).transaction() as session:
        document = _document(session, document_id)
        claim = session.get(tables.Claim, number)
        if claim is None or claim.document_id != document.id:
            raise _bad(404, _("文档 #{document} 没有主张 #{claim}").format(document=document.id, claim=number))
        try:
            review_claims(session, [number], str(chosen), user.name, note.strip() or None)
        except ReviewError as error:
            raise _bad(400, str(error)) from None
    return RedirectResponse(f"/documents/{document.id}#claim-{number}", status_code=303)


# ---------------------------------------------------------------- search


@dataclass(frozen=True, slots=True)
class Section:
    """One kind of search result: how many matched and the first `RESULTS` of them (name, link, snippet)."""

    key: str
    count: int
    hits: list[tuple[str, str, Markup | None]]


def _entities(db: Session, kind: str, q: str) -> Section:
    """Entities of `kind` whose name or an alias contains `q`."""
    e, a = tables.Entity, tables.Alias
    matching = (
        select(e.id)
        .outerjoin(a, a.entity_id == e.id)
        .where(e.type == kind, names_holding(db, q) | aliases_holding(db, q))
        .distinct()
        .subquery()
    )
    count = db.scalar(select(func.count()).select_from(matching)) or 0
    shown = select(e.id, e.name).where(e.id.in_(select(matching.c.id))).order_by(e.name, e.id).limit(RESULTS)
    found = db.execute(shown)
    return Section(kind, count, [(name, f"{_ENTITY_PAGES[kind]}/{number}", None) for number, name in found])


def _snippet(text: str, q: str) -> Markup:
    """The text around the first match of `q`, escaped, the match in `<mark>`."""
    at = max(0, text.lower().find(q.lower()))
    stop = at + len(q)
    start, end = max(0, at - SNIPPET), min(len(text), stop + SNIPPET)
    before = ("…" if start else "") + text[start:at]
    after = text[stop:end] + ("…" if end < len(text) else "")
    return Markup("{}<mark>{}</mark>{}").format(before, text[at:stop], after)


def _documents(db: Session, q: str) -> Section:
    d, where = tables.Document, holding(db, q)
    count = count_documents(db, where)
    found = db.execute(
        select(d.id, d.name, d.header, first_headline(), d.text).where(where).order_by(d.id).limit(RESULTS)
    )
    return Section(
        "document",
        count,
        [
            (title_of(header, first, "", name), f"/documents/{n}", _snippet(text, q))
            for n, name, header, first, text in found
        ],
    )


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, user: ReadUser, db: Db, q: str = "") -> Response:
    """Clusters, enterprises and projects by name or alias, documents by their text."""
    q = q.strip()
    sections = [*(_entities(db, kind, q) for kind in _ENTITY_PAGES), _documents(db, q)] if q else []
    return _render(request, "search.html", q=q, sections=sections, cap=RESULTS)
