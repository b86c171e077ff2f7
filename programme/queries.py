"""Read models of the published programme: what the public pages show, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Prefetch
from django.utils import timezone

from .models import Person, Session, SessionType, Track, TrackModerator


def live_tracks(edition):
    return (
        Track.objects.live()
        .for_edition(edition)
        .select_related("room")
        .prefetch_related(
            Prefetch(
                "moderator_links",
                queryset=TrackModerator.objects.select_related("person").order_by("sort_order"),
            )
        )
        .order_by("sort_order", "number", "title")
    )


def live_sessions(edition):
    return (
        Session.objects.live()
        .for_edition(edition)
        .with_details()
        .order_by("starts_at", "track__sort_order", "pk")
    )


@dataclass
class Column:
    track: Track
    sessions: list[Session] = field(default_factory=list)


@dataclass
class Day:
    date: dt.date
    columns: list[Column]
    sessions: list[Session]


def mark_now_and_next(sessions: list[Session], now: dt.datetime | None = None) -> None:
    """Set ``is_now`` and ``is_next`` on sessions (ordered by start): running now, and per track
    the next one later the same day. Cancelled sessions are neither."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    next_seen: set[int] = set()
    for session in sessions:
        session.is_now = session.starts_at <= now < session.ends_at and not session.is_cancelled
        session.is_next = False
        if (
            session.starts_at > now
            and session.local_date == today
            and not session.is_cancelled
            and session.track_id not in next_seen
        ):
            session.is_next = True
            next_seen.add(session.track_id)


def mark_session_now_and_next(session: Session, now: dt.datetime | None = None) -> None:
    """Set ``is_now`` and ``is_next`` on one session, judged among its track's sessions."""
    track_sessions = list(
        Session.objects.live()
        .filter(track_id=session.track_id)
        .only("pk", "track_id", "starts_at", "ends_at", "status")
        .order_by("starts_at", "pk")
    )
    mark_now_and_next(track_sessions, now)
    same = next((s for s in track_sessions if s.pk == session.pk), None)
    session.is_now = bool(same and same.is_now)
    session.is_next = bool(same and same.is_next)


def programme_days(tracks: list[Track], sessions: list[Session]) -> list[Day]:
    """Group sessions by local day, and within a day by track (columns side by side)."""
    days = []
    for date, day_sessions in groupby(sessions, key=lambda s: s.local_date):
        day_sessions = list(day_sessions)
        columns = {track.pk: Column(track) for track in tracks}
        for session in day_sessions:
            if session.track_id in columns:
                columns[session.track_id].sessions.append(session)
        days.append(
            Day(
                date=date,
                columns=[c for c in columns.values() if c.sessions],
                sessions=day_sessions,
            )
        )
    return days


def filter_sessions(sessions: list[Session], filters: dict) -> list[Session]:
    """Apply the programme filters in memory to already loaded sessions."""
    result = sessions
    if day := filters.get("day"):
        result = [s for s in result if s.local_date.isoformat() == day]
    if track := filters.get("track"):
        result = [s for s in result if s.track.slug == track]
    if session_type := filters.get("type"):
        result = [s for s in result if s.session_type.slug == session_type]
    if person := filters.get("person"):
        result = [s for s in result if any(p.slug == person for p in s.speakers())]
    if q := filters.get("q"):
        needle = q.casefold()
        result = [s for s in result if needle in _haystack(s)]
    return result


def _haystack(session: Session) -> str:
    parts = [session.title, session.abstract, session.track.title, session.session_type.name]
    for person in session.speakers():
        parts += [person.full_name, person.organisation, person.position]
    return " ".join(parts).casefold()


def session_types_in(sessions: list[Session]) -> list[SessionType]:
    seen = {s.session_type.pk: s.session_type for s in sessions}
    return sorted(seen.values(), key=lambda t: (t.sort_order, t.name))


def people_in(sessions: list[Session], tracks: list[Track] = ()) -> list[Person]:
    seen: dict[int, Person] = {}
    for session in sessions:
        for person in session.speakers():
            seen.setdefault(person.pk, person)
    for track in tracks:
        for link in track.moderator_links.all():
            seen.setdefault(link.person.pk, link.person)
    return sorted(seen.values(), key=lambda p: (p.last_name, p.first_name))


def live_session(edition, track_slug: str, session_slug: str) -> Session | None:
    return (
        live_sessions(edition)
        .filter(track__slug=track_slug, slug=session_slug)
        .prefetch_related(
            Prefetch(
                "track__moderator_links",
                queryset=TrackModerator.objects.select_related("person").order_by("sort_order"),
            )
        )
        .first()
    )


def person_in_edition(edition, slug: str):
    """A person with their published sessions and moderated tracks in the edition, or None."""
    person = Person.objects.appearing_in(edition).filter(slug=slug).select_related("photo").first()
    if person is None:
        return None, [], []
    sessions = list(live_sessions(edition).filter(speaker_links__person=person).distinct())
    tracks = list(
        Track.objects.live()
        .for_edition(edition)
        .filter(moderator_links__person=person)
        .order_by("sort_order")
    )
    return person, sessions, tracks


def speakers_of(edition):
    return (
        Person.objects.appearing_in(edition)
        .select_related("photo")
        .order_by("last_name", "first_name")
    )
