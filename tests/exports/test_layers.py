"""Exports sit on the records: they read accounts and customers, and nothing below imports them.

(The ranked-customers download reads the dashboard, so it lives in reports.)
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_apps(app: str) -> set[str]:
    apps = set()
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                apps.add(node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                apps.update(alias.name.split(".")[0] for alias in node.names)
    return apps


def test_exports_read_only_accounts_and_customers():
    assert imported_apps("exports") & {"evaluations", "reports"} == set()


@pytest.mark.parametrize("app", ["accounts", "customers", "evaluations"])
def test_lower_apps_do_not_import_exports(app):
    assert "exports" not in imported_apps(app)
