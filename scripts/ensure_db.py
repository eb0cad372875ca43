"""Make sure a PostgreSQL server is running and the app's database exists.

One mechanism for every machine, chosen in this order:

1. ``DATABASE_URL`` is set: use that server as it is; only create the
   database when it is missing. Nothing is started.
2. We are root on Debian: start the packaged cluster with
   ``pg_ctlcluster --skip-systemctl-redirect`` (``pg_ctl`` refuses root).
3. Otherwise: a project-local cluster in ``.pgdata/`` made with ``initdb``
   and started with ``pg_ctl``.

Cases 2 and 3 create a login role and the database when they are missing and
write the resulting ``DATABASE_URL`` to ``.env`` (which settings read). Running
it again changes nothing. It never drops or resets anything.

The app's role must be bound by row-level security (accounts/rls.py): it is
created, and kept, without SUPERUSER and BYPASSRLS; with ``DATABASE_URL`` the
given role is checked and refused if it has either.

Uses only the standard library and the PostgreSQL client programs, so it can
run before the virtual environment exists.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
ENV_FILE = ROOT / ".env"
LOCAL_DATA = ROOT / ".pgdata"
DB_NAME = "keeporboot"
DB_USER = "keeporboot"
DB_PASSWORD = "keeporboot"  # development only: the server listens on loopback
DEBIAN_PORT = 5432
LOCAL_PORT = 5433

MISSING_MESSAGE = """\
PostgreSQL is not installed on this machine (no initdb/pg_ctl found in {searched}).
Either install the server, for example on Debian or Ubuntu:
    apt-get install postgresql
or point Keep or Boot at an existing server:
    export DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/keeporboot
"""


class SetupError(Exception):
    """A problem the user must fix; its message says how."""


@dataclass(frozen=True)
class Server:
    host: str
    port: int


def find_bindir(search: list[str] | None = None) -> Path | None:
    """Return the newest PostgreSQL server bin directory, or None."""
    if search is None:
        env = os.environ.get("PG_BINDIR")
        search = [env] if env else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
        on_path = shutil.which("initdb")
        if not env and on_path:
            search.append(str(Path(on_path).parent))
    for candidate in search:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    return None


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for(server: Server, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if port_open(server.host, server.port):
            return
        time.sleep(0.2)
    raise SetupError(f"PostgreSQL did not start listening on {server.host}:{server.port}.")


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kwargs)


def psql_as_superuser(sql: str, *, debian: bool, bindir: Path) -> str:
    """Run one SQL statement as the cluster's superuser and return its output."""
    if debian:
        cmd = ["runuser", "-u", "postgres", "--", "psql", "-p", str(DEBIAN_PORT)]
    else:
        cmd = [str(bindir / "psql"), "-h", str(LOCAL_DATA), "-p", str(LOCAL_PORT), "-d", "postgres"]
    cmd += ["-v", "ON_ERROR_STOP=1", "-tAc", sql]
    return run(cmd).stdout.strip()


def ensure_role_and_database(*, debian: bool, bindir: Path) -> None:
    exists = psql_as_superuser(f"SELECT 1 FROM pg_roles WHERE rolname = '{DB_USER}'", debian=debian, bindir=bindir)  # noqa: S608 (constants)
    if exists != "1":
        psql_as_superuser(
            f"CREATE ROLE {DB_USER} LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS PASSWORD '{DB_PASSWORD}'",
            debian=debian,
            bindir=bindir,
        )
    else:  # a role made by hand, or by an older version of this script: superusers escape row-level security
        psql_as_superuser(f"ALTER ROLE {DB_USER} NOSUPERUSER NOBYPASSRLS", debian=debian, bindir=bindir)
    exists = psql_as_superuser(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'", debian=debian, bindir=bindir)  # noqa: S608 (constants)
    if exists != "1":
        psql_as_superuser(f"CREATE DATABASE {DB_NAME} OWNER {DB_USER}", debian=debian, bindir=bindir)


def start_debian_cluster() -> Server:
    """Start Debian's packaged cluster (as root); harmless when it already runs."""
    clusters = run(["pg_lsclusters", "--no-header"]).stdout.split()
    if len(clusters) < 2:
        raise SetupError("No Debian PostgreSQL cluster exists. Create one with: pg_createcluster 15 main")
    version, name = clusters[0], clusters[1]
    server = Server("127.0.0.1", DEBIAN_PORT)
    if not port_open(server.host, server.port):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "start"],
            check=False,
            capture_output=True,
        )
    wait_for(server)
    return server


def start_local_cluster(bindir: Path) -> Server:
    """Make and start a cluster in .pgdata/ (for non-root users)."""
    if not (LOCAL_DATA / "PG_VERSION").exists():
        LOCAL_DATA.mkdir(exist_ok=True)
        run([str(bindir / "initdb"), "-D", str(LOCAL_DATA), "-A", "trust", "-U", "postgres", "--no-instructions"])
    server = Server("127.0.0.1", LOCAL_PORT)
    if not port_open(server.host, server.port):
        run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(LOCAL_DATA),
                "-l",
                str(LOCAL_DATA / "server.log"),
                "-o",
                f"-p {LOCAL_PORT} -k {LOCAL_DATA} -h 127.0.0.1",
                "-w",
                "start",
            ]
        )
    wait_for(server)
    return server


def read_env_file(path: Path = ENV_FILE) -> dict[str, str]:
    if not path.exists():
        return {}
    values = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def write_database_url(url: str, path: Path = ENV_FILE) -> None:
    """Record DATABASE_URL in .env, keeping every other line as it was."""
    lines = path.read_text().splitlines() if path.exists() else []
    lines = [line for line in lines if not line.startswith("DATABASE_URL=")]
    lines.append(f"DATABASE_URL={url}")
    path.write_text("\n".join(lines) + "\n")


def role_problem(attributes: str) -> str | None:
    """What is wrong with the app's role for row-level security, from psql's ``rolsuper|rolbypassrls``."""
    superuser, bypass = (attributes.split("|") + ["", ""])[:2]
    if superuser == "t":
        return "is a superuser"
    if bypass == "t":
        return "has BYPASSRLS"
    return None


def check_external_role(url: str) -> None:
    """The role in DATABASE_URL must be bound by row-level security; refuse it otherwise."""
    bindir = find_bindir()
    psql = shutil.which("psql") or (str(bindir / "psql") if bindir else None)
    if psql is None:
        print("Note: psql is not installed, so the role in DATABASE_URL was not checked for SUPERUSER/BYPASSRLS.")
        return
    attributes = run(
        [
            psql,
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-tAc",
            "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user",
            url,
        ]
    ).stdout.strip()
    problem = role_problem(attributes)
    if problem:
        raise SetupError(
            f"The role in DATABASE_URL {problem}, so PostgreSQL's row-level security would not bind the app. "
            "Use a role without either (ALTER ROLE name NOSUPERUSER NOBYPASSRLS)."
        )


def check_external(url: str) -> None:
    """DATABASE_URL given: the server must answer; we start nothing."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SetupError(f"DATABASE_URL must be a postgres:// URL, got scheme {parts.scheme!r}.")
    server = Server(parts.hostname or "localhost", parts.port or 5432)
    try:
        wait_for(server, seconds=10)
    except SetupError as exc:
        raise SetupError(f"DATABASE_URL points at {server.host}:{server.port}, but nothing answers there.") from exc
    print(f"Using the PostgreSQL server from DATABASE_URL ({server.host}:{server.port}/{unquote(parts.path[1:])}).")


def ensure_database(bin_search: list[str] | None = None, is_root: bool | None = None) -> str:
    """Make sure a server runs and the database exists; return DATABASE_URL."""
    url = os.environ.get("DATABASE_URL") or ""
    if url:
        check_external(url)
        check_external_role(url)
        return url
    bindir = find_bindir(bin_search)
    if bindir is None:
        searched = ", ".join(bin_search) if bin_search is not None else "/usr/lib/postgresql/*/bin and PATH"
        raise SetupError(MISSING_MESSAGE.format(searched=searched))
    if is_root is None:
        is_root = os.geteuid() == 0
    debian = is_root and shutil.which("pg_ctlcluster") is not None
    if is_root and not debian:
        raise SetupError("As root, PostgreSQL's initdb refuses to run: run as a normal user or set DATABASE_URL.")
    server = start_debian_cluster() if debian else start_local_cluster(bindir)
    ensure_role_and_database(debian=debian, bindir=bindir)
    url = f"postgres://{DB_USER}:{DB_PASSWORD}@{server.host}:{server.port}/{DB_NAME}"
    if read_env_file().get("DATABASE_URL") != url:
        write_database_url(url)
    print(f"PostgreSQL is running on {server.host}:{server.port}; database {DB_NAME!r} is ready.")
    return url


def main() -> int:
    try:
        ensure_database()
    except SetupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(f"error: {' '.join(exc.cmd)} failed:\n{exc.stderr}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
