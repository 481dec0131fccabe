"""core is machinery below every app: it imports none of them."""

from __future__ import annotations

import ast
from pathlib import Path

import core

APPS = {"accounts", "strategies", "actionplans", "governance"}


def test_core_imports_no_app():
    for path in Path(core.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not {name.split(".")[0] for name in names} & APPS, f"{path}: {names}"
