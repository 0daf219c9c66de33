"""How long `chainatlas` takes to start: `--help`, and `clusters` on an empty store, beside `python -c pass`.

Each command runs in a fresh process `--runs` times, taking turns; the best and the median wall seconds are
printed, and the CPU seconds (user + system, from `wait4`) of the best run, which other load on the machine
changes less, with the load average after the runs. The empty store is made first (`chainatlas init` into a
temporary SQLite file).

Run: .venv/bin/python bench/cli_start.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of `command` in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{command} failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    chainatlas = [sys.executable, "-m", "chainatlas"]
    with tempfile.TemporaryDirectory() as folder:
        db = f"sqlite:///{Path(folder) / 'empty.db'}"
        subprocess.run([*chainatlas, "--db", db, "init"], check=True, capture_output=True)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "chainatlas --help": [*chainatlas, "--help"],
            "chainatlas clusters (empty store)": [*chainatlas, "--db", db, "clusters"],
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(timed(command))
    print(f"load average after: {' '.join(f'{figure:.2f}' for figure in os.getloadavg())}")
    print("| command | best wall s | its CPU s | median wall s |")
    print("|---|---:|---:|---:|")
    for name, found in times.items():
        best = min(found)
        print(f"| `{name}` | {best[0]:.3f} | {best[1]:.3f} | {statistics.median(w for w, _ in found):.3f} |")


if __name__ == "__main__":
    main()
