"""What a workbook import did, whatever it imports (projects, register firms)."""

from __future__ import annotations

from dataclasses import dataclass, field

from chainatlas.projects.template import RowError


@dataclass
class ImportReport:
    """Data rows read; records created, updated and unchanged; and the rows' errors, each naming its cell."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
