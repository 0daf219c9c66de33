"""The import graph between the package's parts: printed, without cycles, the pure core below everything else.

A part is a subpackage (`chainatlas.store`) or a top-level module (`chainatlas.cli_atlas`); imports inside
functions count too (a lazy import is still a dependency). Migrations are left out: they are frozen history.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import chainatlas

PACKAGE = Path(chainatlas.__file__).parent
# The pure core: it reads text and tables and computes; it never reaches the store, the web or the CLI.
CORE = {"domain", "ingest", "chains", "analytics", "projects", "register", "reference", "suggest"}
SHELLS = {"store", "web", "briefing"}


def _part(module: str) -> str | None:
    """The part a `chainatlas…` module belongs to (None outside the package)."""
    names = module.split(".")
    if names[0] != chainatlas.__name__:
        return None
    return names[1] if len(names) > 1 else names[0]


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def import_graph() -> dict[str, set[str]]:
    """Each part → the other parts it imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if "migrations" in relative.parts:
            continue
        module = ".".join((chainatlas.__name__, *relative.with_suffix("").parts)).removesuffix(".__init__")
        part = _part(module)
        assert part is not None
        targets = {t for name in _imports(path) if (t := _part(name)) is not None and t != part}
        graph.setdefault(part, set()).update(targets)
    return graph


def test_the_parts_import_each_other_without_a_cycle() -> None:
    graph = import_graph()
    for part in sorted(graph):
        print(f"{part:<20} → {', '.join(sorted(graph[part])) or '—'}")
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        raise AssertionError(f"import cycle between parts: {' → '.join(error.args[1])}") from None
    assert {"store", "web", "ingest", "cli"} <= set(order)


def test_the_core_never_imports_the_store_the_web_or_the_cli() -> None:
    graph = import_graph()
    shells = SHELLS | {part for part in graph if part.startswith("cli")}
    reached = {part: sorted(graph.get(part, set()) & shells) for part in sorted(CORE)}
    assert {part: found for part, found in reached.items() if found} == {}
