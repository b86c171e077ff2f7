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
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    app_env,
    bench_port,
    database_url,
    django_shell,
    local_url,
    migrate,
    recreate_database,
    result_line,
    start_gunicorn,
    wrk,
    wrk_p99,
    wrk_requests,
)

DB_NAME = "congress_checkinbench"
DATABASE_URL = database_url(DB_NAME)
PORT = bench_port(8767)
BASE = local_url(PORT)
TARGET_RATIO = 0.5

SETUP = """
import datetime as dt
from django.contrib.auth import get_user_model
from django.utils import timezone
from congress.models import Congress, Edition, RoleAssignment, Room, Venue
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
RoleAssignment.objects.create(user=user, role="checkin", edition=edition)
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
    return app_env(DATABASE_URL, BASE, TASKS_BACKEND="database", REDIS_URL="")


def prepare_database(e: dict, tickets: int, codes: str) -> tuple[str, int, str]:
    recreate_database(DB_NAME)
    migrate(e)
    out = django_shell(SETUP % {"tickets": tickets, "codes": codes}, e)
    congress, year, token = result_line(out).split()
    return congress, int(year), token


def measure(path: str, script: str, duration: int, connections: int) -> tuple[float, int, str]:
    rps, out = wrk(
        BASE + path,
        script,
        duration=duration,
        connections=connections,
        threads=WRK_THREADS,
        latency=True,
    )
    return rps, wrk_requests(out), out


def count_check_ins(e: dict) -> int:
    script = (
        "from congress.models import LogEntry; from registrations.models import CheckIn;"
        "print('RESULT', CheckIn.objects.count(),"
        " LogEntry.objects.filter(action='registration.checked_in').count())"
    )
    check_ins, logged = result_line(django_shell(script, e)).split()
    if check_ins != logged:
        sys.exit(f"{check_ins} check-ins but {logged} audit entries")
    return int(check_ins)


def switch_benchmark() -> str:
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
        with start_gunicorn(e, PORT):
            # Alternating rounds, the best of each: the machine is shared, one slow moment
            # should not decide the ratio.
            for _round in range(args.rounds):
                # Each round goes on with the tickets after those of the rounds before (plus a
                # margin for requests in flight when wrk stopped).
                start = sum(n + 2 * args.connections for _rps, n, _out in app)
                app.append(measure(path, script(start), args.duration, args.connections))
                bare.append(
                    measure("/__bench__/read-update/", script(0), args.duration, args.connections)
                )
    finally:
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
    print(f"{'check-in validations (scan API)':<34} {app_rps:>8.0f} {wrk_p99(app_out):>9}")
    print(f"{'bare view reading + updating a row':<34} {bare_rps:>8.0f} {wrk_p99(bare_out):>9}")
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
