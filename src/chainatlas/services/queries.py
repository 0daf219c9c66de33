"""Read models the shells (CLI, web) show: profiles and the figures they state, every figure sourced (the
lists they page through: `services.atlas_lists`).

Figures come from claims not rejected by a reviewer. Each carries its source: the
document, its date and the sentence around the claim's span, widened to the nearest
。！？!? or line break in the stored text. Where claims of one subject, metric and
period disagree, the shown figure is the one `precedence.choose` picks; a profile
lists the disagreeing values too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, Select, case, func, select
from sqlalchemy.orm import Session

from chainatlas.domain import ReviewStatus, Span
from chainatlas.paging import EVERYTHING, Window
from chainatlas.reference import Townships
from chainatlas.services.entity_records import EntityRecord, entity_record
from chainatlas.services.precedence import Standing, choose, is_low_confidence, is_official, why
from chainatlas.store import tables
from chainatlas.store.paging import rows

# How far either side of a span the sentence around it is looked for.
SENTENCE_WINDOW = 300
_SENTENCE_END = re.compile("[。！？!?\n]")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure came from: the document, its date and the sentence holding the span."""

    document: str
    document_id: int
    date: str | None
    span: Span
    sentence: str
    official: bool = False


@dataclass(frozen=True, slots=True)
class Figure:
    """One claimed value of a metric, with its source, review status and confidence."""

    metric: str
    value: float
    unit: str
    qualifier: str
    period: str | None
    source: Source
    claim_id: int = 0
    status: str = ReviewStatus.PROPOSED
    confidence: float | None = None
    low_confidence: bool = False

    def standing(self) -> Standing:
        """What the precedence rule reads of this figure."""
        return Standing(
            accepted=self.status == ReviewStatus.ACCEPTED,
            official=self.source.official,
            date=self.source.date,
            document_id=self.source.document_id,
            claim_id=self.claim_id,
        )


@dataclass(frozen=True, slots=True)
class Conflict:
    """Disagreeing values of one subject's metric for one period, the one shown and why."""

    subject: str
    metric: str
    unit: str
    period: str | None
    values: list[Figure]
    winner: Figure
    reason: str


@dataclass(frozen=True, slots=True)
class Profile:
    """A cluster's or enterprise's profile: what it is, its figures, and where each came from."""

    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    region: str | None = None
    township: str | None = None  # an enterprise's 镇/街道 from the register
    level: str | None = None
    products: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    mentions: list[Source] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


def sentence_around(text: str, start: int, end: int) -> str:
    """The span widened to the enclosing sentence (。！？!? or line breaks), stripped."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    if end > start and _SENTENCE_END.fullmatch(text, end - 1, end):
        return text[left:end].strip()  # the span already closes its sentence
    found = _SENTENCE_END.search(text, end)
    right = found.end() if found and found.group() != "\n" else (found.start() if found else len(text))
    return text[left:right].strip()


def claim_query(where: Sequence[Any]) -> Select[Any]:
    """Claims (not rejected) with their document's name and date and the text around the span, by metric,
    period and id."""
    start = tables.Claim.span_start
    lo = case((start > SENTENCE_WINDOW, start - SENTENCE_WINDOW), else_=0)
    window = func.substr(tables.Document.text, lo + 1, tables.Claim.span_end + SENTENCE_WINDOW - lo)
    return (
        select(
            tables.Claim,
            tables.Document.name,
            tables.Document.date,
            tables.Document.source_url,
            tables.Document.header,
            lo.label("lo"),
            window.label("window"),
        )
        .join(tables.Document, tables.Document.id == tables.Claim.document_id)
        .where(tables.Claim.status != ReviewStatus.REJECTED, *where)
        .order_by(tables.Claim.metric, tables.Claim.period, tables.Claim.id)
    )


def claim_rows(session: Session, where: Sequence[Any], window: Window = EVERYTHING) -> list[Row[Any]]:
    """The rows of `claim_query` in `window` (all by default)."""
    return rows(session, claim_query(where), window)


@dataclass(frozen=True, slots=True)
class Ranking:
    """A ranking claim: its subject as written, the scope it ranks within, and its rank as a figure."""

    subject: str | None
    scope: str | None
    figure: Figure


def rankings(session: Session, region_code: str, subject_ids: Iterable[int]) -> list[Ranking]:
    """The ranking claims of a division, of the divisions right under it, or of these subjects."""
    under = session.scalars(select(tables.Region.code).where(tables.Region.parent_code == region_code))
    where = [
        tables.Claim.kind == "ranking",
        tables.Claim.region_code.in_([region_code, *under]) | tables.Claim.subject_id.in_(list(subject_ids)),
    ]
    found = claim_rows(session, where)
    return [Ranking(row[0].subject_name, row[0].data.get("scope"), figure_of(row)) for row in found]


def source_of(row: Row[Any]) -> Source:
    claim: tables.Claim = row[0]
    sentence = sentence_around(row.window, claim.span_start - row.lo, claim.span_end - row.lo)
    return Source(
        document=row.name,
        document_id=claim.document_id,
        date=row.date.isoformat() if row.date else None,
        span=Span(claim.span_start, claim.span_end),
        sentence=sentence,
        official=is_official(row.source_url, row.header),
    )


def figure_of(row: Row[Any]) -> Figure:
    claim: tables.Claim = row[0]
    assert claim.metric is not None and claim.value is not None
    return Figure(
        metric=claim.metric,
        value=claim.value,
        unit=claim.unit or "",
        qualifier=claim.qualifier or "eq",
        period=claim.period,
        source=source_of(row),
        claim_id=claim.id,
        status=claim.status,
        confidence=claim.confidence,
        low_confidence=is_low_confidence(
            claim.confidence, claim.subject_id is not None or claim.region_code is not None
        ),
    )


def _period_end(period: str | None) -> str:
    return period.rsplit("/", 1)[-1] if period else ""


def winner(figures: Sequence[Figure]) -> tuple[Figure, str]:
    """The figure shown among claims of one metric and period, and why (see `precedence`)."""
    best, reason = choose([f.standing() for f in figures])
    rivals = [f for f in figures if f.value != figures[best].value]
    if rivals:
        rival, _ = choose([f.standing() for f in rivals])
        reason = why(figures[best].standing(), rivals[rival].standing())
    return figures[best], reason


def latest(figures: Iterable[Figure]) -> Figure | None:
    """The figure shown for the latest period (a later end wins), by the precedence rule within it."""
    figures = list(figures)
    if not figures:
        return None
    end = max(_period_end(f.period) for f in figures)
    return winner([f for f in figures if _period_end(f.period) == end])[0]


def group_figures(figures: Iterable[Figure]) -> dict[tuple[str, str, str | None], list[Figure]]:
    """Figures by (metric, unit, period), in first-seen order."""
    groups: dict[tuple[str, str, str | None], list[Figure]] = defaultdict(list)
    for figure in figures:
        groups[figure.metric, figure.unit, figure.period].append(figure)
    return groups


def disagree(figures: Sequence[Figure]) -> bool:
    """True when two documents give different values (one page's several values are no conflict)."""
    return any(
        a.value != b.value and a.source.document_id != b.source.document_id
        for i, a in enumerate(figures)
        for b in figures[i + 1 :]
    )


def conflicts_of(subject: str, figures: Iterable[Figure]) -> tuple[list[Figure], list[Conflict]]:
    """(the figure shown per metric, unit and period; the groups where documents disagree)."""
    shown, conflicts = [], []
    for (metric, unit, period), group in group_figures(figures).items():
        best, reason = winner(group)
        shown.append(best)
        if disagree(group):
            conflicts.append(Conflict(subject, metric, unit, period, group, best, reason))
    return shown, conflicts


def find_entity(session: Session, name: str, types: Sequence[str] | None = None) -> tables.Entity | None:
    """The entity of `types` (default: every subject type) written `name`, else the one whose normalised alias
    matches; clusters first."""
    from chainatlas.services.claims import SUBJECT_TYPES  # the resolver's modules: only a lookup by name needs them
    from chainatlas.store.names import normalise

    types = SUBJECT_TYPES if types is None else types
    for column, key in ((tables.Alias.alias, name.strip()), (tables.Alias.normalised, normalise(name))):
        found = session.scalars(
            select(tables.Entity)
            .join(tables.Alias, tables.Alias.entity_id == tables.Entity.id)
            .where(column == key, tables.Entity.type.in_(types))
            .order_by(tables.Entity.id)
        ).all()
        if found:
            return min(found, key=lambda e: SUBJECT_TYPES.index(e.type))
    return None


def entity_named(session: Session, name: str, types: Sequence[str] | None = None) -> EntityRecord | None:
    """The record of the entity `find_entity` finds, else None."""
    found = find_entity(session, name, types)
    return None if found is None else entity_record(found)


def township_name(code: str | None) -> str | None:
    """The bundled name of a township code (330411105 → 王店镇); the code itself when unknown, None for none."""
    if code is None:
        return None
    town = Townships.bundled().by_code.get(code)
    return town.name if town is not None else code


def find_profile(session: Session, name: str) -> Profile | None:
    """The profile of the cluster or enterprise called `name` (any alias), or None."""
    entity = find_entity(session, name)
    return None if entity is None else profile_of(session, entity_record(entity))


def figure_claims(entity_id: int) -> list[Any]:
    """What selects an entity's claims that state a figure (a metric and its value)."""
    c = tables.Claim
    return [c.subject_id == entity_id, c.metric.is_not(None), c.value.is_not(None)]


def mention_claims(entity_id: int) -> list[Any]:
    """What selects an entity's claims that state no figure: its mentions."""
    c = tables.Claim
    return [c.subject_id == entity_id, c.metric.is_(None) | c.value.is_(None)]


def profile_of(session: Session, entity: EntityRecord, mentions: Window = EVERYTHING) -> Profile:
    """The profile of this very entity (pages and the API find it by id: a name may be another entity's too):
    the figure shown per metric, unit and period, and the `mentions` window of its other claims."""
    aliases = session.scalars(
        select(tables.Alias.alias).where(tables.Alias.entity_id == entity.id).order_by(tables.Alias.id)
    ).all()
    products = session.scalars(
        select(tables.Product.product)
        .where(tables.Product.entity_id == entity.id)
        .group_by(tables.Product.product)
        .order_by(func.min(tables.Product.id))
    ).all()
    region = session.get(tables.Region, entity.region_code) if entity.region_code else None
    stated = claim_rows(session, figure_claims(entity.id))
    figures, conflicts = conflicts_of(entity.name, [figure_of(r) for r in stated])
    return Profile(
        kind=entity.kind,
        name=entity.name,
        aliases=list(aliases),
        region=region.name if region else None,
        township=township_name(entity.township_code),
        level=entity.level,
        products=list(products),
        figures=figures,
        mentions=[source_of(r) for r in claim_rows(session, mention_claims(entity.id), mentions)],
        conflicts=conflicts,
    )
