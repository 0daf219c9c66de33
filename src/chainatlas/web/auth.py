"""Login, logout and user management (admin only): Argon2 password hashes, roles, sessions in the store.

Every form carries the session's CSRF token; a login starts a new session (a new token in the cookie,
a fresh CSRF token, the visitor's session ended) so nothing seen before login is of use after it, and a
logout ends the session in the store, so a copy of the cookie opens nothing. Logins back off after
failures (`services.logins`); a wrong name and a wrong password get the same answer.
"""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chainatlas.domain import USER_ROLES
from chainatlas.i18n import _
from chainatlas.services import web_sessions
from chainatlas.services.logins import BackedOff, log_in
from chainatlas.services.users import LastAdmin, UserError, UserView, add_user, list_users, remove_user, set_role
from chainatlas.web.deps import AdminUser, Db, check_csrf, settings_of, store_of, templates_of
from chainatlas.web.sessions import visit_of

router = APIRouter()
FormText = Annotated[str, Form()]


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute URL (no open redirect)."""
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:
    context = {"next": _safe_next(next), "error": None}
    return templates_of(request).TemplateResponse(request, "login.html", context)


def _refused(request: Request, next: str, backed_off: BackedOff | None) -> Response:
    """The login form again: 401 for a wrong name or password (the same for both), 429 while backed off."""
    templates = templates_of(request)
    if backed_off is None:
        context = {"next": _safe_next(next), "error": "wrong"}
        return templates.TemplateResponse(request, "login.html", context, status_code=401)
    seconds = str(math.ceil(backed_off.wait.total_seconds()))
    wait = {"next": _safe_next(next), "error": "wait", "wait": seconds}
    return templates.TemplateResponse(request, "login.html", wait, status_code=429, headers={"Retry-After": seconds})


@router.post("/login", include_in_schema=False)
def login(request: Request, name: FormText, password: FormText, csrf: FormText, next: FormText = "/") -> Response:
    check_csrf(request, csrf)
    visit, settings = visit_of(request), settings_of(request)
    address = request.client.host if request.client else "unknown"
    with store_of(request).transaction() as session:
        user = log_in(session, name, password, address, visit.now, settings.account_backoff, settings.address_backoff)
        if not isinstance(user, UserView):
            return _refused(request, next, user)
        token = web_sessions.start(session, visit.now, settings.sessions, user.id, visit.lang)
        if visit.token is not None:
            web_sessions.end(session, visit.token)
    visit.replace(token, user.name, user.role)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request, csrf: FormText) -> Response:
    """End this session: in the store, so the cookie (or any copy of it) opens nothing any more."""
    check_csrf(request, csrf)
    visit = visit_of(request)
    if visit.token is not None:
        with store_of(request).transaction() as session:
            web_sessions.end(session, visit.token)
    visit.replace(None)
    return RedirectResponse("/login", status_code=303)


@router.get("/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request, admin: AdminUser, db: Db, error: str | None = None) -> Response:
    context = {"users": list_users(db), "roles": USER_ROLES, "error": error}
    return templates_of(request).TemplateResponse(request, "users.html", context)


@router.post("/users", include_in_schema=False)
def users_change(
    request: Request,
    admin: AdminUser,
    action: FormText,
    name: FormText,
    csrf: FormText,
    role: FormText = "viewer",
    password: FormText = "",
) -> Response:
    check_csrf(request, csrf)
    try:
        with store_of(request).transaction() as session:
            if action == "add":
                add_user(session, name, password, role, admin.name)
            elif action == "role":
                set_role(session, name, role, admin.name)
            elif action == "remove" and name != admin.name:
                remove_user(session, name, admin.name)
            else:
                raise UserError(f"cannot {action} {name!r}")
    except UserError as error:
        message = str(error)
        if isinstance(error, LastAdmin):
            message = _("这是唯一的管理员：请先让另一位用户成为管理员")
        with store_of(request).session() as session:
            context = {"users": list_users(session), "roles": USER_ROLES, "error": message}
        return templates_of(request).TemplateResponse(request, "users.html", context, status_code=400)
    return RedirectResponse("/users", status_code=303)
