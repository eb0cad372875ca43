"""The audit app reads every app's history but imports none of the apps above accounts.

Customers and evaluations pages call ``audit.views.history_section``; if audit
imported them back, the layers (accounts, customers, evaluations, reports) would
loop. It finds the tracked tables through pghistory's registry instead.
"""

import ast
from pathlib import Path

AUDIT = Path(__file__).resolve().parent.parent.parent / "audit"
HIGHER_APPS = {"customers", "evaluations", "reports"}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_audit_imports_no_higher_app():
    files = sorted(AUDIT.rglob("*.py"))
    assert files
    for path in files:
        assert not imported_apps(path) & HIGHER_APPS, path
