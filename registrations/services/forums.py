"""The attendee's choice of forums; on site each forum needs a free place in its room."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from programme.enums import TrackKind
from programme.models import Track

from ..enums import HOLDING_STATES, Attendance, LogAction
from ..exceptions import RegistrationError
from ..log import log_registration_action
from ..models import ForumChoice, Registration
from .states import _locked


def taken_forum_places(track) -> int:
    return ForumChoice.objects.filter(
        track=track,
        registration__attendance=Attendance.ONSITE,
        registration__state__in=HOLDING_STATES,
    ).count()


def choose_forums(*, registration: Registration, tracks, by_user=None) -> list:
    """Replace the attendee's forum choice; on site, each newly chosen forum needs a free place
    in its room. Forums of other editions or not published are refused."""
    with transaction.atomic():
        registration = _locked(registration)
        if registration.state not in HOLDING_STATES:
            raise RegistrationError(_("Foren wählen können nur angemeldete Personen."))
        wanted = list(
            Track.objects.live()
            .for_edition(registration.edition)
            .filter(pk__in=[t.pk for t in tracks], kind=TrackKind.FORUM)
            .select_related("room")
        )
        if len(wanted) != len({t.pk for t in tracks}):
            raise RegistrationError(_("Bitte wählen Sie nur Foren dieser Veranstaltung."))
        current = set(registration.forum_choices.values_list("track_id", flat=True))
        if registration.attendance == Attendance.ONSITE:
            for track in wanted:
                capacity = track.room.capacity if track.room else None
                if (
                    track.pk not in current
                    and capacity is not None
                    and taken_forum_places(track) >= capacity
                ):
                    raise RegistrationError(
                        _("Im Forum „%(forum)s“ ist vor Ort kein Platz mehr frei.")
                        % {"forum": track.label}
                    )
        wanted_ids = {t.pk for t in wanted}
        registration.forum_choices.exclude(track_id__in=wanted_ids).delete()
        ForumChoice.objects.bulk_create(
            [ForumChoice(registration=registration, track=t) for t in wanted if t.pk not in current]
        )
        log_registration_action(
            registration=registration,
            action=LogAction.FORUMS_CHOSEN,
            user=by_user,
            tracks=sorted(wanted_ids),
        )
    return wanted


def _check_forum_rooms(registration: Registration) -> None:
    """Someone coming on site needs a place in the room of each forum they chose (the edition's
    row is locked, as in choose_forums)."""
    choices = registration.forum_choices.select_related("track__room").order_by("track__sort_order")
    for choice in choices:
        track = choice.track
        capacity = track.room.capacity if track.room else None
        if capacity is not None and taken_forum_places(track) >= capacity:
            raise RegistrationError(
                _(
                    "Im Forum „%(forum)s“ ist vor Ort kein Platz mehr frei. Wählen Sie das Forum "
                    "ab, um vor Ort teilzunehmen."
                )
                % {"forum": track.label}
            )
