"""Business rules of the programme: conflicts between sessions, and publishing only without them.

A room or a person is never in two overlapping published sessions. Drafts may conflict while
editors work on them; publishing a session, a track or a programme with conflicts is refused with
the list of conflicts.

Publishing a session also records whether it changed what a calendar shows of it: its
``sequence`` rises and ``changed_at`` moves, so calendar subscribers pick up the change. A new
time, room, stream link or status is recorded as a change notice (programme/notices.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .enums import SessionStatus
from .models import Person, Session, SessionSpeaker, Track
from .notices import notice_state, record_session_change, record_track_changes, track_notice_states


@dataclass(frozen=True)
class Slot:
    """What a session occupies: a time span, a room and people."""

    session_id: int | None
    track_id: int | None
    title: str
    starts_at: object
    ends_at: object
    room_id: int | None
    room_name: str
    people: dict[int, str] = field(default_factory=dict, hash=False, compare=False)

    def overlaps(self, other: Slot) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

    def when(self) -> str:
        start = timezone.localtime(self.starts_at)
        end = timezone.localtime(self.ends_at)
        return f"{formats.date_format(start, 'd.m.Y')} {start:%H:%M}–{end:%H:%M}"


@dataclass(frozen=True)
class Conflict:
    kind: str  # "room" or "person"
    resource: str
    first: Slot
    second: Slot

    @property
    def message(self) -> str:
        if self.kind == "room":
            text = _(
                "Raum „%(resource)s“ ist doppelt belegt: „%(a)s“ (%(a_when)s) und „%(b)s“ (%(b_when)s)."
            )
        else:
            text = _(
                "%(resource)s ist gleichzeitig in „%(a)s“ (%(a_when)s) und „%(b)s“ (%(b_when)s)."
            )
        return text % {
            "resource": self.resource,
            "a": self.first.title,
            "a_when": self.first.when(),
            "b": self.second.title,
            "b_when": self.second.when(),
        }

    def involves(self, session_id) -> bool:
        return session_id in (self.first.session_id, self.second.session_id)


class ProgrammeConflictError(ValidationError):
    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        super().__init__([c.message for c in conflicts])


_TRACK_ROOM = object()  # use the session's track's own room


def slot_for(
    session: Session, *, links: Iterable[SessionSpeaker] | None = None, track_room=_TRACK_ROOM
):
    """The session's slot; ``track_room`` (also ``None``) replaces its track's room."""
    if session.room_id:
        room = session.room
    elif track_room is not _TRACK_ROOM:
        room = track_room
    else:
        room = session.track.room
    links = session.speaker_links.all() if links is None else links
    return Slot(
        session_id=session.pk,
        track_id=session.track_id,
        title=session.title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        room_id=room.pk if room else None,
        room_name=room.name if room else "",
        people={link.person_id: str(link.person) for link in links},
    )


def live_slots(edition, *, exclude_session=None, track_override: Track | None = None) -> list[Slot]:
    """Slots of the edition's published, not cancelled sessions.

    ``track_override`` stands for a track about to be published: its published sessions count
    even while the track is not live yet, and its room (also none) replaces the published room
    for sessions without a room of their own.
    """
    sessions = Session.objects.filter(live=True)
    if track_override is not None and track_override.pk:
        sessions = sessions.filter(Q(track__live=True) | Q(track_id=track_override.pk))
    else:
        sessions = sessions.filter(track__live=True)
    sessions = sessions.for_edition(edition).exclude(status=SessionStatus.CANCELLED).with_details()
    if exclude_session is not None and exclude_session.pk:
        sessions = sessions.exclude(pk=exclude_session.pk)
    override_room = track_override.room if track_override is not None else None
    slots = []
    for session in sessions:
        if track_override is not None and session.track_id == track_override.pk:
            slots.append(slot_for(session, track_room=override_room))
        else:
            slots.append(slot_for(session))
    return slots


def find_conflicts(slots: Iterable[Slot]) -> list[Conflict]:
    """All pairs of overlapping slots sharing a room or a person, in time order."""
    by_room: dict[int, list[Slot]] = defaultdict(list)
    by_person: dict[int, list[Slot]] = defaultdict(list)
    names: dict[int, str] = {}
    for slot in slots:
        if slot.room_id is not None:
            by_room[slot.room_id].append(slot)
        for person_id, name in slot.people.items():
            by_person[person_id].append(slot)
            names[person_id] = name

    conflicts = []
    for kind, groups in (("room", by_room), ("person", by_person)):
        for key, group in groups.items():
            group.sort(key=lambda s: (s.starts_at, s.ends_at))
            for i, slot in enumerate(group):
                for other in group[i + 1 :]:
                    if other.starts_at >= slot.ends_at:
                        break
                    resource = slot.room_name if kind == "room" else names[key]
                    conflicts.append(Conflict(kind, resource, slot, other))
    conflicts.sort(key=lambda c: (c.first.starts_at, c.kind, c.resource))
    return conflicts


def programme_conflicts(edition) -> list[Conflict]:
    """Conflicts in the edition's published programme."""
    return find_conflicts(live_slots(edition))


def session_conflicts(session: Session) -> list[Conflict]:
    """Conflicts the session, as given (for example a draft), would have once published."""
    if session.status == SessionStatus.CANCELLED or not session.track_id:
        return []
    candidate = slot_for(session)
    others = live_slots(session.track.edition, exclude_session=session)
    return [c for c in find_conflicts([*others, candidate]) if c.involves(candidate.session_id)]


def track_conflicts(track: Track) -> list[Conflict]:
    """Conflicts the track's room, as given, would cause for its published sessions."""
    return find_conflicts(live_slots(track.edition, track_override=track))


def ensure_publishable_session(session: Session) -> None:
    conflicts = session_conflicts(session)
    if conflicts:
        raise ProgrammeConflictError(conflicts)


def ensure_publishable_track(track: Track) -> None:
    conflicts = [
        c for c in track_conflicts(track) if track.pk in (c.first.track_id, c.second.track_id)
    ]
    if conflicts:
        raise ProgrammeConflictError(conflicts)


def ensure_publishable_programme(edition) -> None:
    conflicts = programme_conflicts(edition)
    if conflicts:
        raise ProgrammeConflictError(conflicts)


# --- calendar change state -----------------------------------------------------------------


@dataclass(frozen=True)
class CalendarContent:
    """What a calendar entry shows of a session (programme/calendar.py); the slug is in its URL."""

    title: str
    slug: str
    abstract: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room_id: int | None
    status: str
    track_id: int
    session_type_id: int
    speaker_ids: tuple[int, ...]


@dataclass(frozen=True)
class PublishedState:
    """A session's row just before a publication.

    ``content`` is what the public saw, ``None`` while the row was not live: then the row may hold
    a draft (Wagtail saves drafts of unpublished objects into the row).
    """

    content: CalendarContent | None
    was_published: bool
    sequence: int
    changed_at: dt.datetime | None
    # What attendees and speakers were told of it (notices.notice_state), None while not live.
    notice: dict | None = None


def calendar_content(session: Session) -> CalendarContent:
    """The calendar content of a saved session as stored (speakers read from the database)."""
    speaker_ids = SessionSpeaker.objects.filter(session_id=session.pk).order_by("sort_order", "pk")
    return CalendarContent(
        title=session.title,
        slug=session.slug,
        abstract=session.abstract,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        room_id=session.room_id,
        status=session.status,
        track_id=session.track_id,
        session_type_id=session.session_type_id,
        speaker_ids=tuple(speaker_ids.values_list("person_id", flat=True)),
    )


def published_state(session: Session) -> PublishedState:
    """Lock the session's row and read what is published before a new publication.

    Call it in the transaction of the publication, before Wagtail copies the revision into the row.
    """
    row = Session.objects.select_for_update().get(pk=session.pk)
    return PublishedState(
        content=calendar_content(row) if row.live else None,
        was_published=row.live or row.first_published_at is not None,
        sequence=row.sequence,
        changed_at=row.changed_at,
        notice=notice_state(row) if row.live and row.track.live else None,
    )


def record_publication(*, session: Session, previous: PublishedState) -> bool:
    """After Wagtail published ``session``: raise its ``sequence`` and set ``changed_at`` when the
    published calendar content differs from ``previous``. Returns whether ``changed_at`` moved.

    The first publication sets ``changed_at`` and keeps ``sequence``; an unchanged republish
    changes neither; a session published again after it was unpublished counts as changed. A
    publication scheduled for later records nothing until the session goes live.
    """
    row = Session.objects.select_related("track__room", "room").get(pk=session.pk)
    if row.live and row.track.live:
        record_session_change(session=row, old=previous.notice)  # a change notice, if any
    sequence, changed_at = previous.sequence, previous.changed_at
    if not row.live:
        changed = False
    elif previous.content is not None:
        if previous.content != calendar_content(row):
            sequence += 1
            changed = True
        else:
            # Unchanged: recorded only for a row made live without publish() (imported, or
            # published before these fields existed), as its first publication.
            changed = previous.changed_at is None
    else:
        changed = True
        if previous.was_published:
            sequence += 1  # back after it was unpublished
    if changed:
        changed_at = timezone.now()
    # Wagtail saved the revision's copy of sequence and changed_at into the row; they may be
    # stale, so write the right ones in any case.
    if (row.sequence, row.changed_at) != (sequence, changed_at):
        Session.objects.filter(pk=row.pk).update(sequence=sequence, changed_at=changed_at)
    session.sequence = sequence
    session.changed_at = changed_at
    return changed


# Changes outside a session that calendars show in it: its forum (LOCATION, CATEGORIES, URL)
# and its people (DESCRIPTION).

TRACK_CALENDAR_FIELDS = ("room_id", "title", "number", "kind", "slug")
PERSON_CALENDAR_FIELDS = ("academic_title", "first_name", "last_name", "position", "organisation")


def mark_sessions_changed(sessions) -> int:
    """Raise ``sequence`` and set ``changed_at`` of the published sessions among ``sessions``,
    so that subscribed calendars take over the change. Returns how many."""
    return sessions.filter(live=True).update(sequence=F("sequence") + 1, changed_at=timezone.now())


def track_calendar_state(track: Track) -> dict | None:
    """What calendars show of a track's published row (None while it is not live)."""
    return Track.objects.filter(pk=track.pk, live=True).values(*TRACK_CALENDAR_FIELDS).first()


def record_track_publication(*, track: Track, previous: dict | None) -> int:
    """After a track was published: its sessions change in calendars when its title, number,
    kind or slug changed (all of them) or its room (those without a room of their own)."""
    if previous is None:
        return 0
    current = Track.objects.values(*TRACK_CALENDAR_FIELDS).get(pk=track.pk)
    sessions = Session.objects.filter(track_id=track.pk)
    if any(previous[f] != current[f] for f in TRACK_CALENDAR_FIELDS if f != "room_id"):
        return mark_sessions_changed(sessions)
    if previous["room_id"] != current["room_id"]:
        return mark_sessions_changed(sessions.filter(room__isnull=True))
    return 0


def person_calendar_state(person) -> dict | None:
    return Person.objects.filter(pk=person.pk).values(*PERSON_CALENDAR_FIELDS).first()


def record_person_change(*, person, previous: dict | None) -> int:
    """After a person was saved: the sessions they speak in change in calendars when their name,
    position or organisation changed."""
    if previous is None or previous == person_calendar_state(person):
        return 0
    return mark_sessions_changed(Session.objects.filter(speaker_links__person_id=person.pk))


def record_edition_mode_change(*, edition, now=None) -> int:
    """After an edition's mode changed (registrations.services.switch_edition_mode): every
    published session of the edition shows another LOCATION and DESCRIPTION in calendars
    (calendar.location_for), so its ``sequence`` rises and ``changed_at`` moves. One UPDATE;
    returns how many sessions."""
    return (
        Session.objects.live()
        .for_edition(edition)
        .update(sequence=F("sequence") + 1, changed_at=now or timezone.now())
    )


# Publishing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Publication:
    """models.PublicationRules of one model, set by ProgrammeConfig.ready()."""

    ensure_publishable: Callable[[object], None]
    state: Callable[[object], object]
    record: Callable[[object, object], object]


def track_publication_state(track: Track) -> tuple[dict | None, dict]:
    """Before a forum is published: its calendar state and its sessions' notice states."""
    return track_calendar_state(track), track_notice_states(track)


def record_track_publication_changes(*, track: Track, previous: tuple[dict | None, dict]) -> int:
    """After a forum was published: calendars (record_track_publication) and change notices of
    its sessions (a new room or stream link)."""
    calendar, notices = previous
    if calendar is not None:  # the forum was public: its sessions' people are told
        record_track_changes(before=notices, after=track_notice_states(track))
    return record_track_publication(track=track, previous=calendar)


TRACK_PUBLICATION = _Publication(
    ensure_publishable=ensure_publishable_track,
    state=track_publication_state,
    record=lambda track, previous: record_track_publication_changes(track=track, previous=previous),
)
SESSION_PUBLICATION = _Publication(
    ensure_publishable=ensure_publishable_session,
    state=published_state,
    record=lambda session, previous: record_publication(session=session, previous=previous),
)
