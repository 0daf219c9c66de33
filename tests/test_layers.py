"""The import graph between the package's parts: printed, without cycles, the pure core below everything else,
the store below the services, and the web, the CLI and the briefings reaching the store only through the services.

A part is a subpackage (`chainatlas.store`) or a top-level module (`chainatlas.demo`); imports inside
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
SHELLS = {"store", "services", "web", "briefing"}


def _part(module: str) -> str | None:
    """The part a `chainatlas…` module belongs to (None outside the package)."""
    names = module.split(".")
    if names[0] != chainatlas.__name__:
        return None
    return names[1] if len(names) > 1 else names[0]


def _imports(path: Path) -> set[str]:
    """The modules `path` imports (`from chainatlas.store import tables` counts as `chainatlas.store.tables`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module.count(".") == 1:  # `from chainatlas.part import module`
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def _modules() -> dict[str, Path]:
    """Each module of the package (migrations left out) → its file."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if "migrations" not in relative.parts:
            found[".".join((chainatlas.__name__, *relative.with_suffix("").parts)).removesuffix(".__init__")] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """Each part → the other parts it imports."""
    graph: dict[str, set[str]] = {}
    for module, path in _modules().items():
        part = _part(module)
        assert part is not None
        targets = {t for name in _imports(path) if (t := _part(name)) is not None and t != part}
        graph.setdefault(part, set()).update(targets)
    return graph


def cycle_of(graph: dict[str, set[str]]) -> list[str]:
    """A cycle of the graph (its parts, the first repeated at the end), or [] when it has none."""
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        return list(error.args[1])
    return []


def test_the_parts_import_each_other_without_a_cycle() -> None:
    graph = import_graph()
    for part in sorted(graph):
        print(f"{part:<20} → {', '.join(sorted(graph[part])) or '—'}")
    assert {"store", "web", "ingest", "cli", "chains"} <= set(graph)
    assert cycle_of(graph) == []


def test_a_cycle_between_parts_is_found() -> None:
    found = cycle_of({"ingest": {"chains", "domain"}, "chains": {"domain", "ingest"}, "domain": set()})
    assert set(found) == {"ingest", "chains"} and found[0] == found[-1]
    assert cycle_of({"ingest": {"chains"}, "chains": {"domain"}}) == []


def test_the_core_never_imports_the_store_the_web_or_the_cli() -> None:
    graph = import_graph()
    shells = SHELLS | {part for part in graph if part.startswith("cli")}
    reached = {part: sorted(graph.get(part, set()) & shells) for part in sorted(CORE)}
    assert {part: found for part, found in reached.items() if found} == {}


def test_the_store_sits_below_the_services_the_web_and_the_cli() -> None:
    reached = import_graph()["store"]
    assert sorted(part for part in reached if part in {"services", "web", "briefing"} or part.startswith("cli")) == []


def test_the_web_and_the_cli_reach_the_store_only_through_the_services() -> None:
    offenders = {}
    for module, path in _modules().items():
        part = _part(module) or ""
        stored = sorted(name for name in _imports(path) if name.split(".")[:2] == ["chainatlas", "store"])
        if stored and (part in {"web", "briefing"} or part.startswith("cli")):
            offenders[module] = stored
    for module, names in offenders.items():
        print(f"{module:<32} → {', '.join(names)}")
    assert offenders == {}
