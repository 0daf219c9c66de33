"""Whole-process complexity, CSV in and CSV out: `chainatlas complexity` beside the same job done with `ecomplexity`.

Writes the panel of `bench/complexity.py` (same generator and seed) as a long CSV, one row per non-zero
cell (year, region, activity, value), then runs each command in a fresh process and reports its wall
seconds (process start to exit, imports included) and peak resident memory (from `wait4`):

- ours: ``chainatlas complexity IN --region region --activity activity --value value --year year --out OUT``;
- ecomplexity: a Python process that reads the CSV with pandas, runs Harvard Growth Lab's `ecomplexity`
  0.5.3 (all its measures) and writes its table with ``DataFrame.to_csv``.

Run: .venv/bin/python bench/complexity_io.py [--panel 3000x500 --panel 10000x1000] [--years 1] [--only ours]
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
    lines = [f"{2000 + ti},r{ri:05d},a{ai:04d},{v!r}" for ti, ri, ai, v in cells]
    path.write_text("year,region,activity,value\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of `command` in a fresh process; fails loudly if it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{command[:3]} failed: {process.stderr.read().decode()[-500:] if process.stderr else ''}")
    return seconds, usage.ru_maxrss / 1024


def commands(source: Path, target: Path) -> dict[str, list[str]]:
    ours = [sys.executable, "-m", "chainatlas", "complexity", str(source), "--region", "region"]
    ours += ["--activity", "activity", "--value", "value", "--year", "year", "--out", str(target)]
    return {"ours": ours, "ecomplexity": [sys.executable, "-c", ECOMPLEXITY, str(source), str(target)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panel", action="append", help="REGIONSxACTIVITIES (repeatable; default 3000x500)")
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--only", default="ours,ecomplexity", help="comma-separated: ours, ecomplexity")
    args = parser.parse_args()
    print("| panel | years | input rows | method | seconds | peak MB | ecomplexity ÷ ours |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for size in args.panel or ["3000x500"]:
        regions, activities = map(int, size.lower().split("x"))
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "panel.csv"
            rows = write_panel(source, regions, activities, args.years)
            figures = {}
            for method in args.only.split(","):
                figures[method] = run(commands(source, Path(folder) / f"{method}.csv")[method])
            for method, (seconds, peak) in figures.items():
                ratio = figures["ecomplexity"][0] / seconds if "ecomplexity" in figures else float("nan")
                print(
                    f"| {regions:,} × {activities:,} | {args.years} | {rows:,} | {method} | {seconds:.2f} "
                    f"| {peak:,.0f} | {ratio:.1f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
