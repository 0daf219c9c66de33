"""Read models the shells (CLI, web) show: cluster lists and profiles, every figure sourced.

INTERFACE STUB — to be implemented by the store work (see the signatures below).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from chainatlas.domain import Span


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure came from: the document, its date and the sentence holding the span."""

    document: str
    document_id: int
    date: str | None
    span: Span
    sentence: str


@dataclass(frozen=True, slots=True)
class Figure:
    """One claimed value of a metric, with its source."""

    metric: str
    value: float
    unit: str
    qualifier: str
    period: str | None
    source: Source


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    name: str
    county: str | None
    region_code: str | None
    level: str | None
    output_value: Figure | None
    enterprise_count: Figure | None
    source_count: int


@dataclass(frozen=True, slots=True)
class Profile:
    """A cluster's or enterprise's profile: what it is, its figures, and where each came from."""

    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    region: str | None = None
    level: str | None = None
    products: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    mentions: list[Source] = field(default_factory=list)


def list_clusters(session: Session) -> list[ClusterSummary]:
    """Every cluster with its county, level, latest output value and enterprise count."""
    raise NotImplementedError


def find_profile(session: Session, name: str) -> Profile | None:
    """The profile of the cluster or enterprise called `name` (any alias), or None."""
    raise NotImplementedError
