"""What every route of the atlas shares: the store session, the language, the user and role, CSRF tokens.

Sessions live in the store behind a cookie that holds only a random token (`web.sessions`): the user's
name and role are read from the store on every request, so a change of role or a removal holds at once.
A session also keeps the reader's language and a random CSRF token that every form posts back. Roles
are ordered: a viewer reads, an editor also reviews claims and edits projects and requests, an admin
also manages users.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from chainatlas import i18n
from chainatlas.domain import USER_ROLES
from chainatlas.i18n import Lang
from chainatlas.ids import MAX_ID
from chainatlas.services.stores import Store
from chainatlas.services.users import ROLE_NAMES
from chainatlas.settings import WebSettings
from chainatlas.web.sessions import visit_of


def role_name(role: str) -> str:
    """A role as the reader's language names it: 'editor' → 编辑者 / Editor."""
    return i18n._(ROLE_NAMES[role]) if role in ROLE_NAMES else role


class LoginRequired(Exception):
    """A page asked for without a logged-in user: the app answers with a redirect to the login page."""


@dataclass(frozen=True, slots=True)
class Viewer:
    """The logged-in user: name and role."""

    name: str
    role: str

    def can(self, role: str) -> bool:
        """Whether this user's role is `role` or above."""
        return USER_ROLES.index(self.role) >= USER_ROLES.index(role)


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def settings_of(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


def db(request: Request) -> Iterator[Session]:
    """A read session on the app's store for one request."""
    with store_of(request).session() as session:
        yield session


def templates_of(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


def lang(request: Request) -> Lang:
    """The page language: `?lang=` if given, else the session's choice, else the settings' (Chinese unless set)."""
    visit = visit_of(request)
    asked = request.query_params.get("lang")
    if asked in ("zh", "en"):
        visit.update(lang=asked)
    chosen = visit.lang or settings_of(request).language
    return "en" if chosen == "en" else "zh"


async def read_in_language(request: Request) -> None:
    """Every route's first dependency: strings (`i18n._`) read in the request's language from here on."""
    i18n.use(await run_in_threadpool(lang, request))  # the session may have to be read from the store


def current_user(request: Request) -> Viewer | None:
    """The logged-in user with their role as the store has it now, or None."""
    visit = visit_of(request)
    if visit.name is not None and visit.role in USER_ROLES:
        return Viewer(visit.name, visit.role)
    return None


def require(role: str = "viewer") -> Callable[[Request], Viewer]:
    """A dependency: the logged-in user with at least `role`; pages redirect to login, the API answers 401/403."""

    def check(request: Request) -> Viewer:
        user = current_user(request)
        if user is None:
            if request.url.path.startswith("/api/"):
                raise HTTPException(status_code=401, detail="log in first")
            raise LoginRequired
        if not user.can(role):
            raise HTTPException(status_code=403, detail=f"needs the {role} role; {user.name} is a {user.role}")
        return user

    return check


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use; templates put it in every form."""
    visit = visit_of(request)
    token = visit.csrf or secrets.token_urlsafe(32)
    visit.update(csrf=token)
    return token


def check_csrf(request: Request, token: str | None) -> None:
    """Refuse (403) a form whose token is not this session's (compared as bytes: a token may hold any text)."""
    expected = visit_of(request).csrf
    if expected is None or not token or not hmac.compare_digest(expected.encode(), token.encode()):
        raise HTTPException(status_code=403, detail="the form has expired or did not come from this atlas")


async def refuse_nul(request: Request) -> None:
    """Refuse (400) a request with a NUL character in its path, query or form: no text the atlas keeps holds one,
    and PostgreSQL refuses it in any query parameter (a 500 otherwise)."""
    form = await request.form() if request.method == "POST" else {}
    texts = [request.url.path, *request.query_params.keys(), *request.query_params.values(), *form.keys()]
    texts += [value for value in form.values() if isinstance(value, str)]
    if any("\x00" in text for text in texts):
        raise HTTPException(status_code=400, detail="a NUL character in the request")


Db = Annotated[Session, Depends(db)]
StoreId = Annotated[int, Path(ge=1, le=MAX_ID, description="the record's id")]
ReadUser = Annotated[Viewer, Depends(require("viewer"))]
EditUser = Annotated[Viewer, Depends(require("editor"))]
AdminUser = Annotated[Viewer, Depends(require("admin"))]
PageLang = Annotated[Lang, Depends(lang)]
