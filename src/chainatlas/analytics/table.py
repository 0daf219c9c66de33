"""Tables from a CSV file or an Excel workbook, read row by row.

``open_rows`` reads a UTF-8 CSV (with or without BOM) or one sheet of an ``.xlsx`` workbook (with calamine; the
first sheet unless named; its first row is the header): each data row with where it is, its number (the header
is row 1) and its cells, text from a CSV, values from a workbook. The project registry's import reads
these rows; ``analytics.cells`` reads panels column by column and falls back on them for a CSV that is
no plain table and for workbooks, with the rules and limits below.

Reading is bounded (:class:`Limits`): only a regular file of at most ``file_bytes`` is opened (a FIFO, a device or a
directory is refused before a byte is read); a workbook is refused when its zip directory says it unpacks to more
than ``unpacked_bytes`` (its shared strings, which the reader holds in memory whole, to more than
``shared_strings_bytes``) or when a sheet's XML holds more than ``rows`` rows or ``cells`` cells (counted on the
unpacked stream before calamine sees it: calamine holds a whole sheet in memory);
reading stops at a row past ``rows`` or a cell longer than ``cell_chars``. Values
must be finite numbers of at most ``MAX_VALUE`` and years whole numbers from 1900 to 2100 (``analytics.cells``).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from chainatlas.input_files import InputRefused, check_elements, check_unpacked, open_regular

MAX_LISTED = 20
WORKBOOK_SUFFIX = ".xlsx"
SHARED_STRINGS = "xl/sharedStrings.xml"
# Values larger than any statistic (a thousand trillion) are typing errors; bounded, sums and products stay finite.
MAX_VALUE = 1e15
FIRST_YEAR, LAST_YEAR = 1900, 2100

Key = tuple[str, str, str | None]
"""(region, activity, year or None)."""

T = TypeVar("T")


class TableError(ValueError):
    """The input file cannot be used; the message names the file and, per bad row, its number and column."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of an input file is read at most; the defaults are Excel's own sheet limits and room to spare."""

    file_bytes: int = 256 << 20
    unpacked_bytes: int = 256 << 20
    shared_strings_bytes: int = 64 << 20
    rows: int = 1_048_576  # rows of an Excel worksheet
    cells: int = 5_000_000  # cells of a worksheet: a million rows by five columns
    cell_chars: int = 32_767  # characters of an Excel cell


def number_of(text: str) -> float:
    """The number a cell writes, read as float() reads it but for the `_` digit separators of Python literals
    (`1_0` is a typing error, not 10); ValueError when it writes none."""
    if "_" in text:
        raise ValueError(f"{text!r} is not a number")
    return float(text)


def plausible_year(text: str) -> int:
    """The year written `text`: a whole number from 1900 to 2100, else ValueError saying why."""
    if not (text.isascii() and text.isdigit() and len(text) == 4 and FIRST_YEAR <= int(text) <= LAST_YEAR):
        raise ValueError(f"{text!r} is not a year from {FIRST_YEAR} to {LAST_YEAR}")
    return int(text)


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


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: where it is (``"in.csv: row 2 (line 3)"``), its number counting the header as row 1,
    and its cells by column name (text from a CSV; from a workbook, the values calamine reads)."""

    where: str
    number: int
    cells: Mapping[str | None, object]


@dataclass(frozen=True)
class Source:
    """One opened table: its header, where the header is, what an empty table is called, its sheet and data rows."""

    header: Sequence[str]
    header_at: str
    empty: str
    records: Iterator[Row]
    sheet: str | None = None


# ---------------------------------------------------------------- CSV


def open_regular_table(path: Path, limits: Limits) -> io.BufferedReader:
    """``path`` opened for reading if it is a regular file within ``limits.file_bytes``; else :class:`TableError`."""
    try:
        return open_regular(path, limits.file_bytes)
    except InputRefused as error:
        raise TableError(str(error)) from None


def _check_lengths(where: str, cells: Iterable[tuple[object, object]], limits: Limits) -> None:
    """:class:`TableError` naming the first of the (column, value) cells longer than an Excel cell can be."""
    for column, value in cells:
        if isinstance(value, str) and len(value) > limits.cell_chars:
            raise TableError(f"{where}, column {column!r}: {len(value)} characters, more than {limits.cell_chars}")


@contextmanager
def _csv_source(path: Path, limits: Limits) -> Iterator[Source]:
    with io.TextIOWrapper(open_regular_table(path, limits), encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        read = 0  # data rows read so far, for the decoding and parsing errors

        def guarded(step: Callable[[], T]) -> T:
            try:
                return step()
            except UnicodeDecodeError as error:
                raise TableError(f"{path}: not UTF-8 (byte {error.start} after row {read})") from None
            except csv.Error as error:
                raise TableError(f"{path}: row {read + 1}: not valid CSV ({error})") from None

        def records() -> Iterator[Row]:
            nonlocal read
            while (row := guarded(lambda: next(reader, None))) is not None:
                read += 1
                where = f"{path}: row {read} (line {reader.line_num})"
                _check_lengths(where, row.items(), limits)
                yield Row(where, read + 1, row)

        header = guarded(lambda: reader.fieldnames)
        if not header:
            raise TableError(f"{path}: empty file (no header row)")
        yield Source(header, "header (line 1)", "empty file (a header but no data rows)", records())


# ---------------------------------------------------------------- Excel


def cell_text(value: object) -> str | None:
    """A cell as the text Excel shows by default: whole numbers without ``.0``, TRUE/FALSE, ISO dates."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _blank(values: Sequence[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _open_workbook(path: Path, limits: Limits) -> tuple[io.BufferedReader, Any]:
    """The workbook's file and calamine's book on it, once the zip directory promises a bounded size."""
    from python_calamine import CalamineWorkbook  # only for workbooks: a CSV never pays for importing it

    handle = open_regular_table(path, limits)
    try:
        check_unpacked(handle, path, limits.unpacked_bytes, {SHARED_STRINGS: limits.shared_strings_bytes})
        check_elements(handle, path, {"row": (limits.rows, "rows"), "c": (limits.cells, "cells")})
        return handle, CalamineWorkbook.from_filelike(handle)
    except InputRefused as error:
        handle.close()
        raise TableError(str(error)) from None
    except Exception as error:  # a broken workbook fails in zipfile, XML parsing or calamine itself
        handle.close()
        raise TableError(f"{path}: not a readable .xlsx workbook ({type(error).__name__}: {error})") from None


def _column_letter(index: int) -> str:
    """Excel's name of the 1-based column ``index``: A … Z, AA …"""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@contextmanager
def _xlsx_source(path: Path, sheet: str | None, limits: Limits) -> Iterator[Source]:
    """The rows of one worksheet as calamine reads them: numbers as floats, empty cells as None, dates as dates.

    Calamine gives the rows from the first used one; the rows and columns before it are blank and counted.
    """
    from python_calamine import SheetTypeEnum

    def unreadable(error: Exception) -> TableError:
        return TableError(f"{path}: not a readable .xlsx workbook ({type(error).__name__}: {error})")

    handle, book = _open_workbook(path, limits)
    try:
        sheets = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        if not sheets:
            raise TableError(f"{path}: the workbook has no worksheet")
        if sheet is not None and sheet not in sheets:
            raise TableError(f"{path}: no sheet {sheet!r} (the workbook has {', '.join(map(repr, sheets))})")
        title = sheet if sheet is not None else sheets[0]
        try:
            worksheet = book.get_sheet_by_name(title)
            skipped_rows, skipped_columns = worksheet.start or (0, 0)
            rows = worksheet.iter_rows()
        except Exception as error:  # the sheet's XML is parsed here
            raise unreadable(error) from None
        number = skipped_rows  # rows read so far, blank ones too
        blank_start: list[object] = [None] * skipped_columns

        def next_row() -> Sequence[object] | None:
            nonlocal number
            found = next(rows, None)
            if found is None:
                return None
            number += 1
            row = blank_start + [None if v == "" else v for v in found]
            where = f"{path}: sheet {title!r} row {number}"
            if number > limits.rows:
                raise TableError(f"{where}: more rows than a sheet holds ({limits.rows})")
            _check_lengths(where, ((_column_letter(i), v) for i, v in enumerate(row, start=1)), limits)
            return row

        def records(header: Sequence[str]) -> Iterator[Row]:
            while (values := next_row()) is not None:
                if not _blank(values):
                    yield Row(f"{path}: sheet {title!r} row {number}", number, dict(zip(header, values, strict=False)))

        first = next_row() if skipped_rows == 0 else None
        if first is None or _blank(first):
            raise TableError(f"{path}: sheet {title!r} is empty (no header in row 1)")
        header = [cell_text(v) or "" for v in first]
        while not header[-1]:  # cells formatted but never filled end many header rows
            header.pop()
        yield Source(
            header,
            f"sheet {title!r} header (row 1)",
            f"sheet {title!r} has a header but no data rows",
            records(header),
            title,
        )
    finally:
        book.close()
        handle.close()


# ---------------------------------------------------------------- reading and writing


def open_rows(path: Path, sheet: str | None = None, limits: Limits = Limits()) -> AbstractContextManager[Source]:
    """The rows of ``path``: a ``.xlsx`` path is read as a workbook (``sheet``, or the first), any other as CSV.

    Opening fails with :class:`TableError` (no file, not a regular file, too large, unreadable, no such sheet,
    no header); so may reading (a row past ``limits.rows``, a cell longer than ``limits.cell_chars``).
    """
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise TableError(f"{path}: Excel 97–2003 (.xls) workbooks are not read; save it as .xlsx or CSV")
    if suffix != WORKBOOK_SUFFIX and sheet is not None:
        raise TableError(f"{path}: read as CSV, which has no sheets (sheet {sheet!r} asked for)")
    return _xlsx_source(path, sheet, limits) if suffix == WORKBOOK_SUFFIX else _csv_source(path, limits)


def file_sha256(path: Path, limits: Limits = Limits()) -> str:
    """The sha256 of a table file's bytes, read as bounded as its rows (:class:`TableError` otherwise)."""
    with open_regular_table(path, limits) as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
