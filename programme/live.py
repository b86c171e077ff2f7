"""What runs now and next on the main stage and in each forum: the read model of the public
"Jetzt live" page (cms) and of the attendees' personal online access page (registrations).

Three queries whatever the size of the programme: the published tracks, today's remaining
published sessions with their details, and their speakers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from .models import Session, SessionSpeaker, Track
from .queries import mark_now_and_next


@dataclass
class TrackNow:
    track: Track
    now: Session | None
    next: Session | None


def tracks_now_and_next(edition, *, now: dt.datetime | None = None) -> list[TrackNow]:
    """Every published track of the edition with the session running at ``now`` and the next one
    later the same day (each may be None: nothing at night, nothing after the last talk)."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    day_end = local.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    tracks = list(
        Track.objects.live()
        .for_edition(edition)
        .select_related("room")
        .order_by("sort_order", "number", "title")
    )
    sessions = list(
        Session.objects.live()
        .for_edition(edition)
        .filter(ends_at__gt=now, starts_at__lt=day_end)
        .select_related("track", "track__room", "room", "session_type")
        .prefetch_related(
            Prefetch(
                "speaker_links",
                queryset=SessionSpeaker.objects.select_related("person").order_by(
                    "sort_order", "pk"
                ),
            )
        )
        .order_by("starts_at", "track__sort_order", "pk")
    )
    mark_now_and_next(sessions, now)
    current: dict[int, Session] = {}
    upcoming: dict[int, Session] = {}
    for session in sessions:
        if session.is_now:
            current.setdefault(session.track_id, session)
        if session.is_next:
            upcoming.setdefault(session.track_id, session)
    return [TrackNow(track, current.get(track.pk), upcoming.get(track.pk)) for track in tracks]
