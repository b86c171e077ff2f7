"""Confirming a speaker reaches registrations through programme.signals.speaker_confirmed."""

import pytest

from congress.models import LogEntry
from programme.signals import speaker_confirmed
from registrations.enums import CategoryKind, RegistrationState
from registrations.models import Registration
from speakers import services
from speakers.enums import InvitationState
from speakers.models import Invitation

from .factories import InvitationFactory, PersonFactory, SessionFactory, TicketCategoryFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _accepted_invitation(**person):
    session = SessionFactory()
    TicketCategoryFactory(edition=session.track.edition, kind=CategoryKind.SPEAKER)
    return InvitationFactory(
        person=PersonFactory(**person), sessions=[session], state=InvitationState.ACCEPTED
    )


def test_speaker_confirmed_issues_a_ticket_and_logs_it():
    invitation = _accepted_invitation()
    services.confirm_invitation(invitation=invitation, actor=None)
    registration = Registration.objects.get(email=invitation.email)
    assert registration.state == RegistrationState.CONFIRMED
    entry = LogEntry.objects.get(action="invitation.ticket_issued")
    assert entry.data["registration"] == registration.pk


def test_speaker_confirmed_refusal_is_logged_and_the_confirmation_stands():
    invitation = _accepted_invitation(first_name="")  # the registration needs a first name
    services.confirm_invitation(invitation=invitation, actor=None)
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.CONFIRMED
    assert Registration.objects.count() == 0
    entry = LogEntry.objects.get(action="invitation.ticket_refused")
    assert entry.data["reason"] == "Bitte geben Sie Vorname, Nachname und E-Mail-Adresse an."


def test_speaker_confirmed_error_in_a_receiver_rolls_the_confirmation_back():
    invitation = _accepted_invitation()

    def broken(sender, **kwargs):
        raise RuntimeError("broken receiver")

    speaker_confirmed.connect(broken, dispatch_uid="test-broken")
    try:
        with pytest.raises(RuntimeError):
            services.confirm_invitation(invitation=invitation, actor=None)
    finally:
        speaker_confirmed.disconnect(dispatch_uid="test-broken")
    assert Invitation.objects.get(pk=invitation.pk).state == InvitationState.ACCEPTED
    assert not LogEntry.objects.filter(action="invitation.confirmed").exists()
