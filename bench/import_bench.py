"""Programme import of a 700-session XLSX file (14 forums, 5 days, 10 sessions a day each, two
speakers a session and a moderator per forum, 294 people new to the database) on PostgreSQL,
next to creating the same sessions (with their people, as drafts) directly with the ORM and
Wagtail's revisions, as the import's writing part does. Prints, measured in one run: reading the
file, the preview (plan), the confirmation (plan again, then writing), the re-import preview of
the same file (all rows unchanged), the direct creation, and the ratios. Target: the import
(preview + confirmation) of 700 sessions in under 20 seconds. Also timed: the same file again
with every session moved by 15 minutes (700 changed drafts).

    .venv/bin/python bench/import_bench.py [--database congress_importbench] [--keep-data]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
import zoneinfo
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

FORUMS, DAYS, PER_DAY, POOL = 14, 5, 10, 20
START = dt.date(2030, 6, 3)


def build_edition(year: int):
    """An edition of five days with 14 forums, each in its own room (in Django)."""
    from congress.models import Congress, Edition, Room, Venue
    from programme.models import SessionType, Track

    congress, _ = Congress.objects.get_or_create(slug="bench-import", defaults={"name": "Bench"})
    venue, _ = Venue.objects.get_or_create(name="Bench-Halle", defaults={"city": "Neuss"})
    edition = Edition.objects.create(
        congress=congress,
        year=year,
        title=f"Bench {year}",
        start_date=START.replace(year=year),
        end_date=START.replace(year=year) + dt.timedelta(days=DAYS - 1),
        venue=venue,
    )
    for number in range(1, FORUMS + 1):
        room, _ = Room.objects.get_or_create(venue=venue, name=f"Saal {number:02d}")
        track = Track(edition=edition, kind="forum", number=number, title=f"Forum {number} Thema")
        track.slug, track.room, track.sort_order, track.live = f"forum-{number}", room, number, True
        track.save()
    for slug, name in (("vortrag", "Vortrag"), ("podium", "Podiumsdiskussion")):
        SessionType.objects.get_or_create(slug=slug, defaults={"name": name})
    return edition


def rows_for(edition) -> list[list]:
    """700 rows in the import's columns; no room or person is double-booked."""
    rows = []
    for forum in range(1, FORUMS + 1):
        people = [
            f"Person{forum}x{i} Nachname{forum}x{i} (Referentin, Amt {forum})" for i in range(POOL)
        ]
        for day in range(DAYS):
            date = edition.start_date + dt.timedelta(days=day)
            for slot in range(PER_DAY):
                n = day * PER_DAY + slot
                rows.append(
                    [
                        "",
                        f"Forum {forum} Thema",
                        date.strftime("%d.%m.%Y"),
                        f"{8 + slot:02d}:00",
                        f"{8 + slot:02d}:45",
                        f"Sitzung {forum}-{day}-{slot}",
                        "Podiumsdiskussion" if slot % 4 == 3 else "Vortrag",
                        f"Worum es geht in Sitzung {n}.",
                        "; ".join([people[n % POOL], people[(n + 1) % POOL]]),
                        f"Moderatorin{forum} Muster{forum} (Moderation, Amt {forum})",
                        "",
                        f"Saal {forum:02d}",
                    ]
                )
    return rows


def create_directly(edition, rows, user) -> int:
    """The same sessions and people as the import writes, without reading or checking a file."""
    from programme.importing import rich_text
    from programme.models import Person, Session, SessionSpeaker, SessionType, Track
    from programme.people_syntax import parse_people, split_name

    tz = zoneinfo.ZoneInfo("Europe/Berlin")
    tracks = {t.title: t for t in Track.objects.filter(edition=edition)}
    types = {t.name: t for t in SessionType.objects.all()}
    people: dict[tuple, int] = {}
    for index, row in enumerate(rows):
        _key, forum, date, start, end, title, kind, abstract, speakers, moderators = row[:10]
        day = dt.datetime.strptime(date, "%d.%m.%Y").date()
        links = []
        for role, cell in (("speaker", speakers), ("moderator", moderators)):
            for ref in parse_people(cell):
                key = (ref.name, ref.organisation)
                if key not in people:
                    academic, first, last = split_name(ref.name)
                    person = Person(
                        academic_title=academic,
                        first_name=first,
                        last_name=last,
                        position=ref.position,
                        organisation=ref.organisation,
                        slug=f"direkt-{len(people)}",
                    )
                    person.save()
                    people[key] = person.pk
                links.append(
                    SessionSpeaker(person_id=people[key], role=role, sort_order=len(links))
                )
        session = Session(
            track=tracks[forum],
            session_type=types[kind],
            title=title,
            slug=f"s-{index}",
            abstract=rich_text(abstract),
            live=False,
            starts_at=dt.datetime.combine(day, dt.time.fromisoformat(start), tzinfo=tz),
            ends_at=dt.datetime.combine(day, dt.time.fromisoformat(end), tzinfo=tz),
        )
        session.speaker_links = links
        session.save()
        session.save_revision(user=user, clean=False, log_action="wagtail.create")
    return len(rows)


def measure_in_django() -> None:
    """Run by ``manage.py shell`` in the bench database; prints the RESULT line."""
    from django.contrib.auth import get_user_model

    from congress.spreadsheets import xlsx_bytes
    from programme.import_columns import HEADERS
    from programme.import_files import read_bytes
    from programme.importing import import_programme, plan_import
    from programme.models import Session

    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x")
    edition = build_edition(2030)
    content = xlsx_bytes(HEADERS, rows_for(edition))
    timings = {}
    started = time.perf_counter()
    table = read_bytes(content)
    timings["read"] = time.perf_counter() - started
    started = time.perf_counter()
    plan = plan_import(edition=edition, headers=table.headers, rows=table.rows)
    timings["preview"] = time.perf_counter() - started
    assert not plan.has_errors, plan.errors[:3]
    started = time.perf_counter()
    import_programme(
        edition=edition, headers=table.headers, rows=table.rows, user=user, expected=plan.digest
    )
    timings["confirm"] = time.perf_counter() - started
    assert Session.objects.for_edition(edition).count() == len(table.rows)

    again = read_bytes(content)
    started = time.perf_counter()
    replan = plan_import(edition=edition, headers=again.headers, rows=again.rows)
    timings["reimport_preview"] = time.perf_counter() - started
    # The file has no keys: its rows find their sessions by forum and title.
    assert {row.action for row in replan.rows} == {"unchanged"}
    moved = [[*r[:3], r[3][:3] + "15", r[4][:3] + "55", *r[5:]] for r in again.rows]
    started = time.perf_counter()
    import_programme(edition=edition, headers=again.headers, rows=moved, user=user)
    timings["reimport_all_moved"] = time.perf_counter() - started
    other = build_edition(2031)
    started = time.perf_counter()
    create_directly(other, rows_for(other), user)
    timings["direct"] = time.perf_counter() - started
    print("RESULT", len(table.rows), *(f"{k}={v:.3f}" for k, v in timings.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="congress_importbench")
    args = parser.parse_args()
    recreate_database(args.database)
    env = app_env(database_url(args.database), REDIS_URL="")
    migrate(env, collectstatic=False, quiet=True)
    out = django_shell("import bench.import_bench as b; b.measure_in_django()", env, quiet=True)
    fields = result_line(out).split()
    n = int(fields[0])
    t = {k: float(v) for k, v in (f.split("=") for f in fields[1:])}
    total = t["read"] + t["preview"] + t["confirm"]
    print(f"PostgreSQL, {n} sessions ({FORUMS} forums x {DAYS} days), XLSX file")
    print(f"read file               {t['read']:7.2f} s")
    print(f"preview (plan)          {t['preview']:7.2f} s")
    print(f"confirm (plan + write)  {t['confirm']:7.2f} s")
    print(f"import total            {total:7.2f} s   (target < 20 s)")
    print(f"re-import preview       {t['reimport_preview']:7.2f} s   (all rows unchanged)")
    print(f"re-import, all moved    {t['reimport_all_moved']:7.2f} s   (plan + 700 new revisions)")
    print(f"direct creation         {t['direct']:7.2f} s")
    print(f"ratio import / direct   {total / t['direct']:7.2f}")
    print(f"ratio confirm / direct  {t['confirm'] / t['direct']:7.2f}")


if __name__ == "__main__":
    main()
