"""A user's corrections to entity resolution: list, merge and split entities, kept as rules.

A merge moves one entity's aliases, claims and links to another and stores a
`must_link` between their names; a split moves the named aliases, and the claims
written with them, to a new entity and stores a `cannot_link` between each moved
name and each remaining one. The resolver consults these decisions before any other
rule, so ingesting the same or new documents keeps the user's correction. Both are
logged in `entity_resolutions` as the user's decision.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.orm import Session

from chainatlas.i18n import _
from chainatlas.ids import written_id
from chainatlas.services.entity_records import EntityRecord, entity_record
from chainatlas.services.names_known import entity_hint
from chainatlas.services.resolve import CANNOT_LINK, MUST_LINK, pair
from chainatlas.store import tables, text_search
from chainatlas.store.names import fold, normalise, written_place
from chainatlas.suggest import quoted


class CurationError(Exception):
    """A correction that cannot be made as asked."""


class EntityNotFound(CurationError):
    def __init__(self, name: str, hint: str = "") -> None:
        super().__init__(_("没有名为{name}的实体").format(name=quoted(name)) + hint)


class AmbiguousName(CurationError):
    def __init__(self, name: str, entities: Sequence[tables.Entity]) -> None:
        listed = ", ".join(f"#{e.id} {e.type} {e.name}" for e in entities)
        super().__init__(f"{name!r} names several entities ({listed}): give one as #ID")


class CannotMerge(CurationError):
    """Two entities that cannot become one (the same one, or of different types)."""


class CannotSplit(CurationError):
    """A split naming no alias of the entity, or all of them."""


@dataclass(frozen=True, slots=True)
class EntityRow:
    """An entity in a list: id, type, name, region, and how many aliases and claims it has."""

    id: int
    type: str
    name: str
    region: str | None
    aliases: int
    claims: int


@dataclass(frozen=True, slots=True)
class AliasRow:
    """One name of an entity and why it joined: rule, matched alias, document, who and when."""

    alias: str
    normalised: str
    place_code: str | None
    rule: str | None
    matched: str | None
    document: str | None
    decided_by: str | None
    reason: str | None
    at: str | None


def find_entity(session: Session, name: str) -> tables.Entity:
    """The one entity written `name` (or `#ID`), else the one with that normalised name."""
    if (number := written_id(name)) is not None:
        entity = session.get(tables.Entity, number)
        if entity is None:
            raise EntityNotFound(name)
        return entity
    for column, key in ((tables.Alias.alias, name.strip()), (tables.Alias.normalised, normalise(name))):
        ids = sorted(set(session.scalars(select(tables.Alias.entity_id).where(column == key))))
        if column is tables.Alias.normalised:
            exact = [i for i in ids if _has_form(session, i, fold(name))]
            ids = exact or ids
        if len(ids) == 1:
            return session.get_one(tables.Entity, ids[0])
        if ids:
            raise AmbiguousName(name, [session.get_one(tables.Entity, i) for i in ids])
    raise EntityNotFound(name, entity_hint(session, name))


def _has_form(session: Session, entity_id: int, form: str) -> bool:
    return any(fold(a) == form for a in _aliases(session, entity_id))


def _aliases(session: Session, entity_id: int) -> list[str]:
    return list(
        session.scalars(select(tables.Alias.alias).where(tables.Alias.entity_id == entity_id).order_by(tables.Alias.id))
    )


def names_holding(session: Session, part: str) -> ColumnElement[bool]:
    """Entities whose name holds `part`, ignoring case (through the trigram index, `text_search`)."""
    e = tables.Entity
    return text_search.holding(session, "entity_search", e.id, [e.name], part)


def aliases_holding(session: Session, part: str) -> ColumnElement[bool]:
    """Aliases that hold `part`, ignoring case (through the trigram index, `text_search`)."""
    a = tables.Alias
    return text_search.holding(session, "alias_search", a.id, [a.alias], part)


def _entity_filters(
    session: Session, type_: str | None, name_contains: str | None, region: str | None, township: str | None
) -> list[Any]:
    e = tables.Entity
    found: list[Any] = [] if type_ is None else [e.type == type_]
    if name_contains:
        found.append(names_holding(session, name_contains))
    if region is not None:
        found.append(tables.Region.name == region)
    if township is not None:
        found.append(e.id.in_(select(tables.Enterprise.id).where(tables.Enterprise.township_code == township)))
    return found


def count_entities(
    session: Session,
    type_: str | None = None,
    *,
    name_contains: str | None = None,
    region: str | None = None,
    township: str | None = None,
) -> int:
    """How many entities `list_entities` lists with the same filters."""
    query = select(func.count()).select_from(tables.Entity)
    if region is not None:
        query = query.join(tables.Region, tables.Region.code == tables.Entity.region_code)
    return session.scalar(query.where(*_entity_filters(session, type_, name_contains, region, township))) or 0


def list_entities(
    session: Session,
    type_: str | None = None,
    *,
    name_contains: str | None = None,
    region: str | None = None,
    township: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[EntityRow]:
    """Entities (of one type, whose name holds a part, in a region by name, register firms of a township by its
    9-digit code) with their region and counts.

    By type and name; `limit` and `offset` page in the database, and the counts of aliases and claims are
    looked up per listed entity through their indexes, so a page costs the same in a store of any size.
    """
    e = tables.Entity
    aliases = select(func.count()).where(tables.Alias.entity_id == e.id).scalar_subquery()
    claims = select(func.count()).where(tables.Claim.subject_id == e.id).scalar_subquery()
    query = (
        select(e, tables.Region.name, aliases, claims)
        .outerjoin(tables.Region, tables.Region.code == e.region_code)
        .where(*_entity_filters(session, type_, name_contains, region, township))
        .order_by(e.type, e.name, e.id)
        .offset(offset)
        .limit(limit)
    )
    return [
        EntityRow(entity.id, entity.type, entity.name, place, n_aliases or 0, n_claims or 0)
        for entity, place, n_aliases, n_claims in session.execute(query)
    ]


def entity_aliases(session: Session, name: str) -> tuple[EntityRecord, list[AliasRow]]:
    """An entity and each of its names with the latest reason it joined."""
    entity = find_entity(session, name)
    log = {
        r.name: (r, doc)
        for r, doc in session.execute(
            select(tables.Resolution, tables.Document.name)
            .outerjoin(tables.Document, tables.Document.id == tables.Resolution.document_id)
            .where(tables.Resolution.entity_id == entity.id)
            .order_by(tables.Resolution.id)
        )
    }
    rows = []
    for alias in session.scalars(
        select(tables.Alias).where(tables.Alias.entity_id == entity.id).order_by(tables.Alias.id)
    ):
        r, doc = log.get(alias.alias, (None, None))
        rows.append(
            AliasRow(
                alias=alias.alias,
                normalised=alias.normalised,
                place_code=alias.place_code,
                rule=r.rule if r else None,
                matched=r.matched if r else None,
                document=doc,
                decided_by=r.decided_by if r else None,
                reason=r.reason if r else None,
                at=r.created_at.isoformat() if r and r.created_at else None,
            )
        )
    return entity_record(entity), rows


def _decide(
    session: Session, kind: str, lefts: Iterable[str], rights: Iterable[str], reason: str | None, by: str
) -> None:
    """Store `kind` between every left and right form (once each); drop the opposite decisions."""
    pairs = {pair(a, b) for a in lefts for b in rights if a != b}
    opposite = CANNOT_LINK if kind == MUST_LINK else MUST_LINK
    for left, right in pairs:
        session.execute(
            delete(tables.Decision).where(
                tables.Decision.left == left, tables.Decision.right == right, tables.Decision.kind == opposite
            )
        )
        exists = session.scalar(
            select(tables.Decision.id).where(
                tables.Decision.left == left, tables.Decision.right == right, tables.Decision.kind == kind
            )
        )
        if exists is None:
            session.add(tables.Decision(kind=kind, left=left, right=right, reason=reason, decided_by=by))


def _log(
    session: Session, entity: tables.Entity, name: str, matched: str, rule: str, reason: str | None, by: str
) -> None:
    session.add(
        tables.Resolution(entity_id=entity.id, name=name, matched=matched, rule=rule, decided_by=by, reason=reason)
    )


def merge_entities(session: Session, keep: str, drop: str, reason: str | None, by: str) -> EntityRecord:
    """Merge the entity `drop` names into the one `keep` names (its name kept): aliases, claims, links move."""
    a, b = find_entity(session, keep), find_entity(session, drop)
    if a.id == b.id:
        raise CannotMerge(f"{keep!r} and {drop!r} are already one entity (#{a.id})")
    if a.type != b.type and b.type != "other":
        raise CannotMerge(f"#{a.id} is a {a.type} and #{b.id} a {b.type}: only an 'other' merges into another type")
    kept, dropped = _aliases(session, a.id), _aliases(session, b.id)
    session.execute(delete(tables.Alias).where(tables.Alias.entity_id == b.id, tables.Alias.alias.in_(kept)))
    session.execute(
        update(tables.Alias).where(tables.Alias.entity_id == b.id).values(entity_id=a.id, entity_type=a.type)
    )
    session.execute(
        update(tables.Claim).where(tables.Claim.subject_id == b.id).values(subject_id=a.id, subject_type=a.type)
    )
    _repoint(session, b.id, a.id)
    _move_placement_decisions(session, b.id, a.id)
    _decide(session, MUST_LINK, {fold(x) for x in kept}, {fold(x) for x in dropped}, reason, by)
    _log(session, a, b.name, a.name, "user_merge", reason, by)
    a.region_code = a.region_code or b.region_code
    session.flush()
    session.execute(delete(tables.Entity).where(tables.Entity.id == b.id))
    session.expire_all()
    return entity_record(session.get_one(tables.Entity, a.id))


def _move_placement_decisions(session: Session, old: int, new: int) -> None:
    """A merged firm's decisions on chain nodes move with it; where both firms have one, the kept firm's stands."""
    decided = tables.PlacementDecision
    rows = session.execute(select(decided.chain_id, decided.node_id).where(decided.entity_id == new))
    held = {(chain_id, node_id) for chain_id, node_id in rows}
    for decision in session.scalars(select(decided).where(decided.entity_id == old)):
        if (decision.chain_id, decision.node_id) in held:
            session.delete(decision)
        else:
            decision.entity_id = new
    session.flush()


def _repoint(session: Session, old: int, new: int, claims: Sequence[int] | None = None) -> None:
    """Point links at entity `old` to `new` (only those resting on `claims`, when given)."""
    moves = (
        (tables.Product, tables.Product.entity_id),
        (tables.Membership, tables.Membership.enterprise_id),
        (tables.Membership, tables.Membership.cluster_id),
        (tables.StageEvent, tables.StageEvent.project_id),
        (tables.SupplyLink, tables.SupplyLink.supplier_id),
        (tables.SupplyLink, tables.SupplyLink.customer_id),
    )
    for table, column in moves:
        query = update(table).where(column == old)
        if claims is not None:
            query = query.where(table.claim_id.in_(claims))
        session.execute(query.values({column.key: new}))
    if claims is None:
        session.execute(update(tables.Project).where(tables.Project.owner_id == old).values(owner_id=new))
        session.execute(update(tables.Project).where(tables.Project.zone_id == old).values(zone_id=new))
        session.execute(update(tables.Resolution).where(tables.Resolution.entity_id == old).values(entity_id=new))


def split_entity(session: Session, name: str, aliases: Sequence[str], reason: str | None, by: str) -> EntityRecord:
    """Move `aliases` of the entity `name` names, and the claims written with them, to a new entity."""
    entity = find_entity(session, name)
    held = _aliases(session, entity.id)
    forms = {fold(a) for a in aliases}
    moving = [a for a in held if fold(a) in forms]
    staying = [a for a in held if fold(a) not in forms]
    missing = forms - {fold(a) for a in moving}
    if missing:
        raise CannotSplit(f"not aliases of #{entity.id} {entity.name}: {'、'.join(sorted(missing))}")
    if not staying:
        raise CannotSplit(f"splitting every alias of #{entity.id} {entity.name} would leave nothing")
    cls = type(entity)
    new_name = max(moving, key=len)
    place = written_place(new_name)
    new = cls(name=new_name, region_code=place if place and session.get(tables.Region, place) else None)
    session.add(new)
    session.flush()
    session.execute(
        update(tables.Alias)
        .where(tables.Alias.entity_id == entity.id, tables.Alias.alias.in_(moving))
        .values(entity_id=new.id)
    )
    claims = [
        c.id
        for c in session.scalars(select(tables.Claim).where(tables.Claim.subject_id == entity.id))
        if c.subject_name and fold(c.subject_name) in forms
    ]
    if claims:
        session.execute(update(tables.Claim).where(tables.Claim.id.in_(claims)).values(subject_id=new.id))
    _repoint(session, entity.id, new.id, claims)
    customers = [
        link.id
        for link, data in session.execute(
            select(tables.SupplyLink, tables.Claim.data)
            .join(tables.Claim, tables.Claim.id == tables.SupplyLink.claim_id)
            .where(tables.SupplyLink.customer_id == entity.id)
        )
        if fold(str(data.get("customer") or "")) in forms
    ]
    if customers:
        session.execute(update(tables.SupplyLink).where(tables.SupplyLink.id.in_(customers)).values(customer_id=new.id))
    _decide(session, CANNOT_LINK, {fold(a) for a in moving}, {fold(a) for a in staying}, reason, by)
    for alias in moving:
        _log(session, new, alias, entity.name, "user_split", reason, by)
    if entity.name in moving:
        entity.name = max(staying, key=len)
    session.flush()
    return entity_record(new)


def decisions_between(session: Session, forms: Iterable[str]) -> list[tables.Decision]:
    """The stored decisions naming any of `forms` (folded names)."""
    forms = set(forms)
    return list(
        session.scalars(
            select(tables.Decision)
            .where(or_(tables.Decision.left.in_(forms), tables.Decision.right.in_(forms)))
            .order_by(tables.Decision.id)
        )
    )
