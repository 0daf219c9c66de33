"""CSV written a column at a time: numbers formatted by pyarrow as Python would, text made spreadsheet-safe once.

The file is what Python's csv writer writes for the same cells: UTF-8, CRLF line
ends, quotes only around text with a comma, quote or line break, a float as ``repr`` writes it, a leading ``'``
on text a spreadsheet could read as a formula (``spreadsheet.neutralise``); it is written to a temporary file
beside the target and renamed into place. A block of rows is a list of *pieces*, Arrow string arrays (or one
string for every row) that make its lines when put end to end: each cell's text followed by its separator
(``,``, or the line end after the last cell), so a block becomes lines in one pass of pyarrow and is written as
one buffer. A float is two pieces: pyarrow's shortest round-trip digits (none for 0 and NaN) and what ``repr``
adds after them (``.0`` of a whole number, all of ``0.0``) with the separator, taken from a few fixed texts.
pyarrow's kernels release the GIL, so blocks can be formatted in threads.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from chainatlas.spreadsheet import neutralise

# Between these magnitudes both pyarrow and repr write a float's shortest round-trip digits positionally
# (repr also adds ".0" to a whole number); outside, repr writes 1e-05 and 1e+16 where pyarrow writes
# 0.00001 and 1e+10, so those few cells go through repr itself.
_POSITIONAL = (1e-4, 1e10)
_FEW = 256  # whole numbers below this are taken from their texts rather than formatted


def _line(fields: Sequence[str]) -> str:
    """One CSV line as Python's csv writer writes it, without its line end."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(fields)
    return buffer.getvalue()[:-2]


Piece: TypeAlias = "pa.Array | pa.StringScalar"


def labels(texts: Sequence[str], end: str = ",") -> pa.Array:
    """Distinct text cells, neutralised and quoted as the csv writer would, each followed by ``end``: take them
    by code with ``take``."""
    return pa.array([(_line([neutralise(t)]) if t else "") + end for t in texts], pa.string())


def floats(values: npt.NDArray[np.float64], end: str = ",") -> list[Piece]:
    """Each value as ``repr`` writes it, then ``end``; nothing but ``end`` for NaN."""
    x = np.ascontiguousarray(values, dtype=np.float64)
    nan, size = np.isnan(x), np.abs(x)
    zero = size == 0
    positional = zero | ((size >= _POSITIONAL[0]) & (size < _POSITIONAL[1]))
    blank = nan | zero  # not formatted: null in the digits, all of 0.0 and -0.0 in the rest
    digits = pc.cast(pa.array(x, mask=blank if blank.any() else None), pa.string())
    other = ~positional & ~nan
    if other.any():
        digits = pc.replace_with_mask(digits, pa.array(other), pa.array([repr(v) for v in x[other].tolist()]))
    whole = positional & (x == np.trunc(x))
    rest = whole.view(np.int8) + zero.view(np.int8) + (zero & np.signbit(x)).view(np.int8)
    return [digits, pa.array([end, ".0" + end, "0.0" + end, "-0.0" + end]).take(pa.array(rest))]


def counts(values: npt.NDArray[np.float64], end: str = ",") -> list[Piece]:
    """Whole numbers (counts, presence) without a decimal point, then ``end``; nothing but ``end`` for NaN.

    Small ones (presence, 0 or 1) are taken from their few texts, end included: one piece, nothing formatted.
    """
    x = np.asarray(values, dtype=np.float64)
    nan = np.isnan(x)
    whole = np.where(nan, 0, x).astype(np.int64)
    if len(whole) and whole.min() >= 0 and whole.max() < _FEW:
        texts = pa.array([f"{i}{end}" for i in range(int(whole.max()) + 1)] + [end])
        return [texts.take(pa.array(np.where(nan, len(texts) - 1, whole)))]
    return [pc.cast(pa.array(whole, mask=nan if nan.any() else None), pa.string()), pa.scalar(end)]


def joined(pieces: Sequence[Piece]) -> pa.Array:
    """The pieces put end to end, row by row (a null piece adds nothing)."""
    return pc.binary_join_element_wise(*pieces, "", null_handling="replace", null_replacement="")


def lines(pieces: Sequence[Piece]) -> memoryview:
    """The CSV lines of one block of rows (pieces of cells each ending in its separator, the last in the line
    end; at least one row), as one buffer."""
    text = joined(pieces)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)[text.offset : text.offset + len(text) + 1]
    return memoryview(text.buffers()[2])[int(offsets[0]) : int(offsets[-1])]


def write_lines(path: Path, header: Sequence[str], blocks: Iterable[memoryview]) -> None:
    """Write the header line and the blocks of lines (from :func:`lines`) to ``path``, atomically (temporary
    file, then rename)."""
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write((_line([neutralise(h) for h in header]) + "\r\n").encode("utf-8"))
            for block in blocks:
                handle.write(block)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
