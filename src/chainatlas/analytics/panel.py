"""A labelled region × activity matrix: the unit the specialisation measures take and the store gives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from chainatlas.analytics.complexity import Array


class PanelError(LookupError):
    """A dataset, year, region or activity a panel does not hold."""


@dataclass(frozen=True, slots=True)
class Panel:
    """Values of one metric by region (rows) and activity (columns), for one year or none."""

    name: str
    metric: str
    unit: str | None
    year: str | None
    regions: tuple[str, ...]
    activities: tuple[str, ...]
    values: Array

    def rows(self, codes: Sequence[str]) -> Panel:
        """The panel restricted to the regions `codes` (in that order); unknown codes raise :class:`PanelError`."""
        index = {code: i for i, code in enumerate(self.regions)}
        missing = [c for c in codes if c not in index]
        if missing:
            raise PanelError(f"{self.name}: no rows for {', '.join(missing)}")
        values = self.values[[index[c] for c in codes]]
        return Panel(self.name, self.metric, self.unit, self.year, tuple(codes), self.activities, values)

    def aligned(self, regions: Sequence[str], activities: Sequence[str]) -> Array:
        """The values on the given axes, 0 where this panel has no such region or activity."""
        r_index = {code: i for i, code in enumerate(self.regions)}
        a_index = {code: j for j, code in enumerate(self.activities)}
        out = np.zeros((len(regions), len(activities)))
        rows = [(i, r_index[c]) for i, c in enumerate(regions) if c in r_index]
        cols = [(j, a_index[c]) for j, c in enumerate(activities) if c in a_index]
        if rows and cols:
            (to_r, from_r), (to_c, from_c) = zip(*rows, strict=True), zip(*cols, strict=True)
            out[np.ix_(to_r, to_c)] = self.values[np.ix_(from_r, from_c)]
        return out

    @property
    def is_count(self) -> bool:
        """Whether the values count units (enterprises, employees), so that Poisson intervals apply."""
        return self.unit == "count" or self.metric.endswith("_count")
