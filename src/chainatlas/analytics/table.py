"""Region × activity (× year) values from a CSV file, validated row by row.

``read_cells`` reads a UTF-8 CSV (with or without BOM) in the long shape of statistical
yearbooks (region code, activity code, optional year, value) and sums repeated keys. Every bad
row is collected; if any, a :class:`TableError` lists them (file, row, line and column) and no
cells are returned. ``write_rows`` writes a CSV atomically (temporary file, then rename).
"""

from __future__ import annotations

import csv
import math
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

MAX_LISTED = 20

Key = tuple[str, str, str | None]
"""(region, activity, year or None)."""


class TableError(ValueError):
    """The input file cannot be used; the message names the file and, per bad row, its number and column."""


@dataclass(frozen=True)
class Columns:
    """Which input columns hold the region, activity, value and (optionally) year."""

    region: str
    activity: str
    value: str
    year: str | None = None

    def key_columns(self) -> tuple[str, ...]:
        return (self.region, self.activity) + ((self.year,) if self.year else ())

    def every(self) -> tuple[str, ...]:
        return (*self.key_columns(), self.value)


def _row_errors(path: Path, number: int, line: int, row: dict[str | None, object], columns: Columns) -> list[str]:
    where = f"{path}: row {number} (line {line})"
    problems = [f"{where}, column {c!r}: empty" for c in columns.key_columns() if not str(row.get(c) or "").strip()]
    raw = row.get(columns.value)
    text = str(raw or "").strip()
    if not text:
        problems.append(f"{where}, column {columns.value!r}: empty")
        return problems
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{where}, column {columns.value!r}: {text!r} is not a number")
        return problems
    if not math.isfinite(value) or value < 0:
        problems.append(f"{where}, column {columns.value!r}: {text!r} must be finite and ≥ 0")
    return problems


def _fail(path: Path, problems: list[str], rows: int) -> TableError:
    listed = problems[:MAX_LISTED]
    more = f"\n… and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
    head = f"{path}: {len(problems)} problem(s) in {rows} row(s); nothing written"
    return TableError("\n".join([head, *listed]) + more)


def read_cells(path: Path, columns: Columns) -> dict[Key, float]:
    """The summed value of each (region, activity, year) in ``path``, first seen first; or :class:`TableError`."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise TableError(f"{path}: no such file") from None
    except OSError as error:
        raise TableError(f"{path}: cannot open ({error.strerror})") from None
    cells: dict[Key, float] = {}
    problems: list[str] = []
    number = 0
    try:
        with handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames
            if not header:
                raise TableError(f"{path}: empty file (no header row)")
            missing = [c for c in columns.every() if c not in header]
            if missing:
                names = ", ".join(repr(c) for c in missing)
                raise TableError(
                    f"{path}: header (line 1), column {names}: missing (the header has {', '.join(header)})"
                )
            for number, row in enumerate(reader, start=1):
                found = _row_errors(path, number, reader.line_num, row, columns)
                if found:
                    problems.extend(found)
                    continue
                year = str(row[columns.year]).strip() if columns.year else None
                key = (str(row[columns.region]).strip(), str(row[columns.activity]).strip(), year)
                cells[key] = cells.get(key, 0.0) + float(str(row[columns.value]).strip())
    except UnicodeDecodeError as error:
        raise TableError(f"{path}: not UTF-8 (byte {error.start} after row {number})") from None
    except csv.Error as error:
        raise TableError(f"{path}: row {number + 1}: not valid CSV ({error})") from None
    if problems:
        raise _fail(path, problems, number)
    if number == 0:
        raise TableError(f"{path}: empty file (a header but no data rows)")
    return cells


def write_rows(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Write a CSV (UTF-8, no BOM) to a temporary file beside ``path`` and rename it into place."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
