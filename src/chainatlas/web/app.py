"""The web atlas: server-rendered pages in Chinese (English on request) and a JSON API under /api/.

`create_app` wires the parts: the store, sessions kept in the store behind an opaque cookie
(`web.sessions`), security headers (nothing loads from another origin: scripts, styles and the ECharts
library are served from /static; nothing but /static may be cached), the login redirect, and the
routers of `web.auth` (login, users), `web.api` (REST), `web.api_docs` (/openapi.json, Swagger UI at
/docs), the atlas pages (`web.overview_pages`: overview, clusters; `web.profile_pages`: cluster and
enterprise profiles, enterprises; `web.chain_pages`; `web.region_pages`: counties, specialisation), the
project pages (`web.project_board`, `web.project_profile`, `web.service_desk_pages`), `web.document_pages`,
`web.search_page` and `web.uploads` (documents and workbooks sent from the browser, run as jobs).
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from importlib.resources import files
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader
from sqlalchemy import text
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import RequestResponseEndpoint
from starlette.responses import Response

from chainatlas import i18n
from chainatlas.formatting import format_amount, format_period, format_value, level_label, metric_label
from chainatlas.logs import configure, event
from chainatlas.services.stores import Store
from chainatlas.services.uploads import Runner, in_thread
from chainatlas.settings import WebSettings
from chainatlas.web import (
    api,
    api_docs,
    auth,
    briefings,
    chain_pages,
    document_pages,
    overview_pages,
    profile_pages,
    project_board,
    project_profile,
    region_pages,
    search_page,
    service_desk_pages,
    uploads,
)
from chainatlas.web.deps import (
    LoginRequired,
    csrf_token,
    current_user,
    lang,
    read_in_language,
    refuse_nul,
    role_name,
)  # fmt: skip
from chainatlas.web.exports import shown
from chainatlas.web.links import is_link
from chainatlas.web.sessions import Clock, ServerSessions, utc_now

# Only our own origin: nothing on a page may load from elsewhere, and no inline script runs.
_log = logging.getLogger(__name__)
_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _context(request: Request) -> dict[str, Any]:
    """What every template sees besides `_()` and `pgettext()`: the language, the user, the CSRF token."""
    return {"lang": lang(request), "user": current_user(request), "csrf": csrf_token(request)}


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("chainatlas.web", "templates"), autoescape=True, extensions=["jinja2.ext.i18n"]
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        i18n._, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
    )
    env.filters.update(
        value=format_value, period=format_period, level=level_label, metric=metric_label, amount=format_amount,
        shown=shown, role=role_name, said=i18n.stored_text,
    )
    env.tests["link"] = is_link  # {% if url is link %}<a href=…>: only http(s) and this site's paths
    return Jinja2Templates(env=env, context_processors=[_context])


def create_app(
    db_url: str | None = None,
    settings: WebSettings | None = None,
    clock: Clock = utc_now,
    upload_runner: Runner = in_thread,
) -> FastAPI:
    """The web app over the store at `db_url` (default: `$CHAINATLAS_DB`, else ./atlas.db).

    `settings` default to `WebSettings.from_env()`; `clock` gives the time sessions and logins are judged at;
    `upload_runner` runs upload jobs (default: a background thread each).
    """
    settings = settings or WebSettings.from_env()
    configure(settings.log_level)
    store = Store(db_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.dispose()

    app = FastAPI(
        title="chainatlas", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None,
        dependencies=[Depends(refuse_nul), Depends(read_in_language)],
    )
    app.state.store = store
    app.state.settings = settings
    app.state.templates = _templates()
    app.state.upload_runner = upload_runner
    app.state.clock = clock
    app.add_middleware(ServerSessions, store=store, settings=settings, clock=clock)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: RequestResponseEndpoint) -> Response:
        began = time.perf_counter()
        response = await call_next(request)
        if not request.url.path.startswith("/static/"):
            visit = request.scope.get("visit")
            user = visit.visit.name if visit is not None and visit.visit is not None else None
            event(_log, "request", method=request.method, path=request.url.path, status=response.status_code,
                  ms=round((time.perf_counter() - began) * 1000), user=user or "-")  # fmt: skip
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"  # pages and data behind login stay out of caches
        return response

    @app.exception_handler(StarletteHTTPException)
    async def error_page(request: Request, error: StarletteHTTPException) -> Response:
        """Pages answer an error with a page in the reader's language; the API keeps FastAPI's JSON."""
        if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
            return await http_exception_handler(request, error)
        plain = error.detail == HTTPStatus(error.status_code).phrase  # Starlette's own 'Not Found': the title says it
        context = {"message": "" if plain else error.detail, "status": error.status_code}
        with i18n.language(lang(request)):  # also when no route was found, so none set it
            page: Response = app.state.templates.TemplateResponse(
                request, "error.html", context, status_code=error.status_code
            )
        return page

    @app.exception_handler(LoginRequired)
    async def to_login(request: Request, _error: LoginRequired) -> RedirectResponse:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        with store.session() as session:
            session.execute(text("select 1"))
        return {"status": "ok"}

    app.mount("/static", StaticFiles(directory=str(files("chainatlas.web") / "static")), name="static")
    pages = (overview_pages, profile_pages, chain_pages, region_pages, project_board, project_profile,
             service_desk_pages, document_pages, search_page)  # fmt: skip
    for module in (auth, api, api_docs, *pages, briefings, uploads):
        app.include_router(module.router)
    return app
