"""Claims (every stored figure with its document, span, method and review status), their reviews, and the
assignments resting on a claim: memberships, products, stage events, supply links, chain placements.

Annotations are evaluated as Python reads them (no ``from __future__ import annotations``), see `store.tables`.
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Double, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from chainatlas.domain import Decision, ReviewStatus, Role
from chainatlas.store.tables.base import NAME, Base, one_of


class Claim(Base):
    """One sourced statement: subject, metric, value and where in which document it was read.

    The subject is an entity (`subject_id`) or a region (`region_code`); `kind` is the
    extracted fact's kind and `data` keeps the whole fact as extracted.
    """

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"))
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"))
    subject_name: Mapped[str | None] = mapped_column(NAME)  # the subject as written: a split moves by it
    metric: Mapped[str | None] = mapped_column(String(100))
    value: Mapped[float | None] = mapped_column(Double)
    unit: Mapped[str | None] = mapped_column(String(20))
    qualifier: Mapped[str | None] = mapped_column(String(10))
    period: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(100))
    method_version: Mapped[str] = mapped_column(String(40))
    confidence: Mapped[float | None] = mapped_column(Double)
    status: Mapped[str] = mapped_column(String(10), default=ReviewStatus.PROPOSED, server_default=ReviewStatus.PROPOSED)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    __table_args__ = (
        Index("ix_claims_subject_metric", "subject_id", "metric"),
        Index("ix_claims_subject_type", "subject_type", "subject_id", "document_id"),  # per-kind counts, covering
        Index("ix_claims_region_metric", "region_code", "metric"),
        Index("ix_claims_status", "status"),
        one_of("status", ReviewStatus),
    )


class Review(Base):
    """One review of a claim: the status set, the note, who and when (the claim keeps the latest)."""

    __tablename__ = "claim_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(Text)
    reviewer: Mapped[str] = mapped_column(String(100))
    reviewed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    __table_args__ = (one_of("status", ReviewStatus),)


class Membership(Base):
    """An enterprise placed in a cluster, with a decision and what it rests on: a news claim, or (`source`) the
    register file, sheet and row listing the firm in the cluster."""

    __tablename__ = "memberships"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(12), default=Decision.UNCERTAIN)
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    source: Mapped[str | None] = mapped_column(String(400))
    __table_args__ = (one_of("role", Role, nullable=True), one_of("decision", Decision))


class Product(Base):
    """A product a cluster or enterprise makes, as a claim states it."""

    __tablename__ = "entity_products"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    product: Mapped[str] = mapped_column(String(200))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)


class StageEvent(Base):
    """A dated stage of a project (date as written: ISO day, month, quarter or year)."""

    __tablename__ = "project_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    date: Mapped[str] = mapped_column(String(10))
    planned: Mapped[bool] = mapped_column(Boolean)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)


class SupplyLink(Base):
    """Who supplies whom with what, and the customer's share taken."""

    __tablename__ = "supply_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    product: Mapped[str | None] = mapped_column(String(200))
    share: Mapped[float | None] = mapped_column(Double)
    qualifier: Mapped[str | None] = mapped_column(String(10))
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)


class PlacementDecision(Base):
    """A user's decision on a firm's place on a chain node: `confirmed` or `rejected`.

    Ingestion never writes here, so a decision outlives re-ingesting the documents; the
    placements themselves are computed from the store on demand (`services.chain_views`).
    """

    __tablename__ = "placement_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    chain_id: Mapped[str] = mapped_column(String(60))
    node_id: Mapped[str] = mapped_column(String(60))
    decision: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    __table_args__ = (UniqueConstraint("entity_id", "chain_id", "node_id"), one_of("decision", Decision))

