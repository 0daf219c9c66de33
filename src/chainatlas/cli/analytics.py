"""The analytics commands: `complexity`.

A thin shell over `analytics.cells` (CSV or .xlsx in) and `analytics.complexity_table` (the measures, CSV out);
`register` adds them to the main `chainatlas` command. Bad input ends the command with exit code 1
and writes nothing. OpenBLAS runs on one thread unless ``OPENBLAS_NUM_THREADS`` says otherwise: its matrices
here are small, and its threads, spinning while they wait for the next product, took the cores the formatting
threads need (measured on 3,000 × 500 and 10,000 × 1,000 panels: more CPU time and no less wall time with two).
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import Annotated

import typer

from chainatlas.i18n import _

_M_TRIM_THRESHOLD, _M_MMAP_MAX = -1, -4  # mallopt's parameters, from glibc's malloc.h


def reuse_freed_memory() -> bool:
    """On glibc, keep the memory of freed arrays for the next ones rather than hand it back to the kernel; True
    when glibc took the settings.

    glibc maps every allocation of more than 32 MB afresh and unmaps it when it is freed, and trims the heap's
    free top, so the kernel zeroes the pages again for the next array of a panel (a matrix of 10,000 × 1,000 is
    80 MB): that was a third of the command's CPU time on 10,000 × 1,000. Without mappings and trimming the
    pages are reused; the process gives them back when it ends.
    """
    try:
        glibc = (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (ValueError, OSError):
        glibc = False
    if not glibc:
        return False
    libc = ctypes.CDLL(None)
    return bool(libc.mallopt(_M_MMAP_MAX, 0)) and bool(libc.mallopt(_M_TRIM_THRESHOLD, 2**31 - 1))


def complexity(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT", help="Long table: region, activity, year (optional), value; a CSV or an .xlsx workbook."
        ),
    ],
    region: Annotated[str, typer.Option("--region", help="Column with the region code.")],
    activity: Annotated[str, typer.Option("--activity", help="Column with the activity (industry, product) code.")],
    value: Annotated[str, typer.Option("--value", help="Column with the value (≥ 0; repeated keys are summed).")],
    target: Annotated[Path, typer.Option("--out", help="Output CSV (written only if every input row is good).")],
    year: Annotated[str | None, typer.Option("--year", help="Column with the year (one matrix per year).")] = None,
    threshold: Annotated[float, typer.Option("--threshold", min=0.0, help="RCA at or above which M = 1.")] = 1.0,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="Sheet of an .xlsx input (default: the first); header in row 1.")
    ] = None,
) -> None:
    """RCA, M, diversity, ubiquity, ECI, PCI, density, COI and COG per region, activity and year (Stata variant)."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # read when numpy and scipy load OpenBLAS, just below
    reuse_freed_memory()
    from chainatlas.analytics.cells import read_columns
    from chainatlas.analytics.complexity_table import check_shapes, write_complexity, year_panels
    from chainatlas.analytics.table import Columns, TableError

    try:
        cells = read_columns(source, Columns(region=region, activity=activity, value=value, year=year), sheet=sheet)
        panels = year_panels(cells)
        check_shapes(source, panels)
    except TableError as error:
        typer.echo(str(error), err=True)  # plain: the command needs no Rich
        raise typer.Exit(1) from error
    try:
        rows = write_complexity(target, panels, threshold, with_year=year is not None)
    except OSError as error:
        typer.echo(_("{path}：无法写入（{reason}）").format(path=target, reason=error.strerror), err=True)
        raise typer.Exit(1) from error
    size = _("{path}：{rows}行（{regions}个地区 × {activities}个行业）")
    size = size.format(path=target, rows=rows, regions=len(cells.regions), activities=len(cells.activities))
    typer.echo(size, err=True)


def register(app: typer.Typer) -> None:
    """Add the analytics commands to `app`."""
    app.command("complexity")(complexity)
