"""Emails to speakers, rendered and sent here; the tasks in outbox.py (in the background, in-process
without a worker) load the rows and call these functions.

Delivery is retried: a send that fails (SMTP error, connection refused) is tried again
SPEAKER_EMAIL_ATTEMPTS times in all, SPEAKER_EMAIL_RETRY_SECONDS apart (doubling); after the last
attempt the task fails with the error, so it shows as failed in the task results. django-tasks
0.12 has no retry of its own (only attempt counters), hence the loop here.
"""

import logging
import smtplib
import time

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from congress.audit import log_action

from .enums import LogAction
from .models import Invitation, ReminderSent
from .tokens import invitation_token

logger = logging.getLogger(__name__)

# What a failed delivery raises: SMTP errors, and OSError for refused or broken connections
# (smtplib.SMTPException is itself an OSError; named for the reader).
DELIVERY_ERRORS = (smtplib.SMTPException, OSError)


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(*, template: str, context: dict, to: str) -> None:
    """Render in the site language and mail, retrying failed deliveries (see the module doc)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"speakers/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"speakers/email/{template}.txt", context)
    attempts = max(1, settings.SPEAKER_EMAIL_ATTEMPTS)
    delay = settings.SPEAKER_EMAIL_RETRY_SECONDS
    for attempt in range(1, attempts + 1):
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
        except DELIVERY_ERRORS:
            if attempt == attempts:
                raise
            logger.warning(
                "Mail %s to %s failed (attempt %s of %s), retrying",
                template,
                to,
                attempt,
                attempts,
                exc_info=True,
            )
            time.sleep(delay * 2 ** (attempt - 1))
        else:
            return


def load_invitation(invitation_id: int) -> Invitation:
    return (
        Invitation.objects.select_related("person")
        .prefetch_related("sessions")
        .get(pk=invitation_id)
    )


def send_invitation(invitation: Invitation) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        url = absolute_url(reverse("speakers:invitation", args=[invitation_token(invitation)]))
    _send(
        template="invitation",
        context={"invitation": invitation, "url": url, "sessions": invitation.sessions.all()},
        to=invitation.email,
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


def send_reminder(reminder_id: int) -> None:
    """Mail one due reminder and record it as sent, once: the row is loaded locked and stays
    locked while mailing, so a second task for it waits and then finds it sent; a failed delivery
    leaves it unsent for the next run of send_due_reminders."""
    with transaction.atomic():
        reminder = (
            ReminderSent.objects.select_for_update(of=("self",))
            .select_related("profile__person", "profile__user", "edition")
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is None:
            return  # already sent
        profile = reminder.profile
        to = profile.email or (profile.user.email if profile.user else "")
        if not to:
            return
        with translation.override(settings.LANGUAGE_CODE):
            url = absolute_url(reverse("speakers:portal"))
        _send(
            template=f"reminder_{reminder.kind}",
            context={
                "profile": profile,
                "edition": reminder.edition,
                "deadline": reminder.deadline,
                "url": url,
            },
            to=to,
        )
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
        log_action(
            profile.person,
            LogAction.REMINDER_SENT,
            edition=reminder.edition,
            data={
                "person": profile.person_id,
                "reminder": reminder.pk,
                "kind": reminder.kind,
                "deadline": reminder.deadline.isoformat(),
            },
        )
