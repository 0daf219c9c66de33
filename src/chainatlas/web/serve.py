"""Serving the web atlas with uvicorn (`chainatlas serve`): one process, or several sharing the store.

Everything a request needs between requests lives in the store (sessions, CSRF tokens, login back-off), so
any number of processes can serve one atlas: with `workers` > 1 uvicorn starts that many, each building the
app from the environment (`$CHAINATLAS_DB`, set here to the store served, and `$CHAINATLAS_HTTPS`).
"""

from __future__ import annotations

import os

import uvicorn

from chainatlas.services.stores import database_url
from chainatlas.settings import DB_VAR, WebSettings
from chainatlas.web.app import create_app

# What each worker process imports and calls to build its app (`create_app()` reads the environment).
APP_FACTORY = "chainatlas.web.app:create_app"


def serve(
    db_url: str | None, settings: WebSettings, host: str = "127.0.0.1", port: int = 8000, workers: int = 1
) -> None:
    """Serve the atlas at http://host:port until interrupted, in `workers` processes."""
    if workers == 1:
        uvicorn.run(create_app(db_url, settings), host=host, port=port, log_level="info")
        return
    os.environ[DB_VAR] = database_url(db_url)
    uvicorn.run(APP_FACTORY, factory=True, workers=workers, host=host, port=port, log_level="info")
