"""Plumbing shared by the bench scripts: the app's environment, subprocesses, a fresh PostgreSQL
database, ``manage.py`` commands, gunicorn and wrk.

The scripts run as ``.venv/bin/python bench/<script>.py`` from the repository root; they put the
root on ``sys.path`` before importing this module as ``bench.common``.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_ADMIN = f"{PG_SERVER}/postgres"
WORKERS = 2


def database_url(name: str) -> str:
    """The URL of the database ``name`` on the local PostgreSQL server (user postgres, trust)."""
    return f"{PG_SERVER}/{name}"


def local_url(port: int) -> str:
    """The base URL of a server on 127.0.0.1 at ``port``."""
    return f"http://127.0.0.1:{port}"


def bench_port(default: int) -> int:
    """The port for gunicorn: ``$BENCH_PORT`` if set, otherwise ``default``."""
    return int(os.environ.get("BENCH_PORT", str(default)))


def app_env(database_url: str, base_url: str | None = None, **overrides: str) -> dict[str, str]:
    """The environment for the app with the bench settings (production settings plus the bare
    comparison views), a fresh secret key and persistent database connections.

    ``base_url=None`` leaves BASE_URL out (no server); ``overrides`` add or replace variables,
    e.g. ``TASKS_BACKEND="database", REDIS_URL=""``.
    """
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CONN_MAX_AGE": "600",
        # wrk sends everything from one address: a limit it never reaches keeps the counting of
        # the per-address rate limit in the measured path without refusing anything.
        "REGISTRATION_RATE_LIMIT": "100000000/m",
    }
    if base_url is not None:
        env["BASE_URL"] = base_url
    env.update(overrides)
    return env


def run(*args, quiet: bool = False, **kwargs) -> subprocess.CompletedProcess:
    """Run a command in the repository root, raising on failure; prints it (shortened) first
    unless ``quiet``. ``kwargs`` go to ``subprocess.run`` (env, capture_output, text, ...)."""
    if not quiet:
        print("+", " ".join(str(a) for a in args)[:200], flush=True)
    return subprocess.run(args, check=True, cwd=ROOT, **kwargs)


def recreate_database(name: str, *, keep_existing: bool = False) -> bool:
    """Drop the database ``name`` (closing its connections) and create it empty.

    With ``keep_existing`` an existing database is left alone. Returns whether it was created.
    """
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        if keep_existing:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if exists.fetchone():
                return False
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def manage(*args, env: dict, quiet: bool = False, **kwargs) -> subprocess.CompletedProcess:
    """``manage.py <args>`` with ``env``."""
    return run(PY, "manage.py", *args, env=env, quiet=quiet, **kwargs)


def migrate(env: dict, *, collectstatic: bool = True, quiet: bool = False) -> None:
    """Migrate the database of ``env`` and, unless told otherwise, collect the static files
    (the production settings serve them through the manifest storage)."""
    manage("migrate", "--noinput", "-v0", env=env, quiet=quiet)
    if collectstatic:
        manage("collectstatic", "--noinput", "-v0", env=env, quiet=quiet)


def django_shell(script: str, env: dict, *, quiet: bool = False) -> str:
    """Run ``script`` with ``manage.py shell -c`` and return its standard output."""
    return manage(
        "shell", "-c", script, env=env, quiet=quiet, capture_output=True, text=True
    ).stdout


def result_line(stdout: str, prefix: str = "RESULT ") -> str:
    """The rest of the first line of ``stdout`` starting with ``prefix`` (a setup script prints
    its result so, apart from anything Django prints on start)."""
    line = next(line for line in stdout.splitlines() if line.startswith(prefix))
    return line.removeprefix(prefix)


@contextlib.contextmanager
def start_gunicorn(env: dict, port: int, *, workers: int = WORKERS) -> Iterator[subprocess.Popen]:
    """Serve ``bench.wsgi`` with gunicorn at 127.0.0.1:``port`` and wait until it answers the
    bare view; stop it (its whole process group) on leaving the block."""
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "bench.wsgi", "--workers", str(workers)]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{local_url(port)}/__bench__/bare/10/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("gunicorn did not start")
        yield server
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def wrk_binary() -> str:
    """The path of wrk, installing Debian's package if it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    run(
        "apt-get",
        "install",
        "-y",
        "-qq",
        "wrk",
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which("wrk") or sys.exit("wrk is not available")


def wrk(
    url: str,
    script: str | None = None,
    duration: int = 10,
    connections: int = 16,
    threads: int = 2,
    *,
    latency: bool = False,
) -> tuple[float, str]:
    """Load ``url`` with wrk (``threads`` threads, ``connections`` connections, ``duration``
    seconds), with the Lua ``script`` if given and the latency distribution if ``latency``.

    Exits if any response was not 2xx or 3xx. Returns (requests per second, wrk's output).
    """
    command = [wrk_binary(), f"-t{threads}", f"-c{connections}", f"-d{duration}s"]
    if latency:
        command.append("--latency")
    lua = None
    if script is not None:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="wrk-", delete=False) as f:
            f.write(script)
        lua = f.name
        command += ["-s", lua]
    try:
        out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    finally:
        if lua:
            os.unlink(lua)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        sys.exit(f"{url}: {errors.group(1)} error responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), out


def wrk_requests(out: str) -> int:
    """The number of requests wrk answered, from its output."""
    return int(re.search(r"(\d+) requests in", out).group(1))


def wrk_p99(out: str) -> str:
    """The 99th-percentile latency from wrk's ``--latency`` output, or ``?``."""
    match = re.search(r"99%\s+([\d.]+\w+)", out)
    return match.group(1) if match else "?"
