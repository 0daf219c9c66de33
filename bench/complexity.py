"""Speed and peak memory of all complexity measures, beside the two reference packages and the floor.

Generates region × activity panels (sizes and years from the command line; by default 3,000 × 500
and 10,000 × 1,000, one and ten years) and times, each in a fresh process so that its peak memory
is its own:

- ours: `chainatlas.analytics.complexity.measures` (RCA, M, diversity, ubiquity, ECI, PCI,
  proximity, density, COI, COG) for every year, one year at a time (each year's results dropped
  before the next, as a command writing them out would);
- product: the proximity product ``Mᵀ M`` in float64 (numpy, as any method pays it) for every year,
  on a presence matrix built before the clock starts;
- ecomplexity: Harvard Growth Lab's PyPI `ecomplexity` 0.5.3 on the long table (all its measures);
- datawheel: Datawheel's `economic-complexity` 0.3.0 on the pivoted table: rca, complexity,
  proximity, relatedness and opportunity_gain per year.

Inputs are built before the clock starts, in each method's own format. A method that runs past
`--timeout` seconds is reported as such. Needs the `bench` extra for the references.

Run: .venv/bin/python bench/complexity.py [--panel 3000x500 --panel 10000x1000] [--years 1 --years 10]
     [--timeout 3600] [--memory-gb 16] [--only ours,product] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt

METHODS = ("ours", "product", "ecomplexity", "datawheel")
REFERENCES = ("ecomplexity", "datawheel")


def panel(regions: int, activities: int, years: int, seed: int = 7) -> npt.NDArray[np.float64]:
    """Values of shape ``(years, regions, activities)`` with the nested structure of real economies.

    Each region has a capability and each activity a requirement (uniform on 0..1); a region makes an
    activity with probability ``1 / (1 + exp(8 (requirement − capability)))``, so capable regions make
    most things and demanding activities are made in few places (about half the cells are 0). Present
    cells are the product of log-normal region and activity sizes and log-normal noise; later years
    drift by a few per cent a year.
    """
    rng = np.random.default_rng(seed)
    capability, requirement = rng.random(regions), rng.random(activities)
    odds = 1.0 / (1.0 + np.exp(8.0 * (requirement[None, :] - capability[:, None])))
    present = rng.random((regions, activities)) < odds
    size = np.outer(rng.lognormal(0.0, 1.5, regions), rng.lognormal(0.0, 1.5, activities))
    base = size * rng.lognormal(0.0, 1.0, (regions, activities)) * present
    drift = rng.lognormal(0.0, 0.05, (years, regions, activities))
    return np.asarray(base[None, :, :] * np.cumprod(drift, axis=0), dtype=np.float64)


def _ours(x: npt.NDArray[np.float64]) -> Callable[[], object]:
    from chainatlas.analytics.complexity import measures

    def run() -> None:
        for year in x:  # one year at a time, as `chainatlas complexity` writes them: memory stays one year's
            measures(year)

    return run


def _product(x: npt.NDArray[np.float64]) -> Callable[[], object]:
    from chainatlas.analytics.complexity import presence, rca

    ms = [presence(rca(year)) for year in x]
    return lambda: [m.T @ m for m in ms]


def _long_frame(x: npt.NDArray[np.float64]) -> object:
    import pandas as pd

    years, regions, activities = x.shape
    index = pd.MultiIndex.from_product([range(years), range(regions), range(activities)], names=["t", "c", "p"])
    return pd.DataFrame({"v": x.ravel()}, index=index).reset_index()


def _ecomplexity(x: npt.NDArray[np.float64]) -> Callable[[], object]:
    from ecomplexity import ecomplexity

    frame = _long_frame(x)
    columns = {"time": "t", "loc": "c", "prod": "p", "val": "v"}
    return lambda: ecomplexity(frame, columns, verbose=False)


def _datawheel(x: npt.NDArray[np.float64]) -> Callable[[], object]:
    import economic_complexity as ec
    import pandas as pd

    tables = [pd.DataFrame(year) for year in x]

    def run() -> object:
        out = []
        for table in tables:
            rca = ec.rca(table)
            _, pci = ec.complexity(rca)
            phi = ec.proximity(rca)
            out.append((ec.relatedness(rca, proximities=phi), ec.opportunity_gain(rca, pci=pci, proximities=phi)))
        return out

    return run


PREPARE: dict[str, Callable[[npt.NDArray[np.float64]], Callable[[], object]]] = {
    "ours": _ours,
    "product": _product,
    "ecomplexity": _ecomplexity,
    "datawheel": _datawheel,
}


@dataclass
class Timing:
    """One method on one panel: wall seconds of the computation and the process's peak memory."""

    method: str
    regions: int
    activities: int
    years: int
    seconds: float | None
    peak_mb: float | None
    note: str = ""


def child(method: str, regions: int, activities: int, years: int) -> None:
    """Run one method in this process and print its :class:`Timing` as JSON."""
    run = PREPARE[method](panel(regions, activities, years))
    start = time.perf_counter()
    run()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(asdict(Timing(method, regions, activities, years, seconds, peak))))


def measure(method: str, regions: int, activities: int, years: int, timeout: float, memory_gb: float) -> Timing:
    """Run :func:`child` in a fresh interpreter, bounded by `timeout` seconds and `memory_gb` of address space."""
    command = [sys.executable, __file__, "--child", method, str(regions), str(activities), str(years)]
    cap = int(memory_gb * 2**30)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        return Timing(method, regions, activities, years, None, None, f"over {timeout:.0f} s")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return Timing(method, regions, activities, years, None, None, f"failed: {last[:120]}")
    return Timing(**json.loads(done.stdout.strip().splitlines()[-1]))


def _cell(value: float | None, digits: int) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def table(timings: list[Timing]) -> str:
    """A Markdown table per panel, with our speed-up on the faster reference and our cost in products."""
    lines = [
        "| panel | years | method | seconds | peak MB | faster reference ÷ ours | ours ÷ product |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for t in timings:
        same = [o for o in timings if (o.regions, o.activities, o.years) == (t.regions, t.activities, t.years)]
        by_method = {o.method: o.seconds for o in same if o.seconds is not None}
        refs = [by_method[r] for r in REFERENCES if r in by_method]
        speedup = min(refs) / by_method["ours"] if t.method == "ours" and refs and "ours" in by_method else None
        cost = by_method["ours"] / by_method["product"] if t.method == "ours" and "product" in by_method else None
        lines.append(
            f"| {t.regions:,} × {t.activities:,} | {t.years} | {t.method} | {_cell(t.seconds, 3)} "
            f"| {_cell(t.peak_mb, 0)} | {_cell(speedup, 1)} | {_cell(cost, 2)} |" + (f" {t.note}" if t.note else "")
        )
    return "\n".join(lines)


def _size(text: str) -> tuple[int, int]:
    regions, _, activities = text.lower().partition("x")
    return int(regions), int(activities)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panel", action="append", type=_size, help="REGIONSxACTIVITIES (repeatable)")
    parser.add_argument("--years", action="append", type=int, help="years per panel (repeatable)")
    parser.add_argument("--only", default=",".join(METHODS), help="comma-separated methods to run")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds allowed per method and panel")
    parser.add_argument("--memory-gb", type=float, default=16.0, help="address space allowed per method and panel")
    parser.add_argument("--json", action="store_true", help="print the timings as JSON instead of a table")
    child_help = argparse.SUPPRESS
    parser.add_argument("--child", nargs=4, metavar=("METHOD", "REGIONS", "ACTIVITIES", "YEARS"), help=child_help)
    args = parser.parse_args()
    if args.child:
        method, *numbers = args.child
        child(method, *map(int, numbers))
        return
    methods = [m for m in args.only.split(",") if m]
    unknown = sorted(set(methods) - set(METHODS))
    if unknown:
        parser.error(f"unknown method(s) {', '.join(unknown)}; choose from {', '.join(METHODS)}")
    panels = [(r, a, y) for r, a in args.panel or [(3000, 500), (10000, 1000)] for y in args.years or [1, 10]]
    timings = []
    for method in methods:  # ours and the product first: the long reference runs cannot disturb them
        for regions, activities, years in panels:
            timings.append(measure(method, regions, activities, years, args.timeout, args.memory_gb))
            print(f"{method} {regions}x{activities} {years}y: {timings[-1]}", file=sys.stderr, flush=True)
    timings.sort(key=lambda t: (t.regions, t.years, METHODS.index(t.method)))
    print(json.dumps([asdict(t) for t in timings], indent=1) if args.json else table(timings))


if __name__ == "__main__":
    main()
