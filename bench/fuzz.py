"""The full fuzz suite of issue 12: ≥ 10,000 generated bad inputs over every entry point, with its figures.

Runs tests/fuzz/ with `CHAINATLAS_FUZZ=full` (the full Hypothesis counts, every web payload, 100,000-row
workbooks, random seeds) on SQLite and, when `CHAINATLAS_TEST_PG` names a server, PostgreSQL, then prints the
inputs tried per entry point and their outcomes, the web routes taken together by kind. Any traceback, 5xx,
changed store, unescaped payload or RSS past the bound fails the suite, and this script with it (exit 1).

Run: CHAINATLAS_TEST_PG=postgresql+psycopg://… .venv/bin/python bench/fuzz.py [--json] [-- PYTEST_ARGS…]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_suite(record: Path, extra: list[str]) -> int:
    """pytest over tests/fuzz/ at full counts; its exit code (the tally is written to `record`)."""
    environment = os.environ | {"CHAINATLAS_FUZZ": "full", "CHAINATLAS_FUZZ_RECORD": str(record),
                                "PYTHONPATH": str(ROOT / "src")}  # fmt: skip
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz", *extra]
    return subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode


def grouped(tally: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The tally with the web routes summed into API routes, pages and forms (GET/POST), each with its count."""
    groups: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    routes: dict[str, set[str]] = defaultdict(set)
    for entry, outcomes in tally.items():
        key = entry
        if entry.startswith("web "):
            method, path = entry.split()[1:3]
            kind = "API" if path.startswith("/api/") else "forms" if method == "POST" else "pages"
            key = f"web {kind}"
            routes[key].add(entry)
        for outcome, count in outcomes.items():
            groups[key][outcome] += count
    return {(f"{k} ({len(routes[k])} routes)" if k in routes else k): dict(v) for k, v in sorted(groups.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the tally as JSON")
    parser.add_argument("pytest_args", nargs="*", help="more pytest arguments (after --)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        record = Path(folder) / "tally.json"
        started = time.monotonic()
        code = run_suite(record, args.pytest_args)
        seconds = time.monotonic() - started
        tally = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    table = grouped(tally)
    total = sum(sum(outcomes.values()) for outcomes in table.values())
    if args.json:
        print(json.dumps({"entries": table, "total": total, "seconds": round(seconds), "passed": code == 0},
                         ensure_ascii=False, indent=1))  # fmt: skip
    else:
        stores = "SQLite and PostgreSQL" if os.environ.get("CHAINATLAS_TEST_PG") else "SQLite"
        print(f"\nfuzz suite, full counts, on {stores}: {total:,} inputs in {seconds:.0f} s, suite "
              + ("passed: 0 tracebacks, 0 5xx, 0 stores changed" if code == 0 else f"FAILED (pytest exit {code})"))
        for entry, outcomes in table.items():
            shown = "; ".join(f"{outcome}: {count:,}" for outcome, count in sorted(outcomes.items()))
            print(f"  {entry:<34} {sum(outcomes.values()):>7,}  {shown}")
    sys.exit(0 if code == 0 else 1)


if __name__ == "__main__":
    main()
