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

The tables are defined by theme in this package's modules and all named here, so
`from chainatlas.store import tables; tables.Claim` and the migrations see one schema.
"""

from chainatlas.store.tables.accounts import LoginThrottle, Setting, User, WebSession
from chainatlas.store.tables.base import CODE, NAME, NAMING, Base, UtcDateTime
from chainatlas.store.tables.claims import Claim, Membership, PlacementDecision, Product, Review, StageEvent, SupplyLink
from chainatlas.store.tables.documents import Article, Document
from chainatlas.store.tables.entities import Alias, Cluster, Decision, Enterprise, Entity, Platform, Project, Resolution
from chainatlas.store.tables.jobs import IngestRun, PendingWrite, UploadJob
from chainatlas.store.tables.projects import AuditEntry, ProjectStage, ServiceRequest, StageBenchmark
from chainatlas.store.tables.statistics import Dataset, Statistic
from chainatlas.store.tables.taxonomies import Industry, Region

__all__ = [
    "CODE",
    "NAME",
    "NAMING",
    "Alias",
    "Article",
    "AuditEntry",
    "Base",
    "Claim",
    "Cluster",
    "Dataset",
    "Decision",
    "Document",
    "Enterprise",
    "Entity",
    "Industry",
    "IngestRun",
    "LoginThrottle",
    "Membership",
    "PendingWrite",
    "PlacementDecision",
    "Platform",
    "Product",
    "Project",
    "ProjectStage",
    "Region",
    "Resolution",
    "Review",
    "ServiceRequest",
    "Setting",
    "StageBenchmark",
    "StageEvent",
    "Statistic",
    "SupplyLink",
    "UploadJob",
    "User",
    "UtcDateTime",
    "WebSession",
]
