"""Time of an edition mode switch with many registrations (issue 7): the e-nrw case of 2020,
in person to online days before, taking everyone along.

One run: a fresh PostgreSQL database ``congress_switchbench``, migrated; one edition with a main
stage and 13 forums (14 tracks), 61 published sessions, their speakers (with speaker-profile
addresses) and ``registrations`` registrations written with bulk_create (on site confirmed, on site
awaiting payment, online, waiting list); then ``switch_edition_mode`` to online with the database
task backend, so the emails are queued (one outbox row per address, rendered), not sent.
The switch runs in a ``manage.py shell`` subprocess with the production settings, so it does not
conflict with the settings of a caller.

    .venv/bin/python bench/mode_switch_bench.py [--registrations 10000]

``run_switch_benchmark(registrations=10000)`` returns ``{"registrations": n, "seconds": s,
"queued_notifications": k}``; target: under 30 s.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    app_env,
    database_url,
    django_shell,
    migrate,
    recreate_database,
    result_line,
)

DB_NAME = "congress_switchbench"
DATABASE_URL = database_url(DB_NAME)
TARGET_SECONDS = 30

SCRIPT = """
import datetime as dt, json, time
from decimal import Decimal
from django.utils import timezone
from congress.models import Congress, Edition, Room, Venue
from programme.models import Person, Session, SessionSpeaker, SessionType, Track
from congress.models import OutboxMessage
from registrations.models import Registration, TicketCategory
from registrations.services import switch_edition_mode
from speakers.models import SpeakerProfile

N = %(registrations)d
congress = Congress.objects.create(name="e-nrw", slug="e-nrw")
venue = Venue.objects.create(name="Stadthalle Neuss", city="Neuss")
start = timezone.localdate() + dt.timedelta(days=3)
edition = Edition.objects.create(
    congress=congress, year=start.year, title="e-nrw Bench", start_date=start, end_date=start,
    venue=venue, mode="in_person", onsite_capacity=N * 8 // 10,
    online_url="https://stream.example.org/e-nrw",
)
rooms = [Room.objects.create(venue=venue, name=f"Raum {i:02d}") for i in range(14)]
tracks = Track.objects.bulk_create(
    Track(edition=edition, kind="main_stage" if i == 0 else "forum", number=i or None,
          title=f"Forum {i}", slug=f"forum-{i}", room=rooms[i], sort_order=i, live=True)
    for i in range(14)
)
talk = SessionType.objects.create(name="Vortrag")
people = Person.objects.bulk_create(
    Person(first_name="Vorname", last_name=f"Person {i}", slug=f"person-{i}") for i in range(90)
)
SpeakerProfile.objects.bulk_create(
    SpeakerProfile(person=p, email=f"speaker{p.pk}@example.org") for p in people
)
tz = edition.tz
sessions = []
for i in range(61):
    t, k = i %% 14, i // 14
    begins = dt.datetime.combine(start, dt.time(9 + k), tzinfo=tz)
    sessions.append(Session(track=tracks[t], session_type=talk, title=f"Beitrag {i}",
                            slug=f"beitrag-{i}", starts_at=begins,
                            ends_at=begins + dt.timedelta(minutes=45), live=True))
sessions = Session.objects.bulk_create(sessions)
SessionSpeaker.objects.bulk_create(
    SessionSpeaker(session=s, person=people[i %% len(people)], sort_order=0)
    for i, s in enumerate(sessions)
)
free = TicketCategory.objects.create(edition=edition, name="Verwaltung", kind="public_sector")
paid = TicketCategory.objects.create(edition=edition, name="Wirtschaft", kind="business",
                                     price_net=Decimal("290.00"))
now = timezone.now()
layout = [(free, "confirmed", "onsite")] * 14 + [(paid, "pending_payment", "onsite")] * 2 + [
    (free, "confirmed", "online")] * 3 + [(paid, "waitlisted", "onsite")]
Registration.objects.bulk_create(
    (Registration(edition=edition, category=layout[i %% 20][0], state=layout[i %% 20][1],
                  attendance=layout[i %% 20][2], first_name="Erika", last_name=f"Muster {i}",
                  email=f"person{i}@example.org", terms_accepted_at=now,
                  created_at=now - dt.timedelta(seconds=N - i))
     for i in range(N)),
    batch_size=2000,
)
started = time.perf_counter()
switch = switch_edition_mode(edition=edition, mode="online", notice="Die Stadthalle bleibt zu.")
seconds = time.perf_counter() - started
print("RESULT " + json.dumps({
    "registrations": Registration.objects.filter(edition=edition).count(),
    "seconds": round(seconds, 2),
    "queued_notifications": OutboxMessage.objects.filter(
        batch=f"mode-switch:{switch.pk}", sent_at__isnull=True).count(),
    "effects": switch.effects,
}))
"""


def env() -> dict:
    return app_env(DATABASE_URL, TASKS_BACKEND="database", REDIS_URL="")


def prepare_database(e: dict) -> None:
    recreate_database(DB_NAME)
    migrate(e, collectstatic=False, quiet=True)


def run_switch_benchmark(registrations: int = 10000) -> dict:
    """Build the edition in a fresh database and time the switch to online (see the module
    doc). Returns {"registrations": n, "seconds": s, "queued_notifications": k}."""
    e = env()
    prepare_database(e)
    out = django_shell(SCRIPT % {"registrations": registrations}, e, quiet=True)
    result = json.loads(result_line(out))
    return {
        "registrations": result["registrations"],
        "seconds": result["seconds"],
        "queued_notifications": result["queued_notifications"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=10000)
    args = parser.parse_args()
    result = run_switch_benchmark(args.registrations)
    print(
        f"{result['registrations']} registrations switched to online in "
        f"{result['seconds']:.2f} s, {result['queued_notifications']} emails queued"
    )
    print(f"target: under {TARGET_SECONDS} s")


if __name__ == "__main__":
    main()
