"""CPU used by the app's processes and its database backends while `make load` measures.

Unlike response times, CPU per request hardly depends on what else runs on
the machine, so runs on a busy and a quiet machine can be compared. Reads
Linux's /proc (a process that is gone, or another system, counts nothing).
Kept apart from locust, like summary.py, so it can be tested.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psycopg


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User plus system CPU seconds of each process still running (Linux's /proc; empty elsewhere)."""
    ticks, seconds = os.sysconf("SC_CLK_TCK"), {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return seconds


def app_processes(app: subprocess.Popen) -> list[int]:
    """gunicorn's master and its workers."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == app.pid:
                children.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return [app.pid, *children]


def database_backends(url: str) -> list[int]:
    """The PostgreSQL server processes serving this database (the app's connections, kept for CONN_MAX_AGE)."""
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [row[0] for row in rows]


class CpuMeter:
    """CPU used by the app's processes and its database backends from its creation to ``report``."""

    def __init__(self, app: subprocess.Popen, url: str) -> None:
        self.app, self.url = app, url
        self.start_app = cpu_seconds(app_processes(app))
        self.start_db = cpu_seconds(database_backends(url))

    def report(self, seconds: float, requests: int) -> str:
        used_app = used_since(self.start_app, cpu_seconds(app_processes(self.app)))
        used_db = used_since(self.start_db, cpu_seconds(database_backends(self.url)))
        per_request = f"{1000 * used_app / requests:.1f} ms" if requests else "n/a"
        per_request_db = f"{1000 * used_db / requests:.1f} ms" if requests else "n/a"
        return (
            f"  CPU in the window: the app (gunicorn) {used_app / seconds:.0%} of one core, {per_request} a request; "
            f"its PostgreSQL backends {used_db / seconds:.0%}, {per_request_db} a request"
        )


def used_since(start: dict[int, float], end: dict[int, float]) -> float:
    """CPU seconds used since ``start`` by the processes running at the end (new ones from zero)."""
    return sum(total - start.get(pid, 0.0) for pid, total in end.items())
