"""The fault suite's corpus and reference stores, shared by its tests (built once per run).

The kill loop, the store comparison and the corpus come from bench/faults.py and bench/extract.py, which run
the same loop a hundred times; bench/ is put on the import path for them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from faults import Reference, reference_store, write_corpus  # bench/faults.py, not this folder

DOCUMENTS = 2000  # the corpus the kills run over
SMALL = 400  # its first pages: the corpus of the concurrency, PostgreSQL and disk tests


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """2,000 distinct news pages (variants of the test pages), in the order ingest reads them."""
    return write_corpus(tmp_path_factory.mktemp("corpus"), DOCUMENTS)


@pytest.fixture(scope="session")
def small(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The corpus's first 400 pages in a folder of their own."""
    folder = tmp_path_factory.mktemp("small")
    for path in corpus[:SMALL]:
        os.link(path, folder / path.name)
    return sorted(folder.iterdir())


@pytest.fixture(scope="session")
def reference(corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """The store of an uninterrupted ingest of the corpus (SQLite)."""
    return reference_store(f"sqlite:///{tmp_path_factory.mktemp('reference') / 'atlas.db'}", corpus[0].parent)


@pytest.fixture(scope="session")
def small_reference(small: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """The store of an uninterrupted ingest of the small corpus (SQLite)."""
    return reference_store(f"sqlite:///{tmp_path_factory.mktemp('small-reference') / 'atlas.db'}", small[0].parent)


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The fault tests read the commands' lines in English (the CLI prints Chinese by default)."""
