"""The published programme as a frab-style schedule (``schedule.xml`` and ``schedule.json``), the
format that conference apps (Giggity, ConfClerk, the Fahrplan apps) and the c3voc tools read, as
frab and pretalx write it and c3voc's validator (voc/schedule: validator/xsd/schedule.xml.xsd and
validator/json/schema.json) describes it.

- Stable identifiers: an event's GUID is a UUIDv5 of the session's primary key in this project's
  namespace, a room's the same of the room's (or, without a room, the track's) key, so they never
  change when a session is renamed, moved or republished. ``id`` is the session's primary key.
- Times are wall-clock times of the edition's time zone: ``date`` is the start with its UTC
  offset, ``start`` its HH:MM, and ``duration`` the real time elapsed until the end. Across a
  daylight saving change the duration is therefore not the difference of the wall-clock times:
  01:30–04:00 in the night of the October change lasts 03:30, and ``date`` + ``duration`` is the
  true end. A time in the hour that happens twice is told apart by its offset in ``date``.
- A session belongs to the day on which it starts; a day runs from local midnight to the next
  (stretched to cover a session that runs past midnight), and every day of the edition is listed,
  also one without sessions.
- A session without a room (neither its own nor its track's) goes into a room named after its
  track.
- Cancelled sessions are left out, as frab leaves cancelled events out of its schedule: the
  format has no cancelled state, and apps would show the session as taking place. (The calendar
  feeds keep them, marked as cancelled, since calendars can show that.)
- ``version`` is a hash of the content, so it changes with anything the schedule shows and the
  apps that compare it reload.
- Nobody's consent to recording is on record here, so no event may be recorded:
  ``<optout>true</optout>`` and ``"do_not_record": true`` (``DO_NOT_RECORD``).
- Control characters that XML 1.0 forbids are dropped from texts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from congress.enums import EditionMode
from congress.models import Edition

from .calendar import html_to_text
from .models import Session, Track

# Never change: every GUID of the exports derives from it.
GUID_NAMESPACE = uuid.UUID("ee2b0675-fdeb-43a4-8fdb-bd577a4b1517")
GENERATOR = "Kongressportal"
JSON_SCHEMA = "https://c3voc.de/schedule/schema.json"
LANGUAGE = "de"
DO_NOT_RECORD = True
DEFAULT_TIMESLOT_MINUTES = 15
MAIN_STAGE_COLOUR = "#0b3a5b"
FORUM_COLOURS = [
    "#00707a", "#8e3b46", "#3d6b21", "#6a4c93", "#b35c00", "#1f5f8b", "#7a5c00",
    "#a23e8f", "#2f6f4f", "#5b4636", "#c0392b", "#34495e", "#16a085",
]  # fmt: skip
# Characters XML 1.0 does not allow, not even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class ScheduleRoom:
    name: str
    guid: str
    capacity: int | None = None


@dataclass(frozen=True)
class SchedulePerson:
    id: int
    guid: str
    name: str


@dataclass(frozen=True)
class ScheduleLink:
    url: str
    title: str


@dataclass(frozen=True)
class ScheduleEvent:
    id: int
    guid: str
    start: dt.datetime  # local times of the edition's time zone
    end: dt.datetime
    room: ScheduleRoom
    slug: str
    url: str
    title: str
    track: str
    type: str
    abstract: str
    persons: list[SchedulePerson]
    links: list[ScheduleLink]

    @property
    def duration(self) -> dt.timedelta:
        """Real time elapsed (in UTC: Python subtracts times of one zone in wall-clock time)."""
        return self.end.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)


@dataclass(frozen=True)
class ScheduleDay:
    index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    rooms: list[tuple[ScheduleRoom, list[ScheduleEvent]]]


@dataclass(frozen=True)
class ScheduleTrack:
    name: str
    slug: str
    color: str


@dataclass(frozen=True)
class Schedule:
    acronym: str
    title: str
    start: dt.date
    end: dt.date
    timeslot_minutes: int
    time_zone_name: str
    base_url: str
    tracks: list[ScheduleTrack]
    rooms: list[ScheduleRoom]
    days: list[ScheduleDay]
    version: str = ""


def guid(kind: str, pk: int) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{kind}:{pk}"))


def acronym_for(edition: Edition) -> str:
    """``e-nrw`` 2020 -> ``enrw2020``: the acronym patterns of the XSD and of the JSON schema
    allow lower-case letters and digits (and the slug's prefix nothing else)."""
    return re.sub(r"[^a-z0-9]", "", f"{edition.congress.slug}{edition.year}".lower())


def event_slug(acronym: str, session: Session) -> str:
    """``<acronym>-<id>-<slug>``, as frab and pretalx build it (the XSD wants at least four
    characters after the id, the JSON schema a letter or digit at the end)."""
    tail = re.sub(r"[^a-z0-9_-]+", "-", session.slug.lower()).strip("-_")
    if len(tail) < 4:
        tail = f"{tail}-programmpunkt".strip("-")
    return f"{acronym}-{session.pk}-{tail}"


def track_colour(track: Track, position: int) -> str:
    if track.is_main_stage:
        return MAIN_STAGE_COLOUR
    index = track.number - 1 if track.number else position
    return FORUM_COLOURS[index % len(FORUM_COLOURS)]


def _days(
    edition: Edition,
    events_by_day: dict[dt.date, dict[ScheduleRoom, list[ScheduleEvent]]],
    room_list: list[ScheduleRoom],
) -> list[ScheduleDay]:
    """Every congress day (and any other day with events), each until midnight or its last
    event, with the events per room in the rooms' order."""
    tz = edition.tz
    dates = sorted(set(edition.days) | set(events_by_day))
    days = []
    for index, date in enumerate(dates, start=1):
        by_room = events_by_day.get(date, {})
        day_events = [event for events in by_room.values() for event in events]
        midnight = dt.datetime.combine(date, dt.time.min, tzinfo=tz)
        next_midnight = dt.datetime.combine(date + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        days.append(
            ScheduleDay(
                index=index,
                date=date,
                start=midnight,
                end=max([next_midnight, *(event.end for event in day_events)]),
                rooms=[(room, by_room[room]) for room in room_list if room in by_room],
            )
        )
    return days


def build_schedule(
    *,
    edition: Edition,
    tracks: Iterable[Track],
    sessions: Iterable[Session],
    base_url: str,
    url_for_session: Callable[[Session], str],
) -> Schedule:
    """The schedule of the published ``tracks`` and ``sessions`` (as loaded by
    ``queries.live_tracks`` and ``queries.live_sessions``: in time order, with their track, rooms,
    type and speakers), without cancelled sessions.

    ``base_url`` is the absolute URL of the programme page, ``url_for_session`` gives a session's
    absolute page URL.
    """
    tz = edition.tz
    tracks = list(tracks)
    sessions = [s for s in sessions if not s.is_cancelled]
    track_order = {track.pk: position for position, track in enumerate(tracks)}
    acronym = acronym_for(edition)

    rooms = _rooms(sessions, track_order)
    links = []
    if edition.mode in (EditionMode.HYBRID, EditionMode.ONLINE) and edition.online_url:
        links.append(ScheduleLink(url=edition.online_url, title=_("Online-Teilnahme")))

    events_by_day: dict[dt.date, dict[ScheduleRoom, list[ScheduleEvent]]] = defaultdict(dict)
    for session in sessions:
        room = rooms[_room_key(session)]
        start = session.starts_at.astimezone(tz)
        event = ScheduleEvent(
            id=session.pk,
            guid=guid("session", session.pk),
            start=start,
            end=session.ends_at.astimezone(tz),
            room=room,
            slug=event_slug(acronym, session),
            url=url_for_session(session),
            title=session.title,
            track=str(session.track.label),
            type=session.session_type.name,
            abstract=html_to_text(session.abstract),
            persons=[
                SchedulePerson(id=person.pk, guid=guid("person", person.pk), name=person.full_name)
                for person in session.speakers()
            ],
            links=links,
        )
        events_by_day[start.date()].setdefault(room, []).append(event)

    room_list = list(dict.fromkeys(rooms.values()))
    days = _days(edition, events_by_day, room_list)

    schedule = Schedule(
        acronym=acronym,
        title=edition.title,
        start=edition.start_date,
        end=edition.end_date,
        timeslot_minutes=_timeslot_minutes(sessions, tz),
        time_zone_name=tz.key,
        base_url=base_url,
        tracks=[
            ScheduleTrack(name=str(track.label), slug=track.slug, color=track_colour(track, i))
            for i, track in enumerate(tracks)
        ],
        rooms=room_list,
        days=days,
    )
    content = json.dumps(_as_json(schedule), ensure_ascii=False, sort_keys=True)
    return replace(schedule, version=hashlib.sha256(content.encode()).hexdigest()[:12])


def _room_key(session: Session) -> tuple[str, int]:
    room = session.effective_room
    return ("room", room.pk) if room else ("track", session.track_id)


def _rooms(sessions: list[Session], track_order: dict[int, int]) -> dict:
    """The rooms of ``sessions`` by key, in the order of their first track (main stage first);
    a name given twice gets a number, since apps tell rooms apart by name."""
    first_track: dict[tuple[str, int], tuple[int, int]] = {}
    objects = {}
    for session in sessions:
        key = _room_key(session)
        order = (track_order.get(session.track_id, len(track_order)), session.track_id)
        first_track[key] = min(first_track.get(key, order), order)
        objects[key] = session.effective_room or session.track
    taken: set[str] = set()
    rooms = {}
    for key in sorted(first_track, key=lambda k: (first_track[k], k)):
        thing = objects[key]
        if key[0] == "room":
            base, capacity = thing.name, thing.capacity
        else:
            base, capacity = str(thing.label), None
        name, number = base, 2
        while name in taken:
            name = f"{base} ({number})"
            number += 1
        taken.add(name)
        rooms[key] = ScheduleRoom(name=name, guid=guid(*key), capacity=capacity)
    return rooms


def _timeslot_minutes(sessions: list[Session], tz) -> int:
    """The largest slot length (dividing an hour) on which every session starts and ends."""
    if not sessions:
        return DEFAULT_TIMESLOT_MINUTES
    values = [60]
    for session in sessions:
        values.append(session.starts_at.astimezone(tz).minute)
        values.append(int((session.ends_at - session.starts_at).total_seconds()) // 60)
    return math.gcd(*values) or DEFAULT_TIMESLOT_MINUTES


def hh_mm(duration: dt.timedelta) -> str:
    minutes = int(duration.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


# --- JSON ----------------------------------------------------------------------------------------


def schedule_json(schedule: Schedule) -> bytes:
    """``schedule.json`` as c3voc's schema.json describes it."""
    return json.dumps(_as_json(schedule), ensure_ascii=False, indent=None).encode()


def _as_json(schedule: Schedule) -> dict:
    return {
        "$schema": JSON_SCHEMA,
        "generator": {"name": GENERATOR},
        "schedule": {
            "version": schedule.version,
            "base_url": schedule.base_url,
            "conference": {
                "acronym": schedule.acronym,
                "title": schedule.title,
                "start": schedule.start.isoformat(),
                "end": schedule.end.isoformat(),
                "daysCount": len(schedule.days),
                "timeslot_duration": hh_mm(dt.timedelta(minutes=schedule.timeslot_minutes)),
                "time_zone_name": schedule.time_zone_name,
                "url": schedule.base_url,
                "tracks": [
                    {"name": track.name, "color": track.color, "slug": track.slug}
                    for track in schedule.tracks
                ],
                "rooms": [
                    {"name": room.name, "guid": room.guid, "capacity": room.capacity}
                    for room in schedule.rooms
                ],
                "days": [
                    {
                        "index": day.index,
                        "date": day.date.isoformat(),
                        "day_start": _iso(day.start),
                        "day_end": _iso(day.end),
                        "rooms": {
                            room.name: [_event_json(event) for event in events]
                            for room, events in day.rooms
                        },
                    }
                    for day in schedule.days
                ],
            },
        },
    }


def _event_json(event: ScheduleEvent) -> dict:
    return {
        "guid": event.guid,
        "id": event.id,
        "date": _iso(event.start),
        "start": event.start.strftime("%H:%M"),
        "duration": hh_mm(event.duration),
        "room": event.room.name,
        "slug": event.slug,
        "url": event.url,
        "title": event.title,
        "subtitle": "",
        "track": event.track,
        "type": event.type,
        "language": LANGUAGE,
        "abstract": event.abstract,
        "description": "",
        "recording_license": "",
        "do_not_record": DO_NOT_RECORD,
        "persons": [
            {"id": person.id, "guid": person.guid, "name": person.name} for person in event.persons
        ],
        "links": [{"url": link.url, "title": link.title} for link in event.links],
        "attachments": [],
    }


# --- XML -----------------------------------------------------------------------------------------

# The children of <event>, in the order frab and pretalx write them (the XSD takes any order).
EVENT_ELEMENTS = [
    "date",
    "start",
    "duration",
    "room",
    "slug",
    "url",
    "recording",
    "title",
    "subtitle",
    "track",
    "type",
    "language",
    "abstract",
    "description",
    "logo",
    "persons",
    "links",
    "attachments",
]


def schedule_xml(schedule: Schedule) -> bytes:
    """``schedule.xml`` as frab writes it and c3voc's schedule.xml.xsd describes it: <generator>,
    <version>, <conference> and one <day> per day, in that order (an xs:sequence)."""
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name=GENERATOR)
    _text(root, "version", schedule.version)
    conference = ET.SubElement(root, "conference")
    _text(conference, "acronym", schedule.acronym)
    _text(conference, "title", schedule.title)
    _text(conference, "start", schedule.start.isoformat())
    _text(conference, "end", schedule.end.isoformat())
    _text(conference, "days", str(len(schedule.days)))
    _text(
        conference,
        "timeslot_duration",
        hh_mm(dt.timedelta(minutes=schedule.timeslot_minutes)),
    )
    _text(conference, "base_url", schedule.base_url)
    _text(conference, "time_zone_name", schedule.time_zone_name)
    for day in schedule.days:
        day_element = ET.SubElement(
            root,
            "day",
            index=str(day.index),
            date=day.date.isoformat(),
            start=_iso(day.start),
            end=_iso(day.end),
        )
        for room, events in day.rooms:
            room_element = ET.SubElement(
                day_element, "room", name=_clean(room.name), guid=room.guid
            )
            for event in events:
                _event_xml(room_element, event)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _event_xml(parent: ET.Element, event: ScheduleEvent) -> None:
    element = ET.SubElement(parent, "event", guid=event.guid, id=str(event.id))
    _text(element, "date", _iso(event.start))
    _text(element, "start", event.start.strftime("%H:%M"))
    _text(element, "duration", hh_mm(event.duration))
    _text(element, "room", event.room.name)
    _text(element, "slug", event.slug)
    _text(element, "url", event.url)
    recording = ET.SubElement(element, "recording")
    _text(recording, "license", "")
    _text(recording, "optout", "true" if DO_NOT_RECORD else "false")
    _text(element, "title", event.title)
    _text(element, "subtitle", "")
    _text(element, "track", event.track)
    _text(element, "type", event.type)
    _text(element, "language", LANGUAGE)
    _text(element, "abstract", event.abstract)
    _text(element, "description", "")
    _text(element, "logo", "")
    persons = ET.SubElement(element, "persons")
    for person in event.persons:
        _text(persons, "person", person.name, id=str(person.id))
    links = ET.SubElement(element, "links")
    for link in event.links:
        _text(links, "link", link.title, href=link.url)
    ET.SubElement(element, "attachments")


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = _clean(text)
    return element


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
