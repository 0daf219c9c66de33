"""Login, logout and user management (admin only): Argon2 password hashes, roles, signed sessions.

Every form carries the session's CSRF token; a login renews the session (a fresh CSRF token, the old
session's content dropped) so a token seen before login is useless after it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from chainatlas.store.users import ROLES, UserError, add_user, authenticate, list_users, remove_user, set_role
from chainatlas.web.deps import AdminUser, Db, check_csrf, store_of, templates_of

router = APIRouter()
FormText = Annotated[str, Form()]


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute URL (no open redirect)."""
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:
    context = {"next": _safe_next(next), "error": None}
    return templates_of(request).TemplateResponse(request, "login.html", context)


@router.post("/login", include_in_schema=False)
def login(request: Request, name: FormText, password: FormText, csrf: FormText, next: FormText = "/") -> Response:
    check_csrf(request, csrf)
    with store_of(request).transaction() as session:
        user = authenticate(session, name, password)
    if user is None:
        context = {"next": _safe_next(next), "error": "wrong"}
        return templates_of(request).TemplateResponse(request, "login.html", context, status_code=401)
    language = request.session.get("lang")
    request.session.clear()
    request.session.update({"user": {"name": user.name, "role": user.role}, "lang": language})
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout", include_in_schema=False)
def logout(request: Request, csrf: FormText) -> Response:
    check_csrf(request, csrf)
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/users", response_class=HTMLResponse, include_in_schema=False)
def users_page(request: Request, admin: AdminUser, db: Db, error: str | None = None) -> Response:
    context = {"users": list_users(db), "roles": ROLES, "error": error}
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
        with store_of(request).session() as session:
            context = {"users": list_users(session), "roles": ROLES, "error": str(error)}
        return templates_of(request).TemplateResponse(request, "users.html", context, status_code=400)
    return RedirectResponse("/users", status_code=303)
