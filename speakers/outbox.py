"""Tasks queued before the email outbox (congress.outbox) took over the speakers' emails: they
move their email into the outbox. tasks.py re-exports them under their earlier paths."""

from django.db import transaction
from django_tasks import task

from . import emails
from .models import ReminderSent


@task()
def send_invitation_email(invitation_id: int) -> None:
    with transaction.atomic():
        emails.queue_invitation(emails.load_invitation(invitation_id))


@task()
def send_reminder_email(reminder_id: int) -> None:
    with transaction.atomic():
        reminder = (
            ReminderSent.objects.select_for_update(of=("self",))
            .select_related("profile__person", "profile__user", "edition")
            .filter(pk=reminder_id, sent_at__isnull=True)
            .first()
        )
        if reminder is not None:
            emails.queue_reminder(reminder)
