"""Layers point one way: accounts, then customers, then evaluations, then insights, then reports.

A lower app never imports a higher one, and pages (``reports``) read the
evaluations API (services, board, standings, rules, periods...), never
``evaluations.selectors`` directly.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["accounts", "customers", "evaluations", "reminders", "insights", "reports"]
# Modules an app must reach through an API instead.
PRIVATE = {"reports": ["evaluations.selectors"], "insights": ["evaluations.selectors"]}


def imported_modules(source: str) -> list[str]:
    """Every absolute module a source file imports ("from x import y" counts as x and x.y)."""
    modules = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.append(node.module)
            modules += [f"{node.module}.{alias.name}" for alias in node.names]
    return modules


def violations(app: str, source: str) -> list[str]:
    """What in ``source`` (a module of ``app``) breaks the layering."""
    found = []
    for module in imported_modules(source):
        top = module.split(".")[0]
        if top in LAYERS and LAYERS.index(top) > LAYERS.index(app):
            found.append(f"imports {module}, a layer above {app}")
        for private in PRIVATE.get(app, []):
            if module == private or module.startswith(private + "."):
                found.append(f"imports {module} instead of the evaluations API")
    return found


def test_the_checker_catches_an_upward_import_and_a_reach_into_selectors():
    assert violations("accounts", "from reports import selectors") == [
        "imports reports, a layer above accounts",
        "imports reports.selectors, a layer above accounts",
    ]
    assert violations("reports", "from evaluations.selectors import history") == [
        "imports evaluations.selectors instead of the evaluations API",
        "imports evaluations.selectors.history instead of the evaluations API",
    ]
    assert violations("reports", "from evaluations import selectors") == [
        "imports evaluations.selectors instead of the evaluations API"
    ]
    assert violations("customers", "import evaluations.services") == [
        "imports evaluations.services, a layer above customers"
    ]
    assert violations("reports", "from evaluations import services\nfrom customers.models import Customer") == []


@pytest.mark.parametrize("app", LAYERS)
def test_no_app_imports_one_above_it(app):
    problems = [
        f"{path.relative_to(ROOT)}: {problem}"
        for path in sorted((ROOT / app).rglob("*.py"))
        for problem in violations(app, path.read_text())
    ]
    assert problems == []
