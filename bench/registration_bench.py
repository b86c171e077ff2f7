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
import re
import sys
import urllib.request
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
    start_gunicorn,
    wrk,
)

DB_NAME = "congress_regbench"
DATABASE_URL = database_url(DB_NAME)
PORT = bench_port(8766)
BASE = local_url(PORT)

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
    return app_env(DATABASE_URL, BASE, TASKS_BACKEND="database", REDIS_URL="")


def prepare_database(e: dict) -> tuple[int, int]:
    recreate_database(DB_NAME)
    migrate(e)
    year, category = django_shell(SETUP, e).split()[-2:]
    return int(year), int(category)


def csrf_pair(path: str) -> tuple[str, str]:
    with urllib.request.urlopen(BASE + path, timeout=30) as response:
        cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"]).group(1)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.read())
    return cookie, token.group(1).decode()


def measure(path: str, script: str, duration: int, connections: int) -> tuple[float, str]:
    return wrk(BASE + path, script, duration=duration, connections=connections)


def count_registrations(e: dict) -> str:
    script = (
        "from registrations.models import Registration;"
        "from congress.models import OutboxMessage;"
        "print(Registration.objects.filter(state='confirmed').count(), OutboxMessage.objects.count())"
    )
    return django_shell(script, e)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()

    e = env()
    year, category = prepare_database(e)
    path = f"/anmeldung/bench/{year}/"
    with start_gunicorn(e, PORT):
        cookie, token = csrf_pair(path)
        script = WRK_SCRIPT % {"category": category, "token": token, "cookie": cookie}
        app_rps, _out = measure(path, script, args.duration, args.connections)
        bare_rps, _out = measure("/__bench__/write/", script, args.duration, args.connections)
    confirmed, queued_tasks = count_registrations(e).split()[-2:]

    print()
    print(f"wrk -t2 -c{args.connections} -d{args.duration}s, gunicorn 2 workers, PostgreSQL")
    print(f"{'':<28} {'req/s':>8}")
    print(f"{'free-ticket registration':<28} {app_rps:>8.0f}")
    print(f"{'bare view writing one row':<28} {bare_rps:>8.0f}")
    print(f"{'ratio (target 0.25)':<28} {app_rps / bare_rps:>8.2f}")
    print(f"confirmed registrations: {confirmed}, emails queued in the outbox: {queued_tasks}")


if __name__ == "__main__":
    main()
