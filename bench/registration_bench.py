"""Free-ticket registrations per second next to a bare Django view writing one row.

One run: a fresh PostgreSQL database ``congress_regbench``, one edition with a free category and
unlimited capacity, gunicorn (2 workers, production settings) with TASKS_BACKEND=database so the
ticket PDF and the email are made by the background worker, not in the request; then wrk with 32
connections POSTs the registration form (a new email address per request, CSRF token included)
and, in the same run, POSTs to a bare view that inserts one row. Prints both rates and the ratio
(target: 0.25).

    .venv/bin/python bench/registration_bench.py [--duration 10] [--connections 32]
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "congress_regbench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
PORT = int(os.environ.get("BENCH_PORT", "8766"))
BASE = f"http://127.0.0.1:{PORT}"

SETUP = """
import datetime as dt
from django.utils import timezone
from congress.models import Congress, Edition
from registrations.models import TicketCategory
congress = Congress.objects.create(name="Bench", slug="bench")
start = timezone.localdate() + dt.timedelta(days=60)
edition = Edition.objects.create(congress=congress, year=start.year, title="Bench",
                                 start_date=start, end_date=start)
category = TicketCategory.objects.create(edition=edition, name="Frei", kind="public_sector")
print(edition.year, category.pk)
"""

# A new email address per request; the CSRF cookie and token are the same for all.
WRK_SCRIPT = """
counter = 0
thread_id = 0
threads = 0
function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end
function init(args)
  math.randomseed(os.time() + thread_id * 7919)
end
function request()
  counter = counter + 1
  local body = "category=%(category)s&attendance=onsite&first_name=Bench&last_name=User"
    .. "&email=b" .. thread_id .. "-" .. counter .. "-" .. math.random(1, 1000000000) .. "%%40example.org"
    .. "&terms=on&csrfmiddlewaretoken=%(token)s"
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=%(cookie)s",
  }, body)
end
"""


def env() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BASE_URL": BASE,
        "CONN_MAX_AGE": "600",
        "TASKS_BACKEND": "database",
        "REDIS_URL": "",
    }


def run(*args, **kwargs):
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run(args, check=True, cwd=ROOT, **kwargs)


def prepare_database(e: dict) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    run(PY, "manage.py", "migrate", "--noinput", "-v0", env=e)
    run(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=e)
    out = run(PY, "manage.py", "shell", "-c", SETUP, env=e, capture_output=True, text=True)
    year, category = out.stdout.split()[-2:]
    return int(year), int(category)


def start_server(e: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "bench.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{PORT}"]
        + ["--log-level", "warning"],
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


def csrf_pair(path: str) -> tuple[str, str]:
    with urllib.request.urlopen(BASE + path, timeout=30) as response:
        cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.read())
    return cookie, token.group(1).decode()


def measure(path: str, script: str, duration: int, connections: int) -> tuple[float, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", f.name, BASE + path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    os.unlink(f.name)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        sys.exit(f"{path}: {errors.group(1)} error responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), out


def count_registrations(e: dict) -> str:
    script = (
        "from registrations.models import Registration;"
        "from django_tasks_db.models import DBTaskResult;"
        "print(Registration.objects.filter(state='confirmed').count(), DBTaskResult.objects.count())"
    )
    return run(PY, "manage.py", "shell", "-c", script, env=e, capture_output=True, text=True).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()

    e = env()
    year, category = prepare_database(e)
    server = start_server(e)
    path = f"/anmeldung/bench/{year}/"
    try:
        cookie, token = csrf_pair(path)
        script = WRK_SCRIPT % {"category": category, "token": token, "cookie": cookie}
        app_rps, _out = measure(path, script, args.duration, args.connections)
        bare_rps, _out = measure("/__bench__/write/", script, args.duration, args.connections)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    confirmed, queued_tasks = count_registrations(e).split()[-2:]

    print()
    print(f"wrk -t2 -c{args.connections} -d{args.duration}s, gunicorn 2 workers, PostgreSQL")
    print(f"{'':<28} {'req/s':>8}")
    print(f"{'free-ticket registration':<28} {app_rps:>8.0f}")
    print(f"{'bare view writing one row':<28} {bare_rps:>8.0f}")
    print(f"{'ratio (target 0.25)':<28} {app_rps / bare_rps:>8.2f}")
    print(f"confirmed registrations: {confirmed}, background tasks queued: {queued_tasks}")


if __name__ == "__main__":
    main()
