"""Search: clusters, enterprises and projects by name or alias, documents by their text, each with how many
matched and the first few."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from chainatlas.services.search import documents_holding, entities_named
from chainatlas.web.deps import (
    Db,
    ReadUser,
)
from chainatlas.web.document_text import title_of
from chainatlas.web.page_answers import render

router = APIRouter(include_in_schema=False)


RESULTS = 50  # search results shown per section


SNIPPET = 40  # characters either side of a search match


_ENTITY_PAGES = {"cluster": "/clusters", "enterprise": "/enterprises", "project": "/projects"}


@dataclass(frozen=True, slots=True)
class Section:
    """One kind of search result: how many matched and the first `RESULTS` of them (name, link, snippet)."""

    key: str
    count: int
    hits: list[tuple[str, str, Markup | None]]


def _entities(db: Session, kind: str, q: str) -> Section:
    """Entities of `kind` whose name or an alias contains `q`."""
    count, found = entities_named(db, kind, q, RESULTS)
    return Section(kind, count, [(name, f"{_ENTITY_PAGES[kind]}/{number}", None) for number, name in found])


def _snippet(text: str, q: str) -> Markup:
    """The text around the first match of `q`, escaped, the match in `<mark>`."""
    at = max(0, text.lower().find(q.lower()))
    stop = at + len(q)
    start, end = max(0, at - SNIPPET), min(len(text), stop + SNIPPET)
    before = ("…" if start else "") + text[start:at]
    after = text[stop:end] + ("…" if end < len(text) else "")
    return Markup("{}<mark>{}</mark>{}").format(before, text[at:stop], after)


def _documents(db: Session, q: str) -> Section:
    """Documents whose text contains `q`, each with the text around the match."""
    count, found = documents_holding(db, q, RESULTS)
    hits: list[tuple[str, str, Markup | None]] = [
        (title_of(header, first, "", name), f"/documents/{n}", _snippet(text, q))
        for n, name, header, first, text in found
    ]
    return Section("document", count, hits)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, user: ReadUser, db: Db, q: str = "") -> Response:
    """Clusters, enterprises and projects by name or alias, documents by their text."""
    q = q.strip()
    sections = [*(_entities(db, kind, q) for kind in _ENTITY_PAGES), _documents(db, q)] if q else []
    return render(request, "search.html", {"q": q, "sections": sections, "cap": RESULTS})
