"""Programme export in the import's columns (programme/import_columns.py), so an exported file
imported again changes nothing: the key of each session, its forum (title), date, start and end,
title, format, abstract (as stored), people per role (programme/people_syntax.py) and room.

The export shows the programme as editors last saved it: a session's draft where it has one
(like the import compares). Queries: a fixed number, whatever the number of sessions.
"""

from __future__ import annotations

from django.utils import timezone

from congress.models import Room

from .import_columns import COLUMNS, PEOPLE_COLUMNS
from .import_rows import current_states, people_of
from .models import Person, Session, SessionType, Track
from .people_syntax import format_person


def programme_rows(edition) -> list[list]:
    """One row per session of ``edition`` (drafts included), in time and forum order."""
    tracks = list(Track.objects.filter(edition=edition).select_related("room"))
    rows = list(
        Session.objects.filter(track__edition=edition)
        .select_related("track__room", "room", "session_type")
        .prefetch_related("speaker_links")
    )
    rooms = list(Room.objects.filter(venue_id=edition.venue_id)) if edition.venue_id else []
    sessions = current_states(rows, tracks, rooms)
    extra_rooms = {s.room_id for s in sessions if s.room_id and s.room is None}
    rooms_by_id = {r.pk: r for r in rooms}
    if extra_rooms:
        rooms_by_id.update({r.pk: r for r in Room.objects.filter(pk__in=extra_rooms)})
    types = {t.pk: t for t in SessionType.objects.all()}
    person_ids = {link.person_id for s in sessions for link in s.speaker_links.all()}
    people = {p.pk: p for p in Person.objects.filter(pk__in=person_ids)}
    sessions.sort(key=lambda s: (s.starts_at, s.track.sort_order, s.track_id, s.pk))
    return [_row(session, types, people, rooms_by_id) for session in sessions]


def _row(session: Session, types: dict, people: dict, rooms: dict) -> list:
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    room = rooms.get(session.room_id) if session.room_id else session.track.room
    roles = people_of(session)
    cells = {
        "key": session.import_key,
        "forum": session.track.title,
        "date": start.date(),
        "start": start.time().replace(second=0, microsecond=0),
        "end": end.time().replace(second=0, microsecond=0),
        "title": session.title,
        "format": types[session.session_type_id].name,
        "abstract": session.abstract,
        "room": room.name if room else "",
    }
    for fieldname, role in PEOPLE_COLUMNS.items():
        cells[fieldname] = "; ".join(
            format_person(p.full_name, p.position, p.organisation)
            for p in (people[pk] for pk in roles.get(role, []) if pk in people)
        )
    return [cells[field] for field in FIELDS]


FIELDS = [column.field for column in COLUMNS]
