"""Region × activity (× year) values read column by column and validated a whole column at a time.

``read_columns`` reads the long shape of statistical yearbooks (region code, activity code, optional year,
value) from a UTF-8 CSV (pyarrow's multithreaded reader) or one sheet of an ``.xlsx`` workbook, checks every
column at once (empty keys, implausible years, values that are no finite number from 0 to ``MAX_VALUE``) and
sums repeated keys. The rules and messages are those of the row readers in ``analytics.table``: every bad
cell is named by file, row and column (the CSV line, the workbook sheet), at most ``MAX_LISTED`` of them, and
nothing is returned if one is bad. A CSV that pyarrow does not read as a plain table (rows of another width,
text that is not UTF-8, a repeated column name) is read by the row reader instead, with the same checks.
Only the few bad cells and the distinct key texts are looked at one by one in Python.
"""

from __future__ import annotations

import csv
import importlib.abc
import io
import math
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from chainatlas.analytics.table import (
    MAX_LISTED,
    MAX_VALUE,
    WORKBOOK_SUFFIX,
    Columns,
    Key,
    Limits,
    TableError,
    cell_text,
    number_of,
    open_regular_table,
    open_rows,
    plausible_year,
)

Codes = npt.NDArray[np.int64]
DEFAULT_LIMITS = Limits()
# Number text that pyarrow's parser reads exactly as Python's float() does; anything else goes through float().
_PLAIN_NUMBER = r"^[ \t\r\n]*[+-]?[0-9]{1,20}(\.[0-9]{0,20})?([eE][+-]?[0-9]{1,2})?[ \t\r\n]*$"


@dataclass(frozen=True)
class Cells:
    """Summed values of distinct keys, first seen first: ``region[i]`` indexes ``regions`` and so on."""

    regions: tuple[str, ...]
    activities: tuple[str, ...]
    years: tuple[str | None, ...]
    region: Codes
    activity: Codes
    year: Codes
    value: npt.NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.value)

    def items(self) -> Iterator[tuple[Key, float]]:
        """((region, activity, year), value) per key, first seen first."""
        keys = zip(self.region.tolist(), self.activity.tolist(), self.year.tolist(), strict=True)
        for (r, a, y), v in zip(keys, self.value.tolist(), strict=True):
            yield (self.regions[r], self.activities[a], self.years[y]), v


@dataclass(frozen=True)
class _Raw:
    """A table as text columns (null where a row has no such cell), with the words for its errors."""

    header: Sequence[str]
    header_at: str
    empty: str
    text: dict[str, pa.Array]
    places: Callable[[Sequence[int]], list[str]]
    """Where the data rows with these 0-based indexes are, as the messages name them."""


# ---------------------------------------------------------------- sources


class _NoPandas(importlib.abc.MetaPathFinder):
    """An import finder that refuses pandas."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "pandas":
            raise ImportError("pandas is not looked for here")


def _pyarrow_without_pandas() -> None:
    """Let pyarrow settle, with pandas out of its reach, that pandas is not there.

    pyarrow looks for pandas the first time it converts anything (``pyarrow.array``, ``to_numpy``) and imports
    it wherever it is installed: half a second that reading a table never needs. Nothing is done once pandas is
    imported; ``import pandas`` works as ever afterwards (only pyarrow's own pandas conversions would not).
    """
    if "pandas" in sys.modules:
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([])  # pyarrow's first conversion: it tries the import once and remembers
    finally:
        sys.meta_path.remove(finder)


def _csv_header(path: Path, limits: Limits) -> list[str] | None:
    """The header of a CSV as Python's csv reader sees it; None when the row reader must judge the file."""
    with io.TextIOWrapper(open_regular_table(path, limits), encoding="utf-8-sig", newline="") as handle:
        try:
            header = next(csv.reader(handle), None)
        except (UnicodeDecodeError, csv.Error):
            return None
    return header if header and len(set(header)) == len(header) else None


def _csv_places(path: Path, limits: Limits) -> Callable[[Sequence[int]], list[str]]:
    """Where data rows are in a CSV (row and line), found by reading it again with Python's csv reader, which
    counts the lines of quoted line breaks: done only for the few rows that a message names."""

    def places(indexes: Sequence[int]) -> list[str]:
        wanted, found = set(indexes), {}
        with io.TextIOWrapper(open_regular_table(path, limits), encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            next(reader)
            rows = (row for row in reader if row)  # the row reader skips empty lines too
            for index, _ in enumerate(rows):
                if index in wanted:
                    found[index] = f"{path}: row {index + 1} (line {reader.line_num})"
                    if len(found) == len(wanted):
                        break
        return [found[i] for i in indexes]

    return places


def _lengths(column: pa.Array) -> npt.NDArray[np.int64]:
    """Characters in each cell; for a dictionary column, counted once per distinct text."""
    if pa.types.is_dictionary(column.type):
        distinct = pc.utf8_length(column.dictionary).to_numpy(zero_copy_only=False)
        return np.asarray(distinct[column.indices.to_numpy(zero_copy_only=False)], dtype=np.int64)
    return np.asarray(pc.utf8_length(column).to_numpy(zero_copy_only=False), dtype=np.int64)


def _first_long(text: dict[str, pa.Array], limit: int) -> tuple[int, str] | None:
    """The first cell (row index, column) longer than ``limit`` characters, by row and then column."""
    found = []
    for position, (name, column) in enumerate(text.items()):
        values = column.dictionary if pa.types.is_dictionary(column.type) else column
        if len(values) == 0 or pc.max(pc.binary_length(values)).as_py() <= limit:  # no more characters than bytes
            continue
        long = np.flatnonzero(_lengths(column) > limit)
        if len(long):
            found.append((int(long[0]), position, name))
    return (min(found)[0], min(found)[2]) if found else None


def _arrow_csv(path: Path, keys: Sequence[str], limits: Limits) -> _Raw | None:
    """The CSV read by pyarrow, every column as text (the ``keys`` columns dictionary-encoded as they are parsed);
    None when the row reader must read it."""
    header = _csv_header(path, limits)
    if header is None:
        return None
    types = {name: pa.dictionary(pa.int32(), pa.string()) if name in keys else pa.string() for name in header}
    options = pa_csv.ConvertOptions(column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False)
    try:
        with open_regular_table(path, limits) as handle:
            parse = pa_csv.ParseOptions(newlines_in_values=True)
            table = pa_csv.read_csv(handle, parse_options=parse, convert_options=options)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.column_names != header:
        return None
    # one dictionary for all the chunks of a key column
    text = {name: table.column(name).combine_chunks() if name in keys else table.column(name) for name in header}
    long = _first_long(text, limits.cell_chars)
    if long is not None:
        index, name = long
        where = _csv_places(path, limits)([index])[0]
        length = int(_lengths(text[name])[index])
        raise TableError(f"{where}, column {name!r}: {length} characters, more than {limits.cell_chars}")
    return _Raw(header, "header (line 1)", "empty file (a header but no data rows)", text, _csv_places(path, limits))


def _row_reader(path: Path, columns: Columns, sheet: str | None, limits: Limits) -> _Raw:
    """The table read row by row (``analytics.table.open_rows``), its cells kept as text columns."""
    with open_rows(path, sheet, limits) as source:
        missing = [c for c in columns.every() if c not in source.header]
        if missing:
            return _Raw(source.header, source.header_at, source.empty, {}, lambda _: [])
        values: dict[str, list[str | None]] = {c: [] for c in columns.every()}
        wheres: list[str] = []
        for record in source.records:
            wheres.append(record.where)
            for name, cells in values.items():
                cells.append(cell_text(record.cells.get(name)))
        text = {name: pa.array(cells, pa.string()) for name, cells in values.items()}
        return _Raw(source.header, source.header_at, source.empty, text, lambda indexes: [wheres[i] for i in indexes])


def _raw(path: Path, columns: Columns, sheet: str | None, limits: Limits) -> _Raw:
    suffix = path.suffix.lower()
    if suffix not in (WORKBOOK_SUFFIX, ".xls") and sheet is None:
        found = _arrow_csv(path, columns.key_columns(), limits)
        if found is not None:
            return found
    return _row_reader(path, columns, sheet, limits)


# ---------------------------------------------------------------- validation


@dataclass(frozen=True)
class _Key:
    """One key column: each row's code into ``labels`` (the stripped distinct texts), and whether it is empty."""

    labels: tuple[str, ...]
    codes: Codes
    empty: npt.NDArray[np.bool_]


def _key(column: pa.Array) -> _Key:
    """A key column's codes: its distinct texts stripped as Python strips them, then numbered first seen first."""
    encoded = column if pa.types.is_dictionary(column.type) else pc.dictionary_encode(pc.fill_null(column, ""))
    stripped = [text.strip() for text in encoded.dictionary.to_pylist()]  # Python's strip, on distinct texts only
    labels = list(dict.fromkeys(stripped))
    position = {label: i for i, label in enumerate(labels)}
    recode = np.array([position[s] for s in stripped], dtype=np.int64)
    codes = recode[encoded.indices.to_numpy(zero_copy_only=False)]
    empty_label = position.get("", -1)
    return _Key(tuple(labels), codes, codes == empty_label)


def _year_reason(label: str) -> str:
    """Why a year's text is no plausible year; '' when it is one or is empty (empty is its own problem)."""
    try:
        plausible_year(label) if label else None
    except ValueError as error:
        return str(error)
    return ""


def _year_errors(key: _Key) -> tuple[npt.NDArray[np.bool_], list[str]]:
    """Rows whose (non-empty) year is implausible, and the reason for each distinct text ('' when none)."""
    reasons = [_year_reason(label) for label in key.labels]
    bad = np.array([bool(r) for r in reasons], dtype=bool)
    return bad[key.codes], reasons


@dataclass(frozen=True)
class _Values:
    """Each row's number (NaN where none), whether its text is empty and whether it is a number at all."""

    number: npt.NDArray[np.float64]
    empty: npt.NDArray[np.bool_]
    readable: npt.NDArray[np.bool_]


def _values(column: pa.Array) -> _Values:
    """The value column read as ``float(text.strip())`` would: plain decimal text by pyarrow, the rest by Python.

    pyarrow's parser reads a number as Python does whenever it reads one at all; it refuses text Python reads
    (spaces around, ``1_000``, digits of other scripts), so a column it refuses is looked at cell by cell.
    """
    text = pc.fill_null(column, "")
    try:
        number = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:
        pass
    else:
        return _Values(number, np.zeros(len(number), dtype=bool), np.ones(len(number), dtype=bool))
    plain = pc.match_substring_regex(text, _PLAIN_NUMBER).to_numpy(zero_copy_only=False)
    number = np.full(len(text), np.nan)
    empty = np.zeros(len(text), dtype=bool)
    readable = plain.copy()
    if plain.any():
        chosen = pc.utf8_trim(pc.filter(text, pa.array(plain)), characters=" \t\r\n")
        number[plain] = pc.cast(chosen, pa.float64()).to_numpy(zero_copy_only=False)
    others = np.flatnonzero(~plain)
    for index, item in zip(others.tolist(), pc.take(text, pa.array(others)).to_pylist(), strict=True):
        stripped = item.strip()
        empty[index] = not stripped
        try:
            number[index] = number_of(stripped)
        except ValueError:
            continue
        readable[index] = True
    return _Values(number, empty, readable)


def _problems(raw: _Raw, columns: Columns, keys: dict[str, _Key], values: _Values) -> tuple[int, list[str]]:
    """How many problems the table has, and the first ``MAX_LISTED`` of them in row order."""
    empties = [(name, keys[name].empty) for name in columns.key_columns()]
    year_bad, reasons = _year_errors(keys[columns.year]) if columns.year else (np.zeros(len(values.number), bool), [])
    number, value_empty = values.number, values.empty
    not_number = ~value_empty & ~values.readable
    out_of_range = values.readable & ~((number >= 0) & (number <= MAX_VALUE))
    masks = [*(m for _, m in empties), year_bad, value_empty, not_number, out_of_range]
    total = sum(int(m.sum()) for m in masks)
    if not total:
        return 0, []
    bad_rows = np.flatnonzero(np.logical_or.reduce(masks))
    per_row = np.add.reduce([m[bad_rows].astype(np.int64) for m in masks])
    shown = bad_rows[: int(np.searchsorted(np.cumsum(per_row), MAX_LISTED)) + 1].tolist()  # rows enough to list
    listed: list[str] = []
    for index, where in zip(shown, raw.places(shown), strict=True):
        listed += [f"{where}, column {name!r}: empty" for name, mask in empties if mask[index]]
        if year_bad[index] and columns.year:
            listed.append(f"{where}, column {columns.year!r}: {reasons[keys[columns.year].codes[index]]}")
        text = (raw.text[columns.value][index].as_py() or "").strip()
        if value_empty[index]:
            listed.append(f"{where}, column {columns.value!r}: empty")
        elif not_number[index]:
            listed.append(f"{where}, column {columns.value!r}: {text!r} is not a number")
        elif out_of_range[index] and not (np.isfinite(number[index]) and number[index] >= 0):
            listed.append(f"{where}, column {columns.value!r}: {text!r} must be finite and ≥ 0")
        elif out_of_range[index]:
            listed.append(f"{where}, column {columns.value!r}: {text!r} is more than {MAX_VALUE:g}, the most allowed")
    return total, listed


def _fail(path: Path, total: int, listed: list[str], rows: int) -> TableError:
    more = f"\n… and {total - len(listed[:MAX_LISTED])} more" if total > MAX_LISTED else ""
    head = f"{path}: {total} problem(s) in {rows} row(s); nothing written"
    return TableError("\n".join([head, *listed[:MAX_LISTED]]) + more)


def _summed(keys: Sequence[_Key], values: npt.NDArray[np.float64]) -> tuple[list[Codes], npt.NDArray[np.float64]]:
    """The distinct key combinations first seen first (codes per key column) and their values summed in row order."""
    sizes = [max(len(key.labels), 1) for key in keys]
    if math.prod(sizes) >= 2**62:  # too many combinations to number: compare the codes themselves
        _, first, inverse = np.unique(
            np.stack([key.codes for key in keys], axis=1), axis=0, return_index=True, return_inverse=True
        )
    else:
        combined = np.zeros(len(values), dtype=np.int64)
        for key, size in zip(keys, sizes, strict=True):
            combined = combined * size + key.codes
        if math.prod(sizes) <= 4 * len(values) + 1024 and np.bincount(combined).max(initial=0) <= 1:
            return [key.codes for key in keys], values + 0.0  # no key repeated (+ 0.0: a sum from 0.0 is never -0.0)
        _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    group = rank[inverse.ravel()]
    sums = np.bincount(group, weights=values, minlength=len(order)).astype(np.float64)  # row by row, as a loop adds
    starts = first[order]
    return [key.codes[starts] for key in keys], sums


def read_columns(path: Path, columns: Columns, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Cells:
    """The summed value of each (region, activity, year) in ``path``, first seen first; or :class:`TableError`."""
    _pyarrow_without_pandas()
    raw = _raw(path, columns, sheet, limits)
    missing = [c for c in columns.every() if c not in raw.header]
    if missing:
        names = ", ".join(repr(c) for c in missing)
        header = ", ".join(raw.header)
        raise TableError(f"{path}: {raw.header_at}, column {names}: missing (the header has {header})")
    rows = len(raw.text[columns.value])
    keys = {name: _key(raw.text[name]) for name in columns.key_columns()}
    values = _values(raw.text[columns.value])
    total, listed = _problems(raw, columns, keys, values)
    if total:
        raise _fail(path, total, listed, rows)
    if rows == 0:
        raise TableError(f"{path}: {raw.empty}")
    ordered = [keys[c] for c in columns.key_columns()]
    codes, sums = _summed(ordered, values.number)
    years: tuple[str | None, ...] = keys[columns.year].labels if columns.year else (None,)
    year = codes[2] if columns.year else np.zeros(len(sums), dtype=np.int64)
    return Cells(ordered[0].labels, ordered[1].labels, years, codes[0], codes[1], year, sums)


def read_cells(
    path: Path, columns: Columns, sheet: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> dict[Key, float]:
    """:func:`read_columns` as a dict from (region, activity, year) to the summed value, first seen first."""
    return dict(read_columns(path, columns, sheet, limits).items())
