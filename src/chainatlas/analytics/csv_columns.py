"""CSV written a column at a time: numbers formatted by pyarrow as Python would, text made spreadsheet-safe once.

The file is what Python's csv writer writes for the same cells: UTF-8, CRLF line
ends, quotes only around text with a comma, quote or line break, a float as ``repr`` writes it, a leading ``'``
on text a spreadsheet could read as a formula (``spreadsheet.neutralise``); it is written to a temporary file
beside the target and renamed into place. Each column of a block of rows is an Arrow string array; a block
becomes lines in one pass of pyarrow and is written as one buffer. pyarrow's kernels release the GIL, so
blocks can be formatted in threads.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from chainatlas.spreadsheet import neutralise

# Between these magnitudes both pyarrow and repr write a float's shortest round-trip digits positionally
# (repr also adds ".0" to a whole number); outside, repr writes 1e-05 and 1e+16 where pyarrow writes
# 0.00001 and 1e+10, so those few cells go through repr itself.
_POSITIONAL = (1e-4, 1e10)


def _line(fields: Sequence[str]) -> str:
    """One CSV line as Python's csv writer writes it, without its line end."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(fields)
    return buffer.getvalue()[:-2]


def labels(texts: Sequence[str]) -> pa.Array:
    """Distinct text cells, neutralised and quoted as the csv writer would: take them by code with ``take``."""
    return pa.array([_line([neutralise(t)]) if t else "" for t in texts], pa.string())


def floats(values: npt.NDArray[np.float64]) -> pa.Array:
    """Each value as ``repr`` writes it; empty for NaN."""
    x = np.ascontiguousarray(values, dtype=np.float64)
    size = np.abs(x)
    positional = (size == 0) | ((size >= _POSITIONAL[0]) & (size < _POSITIONAL[1]))
    text = pc.cast(pa.array(x), pa.string())
    whole = positional & (x == np.trunc(x))
    if whole.any():
        text = pc.if_else(pa.array(whole), pc.binary_join_element_wise(text, ".0", ""), text)
    other = ~positional & ~np.isnan(x)
    if other.any():
        text = pc.replace_with_mask(text, pa.array(other), pa.array([repr(v) for v in x[other].tolist()]))
    nan = np.isnan(x)
    return pc.if_else(pa.array(nan), "", text) if nan.any() else text


def counts(values: npt.NDArray[np.float64]) -> pa.Array:
    """Whole numbers (counts, presence) without a decimal point; empty for NaN."""
    x = np.asarray(values, dtype=np.float64)
    nan = np.isnan(x)
    text = pc.cast(pa.array(np.where(nan, 0, x).astype(np.int64)), pa.string())
    return pc.if_else(pa.array(nan), "", text) if nan.any() else text


def lines(columns: Sequence[pa.Array]) -> memoryview:
    """The CSV lines of one block of rows (every column the same length, at least one row), as one buffer."""
    lines = pc.binary_join_element_wise(*columns, ",")
    lines = pc.binary_join_element_wise(lines, "", "\r\n")  # each line and its end
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[lines.offset : lines.offset + len(lines) + 1]
    return memoryview(lines.buffers()[2])[int(offsets[0]) : int(offsets[-1])]


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
