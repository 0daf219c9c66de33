"""Running `chainatlas` in-process on a store for the CLI tests: the result, a checked result, its JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from chainatlas.cli import app

runner = CliRunner()


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
