"""`make load`: a bounded load run on loopback against the app under gunicorn with the demo data.

Starts the app as `make serve` does (config/gunicorn.conf.py, production
settings) on 127.0.0.1, then runs scripts/load/locustfile.py at 5, 10, 20 and 50
users, as a working day looks: each simulated user signs in once when it joins
(at most KOB_LOAD_SPAWN_RATE a second, default 1) and keeps its session through
the later stages. Each stage grows to its number of users, runs a warm-up of
KOB_LOAD_WARMUP seconds (default 10) that is not in its page table, then
measures KOB_LOAD_SECONDS (default 30) of steady state: requests per second and
p50/p95/p99 per page. Sign-ins are measured on their own line per stage, and
every error counts, whenever it happened. Afterwards it checks in the database
that every write the app acknowledged landed exactly once. The writes (calls of
5 minutes and payments of 0.01, their notes starting with "load-") stay in the
demo business.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import gevent
import locust  # noqa: F401  (first: gevent patches the standard library on import)
import psycopg
from locust.env import Environment

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KOB_LOAD_RUN", uuid.uuid4().hex[:8])

from scripts.backup import database_url  # noqa: E402
from scripts.load import summary  # noqa: E402
from scripts.load.cpu import CpuMeter  # noqa: E402

STAGES = tuple(int(users) for users in os.environ.get("KOB_LOAD_USERS", "5,10,20,50").split(","))
if max(STAGES) > 50:
    sys.exit("Bounded: at most 50 users.")
HOST = "127.0.0.1"
PORT = int(os.environ.get("KOB_LOAD_PORT", "8011"))
SECONDS = min(int(os.environ.get("KOB_LOAD_SECONDS", "30")), 300)  # bounded: at most 5 minutes a stage
WARMUP = min(int(os.environ.get("KOB_LOAD_WARMUP", "10")), 60)
SPAWN_RATE = float(os.environ.get("KOB_LOAD_SPAWN_RATE", "1"))  # users joining per second
if not 0 < SPAWN_RATE <= 50:
    sys.exit("KOB_LOAD_SPAWN_RATE: between 0 and 50 users a second.")
DEMO = "Brightside IT Services"
GOALS = {"customer list": 300, "customer list (search)": 300, "dashboard": 500}  # p95 in ms at 20 users


def demo_business(connection: psycopg.Connection) -> tuple[int]:
    """The demo business's id, and the connection made to act for it (row-level security shows only its rows)."""
    business = connection.execute("SELECT id FROM accounts_business WHERE name = %s", [DEMO]).fetchone()
    if business is None:
        sys.exit(f"No demo business “{DEMO}”: run `make run` or `manage.py seed_demo` first.")
    connection.execute("SELECT set_config('app.business_id', %s, false)", [str(business[0])])
    return business


def demo_ids(url: str) -> tuple[list[int], list[int]]:
    with psycopg.connect(url) as connection:
        business = demo_business(connection)
        customers = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM customers_customer WHERE business_id = %s ORDER BY id", business
            )
        ]
        invoices = [
            row[0]
            for row in connection.execute(
                "SELECT id FROM customers_invoice WHERE business_id = %s AND amount - amount_paid >= 10 "
                "AND issue_date <= current_date ORDER BY id LIMIT 200",
                business,
            )
        ]
    return customers, invoices


def start_app() -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_hex(32),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false",  # loopback, no TLS proxy in front
        "DJANGO_SECURE_COOKIES": "false",
        "KOB_BIND": f"{HOST}:{PORT}",
    }
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    # Logged as in production (a JSON line per request at INFO, gunicorn's access log), into a file.
    log = tempfile.NamedTemporaryFile(prefix="kob-load-app-", suffix=".log", delete=False)  # noqa: SIM115
    print(f"The app's log (production level, access log included): {log.name}")
    app = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(60):
        try:
            with urllib.request.urlopen(f"http://{HOST}:{PORT}/health/", timeout=2) as answer:
                if answer.status == 200:
                    return app
        except OSError:
            time.sleep(0.5)
    app.terminate()
    sys.exit("The app did not answer /health/ within 30 s.")


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def run_stage(runner, recorder: summary.Recorder, users: int, app: subprocess.Popen, url: str) -> float:
    """Grow (or shrink) to ``users``, warm up, then measure; the measured window's length in seconds."""
    recorder.stage, recorder.phase = users, summary.RAMP_UP
    runner.start(users, spawn_rate=SPAWN_RATE)
    runner.spawning_greenlet.join()
    recorder.phase = summary.WARM_UP
    gevent.sleep(WARMUP)
    print(f"\n{users} users ({runner.user_count} running): load average {load_average()} (1 / 5 / 15 min) at the start")
    meter = CpuMeter(app, url)
    recorder.phase = summary.MEASURED
    started, cpu = time.monotonic(), time.process_time()
    gevent.sleep(SECONDS)
    seconds, cpu = time.monotonic() - started, time.process_time() - cpu
    recorder.phase = summary.STOPPING
    measured = sum(1 for sample in recorder.samples if sample.stage == users and sample.phase == summary.MEASURED)
    print(meter.report(seconds, measured))
    print(
        f"  load average {load_average()} at the end; locust itself used {cpu / seconds:.0%} of one core "
        "(it shares the machine's cores with the app and PostgreSQL)"
    )
    for line in summary.stage_report(recorder.samples, users, seconds, SPAWN_RATE):
        print(line)
    return seconds


def check_writes(url: str) -> tuple[int, int, int]:
    """(acknowledged, missing, doubled) over the writes of this run, plus a note of unacknowledged ones."""
    from scripts.load import locustfile

    prefix = f"load-{os.environ['KOB_LOAD_RUN']}-%"
    with psycopg.connect(url) as connection:
        demo_business(connection)
        counts = dict(
            connection.execute(
                "SELECT note, count(*) FROM (SELECT note FROM customers_interaction WHERE note LIKE %s "
                "UNION ALL SELECT note FROM customers_payment WHERE note LIKE %s) AS writes GROUP BY note",
                [prefix, prefix],
            ).fetchall()
        )
    acknowledged = set(locustfile.ACKNOWLEDGED)
    missing = sum(1 for marker in acknowledged if counts.get(marker, 0) == 0)
    doubled = sum(1 for marker in acknowledged if counts.get(marker, 0) > 1)
    unacknowledged = sum(1 for marker in counts if marker not in acknowledged)
    print(
        f"\nWrites acknowledged: {len(acknowledged)}; missing in the database: {missing}; recorded more than once: "
        f"{doubled}; saved but not acknowledged (e.g. a timed-out answer): {unacknowledged}"
    )
    return len(acknowledged), missing, doubled


def main() -> None:
    url = database_url()
    customers, invoices = demo_ids(url)
    if not customers or not invoices:
        sys.exit(f"The demo business “{DEMO}” has no customers or no open invoices to load the app with.")
    os.environ["KOB_LOAD_CUSTOMERS"] = ",".join(map(str, customers))
    os.environ["KOB_LOAD_INVOICES"] = ",".join(map(str, invoices))
    from scripts.load import locustfile  # reads the ids above when imported

    print(
        f"What is measured: each simulated user signs in once when it joins (at most {SPAWN_RATE:g} a second) and "
        "keeps its session through the later stages, as staff do over a working day. Per stage: pages in steady "
        f"state, {SECONDS} s measured after a {WARMUP} s warm-up that is not counted; sign-ins measured separately; "
        "every error counts, whenever it happened."
    )
    app = start_app()
    recorder = summary.Recorder()
    environment = Environment(user_classes=[locustfile.Staff, locustfile.Owner], host=f"http://{HOST}:{PORT}")
    environment.events.request.add_listener(recorder.on_request)
    runner = environment.create_local_runner()
    try:
        for users in STAGES:
            run_stage(runner, recorder, users, app, url)
    finally:
        runner.quit()
        app.terminate()
        app.wait(timeout=30)
    _, missing, doubled = check_writes(url)
    errors = sum(summary.errors_of(recorder.samples).values())
    print(
        "\nGoals (a benchmark, not a test): 0 errors, 0 lost or doubled writes, p95 at 20 users under "
        "300 ms on list pages and 500 ms on the dashboard (steady state, after the warm-up)."
    )
    for name, goal in GOALS.items():
        p95 = summary.p95_of(recorder.samples, 20, "GET", name)
        verdict = "n/a" if p95 is None else ("met" if p95 <= goal else "MISSED")
        shown = "not measured" if p95 is None else f"{p95:.0f} ms"
        print(f"  {name}: p95 {shown} at 20 users (goal {goal} ms): {verdict}")
    print(f"  errors (every phase, sign-ins included): {errors}; lost writes: {missing}; doubled writes: {doubled}")
    sys.exit(1 if errors or missing or doubled else 0)


if __name__ == "__main__":
    main()
