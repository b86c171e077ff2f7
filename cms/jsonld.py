"""schema.org Event data (JSON-LD) of the edition and session pages, for search engines."""

from __future__ import annotations

import json

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from congress.enums import EditionMode
from congress.models import Edition
from programme.calendar import html_to_text
from programme.models import Session

SCHEMA = "https://schema.org/"
ATTENDANCE_MODES = {
    EditionMode.IN_PERSON: SCHEMA + "OfflineEventAttendanceMode",
    EditionMode.HYBRID: SCHEMA + "MixedEventAttendanceMode",
    EditionMode.ONLINE: SCHEMA + "OnlineEventAttendanceMode",
}


def edition_event(edition: Edition, *, url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": edition.title,
        "url": url,
        "startDate": edition.start_date.isoformat(),
        "endDate": edition.end_date.isoformat(),
        "eventStatus": _status(edition, cancelled=False),
        "eventAttendanceMode": ATTENDANCE_MODES[EditionMode(edition.mode)],
        "location": _locations(edition, room=None),
        "inLanguage": "de",
    }
    if edition.motto:
        data["description"] = edition.motto
    if edition.congress.organiser:
        data["organizer"] = {"@type": "Organization", "name": edition.congress.organiser}
    return data


def session_event(session: Session, *, edition: Edition, url: str, edition_url: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": session.title,
        "url": url,
        "startDate": timezone.localtime(session.starts_at).isoformat(),
        "endDate": timezone.localtime(session.ends_at).isoformat(),
        "eventStatus": _status(edition, cancelled=session.is_cancelled),
        "eventAttendanceMode": ATTENDANCE_MODES[EditionMode(edition.mode)],
        "location": _locations(edition, room=session.effective_room),
        "inLanguage": "de",
        "superEvent": {"@type": "Event", "name": edition.title, "url": edition_url},
    }
    if description := html_to_text(session.abstract):
        data["description"] = description
    performers = [_person(link.person) for link in session.speaker_links.all()]
    if performers:
        data["performer"] = performers
    return data


def as_script(data: dict) -> SafeString:
    """A ``<script type="application/ld+json">`` element; ``<``, ``>`` and ``&`` are escaped
    inside the JSON so the data can never close the element."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def _status(edition: Edition, *, cancelled: bool) -> str:
    if cancelled:
        return SCHEMA + "EventCancelled"
    if edition.mode == EditionMode.ONLINE and edition.venue_id:
        return SCHEMA + "EventMovedOnline"
    return SCHEMA + "EventScheduled"


def _locations(edition: Edition, *, room) -> list[dict]:
    locations = []
    if edition.mode != EditionMode.ONLINE and edition.venue is not None:
        venue = edition.venue
        place = {
            "@type": "Place",
            "name": f"{room.name}, {venue.name}" if room else venue.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.street,
                "postalCode": venue.postal_code,
                "addressLocality": venue.city,
                "addressCountry": "DE",
            },
        }
        locations.append(place)
    if edition.mode != EditionMode.IN_PERSON:
        virtual = {"@type": "VirtualLocation"}
        if edition.online_url:
            virtual["url"] = edition.online_url
        locations.append(virtual)
    return locations


def _person(person) -> dict:
    data = {"@type": "Person", "name": person.full_name}
    if person.position:
        data["jobTitle"] = person.position
    if person.organisation:
        data["affiliation"] = {"@type": "Organization", "name": person.organisation}
    if person.academic_title:
        data["honorificPrefix"] = person.academic_title
    return data
