"""The store read as the chain core's records: firms, supply links and users' placement decisions.

`Atlas(session)` reads every enterprise that can be placed on a chain (one with a product, a register
record's products or industry code, or a user's placement decision) into a `FirmRecord` (name, aliases,
county code, products, industry code, leader role in a cluster, the sentence of each of its claims, widened
from the claim's span in the document text, and its register row), and every supply link into a `SupplyLink`
with its sentence. Rejected claims give neither products nor evidence nor links. Firms are named as
`FirmNames` tells, reading only the names asked for: a national store's million firm names are never read
whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import TypeVar

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from chainatlas.chains import Chain, Decision, Evidence, FirmRecord, Placement, PlacementKey, SupplyLink, place_firms
from chainatlas.domain import Qualifier, ReviewStatus, Role, Span
from chainatlas.ingest.chain_facts import evidence_at
from chainatlas.store import tables
from chainatlas.store.batches import batches

_LIVE = tables.Claim.status != ReviewStatus.REJECTED
_K = TypeVar("_K")
_V = TypeVar("_V")


class _Texts:
    """Documents' names and texts, each read once."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._read: dict[int, tuple[str, str]] = {}

    def evidence(self, document_id: int, start: int, end: int) -> Evidence:
        if document_id not in self._read:
            document = self._session.get_one(tables.Document, document_id)
            self._read[document_id] = (document.name, document.text)
        name, text = self._read[document_id]
        return evidence_at(name, text, Span(start, end))


class FirmNames:
    """Enterprise id → the name the chain functions know the firm by: its own, or `name #id` when a firm of a
    smaller id has that name too. Read from the store a batch of ids at a time as they are asked for (`load`),
    each once; an id that is no enterprise's has no name."""

    def __init__(self, session: Session) -> None:
        self._session = session
        self._known: dict[int, str | None] = {}

    def load(self, ids: Iterable[int]) -> None:
        """Read the names of these ids (those not read yet) in a query a batch."""
        wanted = list(dict.fromkeys(i for i in ids if i not in self._known))
        if not wanted:
            return
        e, other = tables.Enterprise, aliased(tables.Entity)
        earlier = exists().where(other.type == "enterprise", other.name == e.name, other.id < e.id)
        for batch in batches(wanted):
            found = self._session.execute(select(e.id, e.name, earlier).where(e.id.in_(batch)))
            for entity_id, name, repeated in found:
                self._known[entity_id] = f"{name} #{entity_id}" if repeated else name
            for entity_id in batch:
                self._known.setdefault(entity_id, None)

    def get(self, entity_id: int, default: str | None = None) -> str | None:
        self.load((entity_id,))
        return self._known[entity_id] or default

    def __getitem__(self, entity_id: int) -> str:
        name = self.get(entity_id)
        if name is None:
            raise KeyError(entity_id)
        return name

    def __contains__(self, entity_id: int) -> bool:
        return self.get(entity_id) is not None

    def id_of(self, name: str) -> int | None:
        """The id of a firm named `name` among those read so far (None for none)."""
        return next((i for i, known in self._known.items() if known == name), None)


class Atlas:
    """The store as the chain functions see it: firm records, supply links and users' decisions."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._texts = _Texts(session)
        e = tables.Enterprise
        self.names = FirmNames(session)
        # Only a firm with a product or a user's decision can be placed on a chain: the others need no record
        # (in a national store most firms have neither, and their sentences would be read for nothing).
        own = tables.Enterprise.__table__.c  # the enterprises table alone, read through its partial index
        registered = select(own.id).where(own.products.is_not(None) | own.industry_code.is_not(None))
        placeable = select(tables.Product.entity_id).union(select(tables.PlacementDecision.entity_id), registered)
        rows = session.execute(select(e).where(e.id.in_(placeable)).order_by(e.id)).scalars().all()
        self._placeable = {firm.id for firm in rows}
        self.names.load(self._placeable)
        self.firms = [self._record(firm) for firm in rows]

    def _record(self, enterprise: tables.Enterprise) -> FirmRecord:
        name = self.names[enterprise.id]
        register = _register_evidence(enterprise)
        return FirmRecord(
            name,
            enterprise.region_code,
            tuple(dict.fromkeys([*self._products.get(enterprise.id, ()), *(enterprise.products or ())])),
            (enterprise.industry_code,) if enterprise.industry_code else (),
            tuple(dict.fromkeys([*self._evidence.get(enterprise.id, ()), *register])),
            tuple(a for a in self._aliases.get(enterprise.id, ()) if a != name),
            Role.LEADER if enterprise.id in self._leaders else None,
        )

    @cached_property
    def _products(self) -> dict[int, list[str]]:
        query = (
            select(tables.Product.entity_id, tables.Product.product)
            .join(tables.Claim, tables.Claim.id == tables.Product.claim_id)
            .where(_LIVE)
            .order_by(tables.Product.id)
        )
        return _grouped(self.session.execute(query))

    @cached_property
    def _aliases(self) -> dict[int, list[str]]:
        query = select(tables.Alias.entity_id, tables.Alias.alias).order_by(tables.Alias.id)
        return _grouped(self.session.execute(query))

    @cached_property
    def _leaders(self) -> set[int]:
        query = select(tables.Membership.enterprise_id).where(
            tables.Membership.role == Role.LEADER.value, tables.Membership.decision != Decision.REJECTED.value
        )
        return set(self.session.scalars(query))

    @cached_property
    def _evidence(self) -> dict[int, list[Evidence]]:
        claim = tables.Claim
        query = (
            select(claim.subject_id, claim.document_id, claim.span_start, claim.span_end)
            .where(_LIVE, claim.subject_type == "enterprise", claim.kind.in_(("enterprise", "supply")))
            .order_by(claim.id)
        )
        return _grouped(
            (subject, self._texts.evidence(doc, start, end))
            for subject, doc, start, end in self.session.execute(query)
            if subject in self._placeable
        )

    @cached_property
    def links(self) -> list[SupplyLink]:
        """Every stored supply link not resting on a rejected claim, with its sentence."""
        supplier, customer, link = aliased(tables.Entity), aliased(tables.Entity), tables.SupplyLink
        query = (
            select(link, supplier.id, supplier.name, customer.id, customer.name, tables.Claim)
            .join(supplier, supplier.id == link.supplier_id)
            .join(customer, customer.id == link.customer_id)
            .join(tables.Claim, tables.Claim.id == link.claim_id)
            .where(_LIVE)
            .order_by(link.id)
        )
        found = self.session.execute(query).all()
        self.names.load(i for _, sid, _, cid, _, _ in found for i in (sid, cid))
        return [
            SupplyLink(
                self.names.get(sid, sname) or sname, self.names.get(cid, cname) or cname, row.product, row.share,
                Qualifier(row.qualifier) if row.qualifier else None,
                (self._texts.evidence(c.document_id, c.span_start, c.span_end),),
            )
            for row, sid, sname, cid, cname, c in found
        ]

    @cached_property
    def decisions(self) -> dict[PlacementKey, Decision]:
        rows = self.session.scalars(select(tables.PlacementDecision).order_by(tables.PlacementDecision.id)).all()
        self.names.load(r.entity_id for r in rows)
        return {
            (self.names[r.entity_id], r.chain_id, r.node_id): Decision(r.decision)
            for r in rows
            if r.entity_id in self.names
        }

    def placements(
        self, chains: Sequence[Chain] | None = None, firms: Iterable[FirmRecord] | None = None
    ) -> list[Placement]:
        """The firms' placements (default: every firm, every bundled chain), users' decisions applied."""
        return place_firms(self.firms if firms is None else firms, chains, self.decisions)

    def members(self, cluster: tables.Cluster) -> list[str]:
        """The names of a cluster's member firms, rejected memberships left out."""
        query = select(tables.Membership.enterprise_id).where(
            tables.Membership.cluster_id == cluster.id, tables.Membership.decision != Decision.REJECTED.value
        )
        found = list(dict.fromkeys(self.session.scalars(query)))
        self.names.load(found)
        return [self.names[i] for i in found if i in self.names]


def _register_evidence(firm: tables.Enterprise) -> tuple[Evidence, ...]:
    """The firm's register row as evidence: the file and row, and what it says the firm makes."""
    if firm.register_source is None or not (firm.products or firm.industry_code):
        return ()
    said = [f"主要产品：{'、'.join(firm.products)}"] if firm.products else []
    said += [f"行业代码：{firm.industry_code}"] if firm.industry_code else []
    sentence = "；".join(said)
    return (Evidence(firm.register_source, sentence, Span(0, len(sentence))),)


def _grouped(pairs: Iterable[tuple[_K, _V]]) -> dict[_K, list[_V]]:
    grouped: dict[_K, list[_V]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return grouped
