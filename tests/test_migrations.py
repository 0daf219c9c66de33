"""The bundled Alembic migrations reproduce the models exactly, on both backends."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from chainatlas.i18n import language, stored_text
from chainatlas.services.uploads import STOPPED
from chainatlas.store import tables
from chainatlas.store.session import Store
from chainatlas.store.tables import Base
from chainatlas.store.text_search import FTS_TABLES, GIN_INDEXES, SEARCH_INDEX, beside_models
from store_samples import migrate


def test_upgrade_head_matches_the_models(empty_store: Store) -> None:
    assert empty_store.revision() is None and not empty_store.is_current()
    empty_store.upgrade()
    assert empty_store.is_current()
    with empty_store.engine.connect() as connection:
        modelled = {"compare_type": True, "include_object": lambda _object, name, *_: not beside_models(name)}
        context = MigrationContext.configure(connection, opts=modelled)
        assert compare_metadata(context, Base.metadata) == []


def test_upgrade_builds_the_search_index_beside_the_models(empty_store: Store) -> None:
    empty_store.upgrade()
    found = inspect(empty_store.engine)
    indexed = ("documents", "entities", "entity_aliases")
    built = {*found.get_table_names(), *(i["name"] for t in indexed for i in found.get_indexes(t))}
    expected = {"sqlite": set(FTS_TABLES), "postgresql": set(GIN_INDEXES)}[empty_store.engine.dialect.name]
    assert {name for name in built if name in SEARCH_INDEX} == expected


def test_upgrade_is_idempotent_and_downgrade_empties(empty_store: Store) -> None:
    empty_store.upgrade()
    empty_store.upgrade()
    migrate(empty_store, command.downgrade, "base")
    assert set(inspect(empty_store.engine).get_table_names()) == {"alembic_version"}
    empty_store.upgrade()
    assert set(Base.metadata.tables) <= set(inspect(empty_store.engine).get_table_names())


def test_migrations_ship_with_the_package() -> None:
    migrations = resources.files("chainatlas").joinpath("store", "migrations")
    assert migrations.joinpath("env.py").is_file()
    assert migrations.joinpath("script.py.mako").is_file()
    assert any(f.name.endswith(".py") for f in migrations.joinpath("versions").iterdir())


def test_an_upload_failure_stored_as_a_sentence_reads_on_after_revision_0016(empty_store: Store) -> None:
    """Before 0016 a job's failure was a sentence in one language; after it the sentence is kept as written (a
    sentence that is a catalog's string, the server-stopped one, reads in the reader's language), and new failures
    are messages, stored as JSON, and read back the same after a downgrade to text."""
    migrate(empty_store, command.upgrade, "0015")
    insert = text(
        "INSERT INTO upload_jobs (id, kind, actor, state, files, options, done, error, created_at) "
        "VALUES (:id, 'projects', 'editor', 'failed', '[]', '{}', 0, :error, '2026-07-01 00:00:00')"
    )
    with empty_store.engine.begin() as connection:
        connection.execute(insert, {"id": 1, "error": "p.xlsx: no sheet '项目' (the workbook has 'Sheet1')"})
        connection.execute(insert, {"id": 2, "error": STOPPED})
    empty_store.upgrade()
    with empty_store.session() as session:
        errors = [session.get_one(tables.UploadJob, i).error for i in (1, 2)]
    assert [stored_text(e) for e in errors] == ["p.xlsx: no sheet '项目' (the workbook has 'Sheet1')", STOPPED]
    with language("en"):
        assert stored_text(errors[1]).startswith("The server stopped while the job was running")
    migrate(empty_store, command.downgrade, "0015")
    with empty_store.engine.connect() as connection:
        kept = connection.execute(text("SELECT error FROM upload_jobs ORDER BY id")).scalars().all()
    assert kept == ["p.xlsx: no sheet '项目' (the workbook has 'Sheet1')", STOPPED]
