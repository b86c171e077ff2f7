"""Receivers of other apps' domain signals (connected in apps.RegistrationsConfig.ready)."""

from __future__ import annotations

from programme.signals import SpeakerConfirmationRefused

from .exceptions import RegistrationError
from .services import issue_speaker_ticket


def issue_ticket_for_confirmed_speaker(
    sender, *, edition, first_name: str, last_name: str, email: str, actor=None, **kwargs
):
    """programme.signals.speaker_confirmed: the speaker's "Referent/in" ticket for ``edition``
    (or ``None``). A registration rule that refuses is passed on as SpeakerConfirmationRefused,
    which the speakers service records; any other error rolls the confirmation back."""
    try:
        return issue_speaker_ticket(
            edition=edition,
            first_name=first_name,
            last_name=last_name,
            email=email,
            by_user=actor,
        )
    except RegistrationError as error:
        raise SpeakerConfirmationRefused(str(error)) from error
