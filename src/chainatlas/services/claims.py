"""Storing one document's extracted facts: names resolved to entities, every fact a claim.

Names go to entities through `resolve.Resolver` (rules and region guard documented
there); each name newly attached to an entity is logged in `entity_resolutions` with
its rule and document. Region names go to the regions taxonomy through the
gazetteer. Enterprises are placed in the cluster of their county that the same
document names (decision `uncertain`).

Writing is batched: names are looked up once per document (`Resolver.prefetch`),
claims are inserted together at the end with the rows that rest on them (products,
stage events, memberships, supply links), then articles and the merge log, each
table in one statement; only a new entity is flushed on its own (its id is needed at once).
The two steps can be taken apart (`DocumentWriter.resolve_facts`, then `claim_rows.insert_rows`): the
resolution, which must see every name stored before it, and the rows that no later
resolution reads (`services.writers` inserts those in other processes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import InitVar, dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Table
from sqlalchemy.orm import Session

from chainatlas.domain import (
    ArticleFact,
    ClusterFact,
    Decision,
    EnterpriseFact,
    Fact,
    IndicatorFact,
    PlatformFact,
    ProjectFact,
    RankingFact,
    Role,
    SupplyFact,
)
from chainatlas.ingest.facts import to_record
from chainatlas.ingest.gazetteer import Gazetteer
from chainatlas.ingest.pipeline import rules_version
from chainatlas.services.claim_rows import DocumentRows, insert_rows
from chainatlas.services.resolve import RESOLVER, Match, Resolver
from chainatlas.store import tables
from chainatlas.store.names import LEGAL_FORMS, normalise

__all__ = ["SUBJECT_TYPES", "DocumentWriter", "normalise", "prefetched", "store_facts"]

METHOD = "chainatlas.ingest.extract"

# Entity types in the order a bare subject name is tried against.
SUBJECT_TYPES = ("cluster", "enterprise", "platform", "project", "other")
_MEMBER_ROLES = {None, Role.LEADER, Role.MEMBER}
# Fact attributes that hold names the writer resolves.
_NAME_ATTRIBUTES = ("name", "aliases", "subject", "supplier", "customer", "owner", "region")
_CLAIM_FIGURES = dict.fromkeys(("metric", "value", "unit", "qualifier", "period"))

E = TypeVar("E", bound=tables.Entity)


def _text(value: str | None) -> str | None:
    """An enum's value (or a plain string) as stored, None kept."""
    return str(value) if value is not None else None


def _subject_name(fact: Fact) -> str | None:
    """The name a fact's claim is about, as written (the supplier of a supply fact)."""
    for attribute in ("name", "subject", "supplier"):
        if value := getattr(fact, attribute, None):
            return str(value)
    return None


def _names(facts: Iterable[Fact]) -> Iterator[str]:
    """Every name the facts' entities and subjects are written with."""
    for fact in facts:
        for attribute in _NAME_ATTRIBUTES:
            value = getattr(fact, attribute, None)
            if isinstance(value, str) and value.strip():
                yield value
            elif isinstance(value, list):
                yield from value


def _kind_from_name(name: str) -> str:
    """The entity type a subject name suggests when nothing declared it."""
    if name.endswith("集群"):
        return "cluster"
    if name.endswith(("项目", "工程")):
        return "project"
    if re.search("(?:园|园区|开发区|高新区|经开区|研究院|研究所|中心|实验室|工作站)$", name):
        return "platform"
    if re.search(f"(?:{LEGAL_FORMS}|公司)", name):
        return "enterprise"
    return "other"


@dataclass
class _Subject:
    """What a claim is about: an entity or a region."""

    type: str
    entity: tables.Entity | None = None
    region_code: str | None = None


@dataclass
class DocumentWriter:
    """Writes one stored document's facts into the session as entities, claims and links."""

    session: Session
    document: tables.Document
    method_version: str = field(default_factory=rules_version)  # the rules that read the facts
    _local: list[tables.Entity] = field(default_factory=list)
    resolver: InitVar[Resolver | None] = None  # one shared by documents stored in one transaction (`prefetched`)
    _resolver: Resolver = field(init=False)
    _regions: dict[str, str | None] = field(default_factory=dict)
    _places: set[str] = field(default_factory=set)  # codes of the places the facts name: context for townships
    _clusters: list[tuple[int, tables.Cluster]] = field(default_factory=list)
    # Rows inserted when the document's facts are written, by table; `claim_id` holds the
    # index of the claim in `_claims` until the claims are inserted.
    _claims: list[dict[str, Any]] = field(default_factory=list)
    _rows: dict[Table, list[dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self, resolver: Resolver | None) -> None:
        self._resolver = resolver or Resolver(self.session)

    def write(self, facts: Sequence[Fact]) -> int:
        """Store every fact (entities declared first, then what refers to them); claims added."""
        return insert_rows(self.session.connection(), self.resolve_facts(facts), self.document.id)

    def resolve_facts(self, facts: Sequence[Fact]) -> DocumentRows:
        """Resolve the facts' names: entities, aliases and regions written to the session; the document's other
        rows (claims and what rests on them, articles, the merge log) returned, to be inserted (`insert_rows`)."""
        declaring = (ArticleFact, ClusterFact, EnterpriseFact, PlatformFact, ProjectFact)
        ordered = [f for f in facts if isinstance(f, declaring)] + [
            f for f in facts if not isinstance(f, declaring)
        ]
        self._prefetch(facts)
        enterprises: list[tuple[EnterpriseFact, tables.Enterprise, int]] = []
        for fact in ordered:
            if isinstance(fact, EnterpriseFact):
                enterprise, claim = self._enterprise(fact)
                enterprises.append((fact, enterprise, claim))
            else:
                self._write_one(fact)
        for fact, enterprise, claim in enterprises:
            self._place(fact, enterprise, claim)
        return DocumentRows(self._claims, {table.name: rows for table, rows in self._rows.items()})

    def _prefetch(self, facts: Sequence[Fact]) -> None:
        """Look up at once what the facts' names need (nothing when the resolver has it already); the places they
        name are the context of townships."""
        self._places = _prefetch(self._resolver, facts)

    def _add(self, table: type[tables.Base], **row: Any) -> None:
        """A row to insert with the document's claims."""
        self._rows.setdefault(tables.Base.metadata.tables[table.__tablename__], []).append(row)

    def _write_one(self, fact: Fact) -> None:
        if isinstance(fact, ArticleFact):
            self._article(fact)
        elif isinstance(fact, ClusterFact):
            self._cluster(fact)
        elif isinstance(fact, PlatformFact):
            platform = self.entity(tables.Platform, fact.name, fact.region, aliases=fact.aliases)
            platform.kind = platform.kind or _text(fact.type)
            self._claim(fact, _Subject("platform", platform))
        elif isinstance(fact, ProjectFact):
            self._project(fact)
        elif isinstance(fact, IndicatorFact):
            self._claim(
                fact,
                self.subject(fact.subject),
                metric=fact.metric,
                value=fact.value,
                unit=_text(fact.unit),
                qualifier=_text(fact.qualifier),
                period=fact.period,
            )
        elif isinstance(fact, RankingFact):
            self._claim(fact, self.subject(fact.subject), metric=fact.metric, value=fact.rank, unit="rank")
        elif isinstance(fact, SupplyFact):
            self._supply(fact)

    # ------------------------------------------------------------ resolution

    def region_code(self, name: str | None) -> str | None:
        """The stored region a place name denotes (秀洲 → 330411), or None; townships are claims' subjects only
        (`subject`): an entity's region stays its county."""
        if not name:
            return None
        if name not in self._regions:
            place = Gazetteer.bundled().lookup(name)
            known = place is not None and self._resolver.lookups.is_region(place.code)
            self._regions[name] = place.code if place is not None and known else None
        return self._regions[name]

    def township_code(self, name: str) -> str | None:
        """The code of the township `name` denotes (秀洲区王店镇, or 王店镇 in a document naming 秀洲区 or 嘉兴市 →
        330411105), its row added to the regions under its county when new; None if none."""
        town = Gazetteer.bundled().township(name, self._places)
        if town is None or not self._resolver.lookups.is_region(town.county_code):
            return None
        if not self._resolver.lookups.is_region(town.code):
            self.session.add(
                tables.Region(code=town.code, name=town.name, level="township", parent_code=town.county_code)
            )
            self.session.flush()
            self._resolver.lookups.stored_region(town.code)
        return town.code

    def resolve(
        self, name: str, types: Iterable[str], aliases: Sequence[str] = (), region: str | None = None
    ) -> Match:
        """What `name` resolves to among entities of `types` (see `resolve.Resolver`)."""
        return self._resolver.resolve(name, tuple(types), aliases, self.region_code(region), self._local)

    def find(self, name: str, types: Iterable[str]) -> tables.Entity | None:
        """The stored entity of one of `types` that `name` denotes, or None."""
        return self.resolve(name, types).entity

    def entity(self, cls: type[E], name: str, region: str | None = None, aliases: Iterable[str] = ()) -> E:
        """The entity of class `cls` called `name`, created when new; its names kept as aliases."""
        aliases = list(aliases)
        match = self.resolve(name, [str(cls.__mapper__.polymorphic_identity)], aliases, region)
        if isinstance(match.entity, cls):
            entity = match.entity
        else:
            entity = cls(name=name, region_code=self.region_code(region))
            self.session.add(entity)
            self.session.flush()
            self._resolver.lookups.created(entity)
            match = Match(entity, "new", None, match.note)
        if len(name) > len(entity.name):
            entity.name = name  # the longest form seen
        entity.region_code = entity.region_code or self.region_code(region)
        self._alias(entity, name, match)
        for alias in aliases:
            self._alias(entity, alias, Match(entity, "same_fact", name))
        return entity

    def _alias(self, entity: tables.Entity, name: str, match: Match) -> None:
        """Keep `name` as an alias of `entity` (unless a user split it off), logging why it joined."""
        if entity not in self._local:
            self._local.append(entity)
        held = self._resolver.lookups.held([entity.id])[entity.id]
        if any(a.alias == name for a in held) or (match.rule != "new" and self._resolver.forbidden(entity.id, name)):
            return
        self._resolver.lookups.add_alias(entity, name)
        self._add(
            tables.Resolution,
            entity_id=entity.id,
            name=name,
            matched=match.matched,
            rule=match.rule,
            decided_by=RESOLVER,
            reason=match.note,
            document_id=self.document.id,
        )

    def subject(self, name: str) -> _Subject:
        """What a subject name denotes: a region, else a known entity, else a new one; none when blank."""
        if not name.strip():
            return _Subject("none")
        code = self.region_code(name) or self.township_code(name)
        if code is not None:
            return _Subject("region", region_code=code)
        match = self.resolve(name, SUBJECT_TYPES)
        if match.entity is not None:
            entity = match.entity
            self._alias(entity, name, match)
        else:
            cls = tables.Entity.__mapper__.polymorphic_map[_kind_from_name(name)].class_
            entity = self.entity(cls, name)
        return _Subject(entity.type, entity)

    # ------------------------------------------------------------ facts

    def _claim(self, fact: Fact, subject: _Subject, **figure: Any) -> int:
        """Keep a claim to insert; its index among the document's claims."""
        data = {
            k: v for k, v in to_record(fact).items() if k not in ("kind", "doc", "evidence", "confidence")
        }
        self._claims.append(
            {
                "kind": fact.KIND,
                "subject_type": subject.type,
                "subject_id": subject.entity.id if subject.entity else None,
                "region_code": subject.region_code,
                "subject_name": _subject_name(fact),
                "data": data,
                "document_id": self.document.id,
                "span_start": fact.evidence.start,
                "span_end": fact.evidence.end,
                "method": METHOD,
                "method_version": self.method_version,
                "confidence": fact.confidence,
                **_CLAIM_FIGURES,
                **figure,
            }
        )
        return len(self._claims) - 1

    def _products(self, entity: tables.Entity, products: list[str], claim: int) -> None:
        for product in products:
            self._add(tables.Product, entity_id=entity.id, product=product, claim_id=claim)

    def _article(self, fact: ArticleFact) -> None:
        self._add(
            tables.Article,
            document_id=self.document.id,
            headline=fact.headline,
            reporters=fact.reporters,
            correspondents=fact.correspondents,
            photographers=fact.photographers,
            dateline=fact.dateline,
            continued_on=fact.continued_on,
            kind_of=str(fact.kind_of),
            span_start=fact.evidence.start,
            span_end=fact.evidence.end,
            text_start=fact.text_start,
            text_end=fact.text_end,
        )

    def _cluster(self, fact: ClusterFact) -> None:
        cluster = self.entity(tables.Cluster, fact.name, aliases=fact.aliases)
        stated = fact.region_code if fact.region_code and self._resolver.lookups.is_region(fact.region_code) else None
        cluster.region_code = cluster.region_code or stated or self.region_code(fact.region)
        cluster.level = cluster.level or _text(fact.level)
        cluster.recognised_year = cluster.recognised_year or fact.recognised_year
        claim = self._claim(fact, _Subject("cluster", cluster))
        self._products(cluster, fact.products, claim)
        self._clusters.append((fact.evidence.start, cluster))

    def _enterprise(self, fact: EnterpriseFact) -> tuple[tables.Enterprise, int]:
        enterprise = self.entity(tables.Enterprise, fact.name, fact.region, fact.aliases)
        claim = self._claim(fact, _Subject("enterprise", enterprise))
        self._products(enterprise, fact.products, claim)
        return enterprise, claim

    def _place(self, fact: EnterpriseFact, enterprise: tables.Enterprise, claim: int) -> None:
        """Make an enterprise a member of its county's cluster named nearest before it."""
        if fact.role not in _MEMBER_ROLES or enterprise.region_code is None:
            return
        local = [(start, c) for start, c in self._clusters if c.region_code == enterprise.region_code]
        before = [pair for pair in local if pair[0] <= fact.evidence.start] or local
        if before:
            cluster = max(before, key=lambda pair: pair[0])[1]
            self._add(
                tables.Membership,
                enterprise_id=enterprise.id,
                cluster_id=cluster.id,
                role=_text(fact.role),
                decision=Decision.UNCERTAIN,
                claim_id=claim,
            )

    def _project(self, fact: ProjectFact) -> None:
        project = self.entity(tables.Project, fact.name, aliases=fact.aliases)
        if fact.owner:
            project.owner_id = project.owner_id or self.entity(tables.Enterprise, fact.owner).id
        if fact.region and (code := self.region_code(fact.region)):
            project.region_code = project.region_code or code
        elif fact.region:
            project.zone_id = project.zone_id or self.entity(tables.Platform, fact.region).id
        if fact.investment is not None:
            project.investment = fact.investment
        claim = self._claim(
            fact,
            _Subject("project", project),
            metric="investment" if fact.investment is not None else None,
            value=fact.investment,
            unit="CNY" if fact.investment is not None else None,
        )
        for e in fact.events:
            self._add(
                tables.StageEvent,
                project_id=project.id,
                stage=str(e.stage),
                date=e.date,
                planned=e.planned,
                claim_id=claim,
            )

    def _supply(self, fact: SupplyFact) -> None:
        supplier, customer = self.subject(fact.supplier), self.subject(fact.customer)
        qualifier = _text(fact.qualifier)
        claim = self._claim(fact, supplier, value=fact.share, qualifier=qualifier)
        if supplier.entity is not None and customer.entity is not None:  # regions are no link ends
            self._add(
                tables.SupplyLink,
                supplier_id=supplier.entity.id,
                customer_id=customer.entity.id,
                product=fact.product,
                share=fact.share,
                qualifier=qualifier,
                claim_id=claim,
            )


def _prefetch(resolver: Resolver, facts: Iterable[Fact]) -> set[str]:
    """Look up at once what the facts' names need: resolution data and the regions they denote; their codes."""
    facts = list(facts)
    names = set(_names(facts))
    resolver.prefetch(names)
    places = {place.code for name in names if (place := Gazetteer.bundled().lookup(name))}
    stated = {f.region_code for f in facts if isinstance(f, ClusterFact) and f.region_code}
    resolver.lookups.regions(places | stated)
    return places


def prefetched(session: Session, facts: Iterable[Fact]) -> Resolver:
    """A resolver for several documents' facts stored one after another in one transaction, with what all their
    names need fetched at once: its lookups stay true to the store, only the writer changing it meanwhile."""
    resolver = Resolver(session)
    _prefetch(resolver, facts)
    return resolver


def store_facts(session: Session, document: tables.Document, facts: Sequence[Fact]) -> int:
    """Store a document's facts as entities, aliases, claims and links; the claims added."""
    return DocumentWriter(session, document).write(facts)
