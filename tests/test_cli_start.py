"""The `chainatlas` command starts at once: its root imports no command's dependencies, and lists them all."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import typer
import typer.main
from typer._click import Context

from chainatlas.cli import COMMANDS, app

HEAVY = ("sqlalchemy", "alembic", "numpy", "scipy", "pandas", "pyarrow", "openpyxl", "python_calamine",
         "starlette", "fastapi", "uvicorn", "jinja2", "rich", "opencc", "ahocorasick")  # fmt: skip
REPORT = "import sys; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"


def _loaded_after(code: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", f"{code}\n{REPORT}"], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_importing_the_cli_imports_no_heavy_module() -> None:
    assert not _loaded_after("import chainatlas.cli") & set(HEAVY)


def test_help_imports_no_heavy_module_and_lists_every_command() -> None:
    code = "from chainatlas.cli import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass"
    done = subprocess.run([sys.executable, "-c", f"{code}\n{REPORT}"], capture_output=True, text=True, check=True)
    *help_lines, modules = done.stdout.splitlines()
    assert not set(modules.split()) & set(HEAVY)
    listed = {line.split()[0] for line in help_lines if line.startswith("  ") and not line.startswith("   ")}
    assert set(COMMANDS) <= listed


def test_the_command_table_matches_the_commands_each_module_registers() -> None:
    registered: dict[str, str] = {}
    for module_name in sorted({module for module, _ in COMMANDS.values()}):
        loaded = typer.Typer()
        importlib.import_module(f"chainatlas.{module_name}").register(loaded)
        group = typer.main.get_group(loaded)
        for name, command in group.commands.items():
            registered[name] = module_name
            assert command.get_short_help_str(limit=300) == COMMANDS[name][1], name
    assert registered == {name: module for name, (module, _) in COMMANDS.items()}


def test_a_command_is_loaded_when_asked_for() -> None:
    root = typer.main.get_command(app)
    command = root.get_command(Context(root), "complexity")  # type: ignore[attr-defined]
    assert command is not None and command.name == "complexity"
    assert root.get_command(Context(root), "no-such-command") is None  # type: ignore[attr-defined]


def test_complexity_on_a_csv_imports_neither_pandas_nor_the_store_nor_rich(data: Path, tmp_path: Path) -> None:
    """pyarrow would import pandas (installed with the bench extra) on its first conversion: the command skips it."""
    source = data / "complexity" / "chainatlas_before" / "panel.csv"
    args = [
        str(source),
        "--region",
        "county",
        "--activity",
        "industry",
        "--value",
        "value",
        "--out",
        str(tmp_path / "o"),
    ]
    loaded = _loaded_after(f"from chainatlas.cli import app\napp(['complexity', *{args!r}], standalone_mode=False)")
    assert "pyarrow" in loaded and not loaded & {"pandas", "openpyxl", "python_calamine", "sqlalchemy", "rich"}
