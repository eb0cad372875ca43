"""Backups for operators: ``make backup`` and ``make restore FILE=...``.

backup  pg_dump in custom format into backups/ (or --dir), taken from one
        snapshot whose row counts per table are saved next to the dump
        (``<dump>.counts.json``), so a restore can be checked against them.
restore FILE  restores into a NEW database (never over the live one), then
        compares its row counts with the saved ones and says whether they are
        identical (exit status 1 when not). Point DATABASE_URL at the restored
        database to use it.

Row-level security (accounts/rls.py): every tenant table has FORCE ROW LEVEL
SECURITY, and the app's role has no BYPASSRLS. So:

- the backup runs pg_dump with ``--enable-row-security`` (without it, pg_dump
  refuses such tables for a role that cannot bypass row security) and with the
  app's named bypass, ``app.rls_bypass=on`` (in PGOPTIONS), so the policies let
  it read every business's rows; the counts are taken with the same bypass, in
  the same snapshot;
- the restore needs no bypass to load the data: in the dump's table of
  contents each table's ``ENABLE ROW LEVEL SECURITY`` and its policies are
  post-data entries, restored after the data (``FORCE`` comes with the table
  but does nothing until row security is enabled), as are the triggers; so
  pg_restore's COPY goes into tables whose row security is not yet on. The
  restored tables end up with row security enabled and forced, like the
  original, which the restore checks; its row counts are read with the bypass.

Reads DATABASE_URL from the environment or .env, like the app.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    env_file = ROOT / ".env"
    if not url and env_file.exists():
        for line in env_file.read_text().splitlines():
            if line.startswith("DATABASE_URL="):
                url = line.split("=", 1)[1].strip().strip("'\"")
    if not url:
        sys.exit("DATABASE_URL is not set (run `make db` or export it).")
    return url.replace("postgres://", "postgresql://", 1)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


# The app's named row-level-security bypass (accounts/rls.py BYPASS_SETTING), set when connecting.
BYPASS_OPTION = "-c app.rls_bypass=on"


def with_bypass(environ: dict[str, str]) -> dict[str, str]:
    """The environment for pg_dump/pg_restore: the bypass added to any PGOPTIONS already there."""
    return {**environ, "PGOPTIONS": f"{environ.get('PGOPTIONS', '')} {BYPASS_OPTION}".strip()}


def connect(url: str, **kwargs) -> psycopg.Connection:
    """A connection that sees every business's rows (the named bypass)."""
    return psycopg.connect(url, options=BYPASS_OPTION, **kwargs)


def protected_tables(cursor: psycopg.Cursor) -> list[str]:
    """The tables with row security enabled and forced, and at least one policy."""
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity AND c.relforcerowsecurity "
        "AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid) ORDER BY c.relname"
    )
    return [row[0] for row in cursor.fetchall()]


def row_counts(cursor: psycopg.Cursor) -> dict[str, int]:
    """Exact row counts of every table in the public schema."""
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def backup(url: str, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    name = urlsplit(url).path.lstrip("/")
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    dump = directory / f"{name}-{stamp}.dump"
    with connect(url, autocommit=True) as connection, connection.cursor() as cursor:
        # One snapshot for the dump and the counts: they describe the same moment.
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                "--enable-row-security",
                f"--snapshot={snapshot}",
                f"--file={dump}",
                f"--dbname={url}",
            ],
            check=True,
            env=with_bypass(dict(os.environ)),
        )
        counts = row_counts(cursor)
        protected = protected_tables(cursor)
        cursor.execute("COMMIT")
    Path(f"{dump}.counts.json").write_text(json.dumps(counts, indent=2, sort_keys=True))
    Path(f"{dump}.rls.json").write_text(json.dumps(protected, indent=2))
    print(
        f"Backup written: {dump} ({dump.stat().st_size:,} bytes, {sum(counts.values()):,} rows in {len(counts)} tables)"
    )
    return dump


def restore(url: str, dump: Path, target: str | None = None) -> bool:
    counts_file = Path(f"{dump}.counts.json")
    if not dump.exists() or not counts_file.exists():
        sys.exit(f"{dump} or its {counts_file.name} is missing.")
    expected = json.loads(counts_file.read_text())
    rls_file = Path(f"{dump}.rls.json")
    expected_protected = json.loads(rls_file.read_text()) if rls_file.exists() else None
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d_%H%M%S")
    target = target or f"{urlsplit(url).path.lstrip('/')}_restored_{stamp}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    target_url = with_database(url, target)
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target_url}", str(dump)],
        check=True,
    )
    with connect(target_url) as connection, connection.cursor() as cursor:
        restored = row_counts(cursor)
        protected = protected_tables(cursor)
    differences = {
        table: (expected.get(table), restored.get(table))
        for table in sorted(set(expected) | set(restored))
        if expected.get(table) != restored.get(table)
    }
    print(f"Restored into the new database {target}: {sum(restored.values()):,} rows in {len(restored)} tables.")
    unprotected = sorted(set(expected_protected or ()) - set(protected))
    if differences:
        for table, (before, after) in differences.items():
            print(f"  {table}: {before} in the backup, {after} restored")
        print("Row counts DIFFER from the backup.")
        return False
    if unprotected:
        print(f"Row-level security is MISSING on restored tables: {', '.join(unprotected)}.")
        return False
    print(f"Row-level security is enabled and forced on the {len(protected)} tables that had it.")
    print("Row counts are identical to the backup's, table by table.")
    print(f"To use it: DATABASE_URL={with_database(url, target).split('@')[-1]} (with the same user and password)")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    backup_command = commands.add_parser("backup")
    backup_command.add_argument("--dir", type=Path, default=ROOT / "backups")
    restore_command = commands.add_parser("restore")
    restore_command.add_argument("file", type=Path)
    restore_command.add_argument("--into", help="name of the new database (default: <name>_restored_<time>)")
    arguments = parser.parse_args()
    url = database_url()
    if arguments.command == "backup":
        backup(url, arguments.dir)
    elif not restore(url, arguments.file, arguments.into):
        sys.exit(1)


if __name__ == "__main__":
    main()
