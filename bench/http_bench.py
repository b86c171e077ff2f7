"""Throughput of the public pages and exports next to a bare Django view of the same body size.

One run: builds the bench data on PostgreSQL, serves the app with gunicorn (2 workers, Redis
cache), warms every URL, then measures each URL and a bare view returning a body of the same size
with the same load tool (wrk), and prints the ratios.

    .venv/bin/python bench/http_bench.py [--duration 10] [--connections 16] [--keep-data]
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "congress_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/7"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"


def env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BASE_URL": BASE,
        "CONN_MAX_AGE": "600",
    }


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run(args, check=True, cwd=ROOT, **kwargs)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    run(
        "apt-get",
        "install",
        "-y",
        "-qq",
        "wrk",
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which("wrk") or sys.exit("wrk is not available")


def prepare_database(keep: bool) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone()
        if exists and keep:
            return
        if exists:
            conn.execute(f'DROP DATABASE "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    run(PY, "manage.py", "migrate", "--noinput", "-v0", env=env())
    run(PY, "manage.py", "load_bench_data", env=env())
    run(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=env())


def start_server(e: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "bench.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=e,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/__bench__/bare/10/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def fetch(path: str) -> tuple[int, str]:
    with urllib.request.urlopen(BASE + path, timeout=30) as response:
        body = response.read()
        return len(body), response.headers.get("Content-Type", "text/html")


def measure(wrk: str, path: str, duration: int, connections: int) -> float:
    out = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", BASE + path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        sys.exit(f"{path}: {errors.group(1)} error responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def bench_paths() -> dict[str, str]:
    """The public URLs of the first bench edition, read from the database."""
    script = (
        "from cms.models import ProgrammePage;"
        "p = ProgrammePage.objects.live().order_by('path').first();"
        "t = p.programme_edition.tracks.filter(live=True).order_by('sort_order').first();"
        "print(p.url); print(t.slug)"
    )
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    programme, track = out[-2], out[-1]
    return {
        "programme page": programme,
        "forum page": f"{programme}{track}/",
        "full ICS": f"{programme}programm.ics",
        "frab XML": f"{programme}schedule.xml",
        "frab JSON": f"{programme}schedule.json",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--keep-data", action="store_true", help="reuse the bench database")
    args = parser.parse_args()

    wrk = ensure_wrk()
    prepare_database(args.keep_data)
    paths = bench_paths()
    e = env()
    subprocess.run(["redis-cli", "-n", "7", "FLUSHDB"], check=False, capture_output=True)
    server = start_server(e)
    rows = []
    try:
        for label, path in paths.items():
            size, content_type = fetch(path)  # warms the cache
            fetch(path)
            bare = f"/__bench__/bare/{size}/?type={urllib.request.quote(content_type)}"
            fetch(bare)
            app_rps = measure(wrk, path, args.duration, args.connections)
            bare_rps = measure(wrk, bare, args.duration, args.connections)
            rows.append((label, path, size, app_rps, bare_rps))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)

    print()
    print(f"wrk -t2 -c{args.connections} -d{args.duration}s, gunicorn 2 workers, PostgreSQL, Redis")
    print(f"{'URL':<16} {'bytes':>9} {'app req/s':>10} {'bare req/s':>11} {'ratio':>6}")
    for label, _path, size, app_rps, bare_rps in rows:
        print(
            f"{label:<16} {size:>9} {app_rps:>10.0f} {bare_rps:>11.0f} {app_rps / bare_rps:>6.2f}"
        )


if __name__ == "__main__":
    main()
