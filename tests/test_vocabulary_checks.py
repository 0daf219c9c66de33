"""The columns that hold a word of a fixed vocabulary refuse any other, in the database itself, on both stores;
the migration that adds the checks (0017) keeps every row of a store made before it, the rows that refer to a
copied table (`claims`) included."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chainatlas.domain import USER_ROLES, Decision, ReviewStatus, Role
from chainatlas.store import tables
from chainatlas.store.session import Store
from store_samples import migrate

TEXT = "平湖市光电产业集群的龙头企业甲光电有限公司。"
ROWS = (tables.Claim, tables.Review, tables.Membership, tables.PlacementDecision, tables.User)


def _rows(session: Session) -> None:
    """A claim with a review and the membership resting on it, a placement decision and a user."""
    document = tables.Document(
        name="a.txt", sha256=hashlib.sha256(TEXT.encode()).hexdigest(), raw=TEXT.encode(), text=TEXT,
        encoding="utf-8", header={},
    )  # fmt: skip
    cluster, firm = tables.Cluster(name="平湖市光电产业集群"), tables.Enterprise(name="甲光电有限公司")
    session.add_all([document, cluster, firm])
    session.flush()
    claim = tables.Claim(
        kind="enterprise", subject_type="enterprise", subject_id=firm.id, data={}, document_id=document.id,
        span_start=0, span_end=len(TEXT), method="test", method_version="1", status=ReviewStatus.ACCEPTED,
    )  # fmt: skip
    session.add(claim)
    session.flush()
    session.add_all([
        tables.Review(claim_id=claim.id, status=ReviewStatus.ACCEPTED, reviewer="审核员"),
        tables.Membership(
            enterprise_id=firm.id, cluster_id=cluster.id, role=Role.LEADER, decision=Decision.CONFIRMED,
            claim_id=claim.id,
        ),
        tables.PlacementDecision(
            entity_id=firm.id, chain_id="c", node_id="n", decision=Decision.REJECTED, decided_by="审核员"
        ),
        tables.User(name="审核员", role=USER_ROLES[1], password_hash="x"),
    ])  # fmt: skip


def _counts(store: Store) -> list[int]:
    with store.session() as session:
        return [session.scalar(select(func.count()).select_from(table)) or 0 for table in ROWS]


def test_the_checks_keep_every_row_of_a_store_made_before_them(empty_store: Store) -> None:
    migrate(empty_store, command.upgrade, "0016")
    with empty_store.transaction() as session:
        _rows(session)
    empty_store.upgrade()
    assert _counts(empty_store) == [1] * len(ROWS)
    with empty_store.session() as session:
        assert session.scalar(select(tables.Membership.decision)) == Decision.CONFIRMED


@pytest.mark.parametrize(
    ("table", "values"),
    [
        (tables.Claim, {"status": "approved"}),
        (tables.Review, {"status": "ACCEPTED"}),
        (tables.Membership, {"decision": "maybe"}),
        (tables.Membership, {"role": "partner"}),
        (tables.PlacementDecision, {"decision": ""}),
        (tables.User, {"role": "root"}),
    ],
)
def test_a_word_outside_its_vocabulary_is_refused_by_the_database(
    store: Store, table: type[tables.Base], values: dict[str, Any]
) -> None:
    with store.transaction() as session:
        _rows(session)
    (column,) = values
    with pytest.raises(IntegrityError, match=f"ck_{table.__tablename__}_{column}"), store.transaction() as session:
        session.execute(update(table).values(values))
    assert _counts(store) == [1] * len(ROWS)


def test_every_word_of_a_vocabulary_is_taken(store: Store) -> None:
    with store.transaction() as session:
        _rows(session)
    for status in ReviewStatus:
        with store.transaction() as session:
            session.execute(update(tables.Claim).values(status=status))
    for role in [*Role, None]:
        with store.transaction() as session:
            session.execute(update(tables.Membership).values(role=role))
    for user_role in USER_ROLES:
        with store.transaction() as session:
            session.execute(update(tables.User).values(role=user_role))
    with store.session() as session:
        assert session.scalar(select(tables.User.role)) == USER_ROLES[-1]
