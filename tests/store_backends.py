"""The test stores' backends: SQLite always, PostgreSQL at `$CHAINATLAS_TEST_PG` (required under CI=true).

A plain module rather than conftest.py, so that any test can import it: tests/fuzz and tests/faults have
conftest files of their own, and `from conftest import …` would find whichever was imported first.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy

from chainatlas.store.reference import load_reference
from chainatlas.store.session import Store

PG_ENV = "CHAINATLAS_TEST_PG"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def postgres_url() -> str:
    """The test server's URL; skips without one, except in CI where it must be there."""
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI") == "true":
        pytest.fail(f"{PG_ENV} is not set: CI runs every store test on PostgreSQL too")
    pytest.skip(f"PostgreSQL tests need {PG_ENV}, e.g. postgresql+psycopg://atlas:atlas@127.0.0.1:5432/atlas_test")


def fresh_postgres(url: str) -> None:
    """Drop everything in the test database's public schema."""
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sqlalchemy.text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(sqlalchemy.text("CREATE SCHEMA public"))
    engine.dispose()


def ready_store(url: str) -> Store:
    """The store at `url` at the newest schema with the reference data (regions, industries) loaded."""
    store = Store(url)
    store.upgrade()
    with store.transaction() as session:
        load_reference(session)
    return store
