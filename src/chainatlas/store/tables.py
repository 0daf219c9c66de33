"""The store's schema: taxonomies, documents, entities, assignments and claims.

Reference taxonomies (regions, industries) are keyed by their official codes.
Entities (clusters, enterprises, platforms, projects, and names the resolver could
not place) share one `entities` table and extend it by joined-table inheritance, so
that claims, aliases and supply links point at any of them with a real foreign key.
Every stored figure is a `Claim` with its document, span, method and review status;
assignments (memberships, products, stage events, supply links) name the claim they
rest on. One schema for SQLite and PostgreSQL; Alembic's revisions reproduce it.

The annotations are evaluated as Python reads them (no ``from __future__ import annotations``): SQLAlchemy then
takes the `Mapped` types as they are instead of evaluating hundreds of strings each time a command starts.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NAME = String(300)
CODE = String(12)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A moment that must carry its time zone, stored in UTC and read back in UTC on both backends.

    SQLite keeps no zone (its values are UTC); PostgreSQL's `timestamptz` does.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"time {value.isoformat()} has no time zone")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


# ---------------------------------------------------------------- taxonomies


class Region(Base):
    """An administrative division (province, prefecture or county) by its statistical code."""

    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(CODE, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    level: Mapped[str] = mapped_column(String(20))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    functional: Mapped[bool] = mapped_column(Boolean, default=False)


class Industry(Base):
    """A GB/T 4754-2017 code: section (A…T), division, group or class (2, 3, 4 digits)."""

    __tablename__ = "industries"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("industries.code"), index=True)


# ---------------------------------------------------------------- documents


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


# ---------------------------------------------------------------- entities


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


# ---------------------------------------------------------------- claims


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
    status: Mapped[str] = mapped_column(String(10), default="proposed", server_default="proposed")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    __table_args__ = (
        Index("ix_claims_subject_metric", "subject_id", "metric"),
        Index("ix_claims_subject_type", "subject_type", "subject_id", "document_id"),  # per-kind counts, covering
        Index("ix_claims_region_metric", "region_code", "metric"),
        Index("ix_claims_status", "status"),
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


# ---------------------------------------------------------------- assignments


class Membership(Base):
    """An enterprise placed in a cluster, with a decision and what it rests on: a news claim, or (`source`) the
    register file, sheet and row listing the firm in the cluster."""

    __tablename__ = "memberships"
    id: Mapped[int] = mapped_column(primary_key=True)
    enterprise_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int] = mapped_column(ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    role: Mapped[str | None] = mapped_column(String(20))
    decision: Mapped[str] = mapped_column(String(12), default="uncertain")
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    source: Mapped[str | None] = mapped_column(String(400))


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


# ---------------------------------------------------------------- chains


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
    __table_args__ = (UniqueConstraint("entity_id", "chain_id", "node_id"),)


# ---------------------------------------------------------------- statistics


class Dataset(Base):
    """An imported statistical panel (a yearbook table): one metric by region, activity and year.

    Regions and activities are kept as the file writes their codes (administrative codes and
    GB/T 4754 codes for Chinese yearbooks, anything else for a reference panel such as world trade).
    """

    __tablename__ = "datasets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    metric: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str | None] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Statistic(Base):
    """One cell of a dataset: the value of its metric for a region, an activity and a year (or none)."""

    __tablename__ = "statistics"
    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("datasets.id", ondelete="CASCADE"), index=True)
    region: Mapped[str] = mapped_column(String(40))
    activity: Mapped[str] = mapped_column(String(60))
    year: Mapped[str | None] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Double)
    __table_args__ = (UniqueConstraint("dataset_id", "region", "activity", "year"),)


# ---------------------------------------------------------------- project registry and service desk


class ProjectStage(Base):
    """A stage's planned and actual date as the registry keeps them (an import or a user), with the source.

    Dates are written as in `project_events` (day, month, quarter or year). They override what claims
    say for the same stage; ingestion never writes here.
    """

    __tablename__ = "project_stages"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    planned: Mapped[str | None] = mapped_column(String(10))
    actual: Mapped[str | None] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(300))
    __table_args__ = (UniqueConstraint("project_id", "stage"),)


class StageBenchmark(Base):
    """A user's benchmark for the months from one stage to another, for a chain or a zone (or all), for one
    kind of project or (`kind` empty) every kind."""

    __tablename__ = "stage_benchmarks"
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(10))
    key: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12), default="", server_default="")
    from_stage: Mapped[str] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    min_months: Mapped[float] = mapped_column(Double)
    max_months: Mapped[float] = mapped_column(Double)
    __table_args__ = (UniqueConstraint("scope", "key", "kind", "from_stage", "to_stage"),)


class ServiceRequest(Base):
    """A request on a project through its loop: opened → responded → resolved → confirmed by the enterprise."""

    __tablename__ = "service_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    need: Mapped[str] = mapped_column(Text)
    department: Mapped[str] = mapped_column(String(100))
    owner: Mapped[str] = mapped_column(String(100))
    due: Mapped[dt.date] = mapped_column(Date)
    cause: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="open")
    opened_by: Mapped[str] = mapped_column(String(100))
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    response: Mapped[str | None] = mapped_column(Text)
    responded_by: Mapped[str | None] = mapped_column(String(100))
    responded_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_by: Mapped[str | None] = mapped_column(String(100))
    confirmed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """One change to a project, a stage, a benchmark or a request: who, when, what, and the values before and after."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(100))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    __table_args__ = (Index("ix_audit_log_subject", "subject_type", "subject_id"),)


# ---------------------------------------------------------------- web users


class User(Base):
    """Someone who logs into the web atlas: a role (viewer, editor, admin) and an Argon2 password hash."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Setting(Base):
    """A setting of this atlas kept in the store: a key and its text."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class WebSession(Base):
    """A logged-in (or not yet logged-in) browser: the cookie holds a random token, this row its SHA-256.

    `expires_at` is fixed at login (the absolute limit); `last_seen` moves with requests (the idle limit).
    """

    __tablename__ = "web_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    csrf: Mapped[str | None] = mapped_column(String(64))
    lang: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_seen: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class LoginThrottle(Base):
    """Failed logins in a row for one account name or one client address, and until when logins wait."""

    __tablename__ = "login_throttle"
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    blocked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class IngestRun(Base):
    """One `chainatlas ingest`: what it reads, how far it got and how it ended (`running` until it ends: a run
    killed outright stays `running`, and `ingest --resume ID` takes it up again)."""

    __tablename__ = "ingest_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(12))
    engine: Mapped[str] = mapped_column(String(10))
    paths: Mapped[list[str]] = mapped_column(JSON)
    date: Mapped[str | None] = mapped_column(String(10))
    files: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer, default=0)
    added: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    claims: Mapped[int] = mapped_column(Integer, default=0)


class PendingWrite(Base):
    """A document whose names are resolved (its entities and aliases stored) and whose rows wait for a writer
    process (`services.writers`): its digest, the id kept for it, its rows (`claims.DocumentRows.as_json`)."""

    __tablename__ = "pending_writes"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[int] = mapped_column(Integer)
    rows: Mapped[dict[str, Any]] = mapped_column(JSON)


class UploadJob(Base):
    """A file upload from the web atlas, run in the background: its kind and settings, its state (pending,
    running, done, failed), how far it is (`done` of `total` rows or files), once done its report, and the
    process running it (`runner_*`: host, id, start), by which a job whose server died is found and ended."""

    __tablename__ = "upload_jobs"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(10))
    files: Mapped[list[str]] = mapped_column(JSON)
    options: Mapped[dict[str, Any]] = mapped_column(JSON)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    runner_host: Mapped[str | None] = mapped_column(String(255))
    runner_pid: Mapped[int | None] = mapped_column(Integer)
    runner_started: Mapped[str | None] = mapped_column(String(30))
