"""Cluster membership from the register's cluster lists (the 所属产业集群 column).

A row naming clusters makes its firm a member of each, the decision `uncertain` until a person confirms it, as a
membership read from the news is; the membership's `source` is the register file, sheet and row. A named cluster
is the one its name resolves to among clusters (the resolver's rules and region guard, the row's county as the
place), else a new cluster in the row's county with the name as its alias. A membership the news already gives
keeps its claim and gains the row as its source. On re-import the row's list is the register's word: a cluster no
longer listed loses the register's membership (a news membership stays, without the row); an empty cell leaves the
memberships alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chainatlas.domain import Decision, Role
from chainatlas.register.template import RegisterRow
from chainatlas.services.resolve import Resolver
from chainatlas.store import tables
from chainatlas.store.batches import among, batches
from chainatlas.store.bulk import alias_row, insert_rows
from chainatlas.store.names import fold

CLUSTER = "cluster"
Log = Callable[[int, str, dict[str, Any]], None]


class _Clusters:
    """The clusters rows name, resolved once per (name, county) and created when none matches."""

    def __init__(self, session: Session, names: set[str]) -> None:
        self.session = session
        self.resolver = Resolver(session)
        self.resolver.prefetch(names)
        self.found: dict[tuple[str, str | None], tables.Cluster] = {}

    def get(self, name: str, county: str | None) -> tables.Cluster:
        key = (fold(name), county)
        if key not in self.found:
            entity = self.resolver.resolve(name, (CLUSTER,), region=county).entity
            if not isinstance(entity, tables.Cluster):
                entity = tables.Cluster(name=key[0], region_code=county)
                self.session.add(entity)
                self.session.flush()
                insert_rows(self.session, tables.Alias, [alias_row(entity.id, CLUSTER, name)])
            self.found[key] = entity
        return self.found[key]


def place_in_clusters(
    session: Session, rows: Sequence[tuple[int, RegisterRow]], where: Callable[[RegisterRow], str], log: Log
) -> None:
    """Make each (firm id, row) naming clusters a member of them, with the row as source; `log(firm, action,
    changes)` is told each firm whose register clusters changed."""
    listing = [(firm, row) for firm, row in rows if row.clusters]
    if not listing:
        return
    clusters = _Clusters(session, {n for _, row in listing for n in row.clusters})
    held: dict[int, dict[int, tables.Membership]] = defaultdict(dict)
    m = tables.Membership
    query = select(m).where(among(session, m.enterprise_id, "firms")).order_by(m.id)
    for batch in batches([firm for firm, _ in listing]):
        for membership in session.scalars(query, {"firms": batch}):
            held[membership.enterprise_id].setdefault(membership.cluster_id, membership)
    for firm, row in listing:
        wanted = {clusters.get(name, row.county).id for name in row.clusters}
        source = where(row)
        before = {c for c, ms in held[firm].items() if ms.source is not None}
        for cluster_id in wanted:
            have = held[firm].get(cluster_id)
            if have is None:
                session.add(m(enterprise_id=firm, cluster_id=cluster_id, role=Role.MEMBER, decision=Decision.UNCERTAIN,
                              source=source))  # fmt: skip
            elif have.source != source:
                have.source = source
        for cluster_id in before - wanted:
            gone = held[firm][cluster_id]
            if gone.claim_id is None:
                session.delete(gone)
            else:
                gone.source = None
        if before != wanted:
            names = [sorted(session.get_one(tables.Cluster, c).name for c in ids) for ids in (before, wanted)]
            log(firm, "update", {"clusters": names})
    session.flush()
