"""Storing one document's extracted facts: names resolved to entities, every fact a claim.

Resolution is deliberately simple (a full entity resolution comes later): a name is
normalised (see `normalise`) and matched exactly against the aliases already stored
for an entity of the wanted type; within one document a name that is the start of an
entity's normalised name, or the other way round (安波福 / 安波福电气系统有限公司嘉兴分公司),
is the same entity when that match is unique. Region names go to the regions taxonomy
through the gazetteer. Enterprises are placed in the cluster of their county that the
same document names (decision `uncertain`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas import __version__, reference
from chainatlas.domain import (
    ArticleFact,
    ClusterFact,
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
from chainatlas.store import tables

METHOD = "chainatlas.ingest.extract"

_REGION_SUFFIX = "(?:特别行政区|自治区|自治州|自治县|地区|新区|省|市|县|区|盟|旗)"
_LEGAL_FORMS = "股份有限公司|有限责任公司|有限公司|集团"
_GENERIC = re.compile("中小企业|特色|产业集群|集群|项目$")
# Entity types in the order a bare subject name is tried against.
SUBJECT_TYPES = ("cluster", "enterprise", "platform", "project", "other")
_MEMBER_ROLES = {None, Role.LEADER, Role.MEMBER}

E = TypeVar("E", bound=tables.Entity)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(leading run of region names, legal forms) built from the bundled regions."""
    names: set[str] = set()
    for place in reference.load_regions():
        if not place.functional:
            short = re.sub(f"{_REGION_SUFFIX}$", "", place.name)
            names.add(short if len(short) >= 2 else place.name)
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    region = f"(?:{alternatives}){_REGION_SUFFIX}?"
    return re.compile(f"(?:{region})+"), re.compile(f"(?:{region})*分公司|{_LEGAL_FORMS}")


def normalise(name: str) -> str:
    """The part of a name that identifies it: 浙江百润轴承有限公司 → 百润轴承.

    NFKC and no spaces; legal forms (有限公司, 股份有限公司, 有限责任公司, 集团, …分公司)
    dropped wherever they are, then a leading run of region names, then the words
    中小企业, 特色, 产业集群, 集群 and a trailing 项目. A step that would leave nothing
    is skipped, so a bare region or generic name stays as it is.
    """
    leading, legal = _patterns()
    text = "".join(unicodedata.normalize("NFKC", name).split())
    text = legal.sub("", text) or text
    if found := leading.match(text):
        text = text[found.end() :] or text
    return _GENERIC.sub("", text) or text


def _text(value: str | None) -> str | None:
    """An enum's value (or a plain string) as stored, None kept."""
    return str(value) if value is not None else None


def _prefix_related(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= 2 and (a.startswith(b) or b.startswith(a))


def _kind_from_name(name: str) -> str:
    """The entity type a subject name suggests when nothing declared it."""
    if name.endswith("集群"):
        return "cluster"
    if name.endswith(("项目", "工程")):
        return "project"
    if re.search("(?:园|园区|开发区|高新区|经开区|研究院|研究所|中心|实验室|工作站)$", name):
        return "platform"
    if re.search(f"(?:{_LEGAL_FORMS}|公司)", name):
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
    method_version: str = __version__
    claims: int = 0
    _local: list[tables.Entity] = field(default_factory=list)
    _regions: dict[str, str | None] = field(default_factory=dict)
    _clusters: list[tuple[int, tables.Cluster]] = field(default_factory=list)

    def write(self, facts: Sequence[Fact]) -> int:
        """Store every fact (entities declared first, then what refers to them); claims added."""
        declaring = (ArticleFact, ClusterFact, EnterpriseFact, PlatformFact, ProjectFact)
        ordered = [f for f in facts if isinstance(f, declaring)] + [
            f for f in facts if not isinstance(f, declaring)
        ]
        enterprises: list[tuple[EnterpriseFact, tables.Enterprise, tables.Claim]] = []
        for fact in ordered:
            if isinstance(fact, EnterpriseFact):
                enterprise, claim = self._enterprise(fact)
                enterprises.append((fact, enterprise, claim))
            else:
                self._write_one(fact)
        for fact, enterprise, claim in enterprises:
            self._place(fact, enterprise, claim)
        return self.claims

    def _write_one(self, fact: Fact) -> None:
        if isinstance(fact, ArticleFact):
            self._article(fact)
        elif isinstance(fact, ClusterFact):
            self._cluster(fact)
        elif isinstance(fact, PlatformFact):
            platform = self.entity(tables.Platform, fact.name, aliases=fact.aliases)
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
        """The stored region a place name denotes (秀洲 → 330411), or None."""
        if not name:
            return None
        if name not in self._regions:
            place = Gazetteer.bundled().lookup(name)
            known = place is not None and self.session.get(tables.Region, place.code) is not None
            self._regions[name] = place.code if place is not None and known else None
        return self._regions[name]

    def find(self, name: str, types: Iterable[str]) -> tables.Entity | None:
        """The entity of one of `types` called `name`, by alias or by a unique in-document prefix."""
        types = tuple(types)
        key = normalise(name)
        found = self.session.scalars(
            select(tables.Entity)
            .join(tables.Alias, tables.Alias.entity_id == tables.Entity.id)
            .where(tables.Alias.normalised == key, tables.Alias.entity_type.in_(types))
            .order_by(tables.Entity.id)
        ).all()
        if found:
            return min(found, key=lambda e: types.index(e.type))
        near = {e.id: e for e in self._local if e.type in types and _prefix_related(normalise(e.name), key)}
        return next(iter(near.values())) if len(near) == 1 else None

    def entity(self, cls: type[E], name: str, region: str | None = None, aliases: Iterable[str] = ()) -> E:
        """The entity of class `cls` called `name`, created when new; the name kept as an alias."""
        found = self.find(name, [str(cls.__mapper__.polymorphic_identity)])
        if isinstance(found, cls):
            entity = found
        else:
            entity = cls(name=name)
            self.session.add(entity)
        if len(name) > len(entity.name):
            entity.name = name  # the longest form seen
        entity.region_code = entity.region_code or self.region_code(region)
        for alias in (name, *aliases):
            self._alias(entity, alias)
        return entity

    def _alias(self, entity: tables.Entity, name: str) -> None:
        self.session.flush()
        exists = self.session.scalar(
            select(tables.Alias.id).where(tables.Alias.entity_id == entity.id, tables.Alias.alias == name)
        )
        if exists is None:
            self.session.add(
                tables.Alias(
                    entity_id=entity.id, entity_type=entity.type, alias=name, normalised=normalise(name)
                )
            )
        if entity not in self._local:
            self._local.append(entity)

    def subject(self, name: str) -> _Subject:
        """What a subject name denotes: a region, else a known entity, else a new one."""
        code = self.region_code(name)
        if code is not None:
            return _Subject("region", region_code=code)
        entity = self.find(name, SUBJECT_TYPES)
        if entity is None:
            cls = tables.Entity.__mapper__.polymorphic_map[_kind_from_name(name)].class_
            entity = self.entity(cls, name)
        return _Subject(entity.type, entity)

    # ------------------------------------------------------------ facts

    def _claim(self, fact: Fact, subject: _Subject, **figure: Any) -> tables.Claim:
        data = {
            k: v for k, v in to_record(fact).items() if k not in ("kind", "doc", "evidence", "confidence")
        }
        claim = tables.Claim(
            kind=fact.KIND,
            subject_type=subject.type,
            subject_id=subject.entity.id if subject.entity else None,
            region_code=subject.region_code,
            data=data,
            document_id=self.document.id,
            span_start=fact.evidence.start,
            span_end=fact.evidence.end,
            method=METHOD,
            method_version=self.method_version,
            confidence=fact.confidence,
            **figure,
        )
        self.session.add(claim)
        self.session.flush()
        self.claims += 1
        return claim

    def _products(self, entity: tables.Entity, products: list[str], claim: tables.Claim) -> None:
        self.session.add_all(
            tables.Product(entity_id=entity.id, product=p, claim_id=claim.id) for p in products
        )

    def _article(self, fact: ArticleFact) -> None:
        self.session.add(
            tables.Article(
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
        )

    def _cluster(self, fact: ClusterFact) -> None:
        cluster = self.entity(tables.Cluster, fact.name, aliases=fact.aliases)
        stated = fact.region_code if self.session.get(tables.Region, fact.region_code or "") else None
        cluster.region_code = cluster.region_code or stated or self.region_code(fact.region)
        cluster.level = cluster.level or _text(fact.level)
        cluster.recognised_year = cluster.recognised_year or fact.recognised_year
        claim = self._claim(fact, _Subject("cluster", cluster))
        self._products(cluster, fact.products, claim)
        self._clusters.append((fact.evidence.start, cluster))

    def _enterprise(self, fact: EnterpriseFact) -> tuple[tables.Enterprise, tables.Claim]:
        enterprise = self.entity(tables.Enterprise, fact.name, fact.region, fact.aliases)
        claim = self._claim(fact, _Subject("enterprise", enterprise))
        self._products(enterprise, fact.products, claim)
        return enterprise, claim

    def _place(self, fact: EnterpriseFact, enterprise: tables.Enterprise, claim: tables.Claim) -> None:
        """Make an enterprise a member of its county's cluster named nearest before it."""
        if fact.role not in _MEMBER_ROLES or enterprise.region_code is None:
            return
        local = [(start, c) for start, c in self._clusters if c.region_code == enterprise.region_code]
        before = [pair for pair in local if pair[0] <= fact.evidence.start] or local
        if before:
            cluster = max(before, key=lambda pair: pair[0])[1]
            self.session.add(
                tables.Membership(
                    enterprise_id=enterprise.id,
                    cluster_id=cluster.id,
                    role=_text(fact.role),
                    decision="uncertain",
                    claim_id=claim.id,
                )
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
        self.session.add_all(
            tables.StageEvent(
                project_id=project.id, stage=str(e.stage), date=e.date, planned=e.planned, claim_id=claim.id
            )
            for e in fact.events
        )

    def _supply(self, fact: SupplyFact) -> None:
        supplier, customer = self.subject(fact.supplier), self.subject(fact.customer)
        qualifier = _text(fact.qualifier)
        claim = self._claim(fact, supplier, value=fact.share, qualifier=qualifier)
        if supplier.entity is not None and customer.entity is not None:  # regions are no link ends
            self.session.add(
                tables.SupplyLink(
                    supplier_id=supplier.entity.id,
                    customer_id=customer.entity.id,
                    product=fact.product,
                    share=fact.share,
                    qualifier=qualifier,
                    claim_id=claim.id,
                )
            )


def store_facts(session: Session, document: tables.Document, facts: Sequence[Fact]) -> int:
    """Store a document's facts as entities, aliases, claims and links; the claims added."""
    return DocumentWriter(session, document).write(facts)
