"""The programme of the demo: session formats, people, venues, congresses, editions, partners,
tracks and sessions. Tracks and sessions are published through Wagtail revisions
(``save_revision().publish()``), so they are live, have no unpublished changes and can be edited
in the admin.
"""

from __future__ import annotations

import datetime as dt

from congress.models import Congress, Edition, Partner, Room, Venue
from programme.models import Person, Session, SessionSpeaker, SessionType, Track, TrackModerator
from programme.services import programme_conflicts
from registrations.models import ModeSwitch

from . import data
from .common import DemoError, Summary, assign, german_slug, local_datetime, upsert

# --- programme reference data ----------------------------------------------------------------


def ensure_session_types(summary: Summary) -> dict[str, SessionType]:
    types = {}
    for order, (slug, name, is_break) in enumerate(data.SESSION_TYPES):
        types[slug] = upsert(
            SessionType,
            {"slug": slug},
            {"name": name, "is_break": is_break, "sort_order": order * 10},
            summary,
            "Sitzungsformate",
        )
    return types


def ensure_people(summary: Summary) -> dict[str, Person]:
    people = {}
    for slug, entry in data.PEOPLE.items():
        values = {
            "academic_title": entry.get("academic_title", ""),
            "first_name": entry["first_name"],
            "last_name": entry["last_name"],
            "position": entry.get("position", ""),
            "organisation": entry.get("organisation", ""),
            "bio": data.FILLER_BIO if entry.get("filler") else "",
        }
        person = Person.objects.filter(slug=slug).first()
        created = person is None
        if created:
            person = Person(slug=slug, **values)
        changed = assign(person, values) or created
        if changed or person.latest_revision_id is None:
            person.save()
            person.save_revision()
            changed = True
        summary.record("Personen", created, changed)
        people[slug] = person
    return people


def ensure_venues(summary: Summary) -> dict[str, Venue]:
    venues = {}
    for entry in data.VENUES:
        venue = upsert(
            Venue,
            {"name": entry["name"]},
            {
                "street": entry["street"],
                "postal_code": entry["postal_code"],
                "city": entry["city"],
                "directions": entry["directions"],
            },
            summary,
            "Veranstaltungsorte",
        )
        for name, capacity in entry["rooms"]:
            upsert(Room, {"venue": venue, "name": name}, {"capacity": capacity}, summary, "Räume")
        venues[venue.name] = venue
    return venues


# --- congresses and editions -----------------------------------------------------------------


def ensure_congress(entry: dict, summary: Summary) -> Congress:
    return upsert(
        Congress,
        {"slug": entry["slug"]},
        {
            "name": entry["name"],
            "organiser": entry["organiser"],
            "description": entry["description"],
            **entry.get("invoicing", {}),
        },
        summary,
        "Kongresse",
    )


def edition_mode(congress: Congress, entry: dict) -> dict:
    """The mode to write: the data's, or for an edition that switched (``switched_from``) the
    mode before the switch until the switch service has run; after it, the mode is the
    service's (demo.registrations.ensure_mode_switch)."""
    if not entry.get("switched_from"):
        return {"mode": entry["mode"]}
    switched = ModeSwitch.objects.filter(
        edition__congress=congress, edition__year=entry["year"]
    ).exists()
    return {} if switched else {"mode": entry["switched_from"]}


def ensure_edition(congress: Congress, entry: dict, venues: dict, summary: Summary) -> Edition:
    venue = venues[entry["venue"]] if entry["venue"] else None
    edition = upsert(
        Edition,
        {"congress": congress, "year": entry["year"]},
        {
            "title": entry["title"],
            "motto": entry["motto"],
            "start_date": entry["start_date"],
            "end_date": entry["end_date"],
            "venue_id": venue.pk if venue else None,
            **edition_mode(congress, entry),
            "onsite_capacity": entry["onsite_capacity"],
            "online_url": entry["online_url"],
        },
        summary,
        "Ausgaben",
    )
    ensure_partners(edition, entry["partners"], summary)
    return edition


def ensure_partners(edition: Edition, partners: list, summary: Summary) -> None:
    names = []
    for order, (name, tier, url, description) in enumerate(partners):
        names.append(name)
        upsert(
            Partner,
            {"edition": edition, "name": name},
            {"tier": tier, "url": url, "description": description, "sort_order": order},
            summary,
            "Partner",
        )
    Partner.objects.filter(edition=edition).exclude(name__in=names).delete()


# --- tracks and sessions ---------------------------------------------------------------------


def _publish(obj) -> None:
    """Save ``obj`` (with its inline children) and publish it through a new revision."""
    obj.live = True
    obj.save()
    obj.save_revision().publish()


def _needs_publishing(obj) -> bool:
    return not obj.live or obj.has_unpublished_changes or obj.latest_revision_id is None


def ensure_track(
    edition: Edition,
    entry: dict,
    sort_order: int,
    people: dict,
    summary: Summary,
    links: tuple[str, str] = ("", ""),
) -> Track:
    room = None
    if entry["room"]:
        if edition.venue_id is None:
            raise DemoError(f"{edition}: Raum {entry['room']} ohne Veranstaltungsort")
        room = Room.objects.get(venue_id=edition.venue_id, name=entry["room"])
    values = {
        "kind": entry["kind"],
        "number": entry["number"],
        "title": entry["title"],
        "topic": entry["topic"],
        "room_id": room.pk if room else None,
        "sort_order": sort_order,
        "stream_url": links[0],
        "chat_url": links[1],
    }
    track = Track.objects.filter(edition=edition, slug=entry["slug"]).first()
    created = track is None
    if created:
        track = Track(edition=edition, slug=entry["slug"])
    changed = assign(track, values) or created

    wanted = [people[slug].pk for slug in entry["moderators"]]
    current = [] if created else [link.person_id for link in track.moderator_links.all()]
    if wanted != current:
        track.moderator_links = [
            TrackModerator(person_id=pk, sort_order=i) for i, pk in enumerate(wanted)
        ]
        changed = True

    if changed or _needs_publishing(track):
        _publish(track)
        changed = True
    summary.record("Hauptbühnen und Foren", created, changed)
    return track


def ensure_sessions(
    track: Track, entry: dict, types: dict, people: dict, summary: Summary
) -> list[Session]:
    edition = track.edition
    sessions = []
    slugs = []
    for item in entry["sessions"]:
        slug = german_slug(item.title)
        if slug in slugs:
            raise DemoError(f"{track}: zwei Programmpunkte mit dem Kurznamen {slug}")
        slugs.append(slug)
        day = edition.start_date + dt.timedelta(days=item.day)
        values = {
            "session_type_id": types[item.type].pk,
            "title": item.title,
            "abstract": item.abstract,
            "starts_at": local_datetime(day, item.start),
            "ends_at": local_datetime(day, item.end),
            "room_id": None,
            "status": "confirmed",
        }
        session = Session.objects.filter(track=track, slug=slug).first()
        created = session is None
        if created:
            session = Session(track=track, slug=slug)
        changed = assign(session, values) or created

        wanted = [(people[person].pk, role) for person, role in item.people]
        current = (
            [] if created else [(link.person_id, link.role) for link in session.speaker_links.all()]
        )
        if wanted != current:
            session.speaker_links = [
                SessionSpeaker(person_id=pk, role=role, sort_order=i)
                for i, (pk, role) in enumerate(wanted)
            ]
            changed = True

        if changed or _needs_publishing(session):
            _publish(session)
            changed = True
        summary.record("Programmpunkte", created, changed)
        sessions.append(session)
    # Sessions that are no longer in the data (after an edit of demo_data.py) go away.
    for stale in Session.objects.filter(track=track).exclude(slug__in=slugs):
        stale.delete()
        summary.updated["Programmpunkte (entfernt)"] += 1
    return sessions


def check_conflicts(editions) -> None:
    problems = []
    for edition in editions:
        problems += [f"{edition}: {c.message}" for c in programme_conflicts(edition)]
    if problems:
        raise DemoError("Konflikte im Demoprogramm:\n" + "\n".join(problems))
