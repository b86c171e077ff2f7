"""Emails to speakers: rendered when the change that causes them happens and queued in the
outbox in its transaction (congress.outbox), which sends them and retries failed deliveries
over hours."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from congress.audit import log_action
from congress.outbox import enqueue_email

from .enums import LogAction
from .models import Invitation, ReminderSent
from .tokens import invitation_token


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _render(template: str, context: dict) -> tuple[str, str]:
    """Subject and body in the site language."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"speakers/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"speakers/email/{template}.txt", context)
    return subject, body


def load_invitation(invitation_id: int) -> Invitation:
    return (
        Invitation.objects.select_related("person")
        .prefetch_related("sessions__track")
        .get(pk=invitation_id)
    )


def queue_invitation(invitation: Invitation) -> None:
    """Queue the invitation email (with its current link) in the current transaction; ``sent_at``
    records when it was handed to the outbox."""
    sessions = list(invitation.sessions.select_related("track"))
    with translation.override(settings.LANGUAGE_CODE):
        url = absolute_url(reverse("speakers:invitation", args=[invitation_token(invitation)]))
    subject, body = _render(
        "invitation", {"invitation": invitation, "url": url, "sessions": sessions}
    )
    enqueue_email(
        kind="speakers.invitation",
        edition=sessions[0].track.edition_id if sessions else None,
        to=invitation.email,
        subject=subject,
        body=body,
        related=invitation,
    )
    invitation.sent_at = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=invitation.sent_at)


def queue_reminder(reminder: ReminderSent) -> bool:
    """Queue one reminder once (its outbox dedupe key) and record it as sent and in the log;
    ``False`` when the speaker has no address. Call inside a transaction."""
    profile = reminder.profile
    to = profile.email or (profile.user.email if profile.user else "")
    if not to:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        url = absolute_url(reverse("speakers:portal"))
    subject, body = _render(
        f"reminder_{reminder.kind}",
        {
            "profile": profile,
            "edition": reminder.edition,
            "deadline": reminder.deadline,
            "url": url,
        },
    )
    enqueue_email(
        kind=f"speakers.reminder_{reminder.kind}",
        edition=reminder.edition_id,
        to=to,
        subject=subject,
        body=body,
        related=reminder,
        dedupe_key=f"speakers.reminder:{reminder.pk}",
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
    return True
