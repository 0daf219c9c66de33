"""The documents: the list (by title, newest first), a document's text with a page of its facts marked, and the
review of one claim (editors only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from chainatlas.domain import CLAIM_KIND_NAMES, REVIEW_STATUS_NAMES, ReviewStatus
from chainatlas.formatting import format_amount, metric_label
from chainatlas.i18n import _
from chainatlas.paging import Window, page_count
from chainatlas.services.documents import (
    DocumentClaim,
    DocumentText,
    claim_document,
    claims_before,
    count_document_claims,
    count_documents,
    document_claims,
    document_of,
    headline_of,
    list_documents,
)
from chainatlas.services.review import ReviewError, review_claims
from chainatlas.web.api_common import no_such
from chainatlas.web.deps import (
    Db,
    EditUser,
    ReadUser,
    check_csrf,
    settings_of,
    store_of,
)
from chainatlas.web.document_text import Mark, body_start, figure_span, marked, title_of
from chainatlas.web.exports import Cell, Grid
from chainatlas.web.page_answers import page_of, render
from chainatlas.web.page_params import (
    FormText,
    Token,
    choice_param,
    download_asked,
    http_error,
    whole_number,
)

router = APIRouter(include_in_schema=False)


@router.get("/documents", response_class=HTMLResponse)
def document_list(request: Request, user: ReadUser, db: Db, page: str = "1", format: str | None = None) -> Response:
    """Documents by title (the header's, else the first headline, else the file name), newest first, with their
    claim counts; the settings' `page_size` a page."""
    number = whole_number(page, "page", 400)
    total = count_documents(db)
    size = settings_of(request).page_size
    pages = page_count(total, size)
    if not 1 <= number <= pages:
        raise http_error(400, _("页码须在1到{pages}之间，而不是{number}").format(pages=pages, number=number))
    rows = list_documents(db, Window.page(number, size))
    grid = Grid("documents", [_("文档"), _("日期"), _("来源"), _("事实数")], names=frozenset({0, 2}))
    for row in rows:
        day = row.date.isoformat() if row.date else ""
        title = title_of(row.header, row.headline, "", row.name)
        grid.add(Cell(title, f"/documents/{row.id}"), day, Cell(row.source_url or "", row.source_url), str(row.claims))
    if (exported := download_asked(grid, format)) is not None:
        return exported
    return render(request, "documents.html", {"grid": grid, "page": number, "pages": pages, "total": total})


@dataclass(frozen=True, slots=True)
class Fact:
    """A claim of a document as its side list shows it; `anchor` is the mark that shows its span."""

    id: int
    kind: str
    subject: str | None
    metric: str
    value: str
    period: str | None
    status: str
    anchor: int | None
    quoted: bool = False  # the metric is the document's own word (an `x:` label)


def _label(labels: Mapping[str, str], key: str) -> str:
    """`key`'s label in the reader's language; a key without one as written."""
    return _(labels[key]) if key in labels else key


def _value(claim: DocumentClaim) -> str:
    return format_amount(claim.value, claim.unit or "") if claim.value is not None else ""


def _mark(text: str, claim: DocumentClaim) -> Mark:
    title = f"{metric_label(claim.metric)} {_value(claim)}" if claim.metric else _label(CLAIM_KIND_NAMES, claim.kind)
    return Mark(claim.id, *figure_span(text, claim), title)


def _document(db: Session, document_id: str) -> DocumentText:
    found = document_of(db, whole_number(document_id, "document"))
    if found is None:
        raise http_error(404, no_such("document", document_id))
    return found


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(
    request: Request, user: ReadUser, db: Db, document_id: str, facts: int = 1, claim: str | None = None
) -> Response:
    """A document's text with a page (`facts`) of its extracted facts marked, and the list of them; asked for a
    `claim`, the page holding it, scrolled to its mark."""
    document = _document(db, document_id)
    size = settings_of(request).page_size
    if claim is not None:
        before = claims_before(db, document.id, whole_number(claim, "claim"))
        if before is None:
            raise http_error(404, _("文档 #{document} 没有主张 #{claim}").format(document=document.id, claim=claim))
        return RedirectResponse(f"/documents/{document.id}?facts={before // size + 1}#claim-{claim}", status_code=303)
    total = count_document_claims(db, document.id)
    window, facts_page = page_of(facts, total, size)
    rows = document_claims(db, document.id, window)
    text, start = document.text, body_start(document.text)
    shown, anchors = marked(text, start, [_mark(text, claim) for claim in rows])
    title = title_of(document.header, headline_of(db, document.id), text[start:], document.name)
    facts_shown = [
        Fact(
            claim.id, _label(CLAIM_KIND_NAMES, claim.kind), claim.subject,
            metric_label(claim.metric) if claim.metric else "", _value(claim), claim.period,
            _label(REVIEW_STATUS_NAMES, claim.status), anchors.get(claim.id), (claim.metric or "").startswith("x:"),
        )
        for claim in rows
    ]  # fmt: skip
    source = document.header.get("source")
    context = {"document": document, "title": title, "source": source, "marked": shown, "facts": facts_shown,
               "fact_pages": facts_page, "fact_count": total}  # fmt: skip
    return render(request, "document.html", context)


@router.post("/documents/{document_id}/claims/{claim_id}")
def claim_review(
    request: Request,
    user: EditUser,
    document_id: str,
    claim_id: str,
    status: FormText,
    note: Annotated[str, Form()] = "",
    csrf: Token = None,
) -> Response:
    """Accept or reject one claim of the document; back to its mark."""
    check_csrf(request, csrf)
    chosen = choice_param(status, (ReviewStatus.ACCEPTED, ReviewStatus.REJECTED), "status")
    number = whole_number(claim_id, "claim")
    with store_of(request).transaction() as session:
        document = _document(session, document_id)
        if claim_document(session, number) != document.id:
            raise http_error(404, _("文档 #{document} 没有主张 #{claim}").format(document=document.id, claim=number))
        try:
            review_claims(session, [number], str(chosen), user.name, note.strip() or None)
        except ReviewError as error:
            raise http_error(400, str(error)) from None
    return RedirectResponse(f"/documents/{document.id}?claim={number}", status_code=303)
