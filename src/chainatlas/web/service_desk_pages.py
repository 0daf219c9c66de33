"""The service desk's forms on a project page (editors only, each with the session's CSRF token): open a
request, move it on, record why the project is behind; each in one transaction, then back to the project."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from chainatlas.projects.model import CAUSES
from chainatlas.services.desk import DeskError, confirm, open_request, request_project, resolve, respond
from chainatlas.services.project_registry import ProjectError
from chainatlas.services.project_views import set_cause
from chainatlas.web.deps import (
    EditUser,
    check_csrf,
    store_of,
)
from chainatlas.web.page_params import (
    FormText,
    Token,
    choice_param,
    date_param,
    http_error,
    whole_number,
)
from chainatlas.web.project_profile import record_of

router = APIRouter(include_in_schema=False)


def _back(project_id: int) -> RedirectResponse:
    return RedirectResponse(f"/projects/{project_id}", status_code=303)


def _edit(request: Request, project_id: str, csrf: str | None, change: Callable[[Session, int], None]) -> Response:
    """Check the token, apply `change` to the project in one transaction, redirect back; 400 with the reason."""
    check_csrf(request, csrf)
    with store_of(request).session() as db:
        number = record_of(db, project_id).id
    try:
        with store_of(request).transaction() as session:
            change(session, number)
    except (DeskError, ProjectError) as error:
        raise http_error(400, str(error)) from None
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
    deadline = date_param(due, "due")
    chosen = choice_param(cause, CAUSES, "cause")

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
    number = whole_number(request_id, "request")

    def step(session: Session, project: int) -> None:
        if request_project(session, number) != project:
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
    chosen = choice_param(cause, CAUSES, "cause")
    return _edit(request, project_id, csrf, lambda session, number: set_cause(session, f"#{number}", chosen, user.name))
