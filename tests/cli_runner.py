"""Running `chainatlas` for the CLI tests: in-process (the result, a checked result, its JSON) or as a process."""

from __future__ import annotations

import functools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer.testing
from typer.testing import CliRunner, Result

from chainatlas.cli import app

runner = CliRunner()
# typer's runner builds the click command from the app on every call (~0.1 s, most of a call that fails fast):
# built once per app instead, which the fuzz suite's thousands of calls need.
typer.testing._get_command = functools.cache(typer.testing._get_command)  # type: ignore[attr-defined]


def run(db: str, *args: str | Path) -> Result:
    """`chainatlas --db DB ARGS…`, exceptions propagated."""
    return runner.invoke(app, ["--db", db, *map(str, args)], catch_exceptions=False)


def ok(db: str, *args: str | Path) -> Result:
    """As `run`, asserting exit code 0."""
    result = run(db, *args)
    assert result.exit_code == 0, result.output
    return result


def as_json(db: str, *args: str | Path) -> Any:
    """The parsed output of `ARGS… --json`, asserting exit code 0."""
    return json.loads(ok(db, *args, "--json").stdout)


def process(*args: str | Path) -> list[str]:
    """The argv of `chainatlas ARGS…` as a process of its own (for FIFOs, signals and worker processes)."""
    return [sys.executable, "-c", "from chainatlas.cli import app; app()", *map(str, args)]


def run_process(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`chainatlas ARGS…` run in a process of its own; a hang fails the test after `timeout` seconds."""
    return subprocess.run(process(*args), capture_output=True, text=True, timeout=timeout, check=False)
