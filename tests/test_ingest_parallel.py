"""Ingesting with worker processes: the same store as a serial ingest, files reported alike, bounded work."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from chainatlas.services import ingest
from chainatlas.services.ingest import extract_paths, ingest_paths
from chainatlas.services.reference import load_reference
from chainatlas.store import tables
from chainatlas.store.session import Store
from store_samples import CLAIM_CONTENT


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Documents, entities, aliases and claims with their ids, as two stores compare."""
    with store.session() as session:
        return {
            "documents": sorted(tuple(r) for r in session.execute(select(tables.Document.id, tables.Document.name))),
            "entities": sorted(
                tuple(r) for r in session.execute(select(tables.Entity.id, tables.Entity.type, tables.Entity.name))
            ),
            "aliases": sorted(tuple(r) for r in session.execute(select(tables.Alias.entity_id, tables.Alias.alias))),
            "claims": [
                tuple(r)
                for r in session.execute(
                    select(tables.Claim.id, tables.Claim.document_id, *CLAIM_CONTENT).order_by(tables.Claim.id)
                )
            ],
        }


@pytest.fixture
def serial_snapshot(data: Path, tmp_path: Path) -> dict[str, list[tuple[object, ...]]]:
    """What a serial, in-process ingest of the news folder stores (on SQLite)."""
    store = Store(f"sqlite:///{tmp_path / 'serial.db'}")
    store.upgrade()
    with store.transaction() as session:
        load_reference(session)
    report = ingest_paths(store, [data / "news"], workers=1)
    assert report.claims > 50 and not report.skipped
    try:
        return snapshot(store)
    finally:
        store.dispose()


def test_two_workers_store_what_one_process_stores(
    store: Store, data: Path, serial_snapshot: dict[str, list[tuple[object, ...]]]
) -> None:
    seen: list[Path] = []
    report = ingest_paths(store, [data / "news"], progress=seen.append, workers=2)
    assert seen == report.added == sorted((data / "news").glob("*.txt"))
    assert snapshot(store) == serial_snapshot


def test_workers_skip_stored_documents_before_extracting(store: Store, data: Path) -> None:
    news = data / "news"
    ingest_paths(store, [news], workers=2)
    again = list(extract_paths([news], workers=2, known=lambda digests: set(digests)))
    assert all(item.document is None and item.error is None and not item.facts for item in again)
    assert ingest_paths(store, [news], workers=2).unchanged == sorted(news.glob("*.txt"))


@pytest.mark.parametrize("workers", [1, 2])
def test_unreadable_files_are_reported_by_name_and_reason(workers: int, data: Path, tmp_path: Path) -> None:
    page = data / "news" / "news_01c60dcd7d.txt"
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "gbk-garbage.txt").write_bytes(b"\xff\xfe\xfa" * 100)
    with (tmp_path / "huge.txt").open("wb") as huge:
        huge.truncate(60 * 1024 * 1024)
    paths = [tmp_path, tmp_path / "missing.txt", page]

    outcomes = list(extract_paths(paths, workers=workers))

    reasons = {item.path.name: item.error for item in outcomes if item.error is not None}
    assert set(reasons) == {"binary.txt", "empty.txt", "gbk-garbage.txt", "huge.txt", "missing.txt"}
    assert all(reasons.values()) and "limit" in (reasons["huge.txt"] or "")
    assert [item.path for item in outcomes][-1] == page and outcomes[-1].facts


def test_parallel_and_serial_extraction_yield_the_same_facts_in_order(data: Path) -> None:
    news = [data / "news"]
    serial = [(item.path, item.facts) for item in extract_paths(news, workers=1)]
    assert [(item.path, item.facts) for item in extract_paths(news, workers=2)] == serial


def test_work_in_flight_is_bounded(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are read only a few chunks ahead of the results consumed: memory does not grow with the input."""
    monkeypatch.setattr(ingest.LocalPool, "chunk_files", 1)
    read: list[Path] = []
    original = ingest._read

    def counting_read(path: Path) -> ingest._Job:
        read.append(path)
        return original(path)

    monkeypatch.setattr(ingest, "_read", counting_read)
    news = data / "news"
    files = extract_paths([news], workers=2)
    next(files)
    limit = ingest.IN_FLIGHT_PER_WORKER * 2 + 1
    assert len(read) <= limit + 1
    consumed = 1
    for _ in files:
        consumed += 1
        assert len(read) - consumed <= limit
    assert consumed == len(read) == len(list(news.glob("*.txt")))
