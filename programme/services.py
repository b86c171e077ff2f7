"""Business rules of the programme: conflicts between sessions, and publishing only without them.

A room or a person is never in two overlapping published sessions. Drafts may conflict while
editors work on them; publishing a session, a track or a programme with conflicts is refused with
the list of conflicts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .enums import SessionStatus
from .models import Session, SessionSpeaker, Track


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


def slot_for(session: Session, *, links: Iterable[SessionSpeaker] | None = None, track_room=None):
    room = session.room if session.room_id else (track_room or session.track.room)
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

    ``track_override`` stands for a track about to be published: its room replaces the published
    room for sessions without a room of their own.
    """
    sessions = (
        Session.objects.live()
        .for_edition(edition)
        .exclude(status=SessionStatus.CANCELLED)
        .with_details()
    )
    if exclude_session is not None and exclude_session.pk:
        sessions = sessions.exclude(pk=exclude_session.pk)
    slots = []
    for session in sessions:
        track_room = None
        if track_override is not None and session.track_id == track_override.pk:
            track_room = track_override.room
        slots.append(slot_for(session, track_room=track_room))
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
