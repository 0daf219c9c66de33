"""Entities (clusters, enterprises, platforms, projects, and names the resolver could not place) in one
`entities` table extended by joined-table inheritance; their aliases and the resolver's decisions.

Annotations are evaluated as Python reads them (no ``from __future__ import annotations``), see `store.tables`.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import JSON, DateTime, Double, ForeignKey, Index, Integer, String, Text, UniqueConstraint, func, text
from sqlalchemy.orm import Mapped, mapped_column

from chainatlas.store.tables.base import CODE, NAME, Base

# Enterprises a chain can place from their register record (products or an industry code).
PLACEABLE = "products IS NOT NULL OR industry_code IS NOT NULL"


class Entity(Base):
    """Anything claims are about besides regions; `type` names its subtype table."""

    __tablename__ = "entities"
    id: Mapped[int] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(NAME)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    __table_args__ = (Index("ix_entities_type_name", "type", "name"),)
    __mapper_args__: Mapping[str, Any] = {"polymorphic_on": "type", "polymorphic_identity": "other"}


class Cluster(Entity):
    """An industrial cluster; `region_code` (on the entity) is its county, city or province."""

    __tablename__ = "clusters"
    id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    level: Mapped[str | None] = mapped_column(String(20))
    recognised_year: Mapped[int | None] = mapped_column(Integer)
    __mapper_args__: Mapping[str, Any] = {"polymorphic_identity": "cluster"}


class Enterprise(Entity):
    """A company or one of its branches; a firm of the enterprise register (规上工业企业名录) also has its record.

    The register's columns (`credit_code`, the key a re-import updates by; the township's 9-digit code; the
    GB/T 4754 code; main products; output in yuan; employees; SME class; the file and row they came from) are
    empty for a firm known only from documents. `region_code` (on the entity) is the county.
    """

    __tablename__ = "enterprises"
    id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True, index=True)
    township_code: Mapped[str | None] = mapped_column(String(12), index=True)
    industry_code: Mapped[str | None] = mapped_column(String(8))
    products: Mapped[list[str] | None] = mapped_column(JSON)
    output_value: Mapped[float | None] = mapped_column(Double)
    employees: Mapped[int | None] = mapped_column(Integer)
    sme_class: Mapped[str | None] = mapped_column(String(20))
    register_source: Mapped[str | None] = mapped_column(String(400))
    __mapper_args__: Mapping[str, Any] = {"polymorphic_identity": "enterprise"}
    # the firms a chain can place (`chain_records.Atlas`), found without reading every firm
    __table_args__ = (
        Index("ix_enterprises_placeable", "id", sqlite_where=text(PLACEABLE), postgresql_where=text(PLACEABLE)),
    )


class Platform(Entity):
    """An innovation platform, institute, workstation, park or zone."""

    __tablename__ = "platforms"
    id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    __mapper_args__: Mapping[str, Any] = {"polymorphic_identity": "platform"}


class Project(Entity):
    """An investment, public-service or technical-upgrade project: owner, place, money, the chain node it serves.

    `code` is the registry's own number (项目编号), the key a re-import updates by; `cause` is why the
    project is behind (a key of `projects.model.CAUSES`). Money in yuan, area in m².
    """

    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("enterprises.id"), index=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("platforms.id"), index=True)
    investment: Mapped[float | None] = mapped_column(Double)
    kind: Mapped[str] = mapped_column(String(12), default="investment", server_default="investment")
    code: Mapped[str | None] = mapped_column(String(60), unique=True)
    expected_output: Mapped[float | None] = mapped_column(Double)
    area: Mapped[float | None] = mapped_column(Double)
    chain_id: Mapped[str | None] = mapped_column(String(60))
    node_id: Mapped[str | None] = mapped_column(String(60))
    cause: Mapped[str | None] = mapped_column(String(20))
    __mapper_args__: Mapping[str, Any] = {"polymorphic_identity": "project"}


class Alias(Base):
    """A name an entity is written as; `normalised` is what the resolver matches on."""

    __tablename__ = "entity_aliases"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    entity_type: Mapped[str] = mapped_column(String(20))
    alias: Mapped[str] = mapped_column(NAME)
    normalised: Mapped[str] = mapped_column(NAME)
    stem: Mapped[str | None] = mapped_column(String(3))  # normalised[:3], for the short-name rule
    place_code: Mapped[str | None] = mapped_column(CODE)  # the region the alias itself is written with
    __table_args__ = (
        UniqueConstraint("entity_id", "alias"),
        Index("ix_entity_aliases_normalised", "normalised", "entity_type"),
        Index("ix_entity_aliases_stem", "stem", "entity_type"),
    )


class Resolution(Base):
    """Why a name belongs to an entity: the name, the alias it matched, the rule, document and when.

    `decided_by` is `resolver` for ingestion, else the user who merged or split.
    """

    __tablename__ = "entity_resolutions"
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(NAME)
    matched: Mapped[str | None] = mapped_column(NAME)
    rule: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Decision(Base):
    """A user's rule between two folded names: `must_link` (one entity) or `cannot_link` (two).

    The pair is stored once, `left` < `right`; the resolver consults these before any other rule.
    """

    __tablename__ = "entity_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))
    left: Mapped[str] = mapped_column(NAME, index=True)
    right: Mapped[str] = mapped_column(NAME, index=True)
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    __table_args__ = (UniqueConstraint("kind", "left", "right"),)

