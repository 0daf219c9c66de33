"""What a workbook import did, whatever it imports (projects, register firms), and the template read loop
both share: the header's columns, then each data row checked, its errors kept and the good rows returned."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from chainatlas.analytics.table import TableError, open_rows
from chainatlas.logs import event
from chainatlas.projects.template import HeaderError, RowError

_log = logging.getLogger(__name__)
Key = TypeVar("Key")
Row = TypeVar("Row")
# Told how far an import is: its step ("read", "store"), the rows done and, when known, of how many.
ImportProgress = Callable[[str, int, int | None], None]
# How often the progress is told while rows are read or stored.
PROGRESS_ROWS = 500


@dataclass
class ImportReport:
    """Data rows read; records created, updated and unchanged; and the rows' errors, each naming its cell."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    def log(self, what: str, path: Path, actor: str) -> None:
        """Log what the import of `path` did (one line), and each bad cell (a line each)."""
        for error in self.errors:
            event(_log, "import-bad-cell", file=path, cell=error)
        event(_log, "import-done", what=what, file=path, by=actor, rows=self.rows, created=self.created,
              updated=self.updated, unchanged=self.unchanged, errors=len(self.errors))  # fmt: skip


@dataclass(frozen=True)
class TemplateRows(Generic[Key, Row]):
    """A template file's good rows, the sheet read (None for CSV) and its columns as written, to their keys."""

    rows: list[Row]
    sheet: str | None
    keys: dict[str, Key]

    def written(self, wanted: Callable[[Key], bool]) -> str:
        """The header, as written, of the first column whose key is `wanted`."""
        return next(written for written, key in self.keys.items() if wanted(key))


def quiet(_step: str, _done: int, _total: int | None) -> None:
    """An import's progress told to no one."""


def read_template_rows(
    path: Path,
    sheet: str | None,
    report: ImportReport,
    columns: Callable[[Sequence[str]], dict[str, Key]],
    parse: Callable[[Mapping[str | None, object], dict[str, Key], str | None, int], Row | list[RowError]],
    progress: ImportProgress = quiet,
) -> TemplateRows[Key, Row]:
    """The good rows of a template file (`columns` reads its header, `parse` each data row); every bad cell
    added to `report`. A file that cannot be read as the template raises :class:`TableError`."""
    rows: list[Row] = []
    with open_rows(path, sheet) as table:
        try:
            keys = columns(table.header)
        except HeaderError as error:
            raise TableError(f"{path}: {table.header_at}: {error}") from None
        for record in table.records:
            report.rows += 1
            parsed = parse(record.cells, keys, table.sheet, record.number)
            if isinstance(parsed, list):
                report.errors.extend(parsed)
            else:
                rows.append(parsed)
            if report.rows % PROGRESS_ROWS == 0:
                progress("read", report.rows, None)
    progress("read", report.rows, report.rows)
    return TemplateRows(rows, table.sheet, keys)
