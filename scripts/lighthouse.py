"""Lighthouse scores for the sign-in page, the owner's dashboard and a customer report (``make lighthouse``).

Serves the app as production does (gunicorn, production settings, whitenoise
with the compressed manifest) on loopback, signs in as the demo owner by
making a session for them directly, and runs Lighthouse 12 (mobile, the
default) from ``tools/lighthouse`` against Debian's Chromium. Prints the four
category scores per page and exits 1 when any is below ``--goal`` (98).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY", "lighthouse-only-key-" + "x" * 40),
        DJANGO_SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    return env


def owner_session_and_report() -> tuple[str, int]:
    """A session cookie for the demo owner and the id of the customer whose report is measured."""
    # Outside a request, row-level security shows no business's rows: look across them, for this only.
    code = (
        "from django.test import Client\n"
        "from accounts.models import Membership\n"
        "from accounts.tenancy import all_businesses\n"
        "from customers.demo import characters\n"
        "from customers.models import Customer\n"
        "with all_businesses('lighthouse: the demo owner and the measured report'):\n"
        "    m = Membership.objects.select_related('user').filter(user__username='owner@example.com').first()\n"
        "    assert m, 'no demo owner: run make run (or manage.py seed_demo) first'\n"
        "    cu = Customer.objects.get(business=m.business, name=characters.COSTS_DOUBLE_WHAT_THEY_PAY)\n"
        "    c = Client()\n"
        "    c.force_login(m.user)\n"
        "print(c.cookies['sessionid'].value, cu.pk)"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=production_env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return out[-2], int(out[-1])


def scores(url: str, cookie: str | None) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ]
        if cookie:
            command.append("--extra-headers=" + json.dumps({"Cookie": f"sessionid={cookie}"}))
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        subprocess.run(command, check=True, env=env)
        categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def warm_up(base: str, cookie: str, customer_id: int) -> None:
    """Ask each worker for each page once first: a server in use has its templates compiled and code loaded."""
    for path in ("/accounts/login/", "/dashboard/", f"/customers/{customer_id}/report/"):
        for _ in range(2):  # twice, so that both workers are likely to have served it
            # Our own server on loopback, plain http: S310 guards against file: and custom schemes.
            request = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                response.read()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--goal", type=int, default=98)
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=production_env(), check=True
    )
    cookie, customer_id = owner_session_and_report()
    port = free_port()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=production_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        base = f"http://localhost:{port}"
        warm_up(base, cookie, customer_id)
        pages = [
            ("sign-in", f"{base}/accounts/login/", None),
            ("dashboard", f"{base}/dashboard/", cookie),
            ("report", f"{base}/customers/{customer_id}/report/", cookie),
        ]
        below = []
        print(f"{'page':<10} " + " ".join(f"{name:>15}" for name in CATEGORIES))
        for name, url, session in pages:
            result = scores(url, session)
            print(f"{name:<10} " + " ".join(f"{result[c]:>15}" for c in CATEGORIES), flush=True)
            below += [f"{name} {c} {result[c]}" for c in CATEGORIES if result[c] < args.goal]
    finally:
        server.terminate()
        server.wait(timeout=10)
    if below:
        print(f"Below the goal of {args.goal}: " + ", ".join(below))
        return 1
    print(f"Every score is {args.goal} or more.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
