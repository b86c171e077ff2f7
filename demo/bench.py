"""Synthetic data for benchmarks (``manage.py load_bench_data``).

Congresses ``bench-1`` .. ``bench-N``, each with its own venue (one room per track) and editions
of one or two days; every track has its own room and sessions follow each other without overlap;
every person speaks in one track only, in two consecutive sessions at most. Rows are written with
``bulk_create``; tracks and sessions are live, with one revision each (also written in bulk) so the
admin's edit views work. The Wagtail pages (congress, edition, programme, speakers) are real pages
below the demo's HomePage, each published through a revision.

Bulk writes skip model signals, so the search index and Wagtail's reference index do not know the
bench rows; run ``manage.py update_index`` if a benchmark needs search.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from cms.models import CongressPage, EditionPage, ProgrammePage, SpeakerIndexPage
from congress.enums import EditionMode
from congress.models import Congress, Edition, Room, Venue
from programme.enums import SpeakerRole, TrackKind
from programme.models import Person, Session, SessionSpeaker, Track, TrackModerator

from .common import Summary, quiet_logs
from .pages import ensure_home_page, ensure_page
from .programme import ensure_session_types

FIRST_NAMES = [
    "Anna", "Bernd", "Claudia", "Dirk", "Elke", "Frank", "Gabriele", "Heiko", "Ines", "Jörg",
    "Katrin", "Lars", "Monika", "Nils", "Olga", "Peter", "Renate", "Stefan", "Tanja", "Uwe",
]  # fmt: skip
LAST_NAMES = [
    "Albers", "Becker", "Claßen", "Dietrich", "Engels", "Fuchs", "Grote", "Hahn", "Jansen",
    "Krüger", "Lange", "Möller", "Neumann", "Otto", "Peters", "Richter", "Schulte", "Thiele",
    "Vogel", "Winter",
]  # fmt: skip
TOPICS = [
    "Onlinezugangsgesetz", "E-Akte", "Informationssicherheit", "Cloud", "Künstliche Intelligenz",
    "Registermodernisierung", "Offene Daten", "Smart City", "Digitale Schule", "Personal",
    "Prozessmanagement", "Bürgerbeteiligung", "Breitband", "Change-Management",
]  # fmt: skip
DAY_START = dt.time(9, 0)
DAY_MINUTES = 12 * 60  # sessions between 09:00 and 21:00
BATCH = 500


@dataclass
class BenchResult:
    congresses_created: int = 0
    congresses_skipped: int = 0
    editions: int = 0
    tracks: int = 0
    sessions: int = 0
    people: int = 0
    pages: int = 0
    revisions: int = 0


def _slots(edition: Edition, count: int, tz) -> list[tuple[dt.datetime, dt.datetime]]:
    """``count`` consecutive, non-overlapping slots spread over the edition's days."""
    days = edition.days
    per_day = -(-count // len(days))  # ceil
    slot = min(45, DAY_MINUTES // max(per_day, 1))
    if slot < 10:
        raise ValueError(f"{count} Programmpunkte passen nicht in {len(days)} Tag(e).")
    length = slot - 5 if slot > 15 else slot
    result = []
    for i in range(count):
        day = days[i // per_day]
        start = dt.datetime.combine(day, DAY_START, tzinfo=tz) + dt.timedelta(
            minutes=(i % per_day) * slot
        )
        result.append((start, start + dt.timedelta(minutes=length)))
    return result


def _bulk_revisions(objects: list, now) -> int:
    """One revision per object, written in bulk, set as its live and latest revision."""
    if not objects:
        return 0
    model = type(objects[0])
    content_type = ContentType.objects.get_for_model(model)
    base_content_type = model.get_base_content_type()
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=base_content_type,
                object_id=str(obj.pk),
                created_at=now,
                content=obj.serializable_data(),
                object_str=str(obj),
            )
            for obj in objects
        ],
        batch_size=BATCH,
    )
    for obj, revision in zip(objects, revisions, strict=True):
        obj.latest_revision = revision
        obj.live_revision = revision
    model.objects.bulk_update(objects, ["latest_revision", "live_revision"], batch_size=BATCH)
    return len(revisions)


@dataclass
class _Run:
    """What every congress of one run shares."""

    tracks: int
    sessions: int
    revisions: bool
    rng: random.Random
    tz: zoneinfo.ZoneInfo
    now: dt.datetime
    types: dict
    home: object
    summary: Summary
    result: BenchResult


def build_bench(
    congresses: int = 10,
    editions: int = 5,
    tracks: int = 14,
    sessions: int = 10,
    *,
    revisions: bool = True,
    seed: int = 1,
) -> BenchResult:
    """Create the bench congresses that do not exist yet; existing ``bench-N`` are skipped."""
    if min(congresses, editions, tracks) < 1 or sessions < 0:
        raise ValueError("Anzahlen müssen positiv sein.")
    result = BenchResult()
    summary = Summary()
    with quiet_logs(), transaction.atomic():
        run = _Run(
            tracks=tracks,
            sessions=sessions,
            revisions=revisions,
            rng=random.Random(seed),  # noqa: S311 - synthetic names, not security
            tz=zoneinfo.ZoneInfo(settings.TIME_ZONE),
            now=timezone.now(),
            types=ensure_session_types(summary),
            home=ensure_home_page(summary)[1],
            summary=summary,
            result=result,
        )
        for c in range(1, congresses + 1):
            if Congress.objects.filter(slug=f"bench-{c}").exists():
                result.congresses_skipped += 1
                continue
            result.congresses_created += 1
            _build_congress(run, c, editions)
        result.pages = sum(n for kind, n in summary.created.items() if kind.startswith("Seiten"))
    return result


def _build_congress(run: _Run, c: int, editions: int) -> None:
    slug = f"bench-{c}"
    congress = Congress.objects.create(
        name=f"Benchmark-Kongress {c}",
        slug=slug,
        organiser="Benchmark",
        description="Synthetische Daten für Lasttests.",
    )
    venue = Venue.objects.create(
        name=f"Benchmark-Kongresszentrum {c}", city="Neuss", postal_code="41460"
    )
    rooms = Room.objects.bulk_create(
        [Room(venue=venue, name=f"Saal {t + 1}", capacity=100) for t in range(run.tracks)]
    )
    new_editions = Edition.objects.bulk_create(
        [
            Edition(
                congress=congress,
                year=2020 + e,
                title=f"Benchmark-Kongress {c} – {2020 + e}",
                motto=f"Benchmark {c}/{e}",
                start_date=dt.date(2020 + e, 1 + (c - 1) % 12, 10),
                end_date=dt.date(2020 + e, 1 + (c - 1) % 12, 10 + e % 2),
                venue=venue,
                mode=EditionMode.IN_PERSON,
                onsite_capacity=100 * run.tracks,
            )
            for e in range(1, editions + 1)
        ]
    )
    run.result.editions += len(new_editions)
    new_tracks = _bulk_tracks(run, new_editions, rooms)
    pools = _bulk_people(run, slug, new_tracks)
    new_sessions = _bulk_sessions(run, new_tracks, pools)
    if run.revisions:
        run.result.revisions += _bulk_revisions(new_tracks, run.now)
        run.result.revisions += _bulk_revisions(new_sessions, run.now)
    _bench_pages(run, congress, new_editions)


def _bulk_tracks(run: _Run, editions: list[Edition], rooms: list[Room]) -> list[Track]:
    new_tracks = []
    for edition in editions:
        for t in range(run.tracks):
            main = t == 0
            new_tracks.append(
                Track(
                    edition=edition,
                    kind=TrackKind.MAIN_STAGE if main else TrackKind.FORUM,
                    number=None if main else t,
                    title="Hauptbühne" if main else TOPICS[t % len(TOPICS)],
                    slug="hauptbuehne" if main else f"forum-{t}",
                    topic="<p>Synthetisches Forum.</p>",
                    room=rooms[t],
                    sort_order=t,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=run.now,
                    last_published_at=run.now,
                )
            )
    Track.objects.bulk_create(new_tracks, batch_size=BATCH)
    run.result.tracks += len(new_tracks)
    return new_tracks


def _bulk_people(run: _Run, slug: str, tracks: list[Track]) -> list[list[Person]]:
    """A pool of people per track, who speak only there."""
    people, pools = [], []
    for track in tracks:
        pool = [
            Person(
                first_name=run.rng.choice(FIRST_NAMES),
                last_name=run.rng.choice(LAST_NAMES),
                slug=f"{slug}-{track.edition.year}-{track.slug}-{i + 1}",
                position="Referent/in",
                organisation=f"Behörde {run.rng.randint(1, 500)}",
            )
            for i in range(max(2, run.sessions))
        ]
        pools.append(pool)
        people += pool
    Person.objects.bulk_create(people, batch_size=BATCH)
    run.result.people += len(people)
    return pools


def _bulk_sessions(run: _Run, tracks: list[Track], pools: list[list[Person]]) -> list[Session]:
    talk, panel = run.types["vortrag"], run.types["podiumsdiskussion"]
    new_sessions, links, moderators = [], [], []
    for track, pool in zip(tracks, pools, strict=True):
        moderators.append(TrackModerator(track=track, person=pool[0], sort_order=0))
        track.moderator_links = [moderators[-1]]
        for i, (start, end) in enumerate(_slots(track.edition, run.sessions, run.tz)):
            session = Session(
                track=track,
                session_type=panel if i % 5 == 4 else talk,
                title=f"Beitrag {i + 1}: {TOPICS[(i + track.sort_order) % len(TOPICS)]}",
                slug=f"beitrag-{i + 1}",
                abstract="<p>Synthetischer Programmpunkt.</p>",
                starts_at=start,
                ends_at=end,
                live=True,
                has_unpublished_changes=False,
                first_published_at=run.now,
                last_published_at=run.now,
            )
            speakers = [pool[i % len(pool)], pool[(i + 1) % len(pool)]]
            session_links = [
                SessionSpeaker(
                    session=session, person=person, role=SpeakerRole.SPEAKER, sort_order=n
                )
                for n, person in enumerate(speakers)
            ]
            session.speaker_links = session_links
            new_sessions.append(session)
            links += session_links
    Session.objects.bulk_create(new_sessions, batch_size=BATCH)
    for link in links:
        link.session_id = link.session.pk
    SessionSpeaker.objects.bulk_create(links, batch_size=BATCH)
    TrackModerator.objects.bulk_create(moderators, batch_size=BATCH)
    run.result.sessions += len(new_sessions)
    return new_sessions


def _bench_pages(run: _Run, congress: Congress, editions: list[Edition]) -> None:
    """The congress page and, per edition, its page with programme and speakers."""
    summary = run.summary
    congress_page = ensure_page(
        run.home,
        CongressPage,
        congress.slug,
        {"title": congress.name, "congress": congress},
        summary,
    )
    for edition in editions:
        edition_page = ensure_page(
            congress_page,
            EditionPage,
            str(edition.year),
            {"title": edition.title, "edition": edition},
            summary,
        )
        ensure_page(edition_page, ProgrammePage, "programm", {"title": "Programm"}, summary)
        ensure_page(
            edition_page, SpeakerIndexPage, "referierende", {"title": "Referierende"}, summary
        )
