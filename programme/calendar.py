"""iCalendar (RFC 5545) exports of the published programme: the whole programme, a forum, a
session or a person's sessions as one VCALENDAR.

- Each session is one VEVENT whose UID (``session-<pk>@CALENDAR_UID_DOMAIN``) never changes, so
  calendar apps update the entry instead of adding a second one; SEQUENCE and LAST-MODIFIED come
  from the change state that ``services.record_publication`` keeps.
- Times carry TZID=<edition time zone> and the calendar holds the VTIMEZONE with the daylight
  saving rules of the years it covers; a wall-clock time that happens twice (the hour before
  the October change) is given in UTC instead, since a TZID time names the first one.
- The body depends only on the published content: DTSTAMP is the session's last content change,
  not the time of the request, so an unchanged feed keeps its bytes and its ETag.
- Cancelled sessions stay in the feed with STATUS:CANCELLED, so subscribers see the cancellation.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration

from congress.enums import EditionMode
from congress.models import Edition

from .models import Session

PRODID = "-//Kongressportal//Programm//DE"
REFRESH_INTERVAL = dt.timedelta(hours=1)
# DTSTAMP of sessions that never went through publish() (no change time known).
UNKNOWN_CHANGE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

_LINK = re.compile(
    r"<a\b[^>]*?\bhref=\"(https?://[^\"]+)\"[^>]*>(.*?)</a>", re.IGNORECASE | re.DOTALL
)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.IGNORECASE)
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|ul|ol|blockquote|div)\s*>", re.IGNORECASE)
_BLANK_LINES = re.compile(r"\n{3,}")


def calendar_for_sessions(
    sessions: Iterable[Session],
    *,
    edition: Edition,
    name: str,
    url_for_session: Callable[[Session], str | None],
) -> bytes:
    """The VCALENDAR of ``sessions`` (loaded with ``queries.live_sessions``) as bytes.

    ``name`` becomes the calendar's name, ``url_for_session`` gives a session's absolute page URL
    (or ``None``).
    """
    sessions = list(sessions)
    tz = edition.tz
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("NAME", name)
    calendar.add("X-WR-CALNAME", name)
    calendar.add("X-WR-TIMEZONE", tz.key)
    calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH_INTERVAL))  # the same for Outlook
    # Always present, even without events: X-WR-TIMEZONE names it, and RFC 5545 wants at least
    # one component in a calendar.
    calendar.add_component(_vtimezone(tz.key, edition, sessions))
    for session in sessions:
        calendar.add_component(_event(session, edition=edition, url=url_for_session(session)))
    return calendar.to_ical()


def html_to_text(value: str) -> str:
    """Plain text of rich text: paragraphs apart by a blank line, list items as "- ", external
    links as "text (URL)"."""
    text = _LINK.sub(lambda m: f"{m[2]} ({m[1]})" if strip_tags(m[2]) != m[1] else m[1], value)
    text = _LINE_BREAK.sub("\n", text)
    text = _LIST_ITEM.sub("\n- ", text)
    text = _BLOCK_END.sub("\n\n", text)
    text = html.unescape(strip_tags(text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def uid_for(session: Session) -> str:
    return f"session-{session.pk}@{settings.CALENDAR_UID_DOMAIN}"


def online_link(edition: Edition) -> str:
    """The link where an online edition takes place, else ""."""
    return edition.online_url if edition.mode == EditionMode.ONLINE else ""


def location_for(session: Session, edition: Edition) -> str:
    """Room, venue and address; for an online edition its link (or "Online")."""
    if edition.mode == EditionMode.ONLINE:
        return edition.online_url or _("Online")
    room = session.effective_room
    venue = edition.venue
    parts = [room.name if room else "", venue.name if venue else "", venue.address if venue else ""]
    return ", ".join(part for part in parts if part)


def _vtimezone(tzid: str, edition: Edition, sessions: list[Session]) -> Timezone:
    """The time zone's VTIMEZONE for the whole years the edition and the sessions fall in."""
    years = {edition.start_date.year, edition.end_date.year}
    years.update(session.starts_at.year for session in sessions)
    years.update(session.ends_at.year for session in sessions)
    return Timezone.from_tzid(
        tzid,
        first_date=dt.date(min(years) - 1, 12, 31),
        last_date=dt.date(max(years) + 1, 1, 1),
    )


def _event(session: Session, *, edition: Edition, url: str | None) -> Event:
    event = Event()
    event.add("UID", uid_for(session))
    event.add("DTSTAMP", (session.changed_at or UNKNOWN_CHANGE).astimezone(dt.UTC))
    event.add("DTSTART", _wall_clock(session.starts_at, edition.tz))
    event.add("DTEND", _wall_clock(session.ends_at, edition.tz))
    if session.is_cancelled:
        event.add("SUMMARY", _("Abgesagt: %(title)s") % {"title": session.title})
    else:
        event.add("SUMMARY", session.title)
    event.add("DESCRIPTION", _description(session, edition=edition, url=url))
    if location := location_for(session, edition):
        event.add("LOCATION", location)
    # Online, the place to go is the stream: URL takes the online link (the page stays in the
    # description), so a switch of the edition's mode changes LOCATION and URL alike.
    if join := online_link(edition):
        event.add("URL", join)
    elif url:
        event.add("URL", url)
    event.add("CATEGORIES", [str(session.track.label), session.session_type.name])
    event.add("SEQUENCE", session.sequence)
    if session.changed_at:
        event.add("LAST-MODIFIED", session.changed_at.astimezone(dt.UTC))
    event.add("STATUS", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    busy = not (session.is_cancelled or session.session_type.is_break)
    event.add("TRANSP", "OPAQUE" if busy else "TRANSPARENT")
    return event


def _wall_clock(moment: dt.datetime, tz) -> dt.datetime:
    """``moment`` in ``tz``, or in UTC where that wall-clock time happens twice."""
    local = moment.astimezone(tz)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return moment.astimezone(dt.UTC)
    return local


def _description(session: Session, *, edition: Edition, url: str | None) -> str:
    parts = []
    if abstract := html_to_text(session.abstract):
        parts.append(abstract)
    people = [
        ", ".join(part for part in [person.full_name, person.affiliation] if part)
        for person in session.speakers()
    ]
    if people:
        parts.append("\n".join([_("Mitwirkende:"), *people]))
    if edition.mode == EditionMode.HYBRID and edition.online_url:
        parts.append(_("Online-Teilnahme: %(url)s") % {"url": edition.online_url})
    if url:
        parts.append(url)
    return "\n\n".join(parts)
