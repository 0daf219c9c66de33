"""Serving the web page with uvicorn (`chainatlas serve`)."""

from __future__ import annotations

import uvicorn

from chainatlas.settings import WebSettings
from chainatlas.web.app import create_app


def serve(db_url: str | None, settings: WebSettings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the atlas at http://host:port until interrupted."""
    uvicorn.run(create_app(db_url, settings), host=host, port=port, log_level="info")
