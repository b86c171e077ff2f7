"""How to reach the people of a programme (speakers and moderators): the address, language and
link of the emails others send them (programme change notices, mailings)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from congress.enums import EmailLanguage

from .emails import absolute_url
from .enums import InvitationState
from .models import Invitation
from .tokens import invitation_token


@dataclass(frozen=True)
class SpeakerContact:
    email: str
    language: str
    # The speakers' portal for a person with an account, else their invitation's page (the
    # portal needs a sign-in they cannot do yet).
    link: str


def speaker_contacts(persons) -> dict[int, SpeakerContact]:
    """The contact of each person (``Person`` rows with ``speaker_profile__user`` selected) who
    has an address: their profile's, else their account's, else that of their latest invitation
    that is not withdrawn or declined. One query for the invitations."""
    persons = list(persons)
    invitations = _latest_invitations(
        {person.pk for person in persons if not _has_account(person)}
        | {person.pk for person in persons if not _profile_address(person)}
    )
    with translation.override(settings.LANGUAGE_CODE):
        portal = absolute_url(reverse("speakers:portal"))
    contacts = {}
    for person in persons:
        profile = getattr(person, "speaker_profile", None)
        invitation = invitations.get(person.pk)
        email = _profile_address(person) or (invitation.email.strip() if invitation else "")
        if not email:
            continue
        link = portal
        if not _has_account(person) and invitation is not None:
            with translation.override(settings.LANGUAGE_CODE):
                path = reverse("speakers:invitation", args=[invitation_token(invitation)])
            link = absolute_url(path)
        contacts[person.pk] = SpeakerContact(
            email=email,
            language=(profile.language if profile and profile.language else EmailLanguage.DE),
            link=link,
        )
    return contacts


def _has_account(person) -> bool:
    profile = getattr(person, "speaker_profile", None)
    return profile is not None and profile.user_id is not None


def _profile_address(person) -> str:
    profile = getattr(person, "speaker_profile", None)
    if profile is None:
        return ""
    return (profile.email or (profile.user.email if profile.user else "")).strip()


def _latest_invitations(person_ids: set[int]) -> dict[int, Invitation]:
    """Each person's latest invitation that is not withdrawn or declined (one query, none
    without people)."""
    if not person_ids:
        return {}
    latest: dict[int, Invitation] = {}
    invitations = (
        Invitation.objects.filter(person_id__in=person_ids)
        .exclude(state__in=[InvitationState.WITHDRAWN, InvitationState.DECLINED])
        .only("pk", "person_id", "email", "nonce", "state")
        .order_by("person_id", "-created_at", "-pk")
    )
    for invitation in invitations:
        latest.setdefault(invitation.person_id, invitation)
    return latest
