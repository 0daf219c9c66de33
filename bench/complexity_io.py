"""Whole-process complexity, CSV in and CSV out: `chainatlas complexity` beside the same job done with `ecomplexity`.

Writes the panel of `bench/complexity.py` (same generator and seed) as a long CSV, one row per non-zero
cell (year, region, activity, value to 9 significant digits, as yearbooks give them; with all 17 the
10,000 × 1,000 file would pass the 256 MiB a table may have), then runs each command in a fresh process,
the methods taking turns `--runs` times, and reports the best wall seconds (process start to exit, imports
included), the CPU seconds (user + system) of that run and the peak resident memory (from `wait4`), the
ratios of the reference's best wall and least CPU seconds to ours, and the load average before and after (the
machine may be shared: CPU seconds change less with load than wall seconds):

- ours: ``python -m chainatlas complexity IN --region region --activity activity --value value --year year
  --out OUT``;
- ecomplexity: a Python process that reads the CSV with pandas, runs Harvard Growth Lab's `ecomplexity`
  0.5.3 (all its measures) and writes its table with ``DataFrame.to_csv``.

Run: .venv/bin/python bench/complexity_io.py [--panel 3000x500 --panel 10000x1000] [--years 1] [--runs 3]
     [--only ours,ecomplexity]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from complexity import panel

ECOMPLEXITY = """
import sys
import pandas as pd
from ecomplexity import ecomplexity
frame = pd.read_csv(sys.argv[1], dtype={"region": str, "activity": str})
out = ecomplexity(frame, {"time": "year", "loc": "region", "prod": "activity", "val": "value"}, verbose=False)
out.to_csv(sys.argv[2], index=False)
"""


def write_panel(path: Path, regions: int, activities: int, years: int) -> int:
    """The generated panel as a long CSV of its non-zero cells; the number of data rows."""
    x = panel(regions, activities, years)
    t, r, a = np.nonzero(x)
    cells = zip(t.tolist(), r.tolist(), a.tolist(), x[t, r, a].tolist(), strict=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write("year,region,activity,value\n")
        handle.writelines(f"{2000 + ti},r{ri:05d},a{ai:04d},{v:.9g}\n" for ti, ri, ai, v in cells)
    return len(t)


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of `command` in a fresh process; stops the bench if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{command[:4]} failed: {process.stderr.read().decode()[-800:] if process.stderr else ''}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def commands(source: Path, folder: Path) -> dict[str, list[str]]:
    ours = [sys.executable, "-m", "chainatlas", "complexity", str(source), "--region", "region"]
    ours += ["--activity", "activity", "--value", "value", "--year", "year", "--out", str(folder / "ours.csv")]
    return {"ours": ours, "ecomplexity": [sys.executable, "-c", ECOMPLEXITY, str(source), str(folder / "ec.csv")]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panel", action="append", help="REGIONSxACTIVITIES (repeatable; default 3000x500)")
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="turns each method takes; the best is reported")
    parser.add_argument("--only", default="ours,ecomplexity", help="comma-separated: ours, ecomplexity")
    args = parser.parse_args()
    print(f"load average before: {_load()}")
    print("| panel | years | rows in | method | best wall s | its CPU s | least CPU s | peak MB | ÷ ours: wall | CPU |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|")
    for size in args.panel or ["3000x500"]:
        regions, activities = map(int, size.lower().split("x"))
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            rows = write_panel(folder / "panel.csv", regions, activities, args.years)
            runs: dict[str, list[tuple[float, float, float]]] = {m: [] for m in args.only.split(",")}
            for _ in range(args.runs):
                for method in runs:
                    runs[method].append(run(commands(folder / "panel.csv", folder)[method]))
                    print(f"{size} {method}: {runs[method][-1]}", file=sys.stderr, flush=True)
            best = {method: min(figures) for method, figures in runs.items()}
            least = {method: min(cpu for _, cpu, _ in figures) for method, figures in runs.items()}
            for method, (wall, cpu, peak) in best.items():
                wall_ratio = f"{best['ecomplexity'][0] / wall:.1f}" if "ecomplexity" in best else "—"
                cpu_ratio = f"{least['ecomplexity'] / least[method]:.1f}" if "ecomplexity" in best else "—"
                print(
                    f"| {regions:,} × {activities:,} | {args.years} | {rows:,} | {method} | {wall:.2f} | {cpu:.2f} "
                    f"| {least[method]:.2f} | {peak:,.0f} | {wall_ratio} | {cpu_ratio} |",
                    flush=True,
                )
    print(f"load average after: {_load()}")


def _load() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{figure:.2f}" for figure in os.getloadavg())


if __name__ == "__main__":
    main()
