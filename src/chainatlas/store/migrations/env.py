"""Alembic environment: runs the bundled migrations on the connection the store hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from chainatlas.store.tables import Base
from chainatlas.store.text_search import beside_models


def _modelled(_object: object, name: str | None, _type: str, _reflected: bool, _compare_to: object) -> bool:
    """Autogenerate compares the models' objects only, not the search index (`text_search.SEARCH_INDEX`)."""
    return not beside_models(name)


def run(connection: Connection) -> None:
    """Run the pending migrations on `connection` (batch mode on SQLite, for ALTERs)."""
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_modelled,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("chainatlas migrations run through chainatlas.store.session.Store.upgrade")
run(connection)
