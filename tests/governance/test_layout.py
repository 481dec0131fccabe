"""governance's parts import one another one way, so each can be read (and moved) on its own.

Its subpackages (boards, packs, voice, dashboard, charts, seeding, models...) and top-level
modules are the parts. An import cycle between two of them, or between two modules, fails
here, and so does an import tucked inside a function to dodge one.
"""

from __future__ import annotations

import ast
import graphlib
import importlib
import pkgutil
from pathlib import Path

import governance

ROOT = Path(governance.__file__).parent
# Django imports an app's signal receivers when the app is ready, never at module level.
FUNCTION_IMPORTS_ALLOWED = {"governance.apps"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT.parent).with_suffix("")
        parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
        if "migrations" not in parts:
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(tree: ast.AST) -> list[tuple[str, ast.AST]]:
    """(governance module imported, the import node) for each governance import in the tree."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [
                f"{node.module}.{alias.name}"
                if f"{node.module}.{alias.name}" in MODULES
                else node.module
                for alias in node.names
            ]
        else:
            continue
        found += [(name, node) for name in names if name in MODULES]
    return found


def _graph(part_of) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        source = part_of(name)
        graph.setdefault(source, set())
        for imported, _ in _imports(ast.parse(path.read_text())):
            if part_of(imported) != source:
                graph[source].add(part_of(imported))
    return graph


def _part(module: str) -> str:
    """governance.packs.build -> governance.packs; governance.links -> governance.links."""
    return ".".join(module.split(".")[:2])


def test_every_governance_module_imports():
    names = [info.name for info in pkgutil.walk_packages(governance.__path__, "governance.")]
    for name in names:
        importlib.import_module(name)
    assert {"governance.packs.request", "governance.packs.build", "governance.voice.services"} <= (
        set(names)
    )


def test_governances_parts_import_one_another_one_way():
    graph = _graph(_part)
    assert "governance.dashboard" in graph["governance.packs"]  # the graph is really read
    graphlib.TopologicalSorter(graph).static_order()  # raises CycleError, naming the cycle


def test_no_two_governance_modules_import_each_other_even_indirectly():
    graph = _graph(lambda module: module)
    assert "governance.packs.build" in graph["governance.packs.tasks"]
    graphlib.TopologicalSorter(graph).static_order()


def test_no_governance_import_hides_inside_a_function():
    hidden = []
    for name, path in MODULES.items():
        if name in FUNCTION_IMPORTS_ALLOWED:
            continue
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                hidden += [f"{name}: {imported}" for imported, _ in _imports(function)]
    assert hidden == []
