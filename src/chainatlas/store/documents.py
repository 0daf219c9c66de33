"""Documents as the shells list and search them: a page of them newest first, and those holding some text.

Search reads the trigram index migration 0010 builds: on SQLite the FTS5 table `document_search` narrows the
documents to those holding every trigram of the text asked (three characters or more; a shorter one such as
嘉兴 has none, and is looked for in every row), and the same `lower(…) LIKE '%…%'` as without an index then
decides, so the index changes only the speed, never the answer. On PostgreSQL the planner uses the `pg_trgm`
GIN indexes on `lower(name)` and `lower(text)` for that very condition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, column, func, literal_column, or_, select, table
from sqlalchemy.orm import InstrumentedAttribute, Session

from chainatlas.store import tables
from chainatlas.store.paging import Window, count, rows

TRIGRAM = 3  # the shortest text the trigram index can look up
_INDEX = table("document_search", column("rowid"))
# What migration 0010 builds beside the models (FTS5 keeps its index in shadow tables `document_search_*`).
SEARCH_INDEX = frozenset({"document_search", "ix_documents_name_trgm", "ix_documents_text_trgm"})


def beside_models(name: str | None) -> bool:
    """Whether a database object is part of the search index, which the models do not describe."""
    return name is not None and (name in SEARCH_INDEX or name.startswith("document_search_"))


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A document in a list: its name, header, first headline, date, source and how many claims were read."""

    id: int
    name: str
    header: dict[str, Any]
    headline: str | None
    date: dt.date | None
    source_url: str | None
    claims: int


def first_headline() -> ScalarSelect[str]:
    """The headline of the document's first article, for a query over documents."""
    a = tables.Article
    return select(a.headline).where(a.document_id == tables.Document.id).order_by(a.id).limit(1).scalar_subquery()


def _listed() -> Select[int, str, dict[str, Any], str, dt.date | None, str | None, int]:
    d = tables.Document
    claims = select(func.count(tables.Claim.id)).where(tables.Claim.document_id == d.id).scalar_subquery()
    return select(d.id, d.name, d.header, first_headline(), d.date, d.source_url, claims)


def count_documents(session: Session, *where: ColumnElement[bool]) -> int:
    """How many documents there are (meeting `where`)."""
    return count(session, select(tables.Document.id).where(*where))


def list_documents(session: Session, window: Window, *where: ColumnElement[bool]) -> list[DocumentRow]:
    """A window of the documents (meeting `where`), newest first (undated last), then by id."""
    d = tables.Document
    query = _listed().where(*where).order_by(d.date.desc().nulls_last(), d.id)
    return [DocumentRow(i, n, h, line, day, url, c) for i, n, h, line, day, url, c in rows(session, query, window)]


def _like(part: str) -> str:
    """A LIKE pattern for text holding `part` (escaped with /)."""
    escaped = part.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def holding(session: Session, part: str, *, names: bool = False) -> ColumnElement[bool]:
    """Documents whose text (with `names`, or name) holds `part`, ignoring case; through the trigram index."""
    d = tables.Document
    columns: list[InstrumentedAttribute[str]] = [d.name, d.text] if names else [d.text]
    pattern = _like(part.lower())
    found = or_(*(func.lower(c).like(pattern, escape="/") for c in columns))
    if session.get_bind().dialect.name != "sqlite" or len(part) < TRIGRAM:
        return found
    phrase = '"' + part.replace('"', '""') + '"'
    indexed = select(_INDEX.c.rowid).where(literal_column("document_search").op("MATCH")(phrase))
    return d.id.in_(indexed) & found
