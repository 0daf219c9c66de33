"""The minimal web page: clusters with their figures, each figure with its source sentence.

Every asset is inline in the templates, so the page works on an intranet with no internet.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader
from sqlalchemy import text
from starlette.middleware.base import RequestResponseEndpoint
from starlette.responses import Response

from chainatlas.store.queries import find_profile, list_clusters
from chainatlas.store.session import Store
from chainatlas.web.format import format_period, format_value, level_label, metric_label

# Only our own origin: nothing on the page may load from elsewhere.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'self'"


def _templates() -> Jinja2Templates:
    env = Environment(loader=PackageLoader("chainatlas.web", "templates"), autoescape=True)
    env.filters.update(
        value=format_value, period=format_period, level=level_label, metric=metric_label
    )
    return Jinja2Templates(env=env)


def create_app(db_url: str | None = None) -> FastAPI:
    """The web app over the store at `db_url` (default: `$CHAINATLAS_DB`, else ./atlas.db)."""
    store = Store(db_url)
    templates = _templates()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.dispose()

    app = FastAPI(title="chainatlas", lifespan=lifespan, docs_url=None, redoc_url=None)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    @app.get("/", response_class=HTMLResponse)
    def clusters(request: Request) -> HTMLResponse:
        with store.session() as session:
            rows = list_clusters(session)
        return templates.TemplateResponse(request, "clusters.html", {"clusters": rows})

    @app.get("/clusters/{name}", response_class=HTMLResponse)
    def profile(request: Request, name: str) -> HTMLResponse:
        with store.session() as session:
            found = find_profile(session, name)
        if found is None:
            raise HTTPException(status_code=404, detail=f"no cluster or enterprise called {name}")
        return templates.TemplateResponse(request, "profile.html", {"profile": found})

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        with store.session() as session:
            session.execute(text("select 1"))
        return {"status": "ok"}

    return app
