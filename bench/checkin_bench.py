"""Ticket validations per second at the check-in API next to a bare Django view reading and
updating one row; then, in the same run, the time of an edition mode switch with 10,000
registrations (bench/mode_switch_bench.py).

One run: a fresh PostgreSQL database ``congress_checkinbench`` with one edition and ``--tickets``
confirmed registrations on site, their signed QR payloads written to a file, a staff user with
the check-in permission and a device token for him; gunicorn (2 workers, production settings via
bench/settings.py). wrk with 32 connections POSTs ``{"code": ..., "device": ...}`` to
``/anmeldung/api/einlass/<congress>/<year>/scan/`` with ``Authorization: Bearer <token>``, each
request the next ticket of the file (each wrk thread walks its own share of the file). When the
file is used up, tickets come round again: such a scan is a duplicate, which is a validation as
well (signature, registration, refused insert, first check-in read); the output says how many.
In the same run wrk POSTs to a bare view that reads one row and updates it. Prints both rates
and the ratio (target: 0.5 or better).

    .venv/bin/python bench/checkin_bench.py [--duration 10] [--connections 32] [--tickets 10000]
        [--rounds 2] [--no-switch]
"""

from __future__ import annotations

import argparse
import importlib.util
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
DB_NAME = "congress_checkinbench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
PORT = int(os.environ.get("BENCH_PORT", "8767"))
BASE = f"http://127.0.0.1:{PORT}"
TARGET_RATIO = 0.5

SETUP = """
import datetime as dt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from congress.models import Congress, Edition, Room, Venue
from registrations.checkin import issue_device_token
from registrations.models import Registration, TicketCategory, WebhookEvent
from registrations.tickets import ticket_payload

N = %(tickets)d
congress = Congress.objects.create(name="Bench", slug="bench")
venue = Venue.objects.create(name="Stadthalle", city="Neuss")
for i in range(14):
    Room.objects.create(venue=venue, name=f"Forum-Raum {i:02d}", capacity=200)
start = timezone.localdate()
edition = Edition.objects.create(congress=congress, year=start.year, title="Bench",
                                 start_date=start, end_date=start, venue=venue)
category = TicketCategory.objects.create(edition=edition, name="Frei", kind="public_sector")
now = timezone.now()
registrations = Registration.objects.bulk_create(
    Registration(edition=edition, category=category, state="confirmed", attendance="onsite",
                 first_name="Bench", last_name=f"Person {i}", email=f"p{i}@example.org",
                 terms_accepted_at=now)
    for i in range(N)
)
with open(%(codes)r, "w") as f:
    for registration in registrations:
        f.write(ticket_payload(registration) + "\\n")
user = get_user_model().objects.create_user("einlass", "einlass@example.org", "x")
user.user_permissions.add(Permission.objects.get(codename="check_in"))
WebhookEvent.objects.create(event_id="bench-row", type="bench")
print("RESULT", congress.slug, edition.year, issue_device_token(user=user, edition=edition))
"""

# Each thread reads the codes and takes every n-th, starting at its own offset.
WRK_SCRIPT = """
thread_id = 0
threads = 0
function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end
local codes = {}
local index = 0
local step = 1
function init(args)
  step = %(threads)d
  for line in io.lines("%(codes)s") do
    codes[#codes + 1] = line
  end
  index = %(start)d + thread_id
end
function request()
  local code = codes[(index %% #codes) + 1]
  index = index + step
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer %(token)s",
  }, '{"code":"' .. code .. '","device":"wrk"}')
end
"""
WRK_THREADS = 2


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
    print("+", " ".join(str(a) for a in args)[:200], flush=True)
    return subprocess.run(args, check=True, cwd=ROOT, **kwargs)


def prepare_database(e: dict, tickets: int, codes: str) -> tuple[str, int, str]:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    run(PY, "manage.py", "migrate", "--noinput", "-v0", env=e)
    run(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=e)
    script = SETUP % {"tickets": tickets, "codes": codes}
    out = run(PY, "manage.py", "shell", "-c", script, env=e, capture_output=True, text=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    _result, congress, year, token = line.split()
    return congress, int(year), token


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


def measure(path: str, script: str, duration: int, connections: int) -> tuple[float, int, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    out = subprocess.run(
        ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{duration}s", "-s", f.name]
        + ["--latency", BASE + path],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    os.unlink(f.name)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        sys.exit(f"{path}: {errors.group(1)} error responses\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), requests, out


def p99(out: str) -> str:
    match = re.search(r"99%\s+([\d.]+\w+)", out)
    return match.group(1) if match else "?"


def count_check_ins(e: dict) -> int:
    script = (
        "from registrations.models import CheckIn, RegistrationLogEntry;"
        "print('RESULT', CheckIn.objects.count(),"
        " RegistrationLogEntry.objects.filter(action='checked_in').count())"
    )
    out = run(PY, "manage.py", "shell", "-c", script, env=e, capture_output=True, text=True)
    line = next(line for line in out.stdout.splitlines() if line.startswith("RESULT "))
    _result, check_ins, logged = line.split()
    if check_ins != logged:
        sys.exit(f"{check_ins} check-ins but {logged} audit entries")
    return int(check_ins)


def switch_benchmark() -> str:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    if importlib.util.find_spec("bench.mode_switch_bench") is None:
        return "edition switch: bench/mode_switch_bench.py is missing, not measured"
    from bench.mode_switch_bench import run_switch_benchmark

    try:
        result = run_switch_benchmark(registrations=10000)
    except (subprocess.CalledProcessError, KeyError, StopIteration, ValueError) as error:
        return f"edition switch with 10,000 registrations: failed ({error!r})"
    return f"edition switch with 10,000 registrations: {result['seconds']:.1f} s (target < 30 s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--tickets", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-switch", action="store_true", help="skip the mode switch bench")
    args = parser.parse_args()

    e = env()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as codes:
        pass  # filled by the setup script in the manage.py subprocess
    congress, year, token = prepare_database(e, args.tickets, codes.name)
    server = start_server(e)
    path = f"/anmeldung/api/einlass/{congress}/{year}/scan/"

    def script(start: int) -> str:
        return WRK_SCRIPT % {
            "threads": WRK_THREADS,
            "codes": codes.name,
            "token": token,
            "start": start,
        }

    app, bare = [], []
    try:
        # Alternating rounds, the best of each: the machine is shared, one slow moment should
        # not decide the ratio.
        for _round in range(args.rounds):
            # Each round goes on with the tickets after those of the rounds before (plus a
            # margin for requests in flight when wrk stopped).
            start = sum(n + 2 * args.connections for _rps, n, _out in app)
            app.append(measure(path, script(start), args.duration, args.connections))
            bare.append(
                measure("/__bench__/read-update/", script(0), args.duration, args.connections)
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
        os.unlink(codes.name)
    admitted = count_check_ins(e)
    scans = sum(n for _rps, n, _out in app)
    app_rps, _n, app_out = max(app)
    bare_rps, _n, bare_out = max(bare)

    print()
    print(
        f"wrk -t{WRK_THREADS} -c{args.connections} -d{args.duration}s, gunicorn 2 workers, "
        "PostgreSQL, device token"
    )
    print(f"{'':<34} {'req/s':>8} {'p99':>9}")
    print(f"{'check-in validations (scan API)':<34} {app_rps:>8.0f} {p99(app_out):>9}")
    print(f"{'bare view reading + updating a row':<34} {bare_rps:>8.0f} {p99(bare_out):>9}")
    print(f"{f'ratio (target {TARGET_RATIO})':<34} {app_rps / bare_rps:>8.2f}")
    print(
        f"rounds: {args.rounds}, best of each; all rounds: "
        + ", ".join(f"{a[0]:.0f}/{b[0]:.0f}" for a, b in zip(app, bare, strict=True))
    )
    print(
        f"validations answered: {scans}; check-ins written: {admitted} (requests in flight "
        f"when wrk stops are written but not counted by wrk); duplicates (a ticket scanned "
        f"again after the {args.tickets} tickets ran out, counted as validations): "
        f"{max(scans - admitted, 0)}"
    )
    if not args.no_switch:
        print(switch_benchmark(), flush=True)


if __name__ == "__main__":
    main()
