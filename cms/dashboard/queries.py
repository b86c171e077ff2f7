"""The dashboard's numbers: each figure one aggregate query in the database (``values()`` and
``annotate(Count(...))``, ``TruncDate`` per day), so the number of queries does not depend on the
number of registrations, choices, check-ins or speakers.

Every function returns plain rows (label, numbers) that the view turns into a chart and its
data table; nothing here renders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from congress.models import Edition
from programme.enums import TrackKind
from programme.models import Person, Track
from registrations.enums import (
    HOLDING_STATES,
    Attendance,
    OrganisationKind,
    RegistrationState,
)
from registrations.models import CheckIn, Registration, TicketCategory
from registrations.queries import organisation_kind
from speakers.enums import ConsentKind, InvitationState
from speakers.models import Invitation

# Registrations that still count: holding a place or waiting for one (not cancelled, expired,
# rejected or refunded).
COUNTED_STATES = (*HOLDING_STATES, RegistrationState.WAITLISTED)
# The consents the dashboard shows: what the recording, the stream and the slides need.
DASHBOARD_CONSENTS = (ConsentKind.RECORDING, ConsentKind.STREAMING, ConsentKind.PUBLISH_SLIDES)


@dataclass(frozen=True)
class Row:
    """One line of a chart and of its data table."""

    key: str
    label: str
    value: int
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class DayCount:
    """Registrations received on ``day``, ``offset`` days from the edition's first day
    (negative: before it), and the running total."""

    day: dt.date
    offset: int
    count: int
    total: int


def previous_edition(edition: Edition) -> Edition | None:
    """The edition of the same congress that started last before ``edition``."""
    return (
        Edition.objects.filter(congress_id=edition.congress_id, start_date__lt=edition.start_date)
        .order_by("-start_date")
        .first()
    )


def registrations_per_day(edition: Edition) -> list[DayCount]:
    """Registrations received per day (in the congress's time zone), with the running total;
    every registration counts, also one cancelled later (the inflow)."""
    rows = (
        Registration.objects.filter(edition=edition)
        .annotate(day=TruncDate("created_at", tzinfo=edition.tz))
        .values("day")
        .annotate(count=Count("pk"))
        .order_by("day")
    )
    total = 0
    result = []
    for row in rows:
        total += row["count"]
        offset = (row["day"] - edition.start_date).days
        result.append(DayCount(row["day"], offset, row["count"], total))
    return result


def registrations_by_category(edition: Edition) -> list[Row]:
    """Every ticket category of the edition (also those nobody booked) with its counted
    registrations."""
    categories = (
        TicketCategory.objects.filter(edition=edition)
        .annotate(count=Count("registrations", filter=Q(registrations__state__in=COUNTED_STATES)))
        .order_by("sort_order", "name")
    )
    return [Row(str(c.pk), c.name, c.count) for c in categories]


def registrations_by_group(edition: Edition) -> dict:
    """Counts by state (every registration), and by attendance and kind of organisation
    (counted registrations), and the seats taken on site, from one query grouped by all
    three."""
    rows = (
        Registration.objects.filter(edition=edition)
        .values("state", "attendance", kind=organisation_kind())
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_state: dict[str, int] = {}
    by_attendance: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    seats_taken = 0
    for row in rows:
        if row["attendance"] == Attendance.ONSITE and row["state"] in HOLDING_STATES:
            seats_taken += row["count"]
        by_state[row["state"]] = by_state.get(row["state"], 0) + row["count"]
        if row["state"] in COUNTED_STATES:
            attendance = row["attendance"]
            by_attendance[attendance] = by_attendance.get(attendance, 0) + row["count"]
            by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + row["count"]

    def rows_of(choices, counts, *, skip_empty=False):
        return [
            Row(value, str(label), counts.get(value, 0))
            for value, label in choices
            if counts.get(value, 0) or not skip_empty
        ]

    return {
        "state": rows_of(RegistrationState.choices, by_state, skip_empty=True),
        "attendance": rows_of(Attendance.choices, by_attendance),
        "organisation": rows_of(OrganisationKind.choices, by_kind),
        "seats_taken": seats_taken,
    }


def forum_choices(edition: Edition) -> list[Row]:
    """The edition's forums with the choices of counted registrations (on site and online)
    against the capacity of their room (``None``: unlimited or no room)."""
    counted = Q(attendee_choices__registration__state__in=COUNTED_STATES)
    onsite = Q(attendee_choices__registration__attendance=Attendance.ONSITE)
    tracks = (
        Track.objects.filter(edition=edition, kind=TrackKind.FORUM)
        .select_related("room")
        .annotate(
            onsite=Count("attendee_choices", filter=counted & onsite),
            online=Count("attendee_choices", filter=counted & ~onsite),
        )
        .order_by("sort_order", "number", "title")
    )
    return [
        Row(
            str(track.pk),
            track.label,
            track.onsite,
            {
                "online": track.online,
                "room": track.room.name if track.room else "",
                "capacity": track.room.capacity if track.room else None,
            },
        )
        for track in tracks
    ]


def check_ins_per_room(edition: Edition, day: dt.date | None = None) -> list[Row]:
    """Admissions per place (the entrance first, then the rooms by name), on ``day`` (in the
    congress's time zone) or over the whole edition."""
    check_ins = CheckIn.objects.filter(registration__edition=edition)
    if day is not None:
        start = dt.datetime.combine(day, dt.time.min, tzinfo=edition.tz)
        check_ins = check_ins.filter(
            scanned_at__gte=start, scanned_at__lt=start + dt.timedelta(days=1)
        )
    rows = check_ins.values("room_id", "room__name").annotate(count=Count("pk")).order_by()
    rooms = sorted(rows, key=lambda row: (row["room_id"] is not None, row["room__name"] or ""))
    return [
        Row(str(row["room_id"] or "entrance"), row["room__name"] or _("Eingang"), row["count"])
        for row in rooms
    ]


def congress_day(edition: Edition, now: dt.datetime | None = None) -> dt.date | None:
    """Today, if it is one of the edition's days (in the congress's time zone)."""
    today = timezone.localtime(now or timezone.now(), edition.tz).date()
    return today if edition.start_date <= today <= edition.end_date else None


def invitations_by_state(edition: Edition) -> list[Row]:
    """Invitations to the edition's sessions (speakers and moderators) by state."""
    rows = (
        Invitation.objects.filter(sessions__track__edition=edition)
        .values("state")
        .annotate(count=Count("pk", distinct=True))
        .order_by()
    )
    counts = {row["state"]: row["count"] for row in rows}
    return [
        Row(value, str(label), counts.get(value, 0)) for value, label in InvitationState.choices
    ]


def speaker_readiness(edition: Edition) -> tuple[int, list[Row]]:
    """The number of people on the edition's sessions, and how many of them gave each consent of
    ``DASHBOARD_CONSENTS`` (active, not revoked) and uploaded slides for one of its sessions;
    one query."""
    active = Q(speaker_profile__consents__revoked_at__isnull=True)
    aggregates = {
        kind.value: Count(
            "pk", distinct=True, filter=active & Q(speaker_profile__consents__kind=kind)
        )
        for kind in DASHBOARD_CONSENTS
    }
    aggregates["slides"] = Count(
        "pk", distinct=True, filter=Q(speaker_profile__slides__session__track__edition=edition)
    )
    numbers = Person.objects.filter(session_links__session__track__edition=edition).aggregate(
        total=Count("pk", distinct=True), **aggregates
    )
    labels = {
        ConsentKind.RECORDING: _("Aufzeichnung"),
        ConsentKind.STREAMING: _("Live-Übertragung"),
        ConsentKind.PUBLISH_SLIDES: _("Veröffentlichung der Folien"),
        "slides": _("Folien hochgeladen"),
    }
    rows = [Row(str(key), str(label), numbers[str(key)]) for key, label in labels.items()]
    return numbers["total"], rows
