"""Complexity from a table of cells to a CSV: one matrix per year, the measures written a block of rows at a time.

Years go in the order of their text, regions and activities in the order of their codes; a year holds the
regions and activities that have a cell in it (absent cells count as 0). Each output row is one region ×
activity of a year: the keys, the summed value and :data:`complexity.MEASURES`, counts and presence as whole
numbers, other measures as ``repr`` writes them, empty where undefined (NaN).
"""

from __future__ import annotations

import functools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from chainatlas.analytics import csv_columns
from chainatlas.analytics.cells import Cells
from chainatlas.analytics.complexity import MEASURES, Array, measures
from chainatlas.analytics.table import TableError

COUNTS = frozenset({"mcp", "diversity", "ubiquity"})
BLOCK_ROWS = 25_000  # output rows formatted at once: small enough that freed buffers are reused
THREADS = min(4, os.cpu_count() or 1)  # blocks formatted at once


@dataclass(frozen=True)
class YearPanel:
    """One year's cells as a dense matrix: ``values[i, j]`` for ``regions[i]`` and ``activities[j]``."""

    year: str | None
    regions: tuple[str, ...]
    activities: tuple[str, ...]
    rows: npt.NDArray[np.int64]
    columns: npt.NDArray[np.int64]
    cells: npt.NDArray[np.float64]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.regions), len(self.activities)

    def matrix(self) -> Array:
        out = np.zeros(self.shape)
        out[self.rows, self.columns] = self.cells
        return out


Codes = npt.NDArray[np.int64]


def _sorted_axis(labels: tuple[str, ...], codes: Codes) -> tuple[tuple[str, ...], Codes]:
    """The distinct labels of ``codes`` in text order, and each code's position among them."""
    present = np.flatnonzero(np.bincount(codes, minlength=len(labels)))  # np.unique, without sorting every cell
    ordered = sorted(present.tolist(), key=labels.__getitem__)
    position = np.zeros(len(labels), dtype=np.int64)
    position[ordered] = np.arange(len(ordered))
    return tuple(labels[c] for c in ordered), position[codes]


def year_panels(cells: Cells) -> list[YearPanel]:
    """One :class:`YearPanel` per year of ``cells``, in the order of the years' text."""
    out = []
    codes = np.flatnonzero(np.bincount(cells.year, minlength=len(cells.years)))
    for code in sorted(codes.tolist(), key=lambda c: str(cells.years[c])):
        chosen = cells.year == code if len(codes) > 1 else slice(None)  # one year: every cell, no copies
        regions, rows = _sorted_axis(cells.regions, cells.region[chosen])
        activities, columns = _sorted_axis(cells.activities, cells.activity[chosen])
        out.append(YearPanel(cells.years[code], regions, activities, rows, columns, cells.value[chosen]))
    return out


def check_shapes(path: Path, panels: list[YearPanel]) -> None:
    """Eigenvector ECI/PCI need at least two regions and two activities in every year; :class:`TableError` if not."""
    for panel in panels:
        regions, activities = panel.shape
        if regions < 2 or activities < 2:
            when = f" in year {panel.year}" if panel.year is not None else ""
            shape = f"{regions} region(s) and {activities} activity(ies){when}"
            raise TableError(f"{path}: {shape}; complexity needs at least two of each")


def _pieces(name: str, values: Array, end: str) -> list[csv_columns.Piece]:
    return csv_columns.counts(values, end) if name in COUNTS else csv_columns.floats(values, end)


def _blocks(panel: YearPanel, threshold: float, with_year: bool) -> Iterator[Callable[[], memoryview]]:
    """One year's output as blocks of regions, each a function that formats its lines.

    A measure of the region alone (diversity, ECI, COI) or of the activity alone (ubiquity, PCI) is a broadcast
    view: its few distinct values are formatted once and taken, the others cell by cell.
    """
    x = panel.matrix()
    results = {"value": x, **measures(x, threshold)}
    ends = {name: "," for name in results} | {next(reversed(results)): "\r\n"}
    n_regions, n_activities = panel.shape

    def distinct(name: str, values: Array) -> pa.Array:
        return csv_columns.joined(_pieces(name, values, ends[name]))

    by_region = {name: distinct(name, m[:, 0]) for name, m in results.items() if m.strides[1] == 0}
    by_activity = {name: distinct(name, m[0]) for name, m in results.items() if m.strides[0] == 0 and m.strides[1]}
    regions, activities = csv_columns.labels(panel.regions), csv_columns.labels(panel.activities)
    if with_year:  # the year follows the activity: one piece
        activities = csv_columns.joined([activities, csv_columns.labels([panel.year or ""])[0]])

    def block(start: int, stop: int) -> memoryview:
        region = pa.array(np.repeat(np.arange(start, stop), n_activities))
        activity = pa.array(np.tile(np.arange(n_activities), stop - start))
        pieces: list[csv_columns.Piece] = [regions.take(region), activities.take(activity)]
        for name, matrix in results.items():
            if name in by_region:
                pieces.append(by_region[name].take(region))
            elif name in by_activity:
                pieces.append(by_activity[name].take(activity))
            else:
                pieces += _pieces(name, np.ascontiguousarray(matrix[start:stop]).ravel(), ends[name])
        return csv_columns.lines(pieces)

    step = max(1, BLOCK_ROWS // n_activities)
    for start in range(0, n_regions, step):
        yield functools.partial(block, start, min(start + step, n_regions))


def _in_threads(tasks: Iterable[Callable[[], memoryview]], threads: int) -> Iterator[memoryview]:
    """The results of ``tasks`` in order, run ``threads`` at a time (at most that many results held ahead)."""
    with ThreadPoolExecutor(threads) as pool:
        pending: deque[Future[memoryview]] = deque()
        for task in tasks:
            pending.append(pool.submit(task))
            if len(pending) >= threads:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def write_complexity(target: Path, panels: list[YearPanel], threshold: float, with_year: bool) -> int:
    """Compute every year's measures and write them to ``target`` (atomically); the number of rows written."""
    header = ["region", "activity", *(["year"] if with_year else []), "value", *MEASURES]
    tasks = (task for panel in panels for task in _blocks(panel, threshold, with_year))
    csv_columns.write_lines(target, header, _in_threads(tasks, THREADS))
    return sum(r * a for r, a in (p.shape for p in panels))
