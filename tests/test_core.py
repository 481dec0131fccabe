"""core/ sits below every app: it imports none of them and has no models, so any app may use
it without an import pointing up (accounts <- strategies <- actionplans <- governance)."""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

APPS = {"accounts", "strategies", "actionplans", "governance"}
CORE = Path(settings.BASE_DIR) / "core"


def imported_modules(source: str) -> set[str]:
    """Every absolute module the source imports, at any depth (inside functions too)."""
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_the_check_sees_imports_at_any_depth():
    source = "import accounts.models\ndef f():\n    from strategies.models import Organisation\n"

    assert imported_modules(source) == {"accounts.models", "strategies.models"}


def test_core_imports_no_app():
    files = sorted(CORE.rglob("*.py"))
    assert CORE / "text.py" in files

    upward = {
        f"{path.relative_to(CORE.parent)}: {module}"
        for path in files
        for module in imported_modules(path.read_text())
        if module.split(".")[0] in APPS
    }

    assert upward == set()


def test_core_defines_no_models():
    assert list(apps.get_app_config("core").get_models()) == []
    assert not (CORE / "models.py").exists()
    assert not (CORE / "migrations").exists()
