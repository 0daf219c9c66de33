"""Sessions kept in the store, behind a cookie that holds only a random token (`services.web_sessions`).

`ServerSessions` is the ASGI middleware: a request's session (`Visit`) is read from the store the first
time a route asks for it (`visit_of`), so static files cost nothing, and it is written back just before
the response starts: its CSRF token and language when they changed, the time it was seen (at most once
per `SessionLimits.seen_every`), a new session for a visitor who needs one. The cookie is set only when
the token changes (a new visitor, login, logout, an expired session), never to extend anything: it is
`HttpOnly`, `SameSite=Strict`, and `Secure` when the atlas is served over HTTPS.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from chainatlas.services import web_sessions
from chainatlas.services.stores import Store
from chainatlas.settings import WebSettings

COOKIE = "atlas_session"
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The real clock, in UTC: the app's default; tests hand in their own."""
    return dt.datetime.now(dt.UTC)


@dataclass
class Visit:
    """One request's session: who is logged in (as the store has them now), its CSRF token and language.

    `token` is None for a visitor with no session yet; routes replace it at login and clear it at logout.
    """

    now: dt.datetime
    token: str | None = None
    name: str | None = None
    role: str | None = None
    csrf: str | None = None
    lang: str | None = None
    last_seen: dt.datetime | None = None
    changed: bool = False

    def update(self, *, csrf: str | None = None, lang: str | None = None) -> None:
        """Set the CSRF token or the language, to be written back with the response."""
        if csrf is not None and csrf != self.csrf:
            self.csrf, self.changed = csrf, True
        if lang is not None and lang != self.lang:
            self.lang, self.changed = lang, True

    def replace(self, token: str | None, name: str | None = None, role: str | None = None) -> None:
        """Stand for another session from now on (a new one at login, none at logout); the CSRF token goes."""
        self.token, self.name, self.role, self.csrf, self.last_seen = token, name, role, None, self.now
        self.changed = False


class _Lazy:
    """The request's `Visit`, read from the store on first use."""

    def __init__(self, load: Callable[[], Visit]) -> None:
        self._load = load
        self.visit: Visit | None = None

    def get(self) -> Visit:
        if self.visit is None:
            self.visit = self._load()
        return self.visit


def visit_of(request: Request) -> Visit:
    """This request's session (read from the store the first time it is asked for)."""
    lazy: _Lazy = request.scope["visit"]
    return lazy.get()


class ServerSessions:
    """ASGI middleware: reads the session cookie's token, hands routes a `Visit`, writes it back."""

    def __init__(self, app: ASGIApp, store: Store, settings: WebSettings, clock: Clock) -> None:
        self.app, self.store, self.settings, self.clock = app, store, settings, clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sent = HTTPConnection(scope).cookies.get(COOKIE) or None
        lazy = _Lazy(lambda: self._load(sent))
        scope["visit"] = lazy

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and lazy.visit is not None:
                cookie = await run_in_threadpool(self._save, lazy.visit, sent)
                if cookie:
                    MutableHeaders(scope=message).append("Set-Cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _load(self, token: str | None) -> Visit:
        now = self.clock()
        if token is None:
            return Visit(now)
        with self.store.transaction() as session:
            found = web_sessions.find(session, token, now, self.settings.sessions)
        if found is None:
            return Visit(now)
        return Visit(now, token, found.name, found.role, found.csrf, found.lang, found.last_seen)

    def _save(self, visit: Visit, sent: str | None) -> str | None:
        """Write the visit back; the Set-Cookie header's value when the token changed."""
        limits = self.settings.sessions
        seen_long_ago = visit.last_seen is None or visit.now - visit.last_seen >= limits.seen_every
        if visit.changed or (visit.token is not None and seen_long_ago):
            with self.store.transaction() as session:
                if visit.token is None:
                    visit.token = web_sessions.start(session, visit.now, limits, lang=visit.lang)
                web_sessions.save(session, visit.token, visit.now, visit.csrf, visit.lang)
        if visit.token == sent:
            return None
        return self._cookie(visit.token)

    def _cookie(self, token: str | None) -> str:
        """The Set-Cookie value carrying `token`, or clearing the cookie when None."""
        jar: SimpleCookie = SimpleCookie()
        jar[COOKIE] = token or ""
        morsel = jar[COOKIE]
        morsel["path"], morsel["httponly"], morsel["samesite"] = "/", True, "Strict"
        morsel["max-age"] = int(self.settings.sessions.absolute.total_seconds()) if token else 0
        morsel["secure"] = self.settings.https
        return morsel.OutputString()
