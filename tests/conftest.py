"""Shared fixtures: the test data in tests/data, and stores on both backends."""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, event

from chainatlas.i18n import SOURCE, language
from chainatlas.services.reference import load_reference
from chainatlas.store.session import Store
from store_backends import BACKENDS, fresh_postgres, postgres_url

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def data() -> Path:
    """The test data folder, tests/data: news pages, gold, reference tables (tests/data/README.md)."""
    return DATA


@pytest.fixture(autouse=True)
def _source_language() -> Iterator[None]:
    """Each test starts in Chinese and leaves no language behind (a command run in-process sets its own)."""
    with language(SOURCE):
        yield


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands print in English, the language their tests read them in (test_cli_languages.py reads both)."""
    monkeypatch.setenv("CHAINATLAS_LANGUAGE", "en")


@pytest.fixture
def read_english() -> Iterator[None]:
    """Messages read in English inside the test: errors raised in the services and the core read in the
    language of whoever shows them, and these tests read them in English."""
    with language("en"):
        yield


# ---------------------------------------------------------------- store fixtures (both backends)

@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each backend: a fresh SQLite file, or PostgreSQL wiped clean."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'atlas.db'}"
    url = postgres_url()
    fresh_postgres(url)
    return url


@pytest.fixture
def empty_store(db_url: str) -> Iterator[Store]:
    """A store with no schema yet."""
    store = Store(db_url)
    yield store
    store.dispose()


@pytest.fixture
def store(empty_store: Store) -> Store:
    """A store at the newest schema with the reference data loaded."""
    empty_store.upgrade()
    with empty_store.transaction() as session:
        load_reference(session)
    return empty_store


# ---------------------------------------------------------------- connections closed after each test

_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


@event.listens_for(Engine, "engine_connect")
def _remember(connection: Connection) -> None:
    _ENGINES.add(connection.engine)


@pytest.fixture(autouse=True)
def _close_connections() -> Iterator[None]:
    """Close the idle pooled connections of every PostgreSQL engine once a test ends (each stays usable, it reconnects).

    The apps and stores a test makes are not all disposed by it (a `TestClient` without its context, a
    store a helper opened), and their pools would otherwise hold PostgreSQL connections until the garbage
    collector ran: a thousand tests then exceed the server's `max_connections`.
    """
    yield
    for engine in list(_ENGINES):
        if engine.dialect.name == "postgresql":
            engine.dispose()


# ---------------------------------------------------------------- no skip in CI


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Under CI=true a skipped test is a failure: CI runs every test, none may hide behind a skip."""
    if report.skipped and os.environ.get("CI") == "true":
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.longrepr = f"skipped under CI=true: {reason}"
