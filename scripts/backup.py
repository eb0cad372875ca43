"""Backups for operators: ``make backup`` and ``make restore FILE=...``.

backup  pg_dump in custom format into backups/ (or --dir), taken from one
        snapshot whose row counts per table are saved next to the dump
        (``<dump>.counts.json``), so a restore can be checked against them.
restore FILE  restores into a NEW database (never over the live one), then
        compares its row counts with the saved ones and says whether they are
        identical (exit status 1 when not). Point DATABASE_URL at the restored
        database to use it.

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
    with psycopg.connect(url, autocommit=True) as connection, connection.cursor() as cursor:
        # One snapshot for the dump and the counts: they describe the same moment.
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        subprocess.run(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={dump}", f"--dbname={url}"],
            check=True,
        )
        counts = row_counts(cursor)
        cursor.execute("COMMIT")
    Path(f"{dump}.counts.json").write_text(json.dumps(counts, indent=2, sort_keys=True))
    print(
        f"Backup written: {dump} ({dump.stat().st_size:,} bytes, {sum(counts.values()):,} rows in {len(counts)} tables)"
    )
    return dump


def restore(url: str, dump: Path, target: str | None = None) -> bool:
    counts_file = Path(f"{dump}.counts.json")
    if not dump.exists() or not counts_file.exists():
        sys.exit(f"{dump} or its {counts_file.name} is missing.")
    expected = json.loads(counts_file.read_text())
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d_%H%M%S")
    target = target or f"{urlsplit(url).path.lstrip('/')}_restored_{stamp}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    target_url = with_database(url, target)
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target_url}", str(dump)],
        check=True,
    )
    with psycopg.connect(target_url) as connection, connection.cursor() as cursor:
        restored = row_counts(cursor)
    differences = {
        table: (expected.get(table), restored.get(table))
        for table in sorted(set(expected) | set(restored))
        if expected.get(table) != restored.get(table)
    }
    print(f"Restored into the new database {target}: {sum(restored.values()):,} rows in {len(restored)} tables.")
    if differences:
        for table, (before, after) in differences.items():
            print(f"  {table}: {before} in the backup, {after} restored")
        print("Row counts DIFFER from the backup.")
        return False
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
