"""The attendee's personal programme ("Mein Programm"): the main stage and the chosen forums,
as a list and as an iCalendar feed that follows programme changes (programme/calendar.py)."""

from __future__ import annotations

from programme.calendar import calendar_for_sessions
from programme.enums import TrackKind
from programme.queries import live_sessions


def agenda_sessions(registration) -> list:
    chosen = set(registration.forum_choices.values_list("track_id", flat=True))
    return [
        session
        for session in live_sessions(registration.edition)
        if session.track.kind == TrackKind.MAIN_STAGE or session.track_id in chosen
    ]


def agenda_calendar(registration) -> bytes:
    return calendar_for_sessions(
        agenda_sessions(registration),
        edition=registration.edition,
        name=f"{registration.edition.title}: Mein Programm",
        url_for_session=lambda session: None,
    )
