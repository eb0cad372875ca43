"""The backup drill: dump the database, restore it into a new one, and find every row again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from psycopg import sql

from customers.models import Customer, Payment

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


def url_of_test_database() -> str:
    s = connection.settings_dict
    return f"postgresql://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_backup_then_restore_into_a_new_database_finds_every_row(world, tmp_path):
    url = url_of_test_database()
    env = {**os.environ, "DATABASE_URL": url}
    script = str(ROOT / "scripts" / "backup.py")
    made = subprocess.run(
        [sys.executable, script, "backup", "--dir", str(tmp_path)], env=env, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    (dump,) = tmp_path.glob("*.dump")
    target = f"{connection.settings_dict['NAME']}_drill"
    try:
        restored = subprocess.run(
            [sys.executable, script, "restore", str(dump), "--into", target], env=env, capture_output=True, text=True
        )
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert "Row counts are identical to the backup's" in restored.stdout
        assert "Row-level security is enabled and forced" in restored.stdout
        # The restored tables are behind row-level security again: read them with the named bypass.
        with psycopg.connect(url.rsplit("/", 1)[0] + f"/{target}", options="-c app.rls_bypass=on") as copy:
            customers = copy.execute("SELECT count(*) FROM customers_customer").fetchone()[0]
            payments = copy.execute("SELECT count(*), sum(amount) FROM customers_payment").fetchone()
        assert customers == Customer.objects.count() > 0
        assert payments[0] == Payment.objects.count() and payments[1] == sum(p.amount for p in Payment.objects.all())
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target)))
