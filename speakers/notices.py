"""Speakers and moderators as an audience of programme change notices (programme.notices): the
people of a changed session and the moderators of its forum, at the address of their speaker
profile (else their account's, else their latest open invitation's), with the link to the
speakers' portal. Registered in SpeakersConfig.ready()."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from programme.models import Person, SessionSpeaker, TrackModerator
from programme.notices import Recipient

from .emails import absolute_url
from .enums import InvitationState
from .models import Invitation

PORTAL_LINK_LABEL = gettext_lazy("Ihr Portal für Referierende")


def _sessions_per_person(changes) -> dict[int, set[int]]:
    session_ids = [c.session_id for c in changes]
    by_forum: dict[int, set[int]] = defaultdict(set)
    for change in changes:
        by_forum[change.track_id].add(change.session_id)
    people: dict[int, set[int]] = defaultdict(set)
    links = SessionSpeaker.objects.filter(session_id__in=session_ids)
    for person_id, session_id in links.values_list("person_id", "session_id"):
        people[person_id].add(session_id)
    moderators = TrackModerator.objects.filter(track_id__in=list(by_forum))
    for person_id, track_id in moderators.values_list("person_id", "track_id"):
        people[person_id] |= by_forum[track_id]
    return people


def _invitation_emails(person_ids) -> dict[int, str]:
    """The address of each person's latest invitation that is not withdrawn or declined."""
    emails: dict[int, str] = {}
    invitations = (
        Invitation.objects.filter(person_id__in=person_ids)
        .exclude(state__in=[InvitationState.WITHDRAWN, InvitationState.DECLINED])
        .order_by("person_id", "-created_at", "-pk")
        .values_list("person_id", "email")
    )
    for person_id, email in invitations:
        emails.setdefault(person_id, email)
    return emails


def speaker_recipients(*, edition, changes) -> list[Recipient]:
    """Speakers and moderators of ``changes`` (programme.notices.ChangedSession), in four
    queries."""
    people = _sessions_per_person(changes)
    if not people:
        return []
    persons = Person.objects.filter(pk__in=list(people)).select_related("speaker_profile__user")
    invited = _invitation_emails(list(people))
    with translation.override(settings.LANGUAGE_CODE):
        portal = absolute_url(reverse("speakers:portal"))
    recipients = []
    for person in persons.order_by("pk"):
        profile = getattr(person, "speaker_profile", None)
        email = ""
        if profile is not None:
            email = profile.email or (profile.user.email if profile.user else "")
        email = email or invited.get(person.pk, "")
        if not email:
            continue
        recipients.append(
            Recipient(
                email=email,
                name=person.full_name,
                language=settings.LANGUAGE_CODE,
                session_ids=set(people[person.pk]),
                links=[(PORTAL_LINK_LABEL, portal)],
            )
        )
    return recipients
