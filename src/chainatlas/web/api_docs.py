"""The API's documentation behind login: `/openapi.json` and Swagger UI at `/docs`, served offline.

Swagger UI comes from the npm package swagger-ui-dist (pinned in web-assets/, copied by scripts/setup into
/static/vendor/swagger-ui/ with its licence); the page starts it from /static/api-docs.js, as the
Content-Security-Policy runs no inline script.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from chainatlas.web.deps import ReadUser, templates_of

router = APIRouter(include_in_schema=False)


@router.get("/openapi.json")
def openapi(request: Request, _user: ReadUser) -> dict[str, Any]:
    """The OpenAPI description of the JSON API."""
    schema: dict[str, Any] = request.app.openapi()
    return schema


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request, _user: ReadUser) -> Response:
    """Swagger UI over `/openapi.json`."""
    return templates_of(request).TemplateResponse(request, "api_docs.html", {})
