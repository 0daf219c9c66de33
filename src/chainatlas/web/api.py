"""The JSON API under /api/: clusters, enterprises, projects, requests, documents, claims, chains, search.

Read-only, for the web layer and other systems. Every route needs a logged-in user (401 otherwise);
answers are Pydantic models, so /openapi.json documents them. Lists are paged (`api_common.Paging`).
The routes live in `api_atlas` (clusters, enterprises), `api_projects` (projects, roll-ups, requests),
`api_sources` (documents, claims, search) and `api_chains` (chains, gaps, overlap, specialisation).
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from chainatlas.web import api_atlas, api_chains, api_projects, api_sources
from chainatlas.web.deps import require

router = APIRouter(prefix="/api", dependencies=[Depends(require("viewer"))])
for module in (api_atlas, api_projects, api_sources, api_chains):
    router.include_router(module.router)
