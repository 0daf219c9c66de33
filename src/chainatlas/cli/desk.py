"""The service desk's commands: `desk open|respond|resolve|confirm|list`.

A thin shell over `services.desk`: a request on a project moves open → respond → resolve → confirm. Every
command takes `--today` so a step can be recorded, or a list judged, on any day, and `--json`. An unknown
project or request and an invalid move end the command with exit code 1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any

import typer
from rich.table import Table

from chainatlas.cli.helpers import (
    ByOption,
    JsonOption,
    TodayOption,
    fail,
    fold_table,
    judged_day,
    out,
    print_json,
    say,
    step_time,
    store_session,
    user,
)
from chainatlas.i18n import N_, _
from chainatlas.ids import MAX_ID
from chainatlas.projects.model import CAUSES
from chainatlas.services import desk
from chainatlas.services.desk import STATUS_NAMES, DeskError, RequestView
from chainatlas.services.project_registry import ProjectError, find_project

desk_app = typer.Typer(no_args_is_help=True, help="Service requests on projects: open → respond → resolve → confirm.")


def _requests(rows: list[RequestView]) -> Table:
    table = fold_table(_("编号"), _("项目"), _("诉求"), _("责任部门"), _("负责人"), _("期限"), _("状态"))
    for r in rows:
        late = _("逾期{days}天").format(days=r.overdue_days) if r.overdue else ""
        status = " · ".join(filter(None, (_(STATUS_NAMES[r.status]), late)))
        table.add_row(f"#{r.id}", r.project, r.need, r.department, r.owner, str(r.due), status)
    return table


@desk_app.command("open")
def desk_open(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="A project by #ID, code or name.")],
    need: Annotated[str, typer.Option("--need", help="What the enterprise needs.")],
    department: Annotated[str, typer.Option("--department", help="The department that answers.")],
    owner: Annotated[str, typer.Option("--owner", help="The person responsible.")],
    due: Annotated[dt.datetime, typer.Option("--due", formats=["%Y-%m-%d"], help="Due date (YYYY-MM-DD).")],
    cause: Annotated[str | None, typer.Option("--cause", help=f"One of {', '.join(CAUSES)}.")] = None,
    by: ByOption = None,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Open a service request on a project (on `--today`, default now); prints its number."""
    with store_session(ctx, write=True) as session:
        try:
            found = find_project(session, project)
            number = desk.open_request(
                session, found.id, need, department, owner, due.date(), by or user(), cause, now=step_time(today)
            )
        except (ProjectError, DeskError) as error:
            raise fail(error) from error
    print_json({"id": number}) if as_json else say(_("诉求 #{number} 已登记").format(number=number))


_DONE = {"respond": N_("已答复"), "resolve": N_("已办结"), "confirm": N_("已确认")}


def _move(ctx: typer.Context, action: str, request: int, *args: Any, **kwargs: Any) -> None:
    with store_session(ctx, write=True) as session:
        try:
            getattr(desk, action)(session, request, *args, **kwargs)
        except DeskError as error:
            raise fail(error) from error
    say(_("诉求 #{number}：{done}").format(number=request, done=_(_DONE[action])))


RequestArgument = Annotated[int, typer.Argument(metavar="ID", min=1, max=MAX_ID, help="The request's number.")]


@desk_app.command("respond")
def desk_respond(
    ctx: typer.Context,
    request: RequestArgument,
    text: Annotated[str, typer.Argument(help="The department's response.")],
    by: ByOption = None,
    today: TodayOption = None,
) -> None:
    """The responsible department answers an open request."""
    _move(ctx, "respond", request, text, by or user(), now=step_time(today))


@desk_app.command("resolve")
def desk_resolve(
    ctx: typer.Context,
    request: RequestArgument,
    text: Annotated[str, typer.Argument(help="How it was resolved.")],
    by: ByOption = None,
    today: TodayOption = None,
) -> None:
    """Mark a responded request resolved, saying how."""
    _move(ctx, "resolve", request, text, by or user(), now=step_time(today))


@desk_app.command("confirm")
def desk_confirm(
    ctx: typer.Context,
    request: RequestArgument,
    unsatisfied: Annotated[
        bool, typer.Option("--unsatisfied", help="The enterprise is not satisfied: reopen (needs --note).")
    ] = False,
    note: Annotated[str | None, typer.Option("--note", help="The enterprise's words.")] = None,
    by: ByOption = None,
    today: TodayOption = None,
) -> None:
    """The enterprise confirms a resolved request (closing the loop) or, unsatisfied, reopens it."""
    _move(ctx, "confirm", request, by or user(), satisfied=not unsatisfied, note=note, now=step_time(today))


@desk_app.command("list")
def desk_list(
    ctx: typer.Context,
    project: Annotated[str | None, typer.Option("--project", help="Only this project's requests.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="open, responded, resolved or confirmed.")] = None,
    department: Annotated[str | None, typer.Option("--department", help="Only this department's requests.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only requests past their due date.")] = False,
    today: TodayOption = None,
    as_json: JsonOption = False,
) -> None:
    """Requests by due date, overdue ones marked with their days."""
    day = judged_day(today)
    with store_session(ctx) as session:
        try:
            project_id = find_project(session, project).id if project else None
            rows = desk.list_requests(
                session, project_id=project_id, status=status, department=department, on=day, overdue_only=overdue
            )
        except (ProjectError, DeskError) as error:  # no such project, an unknown status
            raise fail(error) from error
    if as_json:
        print_json([asdict(r) for r in rows])
        return
    out.print(_requests(rows))


def register(app: typer.Typer) -> None:
    """Add the desk commands to `app`."""
    app.add_typer(desk_app, name="desk")
