"""Documents as read, and the articles a page is cut into.

Annotations are evaluated as Python reads them (no ``from __future__ import annotations``), see `store.tables`.
"""

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from chainatlas.store.tables.base import NAME, Base


class Document(Base):
    """A source document: its original bytes, decoded text and metadata."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(NAME, index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    text: Mapped[str] = mapped_column(Text)
    encoding: Mapped[str] = mapped_column(String(40))
    header: Mapped[dict[str, Any]] = mapped_column(JSON)
    date: Mapped[dt.date | None] = mapped_column(Date)
    source_url: Mapped[str | None] = mapped_column(String(2000))
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Article(Base):
    """One article of a document: headline, bylines, dateline and body span."""

    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    headline: Mapped[str] = mapped_column(Text)
    reporters: Mapped[list[str]] = mapped_column(JSON)
    correspondents: Mapped[list[str]] = mapped_column(JSON)
    photographers: Mapped[list[str]] = mapped_column(JSON)
    dateline: Mapped[str | None] = mapped_column(String(10))
    continued_on: Mapped[str | None] = mapped_column(String(20))
    kind_of: Mapped[str] = mapped_column(String(10))
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    text_start: Mapped[int] = mapped_column(Integer)
    text_end: Mapped[int] = mapped_column(Integer)

