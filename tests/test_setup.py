"""The two-command set-up: the database mechanism and what CI runs."""

import subprocess
import sys
from pathlib import Path

import pytest

from scripts import ensure_db

ROOT = Path(__file__).resolve().parent.parent


def test_missing_postgresql_gives_a_clear_message(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ensure_db.SetupError) as error:
        ensure_db.ensure_database(bin_search=[str(tmp_path)])
    message = str(error.value)
    assert "PostgreSQL is not installed" in message
    assert "apt-get install postgresql" in message
    assert "DATABASE_URL" in message


def test_missing_postgresql_exits_with_status_2_from_the_command_line(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PG_BINDIR": str(tmp_path), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "scripts/ensure_db.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert "PostgreSQL is not installed" in result.stderr


def test_starting_twice_is_harmless():
    """The server used by this very test run is already up: both calls must be no-ops."""
    env_before = ensure_db.read_env_file()
    first = ensure_db.ensure_database()
    second = ensure_db.ensure_database()
    assert first == second
    assert first.startswith("postgres://")
    assert ensure_db.read_env_file().get("DATABASE_URL", first) == env_before.get("DATABASE_URL", first)


def test_an_unreachable_database_url_is_reported(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:9/nothing")
    monkeypatch.setattr(ensure_db, "wait_for", _never_up)
    with pytest.raises(ensure_db.SetupError, match="nothing answers there"):
        ensure_db.ensure_database()


def test_a_non_postgres_database_url_is_refused(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///db.sqlite3")
    with pytest.raises(ensure_db.SetupError, match="postgres://"):
        ensure_db.ensure_database()


def test_env_file_keeps_other_lines(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=true\nDATABASE_URL=postgres://old\n")
    ensure_db.write_database_url("postgres://new", env_file)
    assert ensure_db.read_env_file(env_file) == {"DJANGO_DEBUG": "true", "DATABASE_URL": "postgres://new"}


def _never_up(server, seconds=0):
    raise ensure_db.SetupError("down")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    commands = [line.strip() for line in ci.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] == "make test"


def test_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    head = readme[: readme.index("\n## ")] if "\n## " in readme else readme
    assert "make run" in head
    assert "make test" in head


def test_makefile_test_target_runs_every_check():
    makefile = (ROOT / "Makefile").read_text()
    target = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    for check in ("manage.py check", "makemigrations --check --dry-run", "ruff check", "ruff format --check", "pytest"):
        assert check in target
