"""A profile's lists, a window at a time cut in the database: every figure an entity's claims state, its
mentions, a cluster's members, an enterprise's clusters and projects; and the platforms a cluster's sources
name. A profile shows the first window of each and links the rest, so no profile grows with the store beyond
its page size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session, aliased

from chainatlas.domain import Decision, ReviewStatus
from chainatlas.paging import Window
from chainatlas.services.queries import (
    Figure,
    Source,
    claim_query,
    claim_rows,
    figure_claims,
    figure_of,
    mention_claims,
    source_of,
)
from chainatlas.store import tables
from chainatlas.store.paging import count, rows


@dataclass(frozen=True, slots=True)
class Member:
    """The far side of a membership (a cluster's firm, a firm's cluster) and what it rests on: a news claim (in
    document `document_id`), a register row (`source`: file, sheet and row), or both."""

    id: int
    name: str
    role: str | None
    decision: str
    claim_id: int | None
    document_id: int | None
    source: str | None


def count_figures(session: Session, entity_id: int) -> int:
    """How many claims of the entity state a figure (every one, not only those a profile shows)."""
    return count(session, claim_query(figure_claims(entity_id)))


def figures_of(session: Session, entity_id: int, window: Window) -> list[Figure]:
    """The window of the entity's figure claims, by metric, period and id."""
    return [figure_of(r) for r in claim_rows(session, figure_claims(entity_id), window)]


def count_mentions(session: Session, entity_id: int) -> int:
    """How many claims of the entity state no figure."""
    return count(session, claim_query(mention_claims(entity_id)))


def mentions_of(session: Session, entity_id: int, window: Window) -> list[Source]:
    """The window of the entity's mentions (claims stating no figure), each with its sentence."""
    return [source_of(r) for r in claim_rows(session, mention_claims(entity_id), window)]


_MemberRow = Select[int, str, str | None, str, int | None, int | None, str | None]


def _memberships(entity_id: int, of_cluster: bool) -> _MemberRow:
    """A cluster's members (`of_cluster`) or an enterprise's clusters, not rejected, by name and id."""
    m = tables.Membership
    other = aliased(tables.Entity)
    near, far = (m.cluster_id, m.enterprise_id) if of_cluster else (m.enterprise_id, m.cluster_id)
    return (
        select(other.id, other.name, m.role, m.decision, m.claim_id, tables.Claim.document_id, m.source)
        .join(m, far == other.id)
        .outerjoin(tables.Claim, tables.Claim.id == m.claim_id)
        .where(near == entity_id, m.decision != Decision.REJECTED)
        .order_by(other.name, other.id, m.id)
    )


def count_members(session: Session, entity_id: int, of_cluster: bool) -> int:
    """How many members a cluster has (`of_cluster`), or clusters an enterprise is placed in."""
    return count(session, _memberships(entity_id, of_cluster))


def members_of(session: Session, entity_id: int, of_cluster: bool, window: Window) -> list[Member]:
    """The window of a cluster's members (`of_cluster`) or of an enterprise's clusters."""
    return [Member(*row) for row in rows(session, _memberships(entity_id, of_cluster), window)]


def _owned(enterprise_id: int) -> Select[tables.Project]:
    return select(tables.Project).where(tables.Project.owner_id == enterprise_id).order_by(tables.Project.id)


def count_owned_projects(session: Session, enterprise_id: int) -> int:
    """How many projects the enterprise owns."""
    return count(session, _owned(enterprise_id))


def owned_projects(session: Session, enterprise_id: int, window: Window) -> list[tables.Project]:
    """The window of the enterprise's projects, by id."""
    return [project for (project,) in rows(session, _owned(enterprise_id), window)]


def platforms_named(session: Session, region_code: str | None, document_ids: Iterable[int]) -> list[str]:
    """The platforms of the division `region_code` that claims (not rejected) of these documents name, by name."""
    query = (
        select(tables.Platform.name)
        .join(tables.Claim, tables.Claim.subject_id == tables.Platform.id)
        .where(
            tables.Claim.document_id.in_(list(document_ids)),
            tables.Claim.status != ReviewStatus.REJECTED,
            tables.Platform.region_code == region_code,
        )
        .group_by(tables.Platform.name)
        .order_by(tables.Platform.name)
    )
    return list(session.scalars(query))


def _paragraph(text: str, at: int) -> tuple[int, int]:
    """Where the line (paragraph) holding offset `at` starts and ends."""
    end = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, len(text) if end < 0 else end


@dataclass(frozen=True, slots=True)
class PlatformNamed:
    """A platform named beside a cluster: its id, name and kind, and the claim that names it first, with its
    source."""

    id: int
    name: str
    kind: str | None
    claim_id: int
    source: Source


def platforms_beside(session: Session, cluster_id: int) -> list[PlatformNamed]:
    """The platforms named in a paragraph that holds one of the cluster's claims, by first mention."""
    c = tables.Claim
    held = session.execute(
        select(c.document_id, tables.Document.text, c.span_start)
        .join(tables.Document, tables.Document.id == c.document_id)
        .where(c.subject_id == cluster_id)
    )
    paragraphs: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for document_id, text, start in held:
        paragraphs[document_id].add(_paragraph(text, start))
    found: dict[int, tuple[tables.Platform, Row[Any]]] = {}
    for row in claim_rows(session, [c.kind == "platform", c.document_id.in_(paragraphs)]):
        claim = row[0]
        platform = session.get_one(tables.Platform, claim.subject_id)
        if platform.id not in found and any(a <= claim.span_start < b for a, b in paragraphs[claim.document_id]):
            found[platform.id] = platform, row
    return [PlatformNamed(p.id, p.name, p.kind, row[0].id, source_of(row)) for p, row in found.values()]
