"""The `chainatlas` command starts at once: its root imports no command's dependencies, and lists them all."""

from __future__ import annotations

import importlib
import os
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
FULL_REPORT = "import sys; print(' '.join(sorted(sys.modules)))"
# What `clusters` on an empty store must start without: pydantic (Typer's coercion), the schema's migrations,
# and the resolver's modules (name normalisation with OpenCC and the gazetteer), which listing never needs.
NOT_FOR_CLUSTERS = {"pydantic", "alembic", "opencc", "ahocorasick", "chainatlas.services.claims",
                    "chainatlas.services.curate", "chainatlas.store.names", "chainatlas.services.resolve"}  # fmt: skip


def _loaded_after(code: str, report: str = REPORT) -> set[str]:
    done = subprocess.run([sys.executable, "-c", f"{code}\n{report}"], capture_output=True, text=True, check=True)
    return set(done.stdout.splitlines()[-1].split())


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


def _complexity(data: Path, tmp_path: Path) -> str:
    """Code that runs `complexity` on the small panel of tests/data."""
    source = data / "complexity" / "chainatlas_before" / "panel.csv"
    args = [str(source), "--region", "county", "--activity", "industry", "--value", "value"]
    args += ["--out", str(tmp_path / "o")]
    return f"from chainatlas.cli import app\napp(['complexity', *{args!r}], standalone_mode=False)"


def test_complexity_on_a_csv_imports_neither_pandas_nor_the_store_nor_rich(data: Path, tmp_path: Path) -> None:
    """pyarrow would import pandas (installed with the bench extra) on its first conversion: the command skips it."""
    loaded = _loaded_after(_complexity(data, tmp_path))
    assert "pyarrow" in loaded and not loaded & {"pandas", "openpyxl", "python_calamine", "sqlalchemy", "rich"}


def test_complexity_loads_openblas_on_one_thread_unless_told_otherwise(data: Path, tmp_path: Path) -> None:
    """numpy is first imported by the command itself, after it has set the variable OpenBLAS reads as it loads."""
    assert "numpy" not in _loaded_after("import chainatlas.cli.analytics")
    run = _complexity(data, tmp_path)
    report = "import os; print(os.environ['OPENBLAS_NUM_THREADS'])"
    for given, expected in ((None, "1"), ("2", "2")):
        env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
        env |= {"OPENBLAS_NUM_THREADS": given} if given else {}
        done = subprocess.run([sys.executable, "-c", f"{run}\n{report}"], capture_output=True, text=True, env=env)
        assert done.returncode == 0 and done.stdout.splitlines()[-1] == expected


def test_clusters_on_an_empty_store_imports_neither_pydantic_nor_migrations_nor_the_resolver(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    subprocess.run([sys.executable, "-m", "chainatlas", "--db", db, "init"], check=True, capture_output=True)
    code = f"from chainatlas.cli import app\napp(['--db', {db!r}, 'clusters', '--json'], standalone_mode=False)"
    loaded = _loaded_after(code, FULL_REPORT)
    assert {"sqlalchemy", "chainatlas.services.queries"} <= loaded and not loaded & NOT_FOR_CLUSTERS


def test_text_and_flags_passed_on_as_they_are_and_anything_else_through_typers_coercion() -> None:
    root = typer.main.get_command(app)
    context = Context(root)
    params = {param.name: param for param in root.get_params(context)}
    clusters = root.get_command(context, "clusters")  # type: ignore[attr-defined]
    flag = next(param for param in clusters.params if param.name == "as_json")
    assert params["db"].process_value(context, "sqlite:///a.db") == "sqlite:///a.db"
    assert params["db"].process_value(context, b"sqlite:///b.db") == "sqlite:///b.db"  # decoded by Typer
    assert flag.process_value(context, True) is True
    assert flag.process_value(context, " yes ") is True  # read by Typer as a yes


def test_complexity_keeps_freed_memory_for_the_next_arrays_on_glibc() -> None:
    """glibc takes both settings (checked in a fresh process: they hold for the rest of the process)."""
    code = "from chainatlas.cli.analytics import reuse_freed_memory\nprint(reuse_freed_memory())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    glibc = sys.platform == "linux" and (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    assert done.stdout.strip() == str(glibc)
