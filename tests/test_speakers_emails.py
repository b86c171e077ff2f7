"""Speaker emails in the background: failed deliveries are retried, and a reminder counts as sent
only once it went out (never twice, never lost)."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from speakers import services
from speakers.enums import InvitationRole, InvitationState, ReminderKind
from speakers.models import Invitation, ReminderSent
from speakers.tasks import send_reminder_email

from .factories import InvitationFactory, PersonFactory, SessionFactory, SpeakerProfileFactory

pytestmark = pytest.mark.integration
DEADLINE = dt.date(2030, 1, 15)


class FlakyBackend(EmailBackend):
    """The in-memory backend, failing the first ``failures`` sends as a dropped SMTP server."""

    failures = 0
    attempts = 0

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).failures > 0:
            type(self).failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    settings.SPEAKER_EMAIL_ATTEMPTS = 3
    FlakyBackend.failures = 0
    FlakyBackend.attempts = 0
    return FlakyBackend


@pytest.fixture
def waiting_speaker(db):
    """A speaker invited but not confirmed: due for a "confirm" reminder."""
    profile = SpeakerProfileFactory()
    session = SessionFactory(speakers=[profile.person])
    InvitationFactory(person=profile.person, sessions=[session], email=profile.email)
    return profile, session.track.edition


def remind(edition, capture):
    with capture(execute=True):
        return services.send_reminders(
            edition=edition, kind=ReminderKind.CONFIRM, deadline=DEADLINE
        )


def test_invitation_is_mailed_after_a_failed_attempt(
    db, flaky_mail, django_capture_on_commit_callbacks
):
    flaky_mail.failures = 1
    session = SessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_person(
            person=PersonFactory(),
            sessions=[session],
            role=InvitationRole.SPEAKER,
            email="gast@example.org",
            actor=None,
        )
    assert flaky_mail.attempts == 2
    assert [m.to for m in mail.outbox] == [["gast@example.org"]]
    invitation.refresh_from_db()
    assert invitation.sent_at is not None


def test_invitation_delivery_gives_up_after_the_last_attempt(
    db, flaky_mail, django_capture_on_commit_callbacks
):
    flaky_mail.failures = 10
    session = SessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite_person(
            person=PersonFactory(),
            sessions=[session],
            role=InvitationRole.SPEAKER,
            email="gast@example.org",
            actor=None,
        )
    assert flaky_mail.attempts == 3
    assert mail.outbox == []
    assert Invitation.objects.get(pk=invitation.pk).sent_at is None  # not claimed as sent


def test_reminder_is_recorded_once_it_went_out_after_a_retry(
    waiting_speaker, flaky_mail, django_capture_on_commit_callbacks
):
    profile, edition = waiting_speaker
    flaky_mail.failures = 1
    assert remind(edition, django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [[profile.email]]
    assert ReminderSent.objects.get().sent_at is not None
    assert remind(edition, django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1  # never twice


def test_undelivered_reminder_is_not_lost_but_sent_by_the_next_run(
    waiting_speaker, flaky_mail, django_capture_on_commit_callbacks
):
    profile, edition = waiting_speaker
    flaky_mail.failures = 3  # every attempt of the first run fails
    remind(edition, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert ReminderSent.objects.get().sent_at is None
    assert remind(edition, django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [[profile.email]]
    assert ReminderSent.objects.get().sent_at is not None
    remind(edition, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_reminder_task_run_twice_mails_once(waiting_speaker, django_capture_on_commit_callbacks):
    profile, edition = waiting_speaker
    with django_capture_on_commit_callbacks(execute=False):  # claim only, mail nothing yet
        services.send_reminders(edition=edition, kind=ReminderKind.CONFIRM, deadline=DEADLINE)
    reminder = ReminderSent.objects.get()
    send_reminder_email.enqueue(reminder.pk)
    send_reminder_email.enqueue(reminder.pk)
    assert len(mail.outbox) == 1


def test_reminder_is_not_sent_once_the_speaker_confirmed(
    waiting_speaker, flaky_mail, django_capture_on_commit_callbacks
):
    profile, edition = waiting_speaker
    flaky_mail.failures = 3
    remind(edition, django_capture_on_commit_callbacks)
    Invitation.objects.update(state=InvitationState.CONFIRMED)
    assert remind(edition, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
