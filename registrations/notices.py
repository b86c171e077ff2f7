"""Attendees as an audience of programme change notices (programme.notices): everyone with an
active registration of the edition is told about main-stage sessions, and about a forum's
sessions when they chose that forum (as in their personal programme, agenda.py). Registered in
RegistrationsConfig.ready()."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.utils.translation import gettext_lazy

from programme.notices import Recipient

from .emails import manage_url
from .enums import HOLDING_STATES, RegistrationState
from .models import ForumChoice, Registration

# Registrations told about changes: those holding a place; an address still to be confirmed is
# sent nothing but its confirmation link.
NOTICE_STATES = [s for s in HOLDING_STATES if s != RegistrationState.AWAITING_CONFIRMATION]
LANGUAGE_FIELD = "language"
MANAGE_LINK_LABEL = gettext_lazy("Ihre Anmeldung und Ihr Programm")


def _has_language_field() -> bool:
    return any(f.name == LANGUAGE_FIELD for f in Registration._meta.concrete_fields)


def registration_language(registration: Registration) -> str:
    """The language of the registration's emails: its ``language`` once it has one, else the
    site's (German)."""
    return getattr(registration, LANGUAGE_FIELD, "") or settings.LANGUAGE_CODE


def attendee_recipients(*, edition, changes) -> list[Recipient]:
    """The attendees of ``changes`` (programme.notices.ChangedSession), in two queries."""
    main_stage = {c.session_id for c in changes if c.is_main_stage}
    by_forum: dict[int, set[int]] = defaultdict(set)
    for change in changes:
        if not change.is_main_stage:
            by_forum[change.track_id].add(change.session_id)
    registrations = Registration.objects.filter(edition_id=edition.pk, state__in=NOTICE_STATES)
    chosen: dict[int, set[int]] = defaultdict(set)
    if by_forum:
        choices = ForumChoice.objects.filter(
            registration__in=registrations, track_id__in=list(by_forum)
        ).values_list("registration_id", "track_id")
        for registration_id, track_id in choices:
            chosen[registration_id] |= by_forum[track_id]
    if not main_stage:
        registrations = registrations.filter(pk__in=list(chosen))
    fields = ["pk", "email", "first_name", "last_name", "manage_token"]
    if _has_language_field():
        fields.append(LANGUAGE_FIELD)
    recipients = []
    for registration in registrations.only(*fields).order_by("pk"):
        sessions = main_stage | chosen.get(registration.pk, set())
        if not sessions:
            continue
        recipients.append(
            Recipient(
                email=registration.email,
                name=f"{registration.first_name} {registration.last_name}".strip(),
                language=registration_language(registration),
                session_ids=set(sessions),
                links=[(MANAGE_LINK_LABEL, manage_url(registration))],
            )
        )
    return recipients
