"""The analytics commands: `complexity`.

A thin shell over `analytics.table` (CSV or .xlsx in, CSV out) and `analytics.complexity` (the measures);
`register` adds them to the main `chainatlas` command. Bad input ends the command with exit code 1
and writes nothing.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from chainatlas.analytics.complexity import MEASURES, BadComplexityRow, compute
from chainatlas.analytics.table import Columns, TableError, read_cells, write_rows
from chainatlas.cli_curation import err

COUNTS = frozenset({"mcp", "diversity", "ubiquity"})


def _cell(name: str, value: object) -> str:
    """A number as text: integers for counts and presence, round-tripping floats otherwise, empty for NaN."""
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number):
        return ""
    return str(int(number)) if name in COUNTS else repr(number)


def _check_shape(cells: dict[tuple[str, str, str | None], float], path: Path) -> None:
    """Eigenvector ECI/PCI need at least two regions and two activities in every year."""
    years = {y for _, _, y in cells}
    for year in sorted(years, key=str):
        regions = {r for r, _, y in cells if y == year}
        activities = {a for _, a, y in cells if y == year}
        if len(regions) < 2 or len(activities) < 2:
            when = f" in year {year}" if year is not None else ""
            raise TableError(
                f"{path}: {len(regions)} region(s) and {len(activities)} activity(ies){when}; "
                "complexity needs at least two of each"
            )


def complexity(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT", help="Long table: region, activity, [year,] value; a CSV or an .xlsx workbook."
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
    try:
        cells = read_cells(source, Columns(region=region, activity=activity, value=value, year=year), sheet=sheet)
        _check_shape(cells, source)
        rows = [{"region": r, "activity": a, "year": y, "value": v} for (r, a, y), v in cells.items()]
        results = compute(rows, "region", "activity", "value", year="year" if year else None, threshold=threshold)
    except (TableError, BadComplexityRow) as error:
        err.print(str(error), soft_wrap=True)
        raise typer.Exit(1) from error
    keys = ["region", "activity"] + (["year"] if year else [])
    header = [*keys, "value", *MEASURES]

    def records() -> list[list[str]]:
        lines = []
        for o in results:
            key = (str(o["region"]), str(o["activity"]), str(o["year"]) if year else None)
            lines.append([*(str(o[k]) for k in keys), repr(cells.get(key, 0.0)), *(_cell(m, o[m]) for m in MEASURES)])
        return lines

    try:
        write_rows(target, header, records())
    except OSError as error:
        err.print(f"{target}: cannot write ({error.strerror})", soft_wrap=True)
        raise typer.Exit(1) from error
    regions = len({o["region"] for o in results})
    activities = len({o["activity"] for o in results})
    err.print(f"{target}: {len(results)} rows ({regions} regions × {activities} activities)")


def register(app: typer.Typer) -> None:
    """Add the analytics commands to `app`."""
    app.command("complexity")(complexity)
