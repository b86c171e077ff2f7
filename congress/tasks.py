"""Background tasks of the core: the outbox sender as a task (for callers that want to send now
instead of waiting for the scheduler's next run). Safe to run twice or in parallel."""

from django_tasks import task

from .outbox import send_due_messages


@task()
def send_outbox() -> dict:
    return send_due_messages()
