"""Change notices: a published session that moves, changes room or online link, or is cancelled is
told to everyone whose programme contains it.

Recording: the publication of a session (``services.record_publication``) or of its forum
(``services.record_track_publication``) calls :func:`record_session_change` in its transaction;
a change of what those who take part see (:func:`notice_state`) becomes a ``ScheduleChange``
row. Drafts record nothing: only ``publish()`` gets here.

Sending: ``programme.notice_digest.send_change_notices`` (the periodic job) turns the waiting
rows into one digest email per person.

Audiences: who takes part in a session is known to registrations (attendees) and speakers
(speakers and moderators), which build on programme and must not be imported by it. Each
registers an audience here in its ``AppConfig.ready()`` with :func:`register_audience`: a
function ``audience(*, edition, changes) -> Iterable[Recipient]`` that answers in a fixed
number of queries.

Holding: organisers hold the notices of a forum while they rework it
(:func:`hold_change_notices`); its changes wait until :func:`release_change_notices`, then go
out as one digest.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.audit import log_action

from .enums import ChangeKind, LogAction, SessionStatus
from .models import ScheduleChange, Session, Track

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
NOTICE_FIELDS = ("starts_at", "ends_at", "room", "link", "status")


class ChangeNoticeError(Exception):
    """A rule of the change notices refused; the message is for the user."""


# --- recording --------------------------------------------------------------------------------


def notice_state(session: Session) -> dict:
    """What those who take part are told about when it changes: time, room, online link (the
    forum's stream) and status, as JSON."""
    room = session.room if session.room_id else session.track.room
    return {
        "starts_at": session.starts_at.isoformat(),
        "ends_at": session.ends_at.isoformat(),
        "room": room.name if room else "",
        "link": session.track.stream_url,
        "status": session.status,
    }


def change_kind(old: dict, new: dict) -> str | None:
    """The main kind of a change between two notice states (``None``: nothing to tell)."""
    if old["status"] != new["status"]:
        if new["status"] == SessionStatus.CANCELLED:
            return ChangeKind.CANCELLED
        return ChangeKind.REINSTATED
    if new["status"] == SessionStatus.CANCELLED:
        return None  # a cancelled session's time or room does not matter any more
    if (old["starts_at"], old["ends_at"]) != (new["starts_at"], new["ends_at"]):
        return ChangeKind.MOVED
    if old["room"] != new["room"]:
        return ChangeKind.ROOM
    if old["link"] != new["link"]:
        return ChangeKind.LINK
    return None


def record_session_change(
    *, session: Session, old: dict | None, new: dict | None = None, now=None
) -> ScheduleChange | None:
    """Record the published change of ``session`` from notice state ``old`` (``None``: it was
    not public, nobody is told) to ``new`` (default: the session as given). Call it in the
    transaction of the publication."""
    if old is None:
        return None
    new = notice_state(session) if new is None else new
    kind = change_kind(old, new)
    if kind is None:
        return None
    return ScheduleChange.objects.create(
        session=session, kind=kind, old=old, new=new, detected_at=now or timezone.now()
    )


def track_notice_states(track: Track) -> dict[int, tuple[Session, dict]]:
    """Notice states of the forum's published sessions, before or after its publication."""
    sessions = Session.objects.filter(track_id=track.pk, live=True).select_related(
        "track__room", "room"
    )
    return {session.pk: (session, notice_state(session)) for session in sessions}


def record_track_changes(*, before: dict[int, tuple], after: dict[int, tuple]) -> int:
    """After a forum was published: record the changes of its sessions (a new room for those
    without their own, a new stream link for all). Returns how many were recorded."""
    recorded = 0
    for pk, (session, new) in after.items():
        if pk in before and record_session_change(session=session, old=before[pk][1], new=new):
            recorded += 1
    return recorded


# --- holding ----------------------------------------------------------------------------------


def hold_change_notices(*, track: Track, by_user=None) -> Track:
    """Hold the change notices of ``track`` while organisers rework it. Logged."""
    return _set_notices_held(track=track, held=True, by_user=by_user)


def release_change_notices(*, track: Track, by_user=None) -> Track:
    """Release the held notices of ``track``: its waiting changes go out as one digest with the
    next run of the job. Logged."""
    return _set_notices_held(track=track, held=False, by_user=by_user)


def _set_notices_held(*, track: Track, held: bool, by_user) -> Track:
    with transaction.atomic():
        row = Track.objects.select_for_update().get(pk=track.pk)
        if row.notices_held == held:
            if held:
                raise ChangeNoticeError(
                    _("Die Änderungsmitteilungen dieses Forums werden bereits zurückgehalten.")
                )
            raise ChangeNoticeError(
                _("Die Änderungsmitteilungen dieses Forums werden nicht zurückgehalten.")
            )
        Track.objects.filter(pk=row.pk).update(notices_held=held)
        row.notices_held = held
        waiting = ScheduleChange.objects.filter(
            session__track_id=row.pk, digest_sent_at__isnull=True
        ).count()
        log_action(
            row,
            LogAction.NOTICES_HELD if held else LogAction.NOTICES_RELEASED,
            actor=by_user,
            edition=row.edition_id,
            data={"track": row.pk, "waiting_changes": waiting},
        )
    track.notices_held = held
    return row


# --- audiences --------------------------------------------------------------------------------


def _local(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).astimezone(BERLIN)


def _span(state: dict) -> str:
    start, end = _local(state["starts_at"]), _local(state["ends_at"])
    return f"{start:%d.%m.%Y, %H:%M}–{end:%H:%M}"


@dataclass(frozen=True)
class ChangedSession:
    """The net change of one session in a digest: ``old`` before its first waiting change,
    ``new`` after its last (notice states)."""

    session_id: int
    track_id: int
    is_main_stage: bool
    title: str
    track_label: str
    old: dict
    new: dict

    @property
    def starts_at(self) -> dt.datetime:
        return _local(self.new["starts_at"])

    @property
    def cancelled(self) -> bool:
        return self.new["status"] == SessionStatus.CANCELLED

    @property
    def reinstated(self) -> bool:
        return self.old["status"] == SessionStatus.CANCELLED and not self.cancelled

    @property
    def time_changed(self) -> bool:
        return _span(self.old) != _span(self.new)

    @property
    def old_time(self) -> str:
        return _span(self.old)

    @property
    def new_time(self) -> str:
        return _span(self.new)

    @property
    def room_changed(self) -> bool:
        return self.old["room"] != self.new["room"]

    @property
    def link_changed(self) -> bool:
        return self.old["link"] != self.new["link"]


@dataclass
class Recipient:
    """One person to tell: ``links`` are (label, URL) pairs of their private pages (labels lazy
    translations, rendered in ``language``)."""

    email: str
    name: str
    language: str
    session_ids: set[int] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return normalise_email(self.email)

    def merge(self, other: Recipient) -> None:
        self.session_ids |= other.session_ids
        for link in other.links:
            if link not in self.links:
                self.links.append(link)


Audience = Callable[..., Iterable[Recipient]]
_AUDIENCES: dict[str, Audience] = {}


def register_audience(name: str, audience: Audience) -> None:
    """Register ``audience(*, edition, changes)`` under ``name`` (once per app; registering the
    same name again replaces it)."""
    _AUDIENCES[name] = audience


def normalise_email(email: str) -> str:
    return email.strip().lower()


def recipients_for(*, edition, changes: list[ChangedSession]) -> list[Recipient]:
    """Everyone the registered audiences name for ``changes``, each address once (the first
    audience gives name and language, links and sessions are merged)."""
    people: dict[str, Recipient] = {}
    for name in sorted(_AUDIENCES):
        for recipient in _AUDIENCES[name](edition=edition, changes=changes):
            if not recipient.email or not recipient.session_ids:
                continue
            if recipient.key in people:
                people[recipient.key].merge(recipient)
            else:
                people[recipient.key] = recipient
    return sorted(people.values(), key=lambda r: r.key)
