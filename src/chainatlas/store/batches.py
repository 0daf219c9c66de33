"""Many rows or keys sent to the database a batch at a time."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

# Keys per IN list, rows per INSERT: under SQLite's and PostgreSQL's bound-parameter limits.
BATCH = 5_000
T = TypeVar("T")


def batches(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last one shorter), read lazily (itertools.batched, Python 3.12)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
