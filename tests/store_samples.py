"""What the store tests compare claims by, and how they move a store's schema."""

from __future__ import annotations

from collections.abc import Callable

from alembic.config import Config

from chainatlas.store import tables
from chainatlas.store.session import Store, alembic_config

# A claim's content, without its ids: two stores' (or two documents') claims compare on these.
CLAIM_CONTENT = (
    tables.Claim.kind,
    tables.Claim.metric,
    tables.Claim.value,
    tables.Claim.period,
    tables.Claim.span_start,
    tables.Claim.span_end,
    tables.Claim.data,
)


def migrate(store: Store, direction: Callable[[Config, str], None], revision: str) -> None:
    """Run the bundled migrations up or down (`alembic.command.upgrade` or `downgrade`) to `revision`."""
    config = alembic_config()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        direction(config, revision)
