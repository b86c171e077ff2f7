"""Speaker emails go through the outbox: failed deliveries are retried later, a reminder is
queued once (never twice, never lost)."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from congress.models import OutboxMessage
from congress.outbox import send_due_messages
from speakers import services
from speakers.enums import InvitationRole, ReminderKind
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


def later(minutes):
    return timezone.now() + dt.timedelta(minutes=minutes)


def invite(capture):
    with capture(execute=True):
        return services.invite_person(
            person=PersonFactory(),
            sessions=[SessionFactory()],
            role=InvitationRole.SPEAKER,
            email="gast@example.org",
            actor=None,
        )


def test_invitation_is_mailed_by_the_next_attempt_after_a_failed_one(
    db, flaky_mail, django_capture_on_commit_callbacks
):
    flaky_mail.failures = 1
    invitation = invite(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    message = OutboxMessage.objects.get()
    assert (message.kind, message.state, message.attempts) == ("speakers.invitation", "waiting", 1)
    assert "SMTPServerDisconnected" in message.last_error

    assert send_due_messages(now=later(2)) == {"sent": 1, "failed": 0}
    assert [m.to for m in mail.outbox] == [["gast@example.org"]]
    assert "/einladung/" in mail.outbox[0].body or "http://testserver/" in mail.outbox[0].body
    assert flaky_mail.attempts == 2
    assert Invitation.objects.get(pk=invitation.pk).sent_at is not None


def test_invitation_delivery_gives_up_after_about_a_day(
    db, flaky_mail, django_capture_on_commit_callbacks
):
    flaky_mail.failures = 100
    invite(django_capture_on_commit_callbacks)
    now = timezone.now()
    for _run in range(12):
        now += dt.timedelta(hours=11)
        send_due_messages(now=now)
    message = OutboxMessage.objects.get()
    assert (message.state, message.attempts, message.sent_at) == ("failed", 10, None)
    assert mail.outbox == []


def test_reminder_is_queued_once_and_delivered_after_a_retry(
    waiting_speaker, flaky_mail, django_capture_on_commit_callbacks
):
    profile, edition = waiting_speaker
    flaky_mail.failures = 1
    assert remind(edition, django_capture_on_commit_callbacks) == 1
    assert mail.outbox == []
    assert ReminderSent.objects.get().sent_at is not None  # queued
    assert remind(edition, django_capture_on_commit_callbacks) == 0
    send_due_messages(now=later(2))
    assert [m.to for m in mail.outbox] == [[profile.email]]
    send_due_messages(now=later(600))
    assert len(mail.outbox) == 1  # never twice


def test_old_reminder_task_run_twice_mails_once(
    waiting_speaker, django_capture_on_commit_callbacks
):
    profile, edition = waiting_speaker
    reminder = ReminderSent.objects.create(
        profile=profile, edition=edition, kind=ReminderKind.CONFIRM, deadline=DEADLINE
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_reminder_email.enqueue(reminder.pk)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminder_email.enqueue(reminder.pk)
    assert [m.to for m in mail.outbox] == [[profile.email]]
    assert OutboxMessage.objects.get().kind == "speakers.reminder_confirm"
