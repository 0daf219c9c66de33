"""How long `chainatlas` takes to start: `--help`, and `clusters` on an empty store, beside `python -c pass`.

Each command runs in a fresh process `--runs` times, taking turns; the best and the median wall seconds are
printed. The empty store is made first (`chainatlas init` into a temporary SQLite file).

Run: .venv/bin/python bench/cli_start.py [--runs 10]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


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
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(wall(command))
    print("| command | best s | median s |")
    print("|---|---:|---:|")
    for name, found in times.items():
        print(f"| `{name}` | {min(found):.3f} | {statistics.median(found):.3f} |")


if __name__ == "__main__":
    main()
