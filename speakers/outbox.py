"""The background tasks the speakers services enqueue on commit. Each loads its row by primary
key and calls one function of emails.py; none imports the services, which import this module.
tasks.py re-exports them under their earlier paths."""

from django_tasks import task

from . import emails


@task()
def send_invitation_email(invitation_id: int) -> None:
    emails.send_invitation(emails.load_invitation(invitation_id))


@task()
def send_reminder_email(reminder_id: int) -> None:
    """Mail one due reminder once (emails.send_reminder locks and loads it)."""
    emails.send_reminder(reminder_id)
